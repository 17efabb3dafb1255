/* SPDX-License-Identifier: ISC */
/*
 * mod.c - the module loader of insmod, modprobe and coldplug. Its tables
 * (depmod(8), modprobe.d(5)) are untrusted bytes: the parsers walk a
 * cursor to an end pointer and hand out spans into the same bytes.
 * MODROOT (tests only) prefixes /lib/modules, the modprobe.d directories
 * and /proc.
 */
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/module.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "mod.h"

#define MOD_MAX		(64u << 20)	/* a module, inflated (i915: 4 MB) */
#define TABLE_MAX	(32u << 20)	/* modules.alias is 1.3 MB on 6.1 */
#define PARAMS_MAX	4096

/* One modprobe.d or modules.alias line: "KIND NAME REST". */
struct conf_line {
	char kind;	/* 'o' options, 'b' blacklist, 'a' alias, 's' softdep */
	struct span name, rest;
};

static char
fold(char c)
{
	return c == '-' ? '_' : c;
}

/* '-' and '_' are the same in module names (kmod's modname_normalize). */
static int
name_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++)
		if (fold(a[i]) != fold(b[i]))
			return 0;
	return 1;
}

/*
 * The module the first word (up to ':' or a blank) of PATH names:
 * "kernel/arch/x86/kvm/kvm-amd.ko.xz: ..." is "kvm-amd".
 */
static struct span
mod_name(const char *path, size_t len)
{
	struct span s;
	size_t i, end = 0;

	while (end < len && path[end] != ':' && !span_blank(path[end]))
		end++;
	for (i = end; i > 0 && path[i - 1] != '/'; i--)
		;
	s.p = path + i;
	s.len = end - i;
	for (i = 0; i + 3 <= s.len; i++)
		if (memcmp(s.p + i, ".ko", 3) == 0 &&
		    (i + 3 == s.len || s.p[i + 3] == '.')) {
			s.len = i;
			break;
		}
	return s;
}

/*
 * The bracket expression at pat[open] == '[' against C: 1 or 0, *next
 * past its ']'; -1 if there is no ']' (then '[' is an ordinary character).
 */
static int
class_match(const char *pat, size_t plen, size_t open, char c, size_t *next)
{
	size_t j = open + 1, first;
	int neg = 0, hit = 0;

	if (j < plen && (pat[j] == '!' || pat[j] == '^')) {
		neg = 1;
		j++;
	}
	for (first = j; j < plen && (pat[j] != ']' || j == first); j++) {
		if (j + 2 < plen && pat[j + 1] == '-' && pat[j + 2] != ']') {
			if ((unsigned char)c >= (unsigned char)pat[j] &&
			    (unsigned char)c <= (unsigned char)pat[j + 2])
				hit = 1;
			j += 2;
		} else if (pat[j] == c) {
			hit = 1;
		}
	}
	if (j >= plen)
		return -1;
	*next = j + 1;
	return hit != neg;
}

/*
 * Shell glob (* ? [...]) as modules.alias uses it. Only the last '*' is
 * backtracked to: exact for globs, and O(plen * slen) whatever the input.
 */
static int
glob_match(const char *pat, size_t plen, const char *s, size_t slen)
{
	size_t pi = 0, si = 0, star = SIZE_MAX, star_s = 0, next;
	int m;

	while (si < slen) {
		if (pi < plen && pat[pi] == '*') {
			star = ++pi;
			star_s = si;
			continue;
		}
		if (pi < plen) {
			next = pi + 1;
			if (pat[pi] == '?')
				m = 1;
			else if (pat[pi] != '[' ||
			    (m = class_match(pat, plen, pi, s[si], &next)) < 0)
				m = fold(pat[pi]) == fold(s[si]);
			if (m) {
				pi = next;
				si++;
				continue;
			}
		}
		if (star == SIZE_MAX)
			return 0;
		pi = star;
		si = ++star_s;
	}
	while (pi < plen && pat[pi] == '*')
		pi++;
	return pi == plen;
}

/*
 * depmod's binary indexes (kmod's libkmod/libkmod-index.c): big-endian
 * u32 magic 0xB007F457, version (major 2), root node offset. A node
 * offset's high bits say what the node holds, in this order: a prefix
 * (NUL-ended), a child table FIRST..LAST (< 128) of u32 offsets (0: no
 * child), a u32 count of values, each a u32 priority and a NUL-ended
 * string. modules.alias.bin's keys are globs: a '*', '?' or '[' below a
 * node starts a subtree whose keys are matched whole against the rest.
 * The file is untrusted: every offset is checked before it is read, and
 * a lookup reads at most LEN nodes (a real node has 2 bytes or more and
 * is read at most twice), so a cycle or a shared subtree cannot spin.
 */
#define IDX_MAGIC	0xB007F457u
#define IDX_PREFIX	0x80000000u
#define IDX_VALUES	0x40000000u
#define IDX_CHILDS	0x20000000u
#define IDX_OFFSET	0x0FFFFFFFu
#define IDX_CHILDMAX	128u
#define PAT_MAX		256	/* a glob; the longest alias on 6.1 is 89 */
#define HITS_MAX	128	/* modules a name finds (a CPU: 16); more: refused */

