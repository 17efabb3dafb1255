/* SPDX-License-Identifier: ISC */
/*
 * modules.c - the modules.dep/alias/builtin and modprobe.d parsers, the
 * glob matcher (against a naive reference on random patterns), gzip
 * inflation (fixtures made here with zlib's own gzip) and errno in words.
 */
#include <zlib.h>

#include "../../applets/modules/mod.c"
#include "../rng.h"
#include "../tap.h"

#define S(s)	s, strlen(s)
#define SP(s)	span_str(s)

/* The obvious exponential matcher, for short random inputs only. */
static int
ref_match(const char *p, const char *s)
{
	const char *q;
	int neg, hit;

	if (*p == '\0')
		return *s == '\0';
	if (*p == '*')
		return ref_match(p + 1, s) || (*s && ref_match(p, s + 1));
	if (*s == '\0')
		return 0;
	if (*p == '[' && (q = strchr(p + 2, ']')) != NULL) {
		neg = p[1] == '!';
		hit = memchr(p + 1 + neg, *s, q - p - 1 - neg) != NULL;
		return hit != neg && ref_match(q + 1, s + 1);
	}
	return (*p == '?' || *p == *s) && ref_match(p + 1, s + 1);
}

static void
test_glob(void)
{
	static const struct { const char *p, *s; int want; } t[] = {
		{ "*", "", 1 }, { "", "", 1 }, { "", "a", 0 }, { "a", "", 0 },
		{ "a*b", "axxb", 1 }, { "a*b", "axxbc", 0 }, { "a?c", "abc", 1 },
		{ "a?c", "ac", 0 }, { "[abc]x", "bx", 1 }, { "[!a]x", "ax", 0 },
		{ "[!a]x", "bx", 1 }, { "[^a]x", "bx", 1 }, { "[a-c]", "b", 1 },
		{ "[a-c]", "d", 0 }, { "[]a]", "]", 1 }, { "[a-]", "-", 1 },
		{ "[", "[", 1 }, { "[ab", "[ab", 1 }, { "a*b*c", "abxbc", 1 },
		{ "**", "x", 1 }, { "*a", "bbb", 0 },
		{ "pci:v00001AF4d*sv*sd*bc*sc*i*",
		  "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00", 1 },
		{ "pci:v00001AF4d*sv*sd*bc*sc*i*",
		  "pci:v00008086d00001000sv00001AF4sd00000001bc02sc00i00", 0 },
		{ "cpu:type:x86,ven*fam*mod*:feature:*00C2*",
		  "cpu:type:x86,ven0002fam0019mod0001:feature:,0000,00C2,0100",
		  1 },
		{ "cpu:type:x86,ven*fam*mod*:feature:*0085*",
		  "cpu:type:x86,ven0002fam0019mod0001:feature:,0000,00C2,0100",
		  0 },
		{ "scsi:t-0x00*", "scsi:t-0x00", 1 },
		{ "scsi:t-0x00*", "scsi:t-0x05", 0 },
	};
	char p[12], s[12], name[80], big[4001];
	size_t i, j, pl, sl;
	int bad = 0;

	for (i = 0; i < LEN(t); i++) {
		snprintf(name, sizeof name, "glob '%.30s' %s '%.20s'", t[i].p,
		    t[i].want ? "matches" : "does not match", t[i].s);
		ok(glob_match(S(t[i].p), S(t[i].s)) == t[i].want, name);
	}
	for (i = 0; i < 20000 && !bad; i++) {
		static const char *const atoms[] = { "a", "b", "*", "?",
		    "[ab]", "[!a]" };
		pl = sl = 0;
		for (j = rng_below(5); j > 0; j--) {
			const char *a = atoms[rng_below(LEN(atoms))];
			if (pl + strlen(a) < sizeof p - 1) {
				memcpy(p + pl, a, strlen(a));
				pl += strlen(a);
			}
		}
		p[pl] = '\0';
		for (j = rng_below(8); j > 0; j--)
			s[sl++] = "abc"[rng_below(3)];
		s[sl] = '\0';
		if (glob_match(p, pl, s, sl) != ref_match(p, s)) {
			printf("# differs: '%s' '%s'\n", p, s);
			bad = 1;
		}
	}
	ok(!bad, "20000 random globs agree with the reference matcher");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ok(glob_match(S("*a*a*a*a*a*a*a*a*a*a*b"), big, sizeof big - 1) == 0,
	    "a pathological glob on 4000 bytes ends (no exponential backtrack)");
}

