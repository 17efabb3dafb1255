/* SPDX-License-Identifier: ISC */
/* mkinitrd.c - the initrd spec parser, the newc writer and its gzip. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define main mkinitrd_main	/* the tool's own main stays out of the way */
#include "../../build/mkinitrd.c"
#undef main

#include "../rng.h"
#include "../tap.h"

#define SPEC(s)	s, sizeof(s) - 1

/* S fails on LINE with a message that contains WHAT. */
static int
fails(const char *text, size_t line, const char *what)
{
	struct spec s;

	if (spec_parse(text, strlen(text), &s) == 0) {
		spec_free(&s);
		return 0;
	}
	if (s.errline != line || strstr(s.err, what) == NULL) {
		printf("# line %zu: %s\n", s.errline, s.err);
		return 0;
	}
	return s.n == 0 && s.e == NULL;
}

static const char good[] =
	"# the test image\n"
	"dir /bin 755 0 0\n"
	"\n"
	"file /bin/halbox out/halbox 755 0 0\n"
	"slink\t/init\tbin/halbox  777 0 0\r\n"
	"dir /dev 755 0 0\n"
	"nod /dev/console 600 0 5 c 5 1\n"
	"nod //dev/./sda 660 0 6 b 8 0\n"
	"   # an indented comment\n"
	"dir /run 1777 1000 1000";