struct idx {
	const unsigned char *buf;
	size_t len, visits;	/* visits: nodes this lookup may still read */
	size_t bad;		/* where the file is corrupt, and why */
	const char *why;
};

struct inode {
	size_t at;		/* its offset in the file */
	struct span prefix;
	unsigned first, last;	/* first > last: no children */
	const unsigned char *kids, *vals;
	uint32_t nvals;
};

/* What one lookup found, by priority (depmod's module order). */
struct hits {
	struct { uint32_t prio; struct span name; } v[HITS_MAX];
	size_t n;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | p[2] << 8 | p[3];
}

static int
idx_bad(struct idx *x, size_t at, const char *why)
{
	if (x->why == NULL) {
		x->bad = at;
		x->why = why;
	}
	return -1;
}

/* The node OFF points to: 1; 0 if none (no offset, or nothing in it). */
static int
idx_node(struct idx *x, uint32_t off, struct inode *n)
{
	size_t at = off & IDX_OFFSET, rem, k;
	const unsigned char *p, *z;

	/* an empty prefix is x->buf, not NULL: memcpy wants a pointer */
	*n = (struct inode){ .at = at, .prefix = { (const char *)x->buf, 0 },
	    .first = IDX_CHILDMAX };
	if (at == 0 || (off & ~IDX_OFFSET) == 0)
		return 0;
	if (x->visits == 0)
		return idx_bad(x, at, "more nodes than the file holds (a loop)");
	x->visits--;
	if (at >= x->len)
		return idx_bad(x, at, "node past the end");
	p = x->buf + at;
	rem = x->len - at;
	n->prefix.p = (const char *)p;
	if (off & IDX_PREFIX) {
		if ((z = memchr(p, '\0', rem)) == NULL)
			return idx_bad(x, at, "prefix without its NUL");
		n->prefix.len = z - p;
		rem -= z + 1 - p;
		p = z + 1;
	}
	if (off & IDX_CHILDS) {
		if (rem < 2 || p[0] > p[1] || p[1] >= IDX_CHILDMAX ||
		    (rem - 2) / 4 < (k = p[1] - p[0] + 1u))
			return idx_bad(x, at, "child table out of bounds");
		n->first = p[0];
		n->last = p[1];
		n->kids = p + 2;
		rem -= 2 + 4 * k;
		p += 2 + 4 * k;
	}
	if (off & IDX_VALUES) {
		if (rem < 4)
			return idx_bad(x, at, "value count past the end");
		n->nvals = be32(p);
		n->vals = p + 4;
	}
	return 1;
}

static int
idx_child(struct idx *x, const struct inode *n, unsigned char ch,
    struct inode *c)
{
	if (ch < n->first || ch > n->last)
		return 0;
	return idx_node(x, be32(n->kids + 4 * (ch - n->first)), c);
}

/* Node N's values into H (all of them, or the first if ONE). */
static int
idx_take(struct idx *x, const struct inode *n, struct hits *h, int one)
{
	const unsigned char *p = n->vals, *z;
	uint32_t i, prio;
	size_t j;

	for (i = 0; i < n->nvals && (!one || i < 1); i++) {
		if ((size_t)(x->buf + x->len - p) < 5 ||
		    (z = memchr(p + 4, '\0', x->buf + x->len - p - 4)) == NULL)
			return idx_bad(x, p - x->buf, "value past the end");
		if (h->n == HITS_MAX)
			return idx_bad(x, p - x->buf, "too many values");
		prio = be32(p);
		for (j = h->n++; j > 0 && h->v[j - 1].prio > prio; j--)
			h->v[j] = h->v[j - 1];
		h->v[j].prio = prio;
		h->v[j].name.p = (const char *)p + 4;
		h->v[j].name.len = z - p - 4;
		p = z + 1;
	}
	return 0;
}

/* The root node, through the header (magic checked on open); N always set */
static int
idx_root(struct idx *x, struct hits *h, struct inode *n)
{
	int r = idx_node(x, x->len < 12 ? 0 : be32(x->buf + 8), n);

	h->n = 0;
	return x->len < 12 ? idx_bad(x, 0, "no header") : r;
}

/*
 * Every value below N whose glob (PAT, then N's prefix from byte SKIP on,
 * then the keys below) matches KEY. Depth is bounded by PAT_MAX.
 */
static int
idx_all(struct idx *x, const struct inode *n, size_t skip, char *pat,
    size_t plen, const char *key, size_t klen, struct hits *h)
{
	struct inode c;
	unsigned ch;
	int r;

	if (n->prefix.len - skip >= PAT_MAX - plen)
		return idx_bad(x, n->at, "key longer than 256 bytes");
	memcpy(pat + plen, n->prefix.p + skip, n->prefix.len - skip);
	plen += n->prefix.len - skip;
	for (ch = n->first; ch <= n->last; ch++) {
		pat[plen] = ch;
		if ((r = idx_child(x, n, ch, &c)) < 0 || (r > 0 &&
		    idx_all(x, &c, 0, pat, plen + 1, key, klen, h) < 0))
			return -1;
	}
	if (n->nvals > 0 && glob_match(pat, plen, key, klen))
		return idx_take(x, n, h, 0);
	return 0;
}

/*
 * KEY in the index, into H: in modules.dep.bin (keys are names) its first
 * value; in modules.alias.bin (GLOB: keys are globs) every value whose key
 * matches KEY. 0, or -1 and x->why if the index is corrupt.
 */
