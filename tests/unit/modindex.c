/* SPDX-License-Identifier: ISC */
/*
 * modindex.c - depmod's binary indexes (modules.alias.bin, modules.dep.bin)
 * read by mod.c: hand-built tries with known answers, hand-broken ones
 * that must be refused, and Debian's real 6.1 indexes against the text
 * tables they were made with (skipped without them), truncated and
 * bit-flipped under ASan; one found corrupt in the middle of a lookup.
 */
#include <glob.h>
#include <libgen.h>

#include "../../applets/modules/mod.c"
#include "../rng.h"
#include "../tap.h"

#define S(s)	s, strlen(s)

static void
is_str(const char *got, const char *want, const char *name)
{
	if (!ok(strcmp(got, want) == 0, name))
		printf("# got '%s', want '%s'\n", got, want);
}

static unsigned char ix[8192];
static size_t ixlen;

struct val {
	uint32_t prio;
	const char *s;
};

static void
put32(uint32_t v)
{
	ix[ixlen++] = v >> 24;
	ix[ixlen++] = v >> 16;
	ix[ixlen++] = v >> 8;
	ix[ixlen++] = v;
}

/* One node as depmod writes it; KIDS[c] is child c's offset (or 0). */
static uint32_t
node(const char *prefix, const uint32_t *kids, const struct val *v, int nv)
{
	uint32_t off = ixlen, first = 0, last = 0, c;
	int i;

	if (prefix != NULL) {
		memcpy(ix + ixlen, prefix, strlen(prefix) + 1);
		ixlen += strlen(prefix) + 1;
		off |= IDX_PREFIX;
	}
	if (kids != NULL) {
		for (first = 0; kids[first] == 0; first++)
			;
		for (last = 127; kids[last] == 0; last--)
			;
		ix[ixlen++] = first;
		ix[ixlen++] = last;
		for (c = first; c <= last; c++)
			put32(kids[c]);
		off |= IDX_CHILDS;
	}
	if (nv > 0) {
		put32(nv);
		for (i = 0; i < nv; i++) {
			put32(v[i].prio);
			memcpy(ix + ixlen, v[i].s, strlen(v[i].s) + 1);
			ixlen += strlen(v[i].s) + 1;
		}
		off |= IDX_VALUES;
	}
	return off;
}

static void
header(uint32_t root)
{
	size_t len = ixlen;

	ixlen = 0;
	put32(IDX_MAGIC);
	put32(0x00020001);
	put32(root);
	ixlen = len;
}

/* The values of a lookup, "a b c", or "ERR why". */
static const char *
look(int alias, const char *key)
{
	static char out[512];
	struct idx x = { ix, ixlen, ixlen, 0, NULL };
	struct hits h;
	size_t i, n = 0;
	int r;

	r = idx_search(&x, S(key), alias, &h);
	if (r < 0) {
		snprintf(out, sizeof out, "ERR %s", x.why);
		return out;
	}
	out[0] = '\0';
	for (i = 0; i < h.n; i++)
		n += snprintf(out + n, sizeof out - n, "%s%.*s", i ? " " : "",
		    (int)h.v[i].name.len, h.v[i].name.p);
	return out;
}

/*
 * "ab" m1 (priority 2), "a*" m2 (1), "a?c" m3 (0), "x[a-c]z" m4 (3),
 * "x[a-c]z" m5 (3) again: as depmod builds it from modules.alias.
 */
static void
build(void)
{
	uint32_t root[128] = { 0 }, a[128] = { 0 }, x[128] = { 0 };
	static const struct val m1 = { 2, "m1" }, m2 = { 1, "m2" },
	    m3 = { 0, "m3" }, m45[] = { { 5, "m5" }, { 3, "m4" } };

	ixlen = 12;
	a['*'] = node(NULL, NULL, &m2, 1);
	a['?'] = node("c", NULL, &m3, 1);
	a['b'] = node(NULL, NULL, &m1, 1);
	x['['] = node("a-c]z", NULL, m45, 2);
	root['a'] = node(NULL, a, NULL, 0);
	root['x'] = node(NULL, x, NULL, 0);
	header(node(NULL, root, NULL, 0));
}

