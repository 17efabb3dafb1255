/* SPDX-License-Identifier: ISC */
/*
 * mkinitrd - write an initramfs (newc cpio, gzip -9) from a spec, no root
 *
 * usage: mkinitrd SPEC OUT
 * OUT ending in ".cpio" is written uncompressed, for another compressor
 * (build/initrd.sh's zstd and xz) to take without a gzip round trip.
 * SPEC has one entry a line, in the spirit of the kernel's usr/gen_init_cpio:
 *   dir   NAME MODE UID GID
 *   file  NAME SOURCE MODE UID GID
 *   slink NAME TARGET MODE UID GID
 *   nod   NAME MODE UID GID b|c MAJOR MINOR
 * Blank lines and lines starting with '#' are skipped. NAME is a path in the
 * archive ("/bin/halbox"); every parent directory needs its own dir line.
 * MODE is octal permission bits; owners are the spec's whoever builds it, so
 * device nodes go in without mknod(2). Entries are sorted by name, inodes
 * numbered in that order, mtimes are SOURCE_DATE_EPOCH (or 0): the same
 * inputs give the same bytes. OUT is written whole, then renamed.
 * The format: the kernel's Documentation/driver-api/early-userspace/
 * buffer-format.rst (newc, "070701", 4-byte alignment, "TRAILER!!!").
 * Exit: 0 ok, 100 usage or bad spec (the message names SPEC:LINE), 111 I/O.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "../multicall/box.h"

#define NAME_MAX_LEN	4095	/* PATH_MAX less the NUL */
#define MAX_FIELDS	8
#define MAX_SOURCE	(1UL << 30)

static const char mkinitrd_usage[] =
	"mkinitrd SPEC OUT\n"
	"SPEC lines: dir NAME MODE UID GID | file NAME SOURCE MODE UID GID |\n"
	"slink NAME TARGET MODE UID GID | nod NAME MODE UID GID b|c MAJ MIN";

struct spec_entry {
	char *name;		/* "bin/halbox": no leading '/', no "." or ".." */
	char *arg;		/* file: its source; slink: its target */
	unsigned mode;		/* S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR, S_IFBLK | 07777 */
	unsigned long uid, gid, major, minor;
	size_t line;
};

struct spec {
	struct spec_entry *e;
	size_t n;
	size_t errline;		/* the line an error is about, 0 if none */
	char err[160];
};

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static int
fail(struct spec *s, size_t line, const char *msg, const struct span *f)
{
	s->errline = line;
	if (f != NULL)
		snprintf(s->err, sizeof s->err, "%s '%.*s'", msg,
		    (int)(f->len > 64 ? 64 : f->len), f->p);
	else
		snprintf(s->err, sizeof s->err, "%s", msg);
	return -1;
}

/*
 * NAME as a path below the archive's root: '/' separators, empty and "."
 * components dropped, ".." refused (it would escape the root: the kernel's
 * unpacker, init/initramfs.c, follows it as written).
 */
static int
path_name(struct spec *s, size_t line, const struct span *f, char **out)
{
	const char *p = f->p, *end = f->p + f->len, *c;
	size_t len = 0, n;
	char *name;

	if (f->len > NAME_MAX_LEN || memchr(f->p, '\0', f->len) != NULL)
		return fail(s, line, "bad path", f);
	if ((name = malloc(f->len + 1)) == NULL)
		return fail(s, line, "out of memory", NULL);
	while (p < end) {
		for (c = p; c < end && *c != '/'; c++)
			;
		n = c - p;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			free(name);
			return fail(s, line, "path escapes the root", f);
		}
		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (len > 0)
				name[len++] = '/';
			memcpy(name + len, p, n);
			len += n;
		}
		p = c + 1;
	}
	if (len == 0) {
		free(name);
		return fail(s, line, "empty path", f);
	}
	name[len] = '\0';
	*out = name;
	return 0;
}

static int
text_arg(struct spec *s, size_t line, const struct span *f, char **out)
{
	if (f->len > NAME_MAX_LEN || memchr(f->p, '\0', f->len) != NULL)
		return fail(s, line, "bad source or target", f);
	if ((*out = malloc(f->len + 1)) == NULL)
		return fail(s, line, "out of memory", NULL);
	memcpy(*out, f->p, f->len);
	(*out)[f->len] = '\0';
	return 0;
}

/* One line's fields (split on spaces and tabs) into E. */
static int
parse_line(struct spec *s, size_t line, const struct span *f, size_t nf,
    struct spec_entry *e)
{
	static const struct {
		const char *word;
		size_t nf;
		unsigned type;
	} kinds[] = {
		{ "dir", 5, S_IFDIR }, { "file", 6, S_IFREG },
		{ "nod", 8, 0 }, { "slink", 6, S_IFLNK },
	};
	unsigned long mode;
	size_t k, at;