static int
idx_search(struct idx *x, const char *key, size_t klen, int glob,
    struct hits *h)
{
	static const char wild[] = "*?[";
	char pat[PAT_MAX];
	struct inode n, c;
	size_t i = 0, j;
	int r, k;

	for (r = idx_root(x, h, &n); r > 0;
	    r = idx_child(x, &n, key[i++], &n)) {
		for (j = 0; j < n.prefix.len; j++) {
			/* a prefix holds no NUL: strchr cannot stop at wild's */
			if (glob && strchr(wild, n.prefix.p[j]) != NULL)
				return idx_all(x, &n, j, pat, 0, key + i + j,
				    klen - i - j, h);
			if (i + j == klen || n.prefix.p[j] != key[i + j])
				return 0;
		}
		i += j;
		for (k = 0; glob && k < 3; k++) {
			pat[0] = wild[k];
			if ((r = idx_child(x, &n, wild[k], &c)) < 0 || (r > 0 &&
			    idx_all(x, &c, 0, pat, 1, key + i, klen - i, h) < 0))
				return -1;
		}
		if (i == klen)
			return idx_take(x, &n, h, !glob);
	}
	return r;
}

/* The line of modules.dep, modules.builtin or /proc/modules for NAME. */
static int
line_find(struct span cur, const char *name, size_t nlen, struct span *line)
{
	struct span m;

	while (span_line(&cur, line)) {
		m = mod_name(line->p, line->len);
		if (m.len > 0 && name_eq(m.p, m.len, name, nlen))
			return 1;
	}
	return 0;
}

/*
 * The next line of a modprobe.d file, modules.softdep or modules.alias:
 * "options NAME PARAMS", "blacklist NAME", "alias GLOB NAME" or "softdep
 * GLOB WORDS", rest trimmed of blanks; kind 0 for anything else
 * (comments; install: not supported).
 */
static int
conf_next(struct span *cur, struct conf_line *c)
{
	struct span l, w;

	memset(c, 0, sizeof *c);
	if (!span_line(cur, &l))
		return 0;
	if (!span_word(&l, &w) || !span_word(&l, &c->name))
		return 1;
	/* each word's first letter, at the place span_is gives it */
	c->kind = "\0obas"[span_is(w, "options blacklist alias softdep")];
	c->rest = span_trim(l);
	return 1;
}

/*
 * The next module of a softdep line's words [*q, end) and, in *MODE, 1
 * if it comes after "pre:", 2 after "post:"; words before either are
 * ignored, as kmod does. 0 at the end.
 */
static int
soft_next(struct span *words, int *mode, struct span *w)
{
	while (span_word(words, w)) {
		if (span_is(*w, "pre:"))
			*mode = 1;
		else if (span_is(*w, "post:"))
			*mode = 2;
		else if (*mode)
			return 1;
	}
	return 0;
}

/* The next "alias GLOB MODULE" line; other lines are skipped. */
static int
alias_next(struct span *cur, struct span *pat, struct span *mod)
{
	struct conf_line c;

	while (conf_next(cur, &c))
		if (c.kind == 'a' && span_word(&c.rest, mod)) {
			*pat = c.name;
			return 1;
		}
	return 0;
}

int
set_has(const struct nameset *s, const char *name, size_t len)
{
	struct span cur = { s->buf, s->len }, l;

	while (span_line(&cur, &l))
		if (name_eq(l.p, l.len, name, len))
			return 1;
	return 0;
}

int
set_add(struct nameset *s, const char *name, size_t len)
{
	size_t cap = (s->cap + len + 1) * 2;
	char *nb;

	if (s->buf == NULL || s->len + len + 1 > s->cap) {
		if ((nb = realloc(s->buf, cap)) == NULL)
			return -1;
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, name, len);
	s->buf[s->len + len] = '\n';
	s->len += len + 1;
	return 0;
}

/* DIR/NAME, or an empty table if it is absent and not REQUIRED. */
static char *
table(size_t *len, int required, const char *dir, const char *name)
{
	char path[1024], *buf;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((buf = read_file(path, TABLE_MAX, len)) != NULL)
		return buf;
	if (required || errno != ENOENT)
		warn("%s", path);
	*len = 0;
	return required ? NULL : strdup("");
}

/* A file kmod reads in directory K: 0 DIR's modules.softdep, else *.conf */
static int
conf_file(int k, const char *f)
{
	size_t n = strlen(f);

	if (k == 0)
		return strcmp(f, "modules.softdep") == 0;
	return f[0] != '.' && n >= 6 && (strcmp(f + n - 5, ".conf") == 0 ||
	    strcmp(f + n - 6, ".alias") == 0);
}

/*
 * modules.softdep and the modprobe.d files one after the other, as kmod
 * (libkmod-config.c) reads them: *.conf and *.alias, all in the order of
 * their names; a name in an earlier directory hides the same name in a
 * later one, so /etc's file overrides /lib's. Each round reads the
 * directories again for the next name: a dozen files, no sort code.
 * NULL: no memory.
 */