int
main(void)
{
	static const char *tok[] = {
		"dir", "file", "nod", "slink", "/a", "/a/b", "a/../b", "/",
		"755", "0", "99999999999", "c", "b", "x", "\n", "\n", " ", "#",
	};
	struct buf cpio = { 0 }, gz = { 0 };
	unsigned char back[2048];
	char text[256];
	uLongf backlen;
	struct spec s;
	z_stream z;
	int i, bad = 0;

	rng_init();
	if (!ok(spec_parse(SPEC(good), &s) == 0 && s.n == 7,
	    "a good spec: 7 entries"))
		return done();	/* the checks below read those entries */
	ok(strcmp(s.e[0].name, "bin") == 0 &&
	    strcmp(s.e[1].name, "bin/halbox") == 0 &&
	    strcmp(s.e[2].name, "dev") == 0 &&
	    strcmp(s.e[3].name, "dev/console") == 0 &&
	    strcmp(s.e[4].name, "dev/sda") == 0 &&
	    strcmp(s.e[5].name, "init") == 0 && strcmp(s.e[6].name, "run") == 0,
	    "sorted by name, leading '/', '//' and '.' dropped");
	ok(s.e[1].mode == (S_IFREG | 0755) &&
	    strcmp(s.e[1].arg, "out/halbox") == 0 && s.e[1].line == 4,
	    "file: mode, source, line");
	ok(s.e[5].mode == (S_IFLNK | 0777) && strcmp(s.e[5].arg, "bin/halbox") == 0,
	    "slink: tabs and CRLF separate fields");
	ok(s.e[3].mode == (S_IFCHR | 0600) && s.e[3].gid == 5 &&
	    s.e[3].major == 5 && s.e[3].minor == 1, "nod c: mode, gid, major, minor");
	ok(s.e[4].mode == (S_IFBLK | 0660) && s.e[4].major == 8,
	    "nod b: a block device");
	ok(s.e[6].mode == (S_IFDIR | 01777) && s.e[6].uid == 1000,
	    "dir: sticky bit and uid");
	spec_free(&s);

	ok(spec_parse("", 0, &s) == 0 && s.n == 0, "an empty spec is empty");
	ok(fails("dir /a 755 0 0\nfifo /a/p 644 0 0\n", 2,
	    "unknown entry type 'fifo'"),
	    "an unknown type names its line");
	ok(fails("dir /a 755 0\n", 1, "wrong number of fields"), "too few fields");
	ok(fails("dir /a 755 0 0 0 0 0 0 0 0\n", 1, "too many fields"),
	    "too many fields");
	ok(fails("dir /a 755 0 0\ndir /b 798 0 0\n", 2, "bad mode '798'"),
	    "a non-octal mode");
	ok(fails("dir /a 10000 0 0\n", 1, "bad mode"), "a mode above 07777");
	ok(fails("dir /a -1 0 0\n", 1, "bad mode"), "a signed mode");
	ok(fails("dir /a 755 root 0\n", 1, "bad uid 'root'"), "a uid by name");
	ok(fails("dir /a 755 0 4294967296\n", 1, "bad gid"), "a gid above 32 bits");
	ok(fails("nod /c 600 0 0 p 5 1\n", 1, "bad device type"), "a FIFO as nod");
	ok(fails("nod /c 600 0 0 c 4096 1\n", 1, "bad major"), "major > 4095");
	ok(fails("nod /c 600 0 0 c 5 1048576\n", 1, "bad minor"), "minor > 2^20-1");
	ok(fails("dir /a 755 0 0\n\ndir /a/../../etc 755 0 0\n", 3,
	    "path escapes the root"), "'..' is refused");
	ok(fails("dir .. 755 0 0\n", 1, "escapes"), "a bare '..'");
	ok(fails("dir / 755 0 0\n", 1, "empty path"), "the root itself");
	ok(fails("dir /a 755 0 0\n#\ndir a/ 700 0 0\n", 3,
	    "duplicate path 'a' (first on line 1)"),
	    "a duplicate names both lines, later first");
	ok(fails("dir /a 755 0 0\nfile /a/b/c x 644 0 0\n", 2,
	    "parent 'a/b' is not a dir entry"), "a missing parent directory");
	ok(fails("file /a x 644 0 0\nfile /a/b x 644 0 0\n", 2,
	    "parent 'a' is not a dir"), "a file as a parent");
	ok(spec_parse(SPEC("dir /a\0b 755 0 0\n"), &s) == -1 && s.errline == 1 &&
	    strstr(s.err, "bad path") != NULL, "a NUL inside a name is refused");

	/* newc: header 110 bytes + name, padded to 4; data padded to 4 */
	ok(spec_parse(SPEC("dir /d 700 7 8\nslink /d/l target 777 0 0\n"),
	    &s) == 0, "a two-entry spec");
	archive("test", &s, 0x5f5e100, &cpio);
	ok(cpio.len % 4 == 0 && memcmp(cpio.p, "070701", 6) == 0,
	    "the archive starts with the newc magic, 4-byte aligned");
	ok(memcmp(cpio.p + 6, "00000001000041C000000007000000080000000205F5E100",
	    48) == 0, "ino 1, mode 040700, uid 7, gid 8, nlink 2, mtime");
	ok(memcmp(cpio.p + 110, "d", 2) == 0 &&
	    memcmp(cpio.p + 112, "070701", 6) == 0,
	    "name and NUL end on a 4-byte boundary: the next header follows");
	ok(memcmp(cpio.p + 112 + 54, "00000006", 8) == 0 &&
	    memcmp(cpio.p + 222, "d/l\0\0\0target\0\0", 14) == 0,
	    "a symlink's data is its target, without NUL, padded");
	ok(cpio.len >= 124 && memcmp(cpio.p + cpio.len - 124 + 110,
	    "TRAILER!!!", 10) == 0, "the archive ends with TRAILER!!!");
	gzip(&cpio, &gz);
	ok(gz.len > 18 && gz.p[0] == 0x1f && gz.p[1] == 0x8b &&
	    memcmp(gz.p + 4, "\0\0\0\0", 4) == 0, "gzip: magic, mtime 0");
	memset(&z, 0, sizeof z);
	inflateInit2(&z, 15 + 16);
	z.next_in = gz.p;
	z.avail_in = gz.len;
	z.next_out = back;
	z.avail_out = sizeof back;
	ok(inflate(&z, Z_FINISH) == Z_STREAM_END, "gzip: it inflates");
	backlen = z.total_out;
	inflateEnd(&z);
	ok(backlen == cpio.len && memcmp(back, cpio.p, cpio.len) == 0,
	    "gzip: back to the same archive");
	spec_free(&s);
	free(cpio.p);
	free(gz.p);

	/* random specs from tokens: either sorted unique names, or an error
	 * that names a line of the spec */
	for (i = 0; i < 5000; i++) {
		size_t len = 0, lines = 1, k;

		while (len < sizeof text - 16 && rng_below(24) != 0) {
			const char *t = tok[rng_below(LEN(tok))];

			memcpy(text + len, t, strlen(t));
			len += strlen(t);
			lines += *t == '\n';
			if (*t != '\n')
				text[len++] = ' ';
		}
		if (spec_parse(text, len, &s) == 0) {
			for (k = 1; k < s.n; k++)
				if (strcmp(s.e[k - 1].name, s.e[k].name) >= 0)
					bad = 1;
			spec_free(&s);
		} else if (s.errline < 1 || s.errline > lines || s.n != 0) {
			bad = 1;
		}
	}
	ok(!bad, "5000 random specs: sorted and unique, or an error on a line");
	return done();
}
