/* SPDX-License-Identifier: ISC */
/*
 * mod.c - the module loader that insmod, modprobe and coldplug share.
 *
 * Tables read (depmod(8) and modprobe.d(5) text formats):
 *   modules.dep      "PATH: DEP DEP ..." deepest dependency last
 *   modules.alias    "alias GLOB NAME" (shell glob: * ? [...])
 *   modules.builtin  "PATH" per module built into the kernel
 *   /proc/modules    "NAME SIZE REFS DEPS STATE ADDR" per loaded module
 *   modprobe.d/NAME.conf "options NAME P=V ...", "blacklist NAME"
 * These are untrusted bytes: every parser walks a cursor to an end
 * pointer, needs no NUL and hands out spans into the same bytes.
 *
 * MODROOT (tests only): read MODROOT/lib/modules, MODROOT/etc/modprobe.d
 * and MODROOT/proc/{modules,cmdline} instead of the real ones.
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
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "../../multicall/box.h"
#include "mod.h"

#define MOD_MAX		(64u << 20)	/* a module, inflated (i915: 4 MB) */
#define TABLE_MAX	(32u << 20)	/* modules.alias is 1.3 MB on 6.1 */
#define PARAMS_MAX	4096
#define DEPS_MAX	64

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static char
fold(char c)
{
	return c == '-' ? '_' : c;
}

/* '-' and '_' are the same in module names (kmod's modname_normalize). */
int
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