static void
test_known(void)
{
	build();
	is_str(look(1, "ab"), "m2 m1", "'ab': the glob 'a*' and the key 'ab', "
	    "by priority");
	is_str(look(1, "abc"), "m3 m2", "'abc': 'a?c' and 'a*'");
	is_str(look(1, "a"), "m2", "'a': 'a*' matches an empty rest");
	is_str(look(1, "xbz"), "m4 m5", "'x[a-c]z' matches 'xbz', values "
	    "by priority");
	is_str(look(1, "xdz"), "", "'x[a-c]z' does not match 'xdz'");
	is_str(look(1, "b"), "", "no key under 'b'");
	is_str(look(1, ""), "", "the empty key");
	is_str(look(0, "ab"), "m1", "exact: 'ab'");
	is_str(look(0, "a*"), "m2", "exact: 'a*' is just a key");
	is_str(look(0, "abc"), "", "exact: no 'abc'");
	is_str(look(0, "a"), "", "exact: 'a' is a node without values");
}

static void
test_broken(void)
{
	uint32_t kids[128] = { 0 };
	struct val many[HITS_MAX + 1];
	size_t i;

	ixlen = 5;
	is_str(look(1, "a"), "ERR no header", "shorter than the header");
	ixlen = 12;
	header(IDX_CHILDS | 12);
	is_str(look(1, "a"), "ERR node past the end", "root past the end");
	ixlen = 12;
	kids['*'] = IDX_CHILDS | 12;
	kids['a'] = IDX_CHILDS | 12;
	header(node(NULL, kids, NULL, 0));
	ok(strncmp(look(1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), "ERR ", 4) == 0,
	    "a node that is its own child: refused, no endless walk");
	is_str(look(0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), "",
	    "... and an exact lookup takes one step per byte of the key");
	ixlen = 12;
	memcpy(ix + 12, "abc", 3);
	ixlen = 15;
	header(IDX_PREFIX | 12);
	is_str(look(1, "abc"), "ERR prefix without its NUL",
	    "a prefix running off the end");
	ix[12] = 'z';
	ix[13] = 'a';
	header(IDX_CHILDS | 12);
	is_str(look(1, "a"), "ERR child table out of bounds",
	    "FIRST above LAST");
	ix[12] = 'a';
	ix[13] = 'z';
	is_str(look(1, "a"), "ERR child table out of bounds",
	    "a child table past the end");
	ix[12] = 0;
	ix[13] = 200;
	is_str(look(1, "a"), "ERR child table out of bounds",
	    "LAST at 128 or more");
	ixlen = 14;
	header(IDX_VALUES | 12);
	is_str(look(1, ""), "ERR value count past the end",
	    "a value count cut short");
	ixlen = 12;
	put32(0xffffffff);
	put32(7);
	memcpy(ix + ixlen, "m1", 3);
	ixlen += 3;
	header(IDX_VALUES | 12);
	is_str(look(1, ""), "ERR value past the end",
	    "4 billion values, one there");
	ixlen--;
	put32(1);
	header(IDX_VALUES | 12);
	ixlen = 12 + 4 + 4 + 2;
	is_str(look(0, ""), "ERR value past the end", "a value without its NUL");
	ixlen = 12;
	for (i = 0; i < LEN(many); i++)
		many[i] = (struct val){ i, "m" };
	header(node(NULL, NULL, many, LEN(many)));
	is_str(look(1, ""), "ERR too many values", "more values than HITS_MAX");
	ixlen = 12;
	memset(kids, 0, sizeof kids);
	memset(ix + 12, 'a', 600);
	ix[612] = '\0';
	ixlen = 613;
	kids['*'] = IDX_PREFIX | 12;
	header(node(NULL, kids, NULL, 0));
	is_str(look(1, "a"), "ERR key longer than 256 bytes",
	    "a glob longer than the pattern buffer");
}

static char *
slurp(const char *dir, const char *name, size_t *len)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return read_file(path, TABLE_MAX, len);
}

/* The modules the text table's globs give for KEY, in line order. */
static void
text_hits(const char *alias, size_t alen, const char *key, size_t klen,
    struct nameset *out)
{
	struct span cur = { alias, alen }, pat, mod;