	for (k = 0; k < LEN(kinds) && !span_is(f[0], kinds[k].word); k++)
		;
	if (k == LEN(kinds))
		return fail(s, line, "unknown entry type", &f[0]);
	if (nf != kinds[k].nf)
		return fail(s, line, "wrong number of fields for", &f[0]);
	memset(e, 0, sizeof *e);
	e->line = line;
	at = kinds[k].type == S_IFREG || kinds[k].type == S_IFLNK ? 3 : 2;
	if (span_uint(f[at], 8, 07777, &mode) < 0)
		return fail(s, line, "bad mode", &f[at]);
	if (span_uint(f[at + 1], 10, 0xffffffffUL, &e->uid) < 0)
		return fail(s, line, "bad uid", &f[at + 1]);
	if (span_uint(f[at + 2], 10, 0xffffffffUL, &e->gid) < 0)
		return fail(s, line, "bad gid", &f[at + 2]);
	e->mode = kinds[k].type | mode;
	if (kinds[k].nf == 8) {
		if (!span_is(f[5], "b c"))
			return fail(s, line, "bad device type (b or c)", &f[5]);
		e->mode |= f[5].p[0] == 'b' ? S_IFBLK : S_IFCHR;
		/* include/linux/kdev_t.h: 12-bit major, 20-bit minor */
		if (span_uint(f[6], 10, 4095, &e->major) < 0)
			return fail(s, line, "bad major", &f[6]);
		if (span_uint(f[7], 10, 1048575, &e->minor) < 0)
			return fail(s, line, "bad minor", &f[7]);
	}
	if (at == 3 && text_arg(s, line, &f[2], &e->arg) < 0)
		return -1;
	if (path_name(s, line, &f[1], &e->name) < 0) {
		free(e->arg);
		e->arg = NULL;
		return -1;
	}
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct spec_entry *)a)->name,
	    ((const struct spec_entry *)b)->name);
}

static void
spec_free(struct spec *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->e[i].name);
		free(s->e[i].arg);
	}
	free(s->e);
	s->e = NULL;
	s->n = 0;
}

/*
 * After sorting: no name twice, and every parent a dir entry of its own
 * (the kernel's unpacker does not create missing parents: the entry would
 * be dropped without a word).
 */
static int
spec_check(struct spec *s)
{
	struct spec_entry key, *parent;
	char dir[NAME_MAX_LEN + 1];
	const char *slash;
	size_t i, first;

	if (s->n > 1)	/* qsort(3) wants a non-NULL base even for 0 */
		qsort(s->e, s->n, sizeof *s->e, by_name);
	for (i = 0; i < s->n; i++) {
		if (i > 0 && strcmp(s->e[i].name, s->e[i - 1].name) == 0) {
			/* name the later line, point back to the first */
			first = s->e[i].line < s->e[i - 1].line ?
			    s->e[i].line : s->e[i - 1].line;
			s->errline = s->e[i].line + s->e[i - 1].line - first;
			snprintf(s->err, sizeof s->err,
			    "duplicate path '%.64s' (first on line %zu)",
			    s->e[i].name, first);
			return -1;
		}
		if ((slash = strrchr(s->e[i].name, '/')) == NULL)
			continue;
		memcpy(dir, s->e[i].name, slash - s->e[i].name);
		dir[slash - s->e[i].name] = '\0';
		key.name = dir;
		parent = bsearch(&key, s->e, s->n, sizeof *s->e, by_name);
		if (parent == NULL || !S_ISDIR(parent->mode)) {
			s->errline = s->e[i].line;
			snprintf(s->err, sizeof s->err,
			    "parent '%.64s' is not a dir entry", dir);
			return -1;
		}
	}
	return 0;
}

/*
 * Parse the spec in BUF (LEN bytes, not NUL-terminated) into S, sorted by
 * name. Pure: no I/O. 0 ok; -1 with S->errline and S->err set, S empty.
 */
static int
spec_parse(const char *buf, size_t len, struct spec *s)
{
	struct span cur = { buf, len }, l, f[MAX_FIELDS + 1];
	struct spec_entry *ne;
	size_t line = 0, nf, cap = 0;

	memset(s, 0, sizeof *s);
	while (span_line(&cur, &l)) {
		line++;
		for (nf = 0; nf <= MAX_FIELDS && span_word(&l, &f[nf]) &&
		    (nf > 0 || f[0].p[0] != '#'); nf++)
			;
		if (nf == 0)
			continue;
		if (nf > MAX_FIELDS) {
			fail(s, line, "too many fields", NULL);
			goto bad;
		}
		if (s->n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((ne = realloc(s->e, cap * sizeof *ne)) == NULL) {
				fail(s, line, "out of memory", NULL);
				goto bad;
			}
			s->e = ne;
		}
		if (parse_line(s, line, f, nf, &s->e[s->n]) < 0)
			goto bad;
		s->n++;
	}
	if (spec_check(s) == 0)
		return 0;
bad:
	spec_free(s);
	return -1;
}

/* Append N bytes of P, then zeros up to a multiple of 4 when PAD. */
static int
put(struct buf *b, const void *p, size_t n, int pad)
{
	unsigned char *np;
	size_t cap = b->cap ? b->cap : 1 << 20;

	while (cap - b->len < n + 4)
		cap *= 2;
	if (cap != b->cap) {
		if ((np = realloc(b->p, cap)) == NULL)
			return -1;
		b->p = np;
		b->cap = cap;
	}
	if (n > 0)		/* P is NULL for a dir's or a node's data */
		memcpy(b->p + b->len, p, n);
	b->len += n;
	while (pad && b->len % 4)
		b->p[b->len++] = 0;
	return 0;
}