/* The module in a path: "kernel/arch/x86/kvm/kvm-amd.ko.xz" is "kvm-amd". */
struct span
mod_name(const char *path, size_t len)
{
	struct span s;
	size_t i;

	for (i = len; i > 0 && path[i - 1] != '/'; i--)
		;
	s.p = path + i;
	s.len = len - i;
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
 * backtracked to, which is exact for globs and keeps the cost at
 * O(plen * slen) whatever the input.
 */
int
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
				m = pat[pi] == s[si];
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

/* The next line of [*p, end) without its '\n'; 0 at the end. */
static int
line_next(const char **p, const char *end, struct span *l)
{
	const char *eol;

	if (*p >= end)
		return 0;
	if ((eol = memchr(*p, '\n', end - *p)) == NULL)
		eol = end;
	l->p = *p;
	l->len = eol - *p;
	*p = eol < end ? eol + 1 : end;
	return 1;
}

/* The next blank-separated word of [*p, end); 0 if none. */
int
word_next(const char **p, const char *end, struct span *w)
{
	const char *s = *p;

	while (s < end && is_blank(*s))
		s++;
	for (w->p = s; s < end && !is_blank(*s); s++)
		;
	w->len = s - w->p;
	*p = s;
	return w->len > 0;
}

/*
 * The line whose first word (up to ':' or a blank) names module NAME:
 * modules.dep, modules.builtin and /proc/modules all have that shape.
 */
int
line_find(const char *buf, size_t len, const char *name, size_t nlen,
    struct span *line)
{
	const char *p = buf, *end = buf + len, *w;
	struct span l, m;

	while (line_next(&p, end, &l)) {
		for (w = l.p; w < l.p + l.len && *w != ':' && !is_blank(*w); w++)
			;
		m = mod_name(l.p, w - l.p);
		if (m.len > 0 && name_eq(m.p, m.len, name, nlen)) {
			*line = l;
			return 1;
		}
	}
	return 0;
}

/* The next "alias GLOB MODULE" line; other lines are skipped. */
int
alias_next(const char **p, const char *end, struct span *pat,
    struct span *mod)
{
	struct span l, w;
	const char *q;

	while (line_next(p, end, &l)) {
		q = l.p;
		if (word_next(&q, l.p + l.len, &w) && w.len == 5 &&
		    memcmp(w.p, "alias", 5) == 0 &&
		    word_next(&q, l.p + l.len, pat) &&
		    word_next(&q, l.p + l.len, mod))
			return 1;
	}
	return 0;
}

/*
 * The next line of a modprobe.d file, modprobe.d(5): "options NAME
 * PARAMS" (rest: PARAMS, blanks trimmed) or "blacklist NAME"; kind 0 for
 * anything else (comments, install, softdep: not supported).
 */
int
conf_next(const char **p, const char *end, struct conf_line *c)
{
	struct span l, w;
	const char *q, *e;

	if (!line_next(p, end, &l))
		return 0;
	memset(c, 0, sizeof *c);
	q = l.p;
	e = l.p + l.len;
	if (!word_next(&q, e, &w) || !word_next(&q, e, &c->name))
		return 1;
	if (w.len == 7 && memcmp(w.p, "options", 7) == 0)
		c->kind = 'o';
	else if (w.len == 9 && memcmp(w.p, "blacklist", 9) == 0)
		c->kind = 'b';
	while (q < e && is_blank(*q))
		q++;
	while (e > q && is_blank(e[-1]))
		e--;
	c->rest.p = q;
	c->rest.len = e - q;
	return 1;
}

int
set_has(const struct nameset *s, const char *name, size_t len)
{
	const char *p = s->buf, *end = s->buf + s->len;
	struct span l;

	if (s->len == 0)
		return 0;
	while (line_next(&p, end, &l))
		if (name_eq(l.p, l.len, name, len))
			return 1;
	return 0;
}

int
set_add(struct nameset *s, const char *name, size_t len)
{
	size_t cap;
	char *nb;

	if (s->len + len + 1 > s->cap) {
		cap = (s->cap + len + 1) * 2;
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

/* DIR/FILE, or an empty table if it is absent and not REQUIRED. */
static char *
table(const char *dir, const char *file, size_t *len, int required)
{
	char path[800], *buf;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((buf = read_file(path, TABLE_MAX, len)) != NULL)
		return buf;
	if (required || errno != ENOENT)
		warn("%s", path);
	if (required)
		return NULL;
	*len = 0;
	return strdup("");
}

/* Every modprobe.d/NAME.conf, one after the other (NULL: no memory). */
static char *
conf_read(const char *root, size_t *len)
{
	struct nameset all = { 0 };
	struct dirent *d;
	char dir[300], *one;
	size_t n, l;
	DIR *dp;

	snprintf(dir, sizeof dir, "%s/etc/modprobe.d", root);
	if (set_add(&all, "", 0) == 0 && (dp = opendir(dir)) != NULL) {
		while ((d = readdir(dp)) != NULL) {
			n = strlen(d->d_name);
			if (n < 5 || strcmp(d->d_name + n - 5, ".conf") != 0 ||
			    (one = table(dir, d->d_name, &l, 0)) == NULL)
				continue;
			set_add(&all, one, l);
			free(one);
		}
		closedir(dp);
	}
	*len = all.len;
	return all.buf;
}

int
mod_refresh(struct modctx *c)
{
	char dir[300];

	free(c->procmods);
	snprintf(dir, sizeof dir, "%s/proc", c->root);
	c->procmods = table(dir, "modules", &c->procmodslen, 0);
	return c->procmods != NULL ? 0 : -1;
}

int
mod_open(struct modctx *c)
{
	const char *root = getenv("MODROOT");
	struct utsname u;
	char dir[300];

	memset(c, 0, sizeof *c);
	snprintf(c->root, sizeof c->root, "%s", root ? root : "");
	if (uname(&u) < 0)
		return -1;
	snprintf(c->dir, sizeof c->dir, "%s/lib/modules/%s", c->root,
	    u.release);
	snprintf(dir, sizeof dir, "%s/proc", c->root);
	if ((c->dep = table(c->dir, "modules.dep", &c->deplen, 1)) == NULL ||
	    (c->alias = table(c->dir, "modules.alias", &c->aliaslen, 0)) ==
	    NULL || (c->builtin = table(c->dir, "modules.builtin",
	    &c->builtinlen, 0)) == NULL ||
	    (c->cmdline = table(dir, "cmdline", &c->cmdlinelen, 0)) == NULL ||
	    (c->conf = conf_read(c->root, &c->conflen)) == NULL)
		return -1;
	return mod_refresh(c);
}

/* Append " S" (SEP) to OUT, bounded. */
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
	const char *p = c->conf, *end = c->conf + c->conflen, *dot;
	struct cmdline_arg a;
	struct conf_line cl;
	size_t n = 0;
	int r = 0, q;

	out[0] = '\0';
	while (conf_next(&p, end, &cl))
		if (cl.kind == 'o' && name_eq(cl.name.p, cl.name.len, name.p,
		    name.len))
			r |= put(out, &n, cl.rest.p, cl.rest.len, 1);
	p = c->cmdline;
	end = p + c->cmdlinelen;
	while (cmdline_next(&p, end, &a)) {
		dot = memchr(a.key, '.', a.keylen);
		if (dot == NULL || !name_eq(a.key, dot - a.key, name.p, name.len))
			continue;
		r |= put(out, &n, dot + 1, a.key + a.keylen - dot - 1, 1);
		if (a.val == NULL)
			continue;
		q = memchr(a.val, ' ', a.vallen) != NULL;
		r |= put(out, &n, "=\"", 1 + q, 0);
		r |= put(out, &n, a.val, a.vallen, 0);
		r |= put(out, &n, "\"", q, 0);
	}
	if (extra != NULL && *extra != '\0')
		r |= put(out, &n, extra, strlen(extra), 1);
	return r;
}

/* modprobe.d "blacklist NAME" or the command line's modprobe.blacklist=A,B */
static int
blacklisted(const struct modctx *c, struct span name)
{
	const char *p = c->conf, *end = c->conf + c->conflen, *v, *comma;
	struct conf_line cl;
	char *list;
	size_t n;
	int hit = 0;

	while (conf_next(&p, end, &cl))
		if (cl.kind == 'b' && name_eq(cl.name.p, cl.name.len, name.p,
		    name.len))
			return 1;
	list = cmdline_get(c->cmdline, c->cmdlinelen, "modprobe.blacklist");
	for (v = list; v != NULL && !hit; v = comma ? comma + 1 : NULL) {
		comma = strchr(v, ',');
		n = comma ? (size_t)(comma - v) : strlen(v);
		hit = name_eq(v, n, name.p, name.len);
	}
	free(list);
	return hit;
}

static void
record(char *list, size_t size, struct span name, const char *why)
{
	size_t n = strlen(list);

	snprintf(list + n, size - n, "%s%.*s%s%s%s", n ? ", " : "",
	    (int)name.len, name.p, why ? " (" : "", why ? why : "",
	    why ? ")" : "");
}

/* One module file; its dependencies are already in. 0 or -1. */
static int
load_file(struct modctx *c, struct span path, const char *extra)
{
	struct span name = mod_name(path.p, path.len), l;
	char full[1024], params[PARAMS_MAX];
	const char *why;
	int r = 0, e;

	if (set_has(&c->failed, name.p, name.len))
		return -1;
	if (set_has(&c->loaded, name.p, name.len) ||
	    line_find(c->procmods, c->procmodslen, name.p, name.len, &l))
		return 0;
	snprintf(full, sizeof full, "%s%s%.*s", *path.p == '/' ? "" : c->dir,
	    *path.p == '/' ? "" : "/", (int)path.len, path.p);
	if (params_for(c, name, extra, params) < 0) {
		warnx("%.*s: parameters longer than %d bytes", (int)name.len,
		    name.p, PARAMS_MAX);
		return -1;
	}
	if (c->verbose || c->dry)
		printf("insmod %s%s%s\n", full, *params ? " " : "", params);
	if (c->dry ||
	    (r = mod_insmod(full, params, &why)) == 0 || errno == EEXIST) {
		set_add(&c->loaded, name.p, name.len);
		if (c->dry)
			return 0;
		c->nloaded += r == 0;	/* EEXIST: the kernel's own request won */
		if (r == 0 && c->log_loads)
			info("loaded %.*s", (int)name.len, name.p);
		return 0;
	}
	e = errno;
	set_add(&c->failed, name.p, name.len);
	if (r == -1 && mod_nohw(e)) {
		c->nnohw++;
		record(c->nohw, sizeof c->nohw, name, NULL);
	} else {
		c->nfail++;
		record(c->fail, sizeof c->fail, name, why);
	}
	if (!c->summary)
		warnx("%s: %s", full, why);
	return -1;
}

/* A modules.dep line: its dependencies deepest first, then itself. */
static int
load_chain(struct modctx *c, struct span line, const char *extra)
{
	const char *colon = memchr(line.p, ':', line.len), *q;
	struct span deps[DEPS_MAX], path;
	size_t n = 0;

	if (colon == NULL) {
		warnx("%s/modules.dep: no ':' in '%.*s'", c->dir,
		    (int)(line.len > 80 ? 80 : line.len), line.p);
		return -1;
	}
	for (q = colon + 1; word_next(&q, line.p + line.len, &path); n++) {
		if (n == DEPS_MAX) {
			warnx("%s/modules.dep: more than %d dependencies",
			    c->dir, DEPS_MAX);
			return -1;
		}
		deps[n] = path;
	}
	path.p = line.p;
	path.len = colon - line.p;
	while (n > 0)
		if (load_file(c, deps[--n], NULL) < 0)
			return -1;
	return load_file(c, path, extra);
}

/*
 * Load NAME, a module or an alias, and what it needs. 0 loaded (or
 * already in, or built in); 1 nothing by that name; -1 failed.
 * A blacklist hides aliases only, as modprobe.d(5) says.
 */
int
mod_probe(struct modctx *c, const char *name, const char *params)
{
	const char *p = c->alias, *end = c->alias + c->aliaslen;
	size_t nlen = strlen(name);
	struct span line, pat, mod;
	int rc = 1;

	if (line_find(c->dep, c->deplen, name, nlen, &line))
		return load_chain(c, line, params);
	if (line_find(c->builtin, c->builtinlen, name, nlen, &line))
		return 0;
	while (alias_next(&p, end, &pat, &mod)) {
		if (!glob_match(pat.p, pat.len, name, nlen))
			continue;
		if (blacklisted(c, mod)) {
			if (c->verbose)
				printf("blacklist %.*s\n", (int)mod.len, mod.p);
			continue;
		}
		if (line_find(c->dep, c->deplen, mod.p, mod.len, &line)) {
			if (load_chain(c, line, params) < 0)
				rc = -1;
			else if (rc == 1)
				rc = 0;
		} else if (rc == 1 && line_find(c->builtin, c->builtinlen,
		    mod.p, mod.len, &line)) {
			rc = 0;
		}
	}
	if (rc == 1 && !c->quiet)
		warnx("%s: not found in %s", name, c->dir);
	return rc;
}

/* rmmod NAME, then its dependencies that nothing else uses any more. */
int
mod_remove(struct modctx *c, const char *name)
{
	struct span line, w, m;
	char buf[64];		/* MODULE_NAME_LEN, include/linux/module.h */
	const char *q, *colon;
	size_t i, n = strlen(name);
	struct span loaded;
	int first = 1;

	if (!line_find(c->dep, c->deplen, name, n, &line)) {
		line.p = name;
		line.len = n;
	}
	colon = memchr(line.p, ':', line.len);
	for (q = line.p; word_next(&q, line.p + line.len, &w); first = 0) {
		if (first && colon != NULL)
			w.len = colon - w.p;
		m = mod_name(w.p, w.len);
		if (m.len == 0 || m.len >= sizeof buf)
			continue;
		for (i = 0; i < m.len; i++)
			buf[i] = fold(m.p[i]);
		buf[m.len] = '\0';
		if (!line_find(c->procmods, c->procmodslen, buf, m.len,
		    &loaded)) {
			if (first && !c->quiet)
				warnx("%s: not loaded", buf);
			if (first)
				return 1;
			continue;
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
 * RFC 1952 2.3: where the deflate data of the gzip member in P starts;
 * -1 if the header is malformed. (zlib is built without its gzip
 * wrapper, NO_GZIP, which drops crc32's 11 KB of tables: the member's
 * length is checked instead of its CRC, and the kernel checks the ELF.)
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
 * The gzip member in GZ inflated into a malloc'd buffer of its ISIZE
 * bytes (RFC 1952 2.3.1, the last four), at most MAX; NULL with errno
 * EINVAL (corrupt, truncated, or not that size), EFBIG or ENOMEM.
 */
char *
mod_inflate(const char *gz, size_t len, size_t max, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)gz;
	long off = gz_body(u, len);
	uint32_t isize;
	char *out;
	z_stream z;
	int r;

	if (off < 0 || len > UINT_MAX) {
		errno = EINVAL;
		return NULL;
	}
	memcpy(&isize, u + len - 4, 4);
	if ((*outlen = le32toh(isize)) > max) {
		errno = EFBIG;
		return NULL;
	}
	memset(&z, 0, sizeof z);
	if ((out = malloc(*outlen + 1)) == NULL ||
	    inflateInit2(&z, -MAX_WBITS) != Z_OK) {
		free(out);
		errno = ENOMEM;
		return NULL;
	}
	z.next_in = (unsigned char *)u + off;
	z.avail_in = len - off;
	z.next_out = (unsigned char *)out;
	z.avail_out = *outlen + 1;	/* one spare: a longer member is seen */
	r = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (r == Z_STREAM_END && z.total_out == *outlen && z.avail_in == 8)
		return out;
	free(out);
	errno = EINVAL;
	return NULL;
}

static int
is_elf(const char *p, size_t len)
{
	return len >= 4 && memcmp(p, "\177ELF", 4) == 0;
}

static int
insmod_gz(const char *path, const char *params, const char **why)
{
	char *buf, *img = NULL;
	size_t len, ilen;
	int r = -1, e;

	if ((buf = read_file(path, MOD_MAX, &len)) == NULL)
		return -1;
	if ((img = mod_inflate(buf, len, MOD_MAX, &ilen)) == NULL) {
		if (errno == EINVAL)
			*why = "corrupt or truncated gzip data";
	} else if (!is_elf(img, ilen)) {
		*why = "gzip'd, but no ELF file inside";
	} else {
		r = syscall(SYS_init_module, img, ilen, params);
	}
	e = errno;
	free(buf);
	free(img);
	errno = e;
	return *why != NULL ? -2 : r;
}

/*
 * insmod(8): finit_module(2) on the file (no copy through user space),
 * init_module(2) from memory when the kernel lacks it or the file is
 * gzip'd. xz and zstd are the kernel's to decompress (finit_module flag
 * MODULE_INIT_COMPRESSED_FILE, Linux 5.17, CONFIG_MODULE_DECOMPRESS).
 * 0 loaded; -1 the kernel or a system call said no (errno); -2 not a
 * module (errno ENOEXEC). *why is the reason in words.
 */
int
mod_insmod(const char *path, const char *params, const char **why)
{
	char magic[6], *buf;
	size_t len;
	ssize_t n;
	int fd, r, e;

	*why = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if ((n = pread(fd, magic, sizeof magic, 0)) < 0) {
		r = -1;
	} else if (n != sizeof magic) {
		*why = "too short to be a module";
		r = -2;
	} else if (is_elf(magic, sizeof magic)) {
		r = syscall(SYS_finit_module, fd, params, 0);
		if (r < 0 && errno == ENOSYS &&
		    (buf = read_file(path, MOD_MAX, &len)) != NULL) {
			r = syscall(SYS_init_module, buf, len, params);
			e = errno;
			free(buf);
			errno = e;
		}
	} else if (memcmp(magic, "\037\213", 2) == 0) {
		r = insmod_gz(path, params, why);
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
		r = -2;
	}
	e = r == -2 ? ENOEXEC : errno;
	close(fd);
	if (r == 0)
		return 0;
	if (*why == NULL)
		*why = mod_strerror(e);
	errno = e;
	return r == -2 ? -2 : -1;
}

/* What init_module(2) and finit_module(2) errors mean, in words. */
static const struct {
	int e;
	const char *words;
} errwords[] = {
	{ EEXIST, "already loaded" },
	{ ENOEXEC, "invalid module format (built for another kernel?)" },
	{ ENOENT, "unknown symbol in module, or unknown parameter (see dmesg)" },
	{ ENODEV, "no such hardware" },
	{ EOPNOTSUPP, "not supported by this hardware" },
	{ EPERM, "not permitted (no CAP_SYS_MODULE, or loading disabled)" },
	{ EKEYREJECTED, "signature rejected" },
	{ EBADMSG, "signature rejected" },
	{ EINVAL, "invalid module or parameter (see dmesg)" },
};

const char *
mod_strerror(int e)
{
	size_t i;

	for (i = 0; i < LEN(errwords); i++)
		if (errwords[i].e == e)
			return errwords[i].words;
	return strerror(e);
}

/* The hardware this driver is for is not there: not a failure. */
int
mod_nohw(int e)
{
	return e == ENODEV || e == EOPNOTSUPP || e == ENXIO;
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