static void
test_tables(void)
{
	static const char dep[] =
	    "kernel/arch/x86/kvm/kvm.ko: kernel/virt/lib/irqbypass.ko\n"
	    "kernel/arch/x86/kvm/kvm-amd.ko: kernel/drivers/crypto/ccp/ccp.ko"
	    " kernel/arch/x86/kvm/kvm.ko kernel/virt/lib/irqbypass.ko\n"
	    "no colon here\n"
	    "kernel/fs/x.ko.xz:";
	static const char alias[] =
	    "# Aliases extracted from modules themselves.\n"
	    "alias  virtio:d00000001v*\tvirtio_net\n"
	    "alias onlypattern\n"
	    "aliasx a b\n"
	    "alias cpu:type:x86,ven*fam*mod*:feature:*00C2* kvm_amd";
	static const char conf[] =
	    "# comment\n options  kvm_amd nested=1  avic=1 \t\n"
	    "blacklist pcspkr\ninstall foo /bin/true\noptions\n";
	struct span cur, l, w, pat, mod, m;
	struct conf_line c;
	int n;

	m = mod_name(S("kernel/arch/x86/kvm/kvm-amd.ko.xz"));
	ok(m.len == 7 && memcmp(m.p, "kvm-amd", 7) == 0, "name of a .ko.xz path");
	m = mod_name(S("a.kob.ko"));
	ok(m.len == 5 && memcmp(m.p, "a.kob", 5) == 0, "'.kob' is not '.ko'");
	m = mod_name(S("dir/"));
	ok(m.len == 0, "a path ending in '/' names nothing");
	ok(name_eq(S("kvm-amd"), S("kvm_amd")) && !name_eq(S("kvm"), S("kvm_")),
	    "'-' and '_' are the same in names, lengths are not");
	ok(line_find(SP(dep), S("kvm_amd"), &l) && l.len > 30 &&
	    memcmp(l.p, "kernel/arch/x86/kvm/kvm-amd.ko:", 31) == 0,
	    "modules.dep: kvm_amd found as kvm-amd");
	cur.p = memchr(l.p, ':', l.len) + 1;
	cur.len = l.p + l.len - cur.p;
	for (n = 0; span_word(&cur, &w); n++)
		;
	ok(n == 3, "modules.dep: kvm-amd has three dependencies");
	ok(line_find(SP(dep), S("x"), &l) && l.len == 18,
	    "the last line without '\\n', a compressed module, no deps");
	ok(!line_find(SP(dep), S("kvm-intel"), &l) && !line_find(SP(""), S("a"), &l),
	    "absent names, empty table");
	ok(line_find(SP("virtio_net 61440 0 - Live 0x0\n"), S("virtio-net"), &l),
	    "/proc/modules: the first word is the name");
	cur = SP(alias);
	ok(alias_next(&cur, &pat, &mod) &&
	    pat.len == 18 && mod.len == 10 && memcmp(mod.p, "virtio_net", 10) == 0,
	    "modules.alias: blanks and tabs between fields, comment skipped");
	ok(alias_next(&cur, &pat, &mod) &&
	    memcmp(mod.p, "kvm_amd", 7) == 0 && mod.len == 7,
	    "a line without a module and a non-alias line are skipped");
	ok(!alias_next(&cur, &pat, &mod), "then the end");
	cur = SP(conf);
	/* each line read (1) before its fields are looked at */
	ok(conf_next(&cur, &c) && c.kind == 0,
	    "modprobe.d: a comment is no directive");
	ok(conf_next(&cur, &c) && c.kind == 'o' && c.name.len == 7 &&
	    c.rest.len == 16 && memcmp(c.rest.p, "nested=1  avic=1", 16) == 0,
	    "options: name, parameters with outer blanks trimmed");
	ok(conf_next(&cur, &c) && c.kind == 'b' && c.name.len == 6,
	    "blacklist NAME");
	ok(conf_next(&cur, &c) && c.kind == 0,
	    "install is not supported, and ignored");
	ok(conf_next(&cur, &c) && c.kind == 0 && !conf_next(&cur, &c),
	    "'options' without a name is ignored; then the end");
}