static struct span
conf_read(const struct modctx *c)
{
	static const char *const dirs[] = { "", "/etc", "/run",
	    "/usr/local/lib", "/lib" };
	struct nameset all = { 0 };
	struct dirent *d;
	DIR *dp;
	char path[5][600], last[256] = "", best[256], *one;
	int k, b;
	size_t fl;

	for (k = 0; k < 5; k++)
		snprintf(path[k], sizeof path[k], k ? "%s%s/modprobe.d" :
		    "%s%s", k ? c->root : c->dir, dirs[k]);
	set_add(&all, "", 0);
	for (;;) {
		for (b = -1, k = 0; k < 5; k++) {
			if ((dp = opendir(path[k])) == NULL)
				continue;
			while ((d = readdir(dp)) != NULL)
				if (conf_file(k, d->d_name) &&	/* < 256 */
				    strcmp(d->d_name, last) > 0 &&
				    (b < 0 || strcmp(d->d_name, best) < 0)) {
					strcpy(best, d->d_name);
					b = k;
				}
			closedir(dp);
		}
		if (b < 0)
			break;
		if ((one = table(&fl, 0, path[b], best)) != NULL) {
			set_add(&all, one, fl);
			free(one);
		}
		strcpy(last, best);
	}
	return (struct span){ all.buf, all.len };
}

/*
 * Stop using the indexes; the text tables are read instead. 0, or -1.
 * They stay mapped: an alias lookup's modules still point into them.
 */
static int
idx_drop(struct modctx *c)
{
	c->abin = c->dbin = (struct span){ NULL, 0 };
	if (c->dep.p == NULL)
		c->dep.p = table(&c->dep.len, 1, c->dir, "modules.dep");
	if (c->alias.p == NULL)
		c->alias.p = table(&c->alias.len, 0, c->dir,
		    "modules.alias");
	return c->dep.p != NULL && c->alias.p != NULL ? 0 : -1;
}

static const char no_index[] = "absent";