	out->len = 0;
	while (alias_next(&cur, &pat, &mod))
		if (glob_match(pat.p, pat.len, key, klen) &&
		    !set_has(out, mod.p, mod.len))
			set_add(out, mod.p, mod.len);
}

static int
in_bounds(const struct hits *h, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].name.p < buf || h->v[i].name.p +
		    h->v[i].name.len >= buf + len)
			return 0;
	return h->n <= HITS_MAX;
}

static int
found(const char *buf, size_t len, const char *name)
{
	struct idx x = { (const unsigned char *)buf, len, len, 0, NULL };
	struct hits h;

	return idx_search(&x, S(name), 0, &h) == 0 && h.n == 1;
}

static void
test_debian(void)
{
	glob_t g;
	const char *dir;
	char *alias, *dep, *abin, *dbin, key[256], *k;
	size_t alen, dlen, ablen, dblen, i, n = 0, bad = 0, lines = 0;
	struct nameset want = { 0 }, got = { 0 };
	struct span cur, pat, mod, l, m;
	struct hits h;
	struct idx x;

	if (glob("/lib/modules/6.1.0-*-amd64/modules.alias.bin", 0, NULL,
	    &g) != 0) {
		for (i = 0; i < 5; i++)
			printf("ok %d - # SKIP no Debian 6.1 modules tree\n",
			    ++tap_n);
		return;
	}
	dir = dirname(g.gl_pathv[g.gl_pathc - 1]);
	alias = slurp(dir, "modules.alias", &alen);
	dep = slurp(dir, "modules.dep", &dlen);
	abin = slurp(dir, "modules.alias.bin", &ablen);
	dbin = slurp(dir, "modules.dep.bin", &dblen);
	if (!alias || !dep || !abin || !dbin)
		return;
	/* keys made from every 101st glob: '*' empty, '?' and [..] a byte */
	for (cur = (struct span){ alias, alen }; alias_next(&cur, &pat, &mod);) {
		if (lines++ % 101 != 0 || pat.len >= sizeof key)
			continue;
		for (i = 0, k = key; i < pat.len; i++) {
			if (pat.p[i] == '[' && memchr(pat.p + i, ']',
			    pat.len - i) != NULL) {
				*k++ = pat.p[i + 1];
				i = (const char *)memchr(pat.p + i, ']',
				    pat.len - i) - pat.p;
			} else if (pat.p[i] != '*') {
				*k++ = pat.p[i] == '?' ? 'Q' : pat.p[i];
			}
		}
		text_hits(alias, alen, key, k - key, &want);
		x = (struct idx){ (unsigned char *)abin, ablen, ablen, 0, NULL };
		for (i = 0; i < (size_t)(k - key); i++)
			key[i] = fold(key[i]);
		got.len = 0;
		if (idx_search(&x, key, k - key, 1, &h) < 0)
			bad++;
		for (i = 0; i < h.n; i++)
			if (!set_has(&got, h.v[i].name.p, h.v[i].name.len))
				set_add(&got, h.v[i].name.p, h.v[i].name.len);
		if (got.len != want.len || (got.len > 0 &&
		    memcmp(got.buf, want.buf, got.len) != 0)) {
			if (bad++ < 3)
				printf("# %.*s: text '%.*s', index '%.*s'\n",
				    (int)(k - key), key, (int)want.len,
				    want.buf, (int)got.len, got.buf);
		}
		n++;
	}
	ok(n > 200 && bad == 0, "modules.alias.bin gives what modules.alias "
	    "gives, in the same order (260 keys from Debian 6.1)");
	cur = (struct span){ dep, dlen };
	for (bad = n = 0; span_line(&cur, &l); n++) {
		m = mod_name(l.p, l.len);
		for (i = 0; i < m.len && i < sizeof key; i++)
			key[i] = fold(m.p[i]);
		x = (struct idx){ (unsigned char *)dbin, dblen, dblen, 0, NULL };
		if (idx_search(&x, key, i, 0, &h) < 0 || h.n != 1 ||
		    h.v[0].name.len !=
		    l.len || memcmp(h.v[0].name.p, l.p, l.len) != 0)
			bad++;
	}
	ok(n > 1000 && bad == 0, "modules.dep.bin gives every modules.dep line");
	x = (struct idx){ (unsigned char *)dbin, dblen, dblen, 0, NULL };
	ok(found(dbin, dblen, "kvm_amd") && found(dbin, dblen, "kvm") &&
	    !found(dbin, dblen, "kvm_") && !found(dbin, dblen, "kvm_amdx"),
	    "modules.dep.bin: prefixes and extensions of names miss");
	/* depmod writes a node after its children: the root comes last */
	for (bad = i = 0; i < 300; i++) {
		x = (struct idx){ (unsigned char *)abin, rng_below(ablen), 0, 0,
		    NULL };
		x.visits = x.len;
		if (idx_search(&x, S("pci:v00008086d00001502sv00001028sd0000"
		    "05D3bc02sc00i00"), 1, &h) >= 0)
			bad++;
	}
	ok(bad == 0, "truncated alias indexes are refused (300 cuts)");
	for (bad = i = 0; i < 2000; i++) {
		abin[12 + rng_below(ablen - 12)] ^= 1 << rng_below(8);
		dbin[12 + rng_below(dblen - 12)] ^= 1 << rng_below(8);
		x = (struct idx){ (unsigned char *)abin, ablen, ablen, 0, NULL };
		if (idx_search(&x, S("usb:v046DpC52Bd1201dc00dsc00dp00ic03isc01"
		    "ip01in00"), 1, &h) >= 0 && !in_bounds(&h, abin, ablen))
			bad++;
		x = (struct idx){ (unsigned char *)dbin, dblen, dblen, 0, NULL };
		if (idx_search(&x, S("e1000e"), 0, &h) >= 0 &&
		    !in_bounds(&h, dbin, dblen))
			bad++;
	}
	ok(bad == 0, "2000 bit flips in both indexes: every answer lies "
	    "inside the file (and ASan saw no read outside)");
	free(want.buf);
	free(got.buf);
	free(alias);
	free(dep);
	free(abin);
	free(dbin);
	globfree(&g);
}