/* newc: the header and the name are padded to 4 bytes as one unit, then
 * the data on its own. */
static int
put_entry(struct buf *b, unsigned long ino, const struct spec_entry *e,
    const char *name, unsigned long mtime, const void *data, size_t size)
{
	char hdr[111];
	size_t namesize = strlen(name) + 1;

	/* 13 fields of 8 hex digits, all 32-bit: sizes are below MAX_SOURCE */
	snprintf(hdr, sizeof hdr, "070701%08X%08X%08X%08X%08X%08X%08X%08X"
	    "%08X%08X%08X%08X%08X", (unsigned)ino, e->mode, (unsigned)e->uid,
	    (unsigned)e->gid, S_ISDIR(e->mode) ? 2U : 1U, (unsigned)mtime,
	    (unsigned)size, 0U, 0U, (unsigned)e->major, (unsigned)e->minor,
	    (unsigned)namesize, 0U);
	if (put(b, hdr, 110, 0) < 0 || put(b, name, namesize, 1) < 0 ||
	    put(b, data, size, 1) < 0)
		return -1;
	return 0;
}

/* The archive for S into B; an error names the spec line of a bad source. */
static void
archive(const char *specpath, const struct spec *s, unsigned long mtime,
    struct buf *b)
{
	static const struct spec_entry trailer = { .mode = 0 };
	const struct spec_entry *e;
	struct stat st;
	size_t size;
	char *data;

	for (size_t i = 0; i < s->n; i++) {
		e = &s->e[i];
		data = NULL;
		size = 0;
		if (S_ISREG(e->mode)) {
			if (stat(e->arg, &st) < 0)
				diex(EXIT_USAGE, "%s:%zu: source %s: %s",
				    specpath, e->line, e->arg, strerror(errno));
			if (!S_ISREG(st.st_mode))
				diex(EXIT_USAGE, "%s:%zu: source %s is not a "
				    "regular file", specpath, e->line, e->arg);
			if ((data = read_file(e->arg, MAX_SOURCE, &size)) == NULL)
				die("%s:%zu: read %s", specpath, e->line, e->arg);
		} else if (S_ISLNK(e->mode)) {
			size = strlen(e->arg);
		}
		if (put_entry(b, i + 1, e, e->name, mtime,
		    S_ISLNK(e->mode) ? e->arg : data, size) < 0)
			die("archive");
		free(data);
	}
	if (put_entry(b, 0, &trailer, "TRAILER!!!", 0, NULL, 0) < 0)
		die("archive");
}

/* gzip (RFC 1952) of IN at level 9: zlib's header has mtime 0, no name. */
static void
gzip(const struct buf *in, struct buf *out)
{
	z_stream z;

	if (in->len > UINT_MAX)		/* zlib's avail_in is a uInt */
		diex(EXIT_USAGE, "the archive is over 4 GiB");
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY)
	    != Z_OK)
		diex(EXIT_SYSCALL, "zlib: deflateInit2 failed");
	out->cap = deflateBound(&z, in->len);
	if ((out->p = malloc(out->cap)) == NULL)
		die("gzip");
	z.next_in = in->p;
	z.avail_in = in->len;
	z.next_out = out->p;
	z.avail_out = out->cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		diex(EXIT_SYSCALL, "zlib: deflate failed");
	out->len = z.total_out;
	deflateEnd(&z);
}

int
main(int argc, char **argv)
{
	struct buf cpio = { 0 }, gz = { 0 };
	unsigned long mtime = 0;
	const char *epoch;
	struct spec s;
	size_t len;
	char *text;

	progname = "mkinitrd";
	progusage = mkinitrd_usage;
	if (argc != 3 || argv[1][0] == '-')
		usage();
	epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch != NULL && *epoch != '\0' &&
	    parse_uint(epoch, 10, 0xffffffffUL, &mtime) < 0)
		diex(EXIT_USAGE, "bad SOURCE_DATE_EPOCH '%s'", epoch);
	if ((text = read_file(argv[1], 16 << 20, &len)) == NULL)
		die("%s", argv[1]);
	if (spec_parse(text, len, &s) < 0)
		diex(EXIT_USAGE, "%s:%zu: %s", argv[1], s.errline, s.err);
	free(text);
	archive(argv[1], &s, mtime, &cpio);
	len = strlen(argv[2]);
	if (len > 5 && strcmp(argv[2] + len - 5, ".cpio") == 0)
		gz = cpio;
	else
		gzip(&cpio, &gz);
	if (write_file_atomic(argv[2], gz.p, gz.len, 0644) < 0)
		die("%s", argv[2]);
	info("%s: %zu entries, %zu bytes (%zu uncompressed)", argv[2], s.n,
	    gz.len, cpio.len);
	spec_free(&s);
	if (gz.p != cpio.p)
		free(gz.p);
	free(cpio.p);
	return 0;
}