/* softdep lines: kmod's reading, words before "pre:" ignored */
static void
test_softdep(void)
{
	static const char conf[] =
	    "softdep cifs gcm\n"
	    "softdep\t[r]eal*  x pre: a  b post:\tc pre: d post:\n";
	struct span cur = SP(conf), w0, w;
	struct conf_line c;
	char got[64] = "";
	int mode = 0;

	ok(conf_next(&cur, &c) && c.kind == 's' && c.rest.len == 3,
	    "softdep NAME WORDS");
	w0 = c.rest;
	ok(!soft_next(&w0, &mode, &w),
	    "words before pre: or post: name nothing (Debian's cifs lines)");
	ok(conf_next(&cur, &c) && c.kind == 's' &&
	    glob_match(c.name.p, c.name.len, S("realtek")) &&
	    !glob_match(c.name.p, c.name.len, S("rtl8150")),
	    "softdep's NAME is a glob");
	for (w0 = c.rest; soft_next(&w0, &mode, &w);)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%d%.*s ",
		    mode, (int)w.len, w.p);
	ok(strcmp(got, "1a 1b 2c 1d ") == 0,
	    "pre: and post: switch, any number of times");
}

static void
test_params(void)
{
	struct modctx c;
	char out[PARAMS_MAX];
	struct span kvm = { "kvm-amd", 7 }, big = { "big", 3 };
	char conf[] = "options kvm_amd nested=1\noptions big x=1\n";
	char cmd[] = "root=/dev/sda kvm_amd.avic=\"1 2\" kvm-amd.sev "
	    "kvm.x=1 modprobe.blacklist=pcspkr,kvm-amd";
	char *huge = malloc(PARAMS_MAX + 16);

	memset(&c, 0, sizeof c);
	c.conf = span_str(conf);
	c.cmdline = span_str(cmd);
	ok(params_for(&c, kvm, "a=b", out) == 0 &&
	    strcmp(out, "nested=1 avic=\"1 2\" sev a=b") == 0,
	    "parameters: modprobe.d, then the command line, then argv");
	ok(blacklisted(&c, kvm) && !blacklisted(&c, big),
	    "modprobe.blacklist= on the command line");
	memset(huge, 'x', PARAMS_MAX + 15);
	huge[PARAMS_MAX + 15] = '\0';
	ok(params_for(&c, big, huge, out) == -1 && strlen(out) < PARAMS_MAX,
	    "parameters longer than the bound are refused, not cut");
	free(huge);
	c.cmdline = span_str("modprobe.blacklist=pcspkr,kvm-amd x=1 "
	    "modprobe.blacklist=big");
	ok(blacklisted(&c, kvm) && blacklisted(&c, big) &&
	    !blacklisted(&c, span_str("pcs")),
	    "every modprobe.blacklist= word counts, as in kmod");
}

/* DATA gzip'd by zlib (the gzip wrapper, header NAME if not NULL). */
static unsigned char *
gzip(const void *data, size_t len, const char *name, size_t *gzlen)
{
	unsigned char *out = malloc(len + len / 100 + 256);
	gz_header h;
	z_stream z;

	memset(&z, 0, sizeof z);
	memset(&h, 0, sizeof h);
	h.name = (unsigned char *)name;
	h.extra = (unsigned char *)"xy";
	h.extra_len = name ? 2 : 0;
	h.hcrc = name != NULL;
	deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	if (name != NULL)
		deflateSetHeader(&z, &h);
	z.next_in = (unsigned char *)data;
	z.avail_in = len;
	z.next_out = out;
	z.avail_out = len + len / 100 + 256;
	deflate(&z, Z_FINISH);
	*gzlen = z.total_out;
	deflateEnd(&z);
	return out;
}