/* ix[0..ixlen) in its own mapping, as mod.c maps a file */
static struct span
mapped(void)
{
	void *p = mmap(NULL, ixlen, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memcpy(p, ix, ixlen);
	return (struct span){ p, ixlen };
}

/*
 * modules.dep.bin found corrupt while an alias's modules are loaded: the
 * text is read from then on, the alias index's answer stays readable.
 */
static void
test_refused_midway(void)
{
	char dir[] = "/tmp/modindexXXXXXX", path[600];
	uint32_t root[128] = { 0 }, x[128] = { 0 };
	static const struct val a = { 0, "a" };
	struct modctx c;
	int out, r;

	if (mkdtemp(dir) == NULL)
		return;
	memset(&c, 0, sizeof c);
	snprintf(c.dir, sizeof c.dir, "%s", dir);
	snprintf(path, sizeof path, "%s/modules.dep", dir);
	write_file_atomic(path, "kernel/a.ko:\n", 13, 0644);
	snprintf(path, sizeof path, "%s/modules.alias", dir);
	write_file_atomic(path, "alias x* a\n", 11, 0644);
	ixlen = 12;
	x['*'] = node(NULL, NULL, &a, 1);
	root['x'] = node(NULL, x, NULL, 0);
	header(node(NULL, root, NULL, 0));
	c.abin = mapped();
	ixlen = 12;
	header(IDX_CHILDS | 4000);
	c.dbin = mapped();
	c.builtin = c.conf = c.cmdline = c.procmods = span_str("");
	c.dry = 1;
	fflush(stdout);
	out = dup(1);
	dup2(open("/dev/null", O_WRONLY), 1);
	r = mod_probe(&c, S("xyz"), NULL);
	fflush(stdout);
	dup2(out, 1);
	ok(r == 0 && c.abin.p == NULL && c.dep.p != NULL &&
	    set_has(&c.visited, S("a")), "modules.dep.bin corrupt in the middle "
	    "of an alias: refused, the module found in the text");
	free((char *)c.dep.p);
	free((char *)c.alias.p);
	free(c.visited.buf);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	/* our own mkdtemp(3) directory: a shell is fine, a failure harmless */
	(void)system(path);	/* NOLINT(cert-env33-c) */
}

int
main(void)
{
	rng_init();
	test_known();
	test_broken();
	test_debian();
	test_refused_midway();
	return done();
}