/* DIR/NAME.bin mapped into *M: NULL, or why not. */
static const char *
idx_map(struct modctx *c, const char *name, struct span *m)
{
	char path[600];
	struct stat b, t;
	const char *why = NULL;
	void *p;
	int fd;

	snprintf(path, sizeof path, "%s/%s.bin", c->dir, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? no_index : strerror(errno);
	path[strlen(path) - 4] = '\0';
	/* two calls' errno, each in its branch: the same words, not a clone */
	if (fstat(fd, &b) < 0)
		why = strerror(errno);	/* NOLINT(bugprone-branch-clone) */
	else if (stat(path, &t) == 0 && (b.st_mtim.tv_sec < t.st_mtim.tv_sec ||
	    (b.st_mtim.tv_sec == t.st_mtim.tv_sec &&
	    b.st_mtim.tv_nsec < t.st_mtim.tv_nsec)))
		why = "older than the text (run depmod)";
	else if (b.st_size < 12 || b.st_size > TABLE_MAX)
		why = "not a kmod index (size)";
	else if ((p = mmap(NULL, b.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) ==
	    MAP_FAILED)
		why = strerror(errno);
	else {
		m->p = p;
		m->len = b.st_size;
		if (be32(p) != IDX_MAGIC || be32((unsigned char *)p + 4) >> 16 != 2)
			why = "not a kmod index (magic, version 2)";
	}
	close(fd);
	return why;
}

/*
 * KEY ('-' read as '_', as depmod writes keys) in modules.alias.bin (a
 * glob match, ALIAS) or modules.dep.bin: how many values, into H; -1 if
 * the index is corrupt, then refused for the text tables. A key of 4 KB
 * or more finds nothing (a modalias is shorter: sysfs and uevent bounds).
 */
static int
idx_lookup(struct modctx *c, int alias, const char *key, size_t klen,
    struct hits *h)
{
	struct span m = alias ? c->abin : c->dbin;
	struct idx x = { (const unsigned char *)m.p, m.len, m.len, 0, NULL };
	char k[4096];
	size_t i;

	h->n = 0;
	for (i = 0; i < klen && i < sizeof k; i++)
		k[i] = fold(key[i]);
	if (klen >= sizeof k || idx_search(&x, k, klen, alias, h) == 0)
		return h->n;
	warnx("%s/modules.%s.bin: offset %zu: %s; reading the text tables",
	    c->dir, alias ? "alias" : "dep", x.bad, x.why);
	idx_drop(c);
	return -1;
}

/*
 * Use depmod's indexes if both are there, no older than their text, and
 * modules.dep.bin gives modules.dep's first line (not another kernel's
 * index); else one line says why (absent: with -v only, c->absent) and
 * the text tables are read. 0, or -1 if they cannot be.
 */
static int
idx_open(struct modctx *c)
{
	const char *why, *name = "modules.alias", *nl;
	char first[4096], path[600];
	struct span n;
	struct hits h;
	ssize_t len = -1;
	int fd;

	if ((why = idx_map(c, name, &c->abin)) == NULL &&
	    (why = idx_map(c, name = "modules.dep", &c->dbin)) == NULL) {
		snprintf(path, sizeof path, "%s/modules.dep", c->dir);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
			len = read(fd, first, sizeof first);
			close(fd);
		}
		if (len <= 0)		/* empty: nothing to check; or no text */
			return len == 0 ? 0 : idx_drop(c);
		if ((nl = memchr(first, '\n', len)) != NULL) {
			n = mod_name(first, nl - first);
			if (idx_lookup(c, 0, n.p, n.len, &h) < 0)
				return c->dep.p != NULL ? 0 : -1;
			if (h.n == 1 && h.v[0].name.len == (size_t)(nl - first) &&
			    memcmp(h.v[0].name.p, first, nl - first) == 0)
				return 0;
		}
		why = "not the index of modules.dep (another kernel's?)";
	}
	if (why == no_index)
		c->absent = name;
	else
		warnx("%s/%s.bin: %s; reading the text tables", c->dir, name,
		    why);
	return idx_drop(c);
}

/* NAME's modules.dep line, through modules.dep.bin while it is used. */
static int
dep_find(struct modctx *c, const char *name, size_t nlen, struct span *line)
{
	struct hits h;
	int r;

	if (c->dbin.p != NULL && (r = idx_lookup(c, 0, name, nlen, &h)) >= 0) {
		if (r > 0)
			*line = h.v[0].name;
		return r;
	}
	return c->dep.p != NULL && line_find(c->dep, name, nlen, line);
}

int
mod_refresh(struct modctx *c)
{
	free((char *)c->procmods.p);
	c->procmods.p = table(&c->procmods.len, 0, c->root, "proc/modules");
	return c->procmods.p != NULL ? 0 : -1;
}

/* C is zeroed by the caller, but for the flags it has set. */
int
mod_open(struct modctx *c, const char *top, const char *release)
{
	const char *root = getenv("MODROOT");
	struct utsname u;

	snprintf(c->root, sizeof c->root, "%s", root ? root : "");
	if (uname(&u) < 0)
		return -1;
	snprintf(c->dir, sizeof c->dir, "%s/lib/modules/%s",
	    top ? top : c->root, release ? release : u.release);
	c->builtin.p = table(&c->builtin.len, 0, c->dir, "modules.builtin");
	c->cmdline.p = table(&c->cmdline.len, 0, c->root, "proc/cmdline");
	c->conf = conf_read(c);
	if (idx_open(c) < 0 || !c->builtin.p || !c->cmdline.p || !c->conf.p)
		return -1;
	return mod_refresh(c);
}

/* Append " S" (" " if SEP) to OUT, bounded. */
static int
put(char *out, size_t *n, const char *s, size_t len, int sep)
{
	if (*n + len + 2 > PARAMS_MAX)
		return -1;
	if (sep && *n > 0)
		out[(*n)++] = ' ';
	memcpy(out + *n, s, len);
	*n += len;
	out[*n] = '\0';
	return 0;
}

/*
 * NAME's parameters: its modprobe.d options, then the kernel command
 * line's NAME.PARAM=VALUE words (kernel-parameters.txt, "Module
 * parameters": the kernel applies them to built-ins only), then EXTRA.
 */
static int
params_for(const struct modctx *c, struct span name, const char *extra,
    char *out)
{
	struct span cur = c->conf;
	const char *dot;
	struct cmdline_arg a;
	struct conf_line cl;
	size_t n = 0;
	int r = 0, q;

	out[0] = '\0';
	while (conf_next(&cur, &cl))
		if (cl.kind == 'o' &&
		    name_eq(cl.name.p, cl.name.len, name.p, name.len))
			r |= put(out, &n, cl.rest.p, cl.rest.len, 1);
	for (cur = c->cmdline; cmdline_next(&cur, &a);) {
		dot = memchr(a.key.p, '.', a.key.len);
		if (dot == NULL ||
		    !name_eq(a.key.p, dot - a.key.p, name.p, name.len))
			continue;
		r |= put(out, &n, dot + 1, a.key.p + a.key.len - dot - 1, 1);
		if (a.val.p == NULL)
			continue;
		q = memchr(a.val.p, ' ', a.val.len) != NULL;
		r |= put(out, &n, "=\"", 1 + q, 0);
		r |= put(out, &n, a.val.p, a.val.len, 0);
		r |= put(out, &n, "\"", q, 0);
	}
	/* kmod's module_options_concat: a ' ' after options, always */
	r |= put(out, &n, " ", n > 0, 0);
	extra = extra ? extra : "";
	return r | put(out, &n, extra, strlen(extra), 0);
}

/*
 * modprobe.d "blacklist NAME", or the command line's modprobe.blacklist=A,B:
 * every such word counts, as kmod adds each (libkmod-config.c).
 */
static int
blacklisted(const struct modctx *c, struct span name)
{
	struct span cur = c->conf, v;
	struct conf_line cl;
	struct cmdline_arg a;
	const char *comma;
	size_t n;

	while (conf_next(&cur, &cl))
		if (cl.kind == 'b' &&
		    name_eq(cl.name.p, cl.name.len, name.p, name.len))
			return 1;
	for (cur = c->cmdline; cmdline_next(&cur, &a);) {
		if (a.val.p == NULL || !span_is(a.key, "modprobe.blacklist"))
			continue;
		for (v = a.val;; v.p += n + 1, v.len -= n + 1) {
			comma = memchr(v.p, ',', v.len);
			n = comma ? (size_t)(comma - v.p) : v.len;
			if (name_eq(v.p, n, name.p, name.len))
				return 1;
			if (comma == NULL)
				break;
		}
	}
	return 0;
}

/* What init_module(2), finit_module(2) and delete_module(2) errors mean. */
static const char *
mod_strerror(int e)
{
	switch (e) {
	case EEXIST: return "already loaded";
	case ENOEXEC:
		return "invalid module format (built for another kernel?)";
	case ENOENT: return "unknown symbol in module, or unknown parameter "
	    "(see dmesg)";
	case ENODEV: return "no such hardware";
	case EOPNOTSUPP: return "not supported by this hardware";
	case EPERM: return "not permitted (no CAP_SYS_MODULE, or loading "
	    "disabled)";
	case EKEYREJECTED:
	case EBADMSG: return "signature rejected";
	case EINVAL: return "invalid module or parameter (see dmesg)";
	}
	return strerror(e);
}

/* The hardware this driver is for is not there: not a failure. */
static int
mod_nohw(int e)
{
	return e == ENODEV || e == EOPNOTSUPP || e == ENXIO;
}

static void
record(char *list, size_t size, struct span name, const char *why)
{
	size_t n = strlen(list);

	snprintf(list + n, size - n, "%s%.*s%s%s%s", n ? ", " : "",
	    (int)name.len, name.p, why ? " (" : "", why ? why : "",
	    why ? ")" : "");
}

/* S, another run's (a coldplug worker's), added to TO. */
void
mod_sum_add(struct modsum *to, const struct modsum *s)
{
	to->nloaded += s->nloaded;
	to->nnohw += s->nnohw;
	to->nfail += s->nfail;
	if (*s->nohw)
		record(to->nohw, sizeof to->nohw, span_str(s->nohw), NULL);
	if (*s->fail)
		record(to->fail, sizeof to->fail, span_str(s->fail), NULL);
}

/* NAME is loaded, by this run or before; never with -D (kmod's). */
static int
in_kernel(const struct modctx *c, struct span name)
{
	struct span l;

	return !c->show && (set_has(&c->loaded, name.p, name.len) ||
	    line_find(c->procmods, name.p, name.len, &l));
}

/* One module file; its dependencies are already in. 0 or -1. */
static int
load_file(struct modctx *c, struct span path, const char *extra)
{
	struct span name = mod_name(path.p, path.len);
	char full[1024], params[PARAMS_MAX];
	const char *why, *dir = *path.p == '/' ? "" : c->dir;
	int r = 0, e;

	if (set_has(&c->failed, name.p, name.len))
		return -1;
	if (in_kernel(c, name))
		return 0;
	/* a cut path would name another file: refused, as too long */
	if (snprintf(full, sizeof full, "%s%s%.*s", dir, *dir ? "/" : "",
	    (int)path.len, path.p) >= (int)sizeof full) {
		warnx("%.*s: path in modules.dep longer than %zu bytes",
		    (int)name.len, name.p, sizeof full - 1);
		set_add(&c->failed, name.p, name.len);
		return -1;
	}
	if (params_for(c, name, extra, params) < 0) {
		warnx("%.*s: parameters longer than %d bytes", (int)name.len,
		    name.p, PARAMS_MAX);
		return -1;
	}
	if (c->verbose || c->dry)	/* kmod's words, its ' ' too */
		printf("insmod %s %s\n", full, params);
	if (c->dry)	/* then kmod says a module twice if it comes twice */
		return 0;
	if ((r = mod_insmod(full, params, &why)) == 0 || errno == EEXIST) {
		set_add(&c->loaded, name.p, name.len);
		/* EEXIST: the kernel's own request won; not counted */
		c->sum.nloaded += r == 0;
		if (r == 0 && c->log_loads)
			info("loaded %.*s", (int)name.len, name.p);
		return 0;
	}
	e = errno;
	set_add(&c->failed, name.p, name.len);
	if (r == -1 && mod_nohw(e)) {
		c->sum.nnohw++;
		record(c->sum.nohw, sizeof c->sum.nohw, name, NULL);
	} else {
		c->sum.nfail++;
		record(c->sum.fail, sizeof c->sum.fail, name, why);
	}
	if (!c->summary)
		warnx("%s: %s", full, why);
	return -1;
}

static int find(struct modctx *c, const char *name, size_t nlen,
    const char *params, int top);

/*
 * The modules the softdep words REST name after "pre:" (WANT 1) or
 * "post:" (2), each a module or an alias, with what they need. They may
 * fail, or not be there: kmod goes on without them.
 */
static void
soft_load(struct modctx *c, struct span rest, int want)
{
	struct span w;
	int mode = 0;

	while (soft_next(&rest, &mode, &w))
		if (mode == want)
			find(c, w.p, w.len, NULL, 0);
}

/*
 * The module at PATH between its softdeps (the first "softdep" line whose
 * glob matches its name: kmod's __kmod_module_fill_softdep). 0 or -1.
 */
static int
with_soft(struct modctx *c, struct span path, const char *extra)
{
	struct span name = mod_name(path.p, path.len);
	struct span cur = c->conf;
	struct conf_line cl;
	int r;

	while (conf_next(&cur, &cl))
		if (cl.kind == 's' &&
		    glob_match(cl.name.p, cl.name.len, name.p, name.len)) {
			soft_load(c, cl.rest, 1);
			if ((r = load_file(c, path, extra)) == 0)
				soft_load(c, cl.rest, 2);
			return r;
		}
	return load_file(c, path, extra);
}

/*
 * A modules.dep line: its dependencies deepest (listed last) first, each
 * with its softdeps, then the module with its own; a module is walked
 * once per name modprobe is given (c->visited), which ends softdep loops.
 * This is kmod's __kmod_module_get_probe_list: -n prints what kmod does.
 * From the TOP, nothing if the module is loaded.
 */
static int
probe(struct modctx *c, struct span line, const char *extra, int top)
{
	const char *colon = memchr(line.p, ':', line.len), *s;
	const char *e = line.p + line.len;
	struct span name = mod_name(line.p, line.len);

	if (top && in_kernel(c, name))
		return 0;
	if (top)
		c->visited.len = 0;
	if (colon == NULL) {
		warnx("%s/modules.dep: no ':' in '%.*s'", c->dir,
		    (int)(line.len > 80 ? 80 : line.len), line.p);
		return -1;
	}
	if (set_has(&c->visited, name.p, name.len))
		return 0;
	if (set_add(&c->visited, name.p, name.len) < 0)
		return -1;
	while (e > colon + 1) {
		for (s = e; s > colon + 1 && !span_blank(s[-1]); s--)
			;
		if (s < e && with_soft(c, (struct span){ s, e - s }, NULL) < 0)
			return -1;
		e = s - 1;
	}
	return with_soft(c, (struct span){ line.p, colon - line.p }, extra);
}

/* NAME is built into the kernel; -D says so, as kmod does. */
static int
builtin(const struct modctx *c, struct span name)
{
	struct span l;

	if (!line_find(c->builtin, name.p, name.len, &l))
		return 0;
	if (c->show)
		printf("builtin %.*s\n", (int)name.len, name.p);
	return 1;
}

/*
 * Load NAME, a module, an alias or a built-in, and what it needs: from
 * the TOP (what modprobe was asked for), or as a softdep. 0 loaded (or
 * already in, or built in); 1 nothing by that name; -1 failed. A blacklist hides the
 * aliases of the TOP only, as modprobe.d(5) and kmod say. Every module
 * an alias matches is loaded, in depmod's order (the index's priority,
 * modules.alias's line order), as kmod does.
 */
static int
find(struct modctx *c, const char *name, size_t nlen, const char *params,
    int top)
{
	struct span cur, line, pat, mod;
	struct hits h;
	int rc = 1, r;
	size_t i;

	if (dep_find(c, name, nlen, &line))
		return probe(c, line, params, top);
	if (c->abin.p == NULL || idx_lookup(c, 1, name, nlen, &h) < 0) {
		/* the text, read by now if a corrupt index was dropped */
		cur = c->alias;
		if (cur.p == NULL)
			return -1;
		for (h.n = 0; alias_next(&cur, &pat, &mod);)
			if (glob_match(pat.p, pat.len, name, nlen) &&
			    h.n < HITS_MAX)
				h.v[h.n++].name = mod;
	}
	for (i = 0; i < h.n; i++) {
		mod = h.v[i].name;
		if (top && blacklisted(c, mod))
			continue;
		if (dep_find(c, mod.p, mod.len, &line))
			r = probe(c, line, params, top);
		else
			r = !builtin(c, mod);
		if (r < 0 || rc == 1)	/* one found is found; one failed fails */
			rc = r;
	}
	/* kmod's order: modules.dep, the aliases, then the built-ins */
	if (h.n == 0 && builtin(c, (struct span){ name, nlen }))
		return 0;
	if (rc == 1 && top && !c->quiet)
		warnx("%.*s: not found in %s", (int)nlen, name, c->dir);
	return rc;
}

int
mod_probe(struct modctx *c, const char *name, size_t nlen, const char *params)
{
	if (c->verbose && c->absent != NULL) {
		warnx("%s/%s.bin: absent; reading the text tables", c->dir,
		    c->absent);
		c->absent = NULL;
	}
	return find(c, name, nlen, params, 1);
}

/*
 * rmmod NAME, then its dependencies that nothing else uses any more: 0;
 * 1 not loaded; -1 failed; -2 NAME names no module ('', ':', too long).
 */
int
mod_remove(struct modctx *c, const char *name)
{
	struct span n = span_str(name), line, w, m, l;
	char buf[64];		/* MODULE_NAME_LEN, include/linux/module.h */
	size_t i;
	int first;

	m = mod_name(n.p, n.len);
	if (m.len == 0 || m.len >= sizeof buf || m.len != n.len) {
		warnx("'%s': not a module name", name);
		return -2;
	}
	if (!dep_find(c, n.p, n.len, &line))
		line = n;
	for (first = 1; span_word(&line, &w); first = 0) {
		m = mod_name(w.p, w.len);
		if (m.len == 0 || m.len >= sizeof buf)
			continue;
		for (i = 0; i < m.len; i++)
			buf[i] = fold(m.p[i]);
		buf[m.len] = '\0';
		if (!line_find(c->procmods, buf, m.len, &l)) {
			if (!first)
				continue;
			if (!c->quiet)
				warnx("%s: not loaded", buf);
			return 1;
		}
		if (c->verbose || c->dry)
			printf("rmmod %s\n", buf);
		if (!c->dry && syscall(SYS_delete_module, buf, O_NONBLOCK) < 0 &&
		    first) {
			warnx("rmmod %s: %s", buf, errno == EWOULDBLOCK ?
			    "in use" : mod_strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * RFC 1952 2.3: where the deflate data of gzip member P starts, or -1.
 * No CRC-32 (its table is 1 KB of code or data): the length is checked
 * instead, and the kernel checks the ELF.
 */
static long
gz_body(const unsigned char *p, size_t len)
{
	const unsigned char *nul;
	size_t i = 10, n;
	int bit;

	if (len < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8)
		return -1;
	if (p[3] & 4) {				/* FEXTRA: XLEN, then bytes */
		n = p[i] | p[i + 1] << 8;
		if (len - i - 2 < n)
			return -1;
		i += 2 + n;
	}
	for (bit = 8; bit <= 16; bit += 8)	/* FNAME, FCOMMENT: C strings */
		if (p[3] & bit) {
			if ((nul = memchr(p + i, 0, len - i)) == NULL)
				return -1;
			i = nul - p + 1;
		}
	if (p[3] & 2)				/* FHCRC */
		i += 2;
	return i + 8 <= len ? (long)i : -1;	/* room for CRC32, ISIZE */
}

/*
 * The gzip member in GZ inflated into a malloc'd buffer, at most MAX
 * bytes; NULL with errno EINVAL (corrupt, truncated, or not the size its
 * ISIZE says: RFC 1952 2.3.1, the last four bytes), EFBIG or ENOMEM.
 * ISIZE is compared last: a truncated file's last four bytes are deflate
 * data, and a size read from them first would blame the wrong thing. The
 * buffer is MAX bytes of address space; only what is inflated is touched.
 */
static char *
mod_inflate(const char *gz, size_t len, size_t max, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)gz;
	long off = gz_body(u, len), n;
	uint32_t isize;
	size_t used;
	char *out;

	errno = EINVAL;
	if (off < 0 || (out = malloc(max + 1)) == NULL)
		return NULL;	/* malloc's errno is ENOMEM */
	n = inflate_raw(u + off, len - off, &used, out, max);
	memcpy(&isize, u + len - 4, 4);
	if (n >= 0 && (uint32_t)n == le32toh(isize) && len - off - used == 8) {
		*outlen = n;
		return out;
	}
	free(out);
	errno = n == -2 ? EFBIG : EINVAL;
	return NULL;
}

/* init_module(2) from memory: the file as it is, or (GZ) inflated. */
static int
insmod_mem(const char *path, const char *params, int gz, const char **why)
{
	char *buf, *img;
	size_t len;
	int r = -1;

	if ((buf = read_file(path, MOD_MAX, &len)) == NULL)
		return -1;
	img = gz ? mod_inflate(buf, len, MOD_MAX, &len) : buf;
	if (img == NULL && errno == EINVAL)
		*why = "corrupt or truncated gzip data";
	else if (img != NULL && (len < 4 || memcmp(img, "\177ELF", 4) != 0))
		*why = "gzip'd, but no ELF file inside";
	else if (img != NULL)
		r = syscall(SYS_init_module, img, len, params);
	if (img != buf)		/* free keeps errno: POSIX.1-2024, malloc.c */
		free(img);
	free(buf);
	return *why != NULL ? -2 : r;
}

/*
 * finit_module(2) on the file, init_module(2) from memory if the kernel
 * lacks it or the file is gzip'd; xz and zstd are the kernel's to
 * decompress (MODULE_INIT_COMPRESSED_FILE, Linux 5.17). 0 loaded; -1 a
 * system call said no (errno); -2 not a module (ENOEXEC); *why in words.
 */
int
mod_insmod(const char *path, const char *params, const char **why)
{
	char magic[6];
	ssize_t n;
	int fd, r = -2, e;

	*why = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if ((n = pread(fd, magic, sizeof magic, 0)) < 0) {
		r = -1;
	} else if (n != sizeof magic) {
		*why = "too short to be a module";
	} else if (memcmp(magic, "\177ELF", 4) == 0) {
		r = syscall(SYS_finit_module, fd, params, 0);
		if (r < 0 && errno == ENOSYS)
			r = insmod_mem(path, params, 0, why);
	} else if (memcmp(magic, "\037\213", 2) == 0) {
		r = insmod_mem(path, params, 1, why);
	} else if (memcmp(magic, "\3757zXZ", 6) == 0 ||
	    memcmp(magic, "\050\265\057\375", 4) == 0) {
		r = syscall(SYS_finit_module, fd, params,
		    MODULE_INIT_COMPRESSED_FILE);
		if (r < 0 && (errno == EINVAL || errno == ENOSYS)) {
			*why = "xz/zstd module, and this kernel cannot "
			    "decompress modules (CONFIG_MODULE_DECOMPRESS)";
			r = -2;
		}
	} else {
		*why = "not an ELF file (nor gzip, xz or zstd)";
	}
	e = r == -2 ? ENOEXEC : errno;
	close(fd);
	if (r != 0 && *why == NULL)
		*why = mod_strerror(e);
	errno = e;
	return r;
}

/* ARGV[0..N) joined by spaces, malloc'd: the parameters of one module. */
char *
mod_join(char **argv, int n)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(argv[i]) + 1;
	if ((s = malloc(len)) == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}