static void
test_gzip(void)
{
	static const size_t sizes[] = { 0, 1, 4096, 300000 };
	unsigned char *data = malloc(300000), *gz;
	size_t i, gzlen, outlen;
	char *out, name[64];
	int good;

	for (i = 0; i < 300000; i++)
		data[i] = i % 7 == 0 ? rng_below(256) :
		    (unsigned char)"\177ELF"[i % 4];
	for (i = 0; i < LEN(sizes); i++) {
		gz = gzip(data, sizes[i], i % 2 ? "mod.ko" : NULL, &gzlen);
		out = mod_inflate((char *)gz, gzlen, 1 << 20, &outlen);
		good = out != NULL && outlen == sizes[i] &&
		    memcmp(out, data, outlen) == 0;
		snprintf(name, sizeof name, "gzip of %zu bytes%s inflates back",
		    sizes[i], i % 2 ? " (FNAME, FEXTRA, FHCRC)" : "");
		ok(good, name);
		free(out);
		free(gz);
	}
	gz = gzip(data, 300000, "m", &gzlen);
	errno = 0;
	ok(mod_inflate((char *)gz, gzlen, 100000, &outlen) == NULL &&
	    errno == EFBIG, "more than the bound inflated: EFBIG");
	for (i = 0; i < 64; i++) {	/* whatever its last 4 bytes say */
		outlen = 0;
		if (mod_inflate((char *)gz, gzlen / 2 + i * 97, 1 << 20,
		    &outlen) != NULL || errno != EINVAL)
			break;
	}
	ok(i == 64, "truncated gzip: EINVAL (corrupt), never EFBIG");
	gz[gzlen - 4] ^= 1;
	ok(mod_inflate((char *)gz, gzlen, 1 << 20, &outlen) == NULL &&
	    errno == EINVAL, "ISIZE in the trailer one off: EINVAL");
	gz[gzlen - 4] ^= 1;
	memcpy(gz + gzlen - 4, "\377\377\377\377", 4);
	ok(mod_inflate((char *)gz, gzlen, 1 << 20, &outlen) == NULL &&
	    errno == EINVAL, "ISIZE 4 GB, a lie: EINVAL");
	gz[gzlen - 4] = 300000 & 0xff;
	gz[gzlen - 3] = 300000 >> 8 & 0xff;
	gz[gzlen - 2] = 300000 >> 16;
	gz[gzlen - 1] = 0;
	gz[gzlen / 2] ^= 0x55;
	out = mod_inflate((char *)gz, gzlen, 1 << 20, &outlen);
	ok(out == NULL || outlen != 300000 || memcmp(out, data, outlen) != 0,
	    "corrupt deflate data never inflates to the original");
	free(out);
	gz[0] = 0x1e;
	ok(mod_inflate((char *)gz, gzlen, 1 << 20, &outlen) == NULL &&
	    errno == EINVAL, "bad magic: EINVAL");
	free(gz);
	ok(gz_body((const unsigned char *)"\037\213\010\010abcdefghij", 14) ==
	    -1, "FNAME without its NUL is malformed");
	ok(gz_body((const unsigned char *)"\037\213\010\004\0\0\0\0\0\0\377\377"
	    "12345678", 20) == -1, "FEXTRA longer than the member");
	free(data);
}

static void
test_insmod(void)
{
	char dir[] = "/tmp/modulesXXXXXX", path[64];
	const char *why;
	unsigned char *gz;
	size_t gzlen;
	int fd;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof path, "%s/x.ko", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	gz = gzip("#!/bin/sh\n", 10, NULL, &gzlen);
	if (write(fd, gz, gzlen) < 0)
		return;
	close(fd);
	ok(mod_insmod(path, "", &why) == -2 && errno == ENOEXEC &&
	    strstr(why, "no ELF") != NULL, "insmod: gzip'd, not ELF inside");
	fd = open(path, O_WRONLY | O_TRUNC);
	if (write(fd, gz, 8) < 0)
		return;
	close(fd);
	ok(mod_insmod(path, "", &why) == -2 && strstr(why, "gzip") != NULL,
	    "insmod: a truncated gzip");
	fd = open(path, O_WRONLY | O_TRUNC);
	if (write(fd, "MZ\x90\0\3\0\0\0", 8) < 0)
		return;
	close(fd);
	ok(mod_insmod(path, "", &why) == -2 && strstr(why, "not an ELF"),
	    "insmod: not ELF, gzip, xz or zstd");
	fd = open(path, O_WRONLY | O_TRUNC);
	close(fd);
	ok(mod_insmod(path, "", &why) == -2 && strstr(why, "too short"),
	    "insmod: an empty file");
	unlink(path);
	ok(mod_insmod(path, "", &why) == -1 && errno == ENOENT,
	    "insmod: a missing file is a system call failure");
	rmdir(dir);
	free(gz);
	ok(strcmp(mod_strerror(EEXIST), "already loaded") == 0 &&
	    strstr(mod_strerror(ENOEXEC), "invalid module format") &&
	    strstr(mod_strerror(ENOENT), "unknown symbol") &&
	    strcmp(mod_strerror(ENODEV), "no such hardware") == 0,
	    "errno in words");
	ok(mod_nohw(ENODEV) && mod_nohw(EOPNOTSUPP) && !mod_nohw(ENOEXEC),
	    "ENODEV and EOPNOTSUPP mean absent hardware");
}

static void
test_set(void)
{
	struct nameset s = { 0 };

	ok(!set_has(&s, S("a")), "an empty set has nothing");
	set_add(&s, S("kvm_amd"));
	set_add(&s, S("pci:v1"));
	ok(set_has(&s, S("kvm-amd")) && set_has(&s, S("pci:v1")) &&
	    !set_has(&s, S("pci:v")) && !set_has(&s, S("kvm")),
	    "set: whole names only, '-' as '_'");
	free(s.buf);
}

int
main(void)
{
	rng_init();
	test_glob();
	test_tables();
	test_softdep();
	test_params();
	test_gzip();
	test_insmod();
	test_set();
	return done();
}
