/* SPDX-License-Identifier: ISC */
/*
 * inflate.c - inflate_raw against zlib's deflate: every level and
 * strategy on random data (incompressible and repetitive) and on the
 * host's Debian kernel modules; every truncation and a too small output
 * refused; hand-made bad streams (RFC 1951) refused, each beside a
 * well-formed twin that inflates, so the stream writer is tested too.
 */
#include <glob.h>
#include <string.h>
#include <zlib.h>

#include "../../multicall/box.h"
#include "../rng.h"
#include "../tap.h"

/* DATA deflated raw by zlib at LEVEL with STRATEGY. */
static unsigned char *
deflate_raw(const void *data, size_t len, int level, int strategy,
    size_t *outlen)
{
	z_stream z;
	unsigned char *out;

	memset(&z, 0, sizeof z);
	deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, strategy);
	out = malloc(deflateBound(&z, len));
	z.next_in = (unsigned char *)data;
	z.avail_in = len;
	z.next_out = out;
	z.avail_out = deflateBound(&z, len);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Inflates back to DATA exactly, taking all of Z; refused one byte short */
static int
round_trip(const unsigned char *data, size_t len, const unsigned char *z,
    size_t zlen)
{
	unsigned char *out = malloc(len + 1), *in = malloc(zlen);
	size_t used = 0;
	int good;

	memcpy(in, z, zlen);	/* exactly zlen bytes, for ASan */
	good = inflate_raw(in, zlen, &used, out, len) == (long)len &&
	    used == zlen && memcmp(out, data, len) == 0 &&
	    (len == 0 || inflate_raw(in, zlen, &used, out, len - 1) == -2);
	free(out);
	free(in);
	return good;
}

static void
test_zlib(void)
{
	static const int strategy[] = { Z_DEFAULT_STRATEGY, Z_FILTERED,
	    Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED };
	static const size_t sizes[] = { 0, 1, 100, 40000, 100000 };
	unsigned char *data = malloc(150000), *z;
	size_t i, j, n, zlen;
	char name[96];
	int level, s, good;

	for (level = 0; level <= 9; level++)
		for (s = 0; s < 5; s++) {
			good = 1;
			for (i = 0; i < 2 * 5; i++) {
				n = sizes[i % 5] + (i % 5 == 4) * rng_below(50000);
				/* even: random bytes; odd: runs and repeats
				 * of a small alphabet, far and near */
				rng_bytes(data, n);
				for (j = 0; i % 2 && j < n; j++)
					data[j] = j > 33000 && data[j] < 128 ?
					    data[j - 32768 + data[j] % 100] :
					    j > 3 && data[j] < 200 ?
					    data[j - 1 - data[j] % 3] :
					    'a' + data[j] % 4;
				z = deflate_raw(data, n, level, strategy[s],
				    &zlen);
				good &= round_trip(data, n, z, zlen);
				free(z);
			}
			snprintf(name, sizeof name, "zlib level %d strategy "
			    "%d: random and repetitive data inflate back",
			    level, strategy[s]);
			ok(good, name);
		}
	free(data);
}

/* Real modules, deflated as `gzip -9` and at level 1 (as kmod may). */
static void
test_modules(void)
{
	glob_t g;
	size_t i, len, zlen, k = 0;
	unsigned char *z;
	char *ko, name[300];
	int good;

	if (glob("/lib/modules/*/kernel/arch/x86/kvm/kvm.ko", 0, NULL, &g) ||
	    glob("/lib/modules/*/kernel/drivers/net/virtio_net.ko",
	    GLOB_APPEND, NULL, &g) ||
	    glob("/lib/modules/*/kernel/fs/ext4/ext4.ko", GLOB_APPEND, NULL,
	    &g)) {
		ok(0, "Debian's kernel modules are there (linux-image-amd64)");
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		if ((ko = read_file(g.gl_pathv[i], 64 << 20, &len)) == NULL)
			continue;
		k++;
		z = deflate_raw(ko, len, 9, Z_DEFAULT_STRATEGY, &zlen);
		good = round_trip((unsigned char *)ko, len, z, zlen);
		free(z);
		z = deflate_raw(ko, len, 1, Z_DEFAULT_STRATEGY, &zlen);
		good &= round_trip((unsigned char *)ko, len, z, zlen);
		free(z);
		snprintf(name, sizeof name, "%s (%zu bytes) deflated at "
		    "levels 9 and 1 inflates back", g.gl_pathv[i], len);
		ok(good, name);
		free(ko);
	}
	ok(k == 3, "three real modules read");
	globfree(&g);
}

/* Every proper prefix of a stream is refused, read within its bytes. */
static void
test_truncated(void)
{
	unsigned char data[3000], out[3000], *z, *p;
	size_t n, zlen, used;
	int s, good = 1;

	for (n = 0; n < sizeof data; n++)
		data[n] = "deflate "[n % 8] + (n % 7 == 0 ? n % 13 : 0);
	for (s = 0; s < 5; s++) {
		z = deflate_raw(data, sizeof data, s == 4 ? 0 : 6,
		    s == 3 ? Z_FIXED : Z_DEFAULT_STRATEGY, &zlen);
		for (n = 0; n < zlen; n++) {
			p = malloc(n + 1);
			memcpy(p, z, n);
			good &= inflate_raw(p, n, &used, out, sizeof out) == -1;
			free(p);
		}
		free(z);
	}
	ok(good, "every truncation of a stream is refused");
}

/* A bit writer (RFC 1951 3.1.1): values LSB first, Huffman codes MSB. */
struct bw {
	unsigned char b[64];
	size_t n;
};

static void
put(struct bw *w, unsigned v, int n)
{
	for (; n > 0; n--, v >>= 1, w->n++)
		w->b[w->n / 8] |= (v & 1) << w->n % 8;
}

static void
code(struct bw *w, unsigned c, int n)
{
	while (n-- > 0)
		put(w, c >> n & 1, 1);
}

/* A final block of the fixed code (3.2.6): literal 'a', then length 3
 * at distance code DCODE, then end-of-block. */
static size_t
fixed(struct bw *w, unsigned dcode)
{
	memset(w, 0, sizeof *w);
	put(w, 1, 1);
	put(w, 1, 2);
	code(w, 0x30 + 'a', 8);
	code(w, 257 - 256, 7);
	code(w, dcode, 5);
	code(w, 0, 7);
	return (w->n + 7) / 8;
}

/* A final dynamic block's header, HLIT 257, HDIST 1: the code-length code
 * gives symbols A and B one bit each (B > A, so A is 0 and B is 1), or
 * also C if C is not 0: one symbol too many. */
static void
dynamic(struct bw *w, int a, int b, int c)
{
	static const unsigned char order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
	};
	int i;

	memset(w, 0, sizeof *w);
	put(w, 1, 1);
	put(w, 2, 2);
	put(w, 0, 5);
	put(w, 0, 5);
	put(w, 19 - 4, 4);
	for (i = 0; i < 19; i++)
		put(w, order[i] == a || order[i] == b || (c && order[i] == c),
		    3);
}

/* A final dynamic block's header, HLIT 257 + ADD, HDIST 1, with the
 * code-length code's lengths CL[symbol] as digits. */
static void
header(struct bw *w, int add, const char *cl)
{
	static const unsigned char order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
	};
	int i;

	memset(w, 0, sizeof *w);
	put(w, 1, 1);
	put(w, 2, 2);
	put(w, add, 5);
	put(w, 0, 5);
	put(w, 19 - 4, 4);
	for (i = 0; i < 19; i++)
		put(w, cl[order[i]] - '0', 3);
}

/* Literal/length lengths 'A' 2, 256 2, and 257 1 if ADD: complete, or
 * not; the code-length code: 0, 1, 2 and 18 two bits each (00 01 10 11).
 * Then 'A' and end-of-block. */
static size_t
incomplete(struct bw *w, int add)
{
	header(w, add, "2220000000000000002");
	code(w, 3, 2);
	put(w, 65 - 11, 7);		/* 0-64: 0 */
	code(w, 2, 2);			/* 65: 2 */
	code(w, 3, 2);
	put(w, 138 - 11, 7);		/* 66-203: 0 */
	code(w, 3, 2);
	put(w, 52 - 11, 7);		/* 204-255: 0 */
	code(w, 2, 2);			/* 256: 2 */
	code(w, add, 2);		/* 257: 1 if ADD */
	code(w, 0, 2 * add);		/* the one distance: 0 */
	code(w, 2 * add, 2);		/* 'A': 10, or 00 without 257 */
	code(w, 2 * add + 1, 2);	/* 256: 11, or 01 */
	return (w->n + 7) / 8;
}

static int
refused(const struct bw *w, size_t len)
{
	unsigned char out[600];
	size_t used;

	return inflate_raw(w->b, len, &used, out, sizeof out) == -1;
}

static void
test_bad(void)
{
	unsigned char out[8];
	struct bw w;
	size_t n, used;

	memset(&w, 0, sizeof w);
	put(&w, 1, 1);
	put(&w, 3, 2);
	ok(refused(&w, 1), "block type 3 is refused");

	n = fixed(&w, 0);
	ok(inflate_raw(w.b, n, &used, out, sizeof out) == 4 &&
	    memcmp(out, "aaaa", 4) == 0 && used == n,
	    "fixed code: 'a', then 3 at distance 1 gives aaaa");
	ok(inflate_raw(w.b, n, &used, out, 3) == -2,
	    "... refused into 3 bytes: -2, more than the room");
	ok(refused(&w, n - 1), "... refused without its last byte");
	ok(refused(&w, fixed(&w, 1)), "distance 2 after 1 byte is refused");
	ok(refused(&w, fixed(&w, 30)), "distance code 30 is refused");
	memset(&w, 0, sizeof w);
	put(&w, 1, 1);
	put(&w, 1, 2);
	code(&w, 0x30 + 'a', 8);
	code(&w, 0xc0 + 286 - 280, 8);	/* then zeros: distance 1, EOB */
	ok(refused(&w, 8), "literal/length code 286 is refused");

	memcpy(w.b, "\1\5\0\372\377hello", 10);
	ok(inflate_raw(w.b, 10, &used, out, sizeof out) == 5 &&
	    memcmp(out, "hello", 5) == 0 && used == 10,
	    "a stored block of 5 bytes");
	ok(refused(&w, 9), "... refused one byte short");
	w.b[3] = 0373;
	ok(refused(&w, 10), "... refused with NLEN not ~LEN");

	/* HLIT 286, HDIST 30; lengths: one 0, then 3 times 138 zeros: 415
	 * of 316, past the end of an array of them without the check */
	dynamic(&w, 0, 18, 0);
	w.b[0] |= (286 - 257) << 3;
	w.b[1] |= 30 - 1;
	code(&w, 0, 1);
	for (n = 0; n < 3; n++) {
		code(&w, 1, 1);
		put(&w, 127, 7);
	}
	ok(refused(&w, (w.n + 7) / 8), "code lengths past HLIT+HDIST are "
	    "refused");
	dynamic(&w, 0, 16, 0);
	code(&w, 1, 1);
	put(&w, 0, 2);
	ok(refused(&w, (w.n + 7) / 8), "repeat of no previous length is "
	    "refused");
	/* 138 + 119 + 1 zero lengths: all 258, 256 too */
	dynamic(&w, 0, 18, 0);
	code(&w, 1, 1);
	put(&w, 127, 7);
	code(&w, 1, 1);
	put(&w, 108, 7);
	code(&w, 0, 1);
	ok(refused(&w, (w.n + 7) / 8), "no end-of-block code is refused");
	dynamic(&w, 0, 18, 1);
	ok(refused(&w, (w.n + 7) / 8), "an over-subscribed code is refused");
	dynamic(&w, 18, 18, 0);
	put(&w, 0, 8);
	ok(refused(&w, (w.n + 7) / 8), "an incomplete code-length code is "
	    "refused");
	n = incomplete(&w, 1);
	ok(inflate_raw(w.b, n, &used, out, sizeof out) == 1 &&
	    out[0] == 'A' && used == n, "a dynamic block with its own codes");
	ok(refused(&w, incomplete(&w, 0)), "... refused when its literal/"
	    "length code is incomplete");
	memset(&w, 0, sizeof w);
	put(&w, 1, 1);
	put(&w, 2, 2);
	put(&w, 30, 5);
	ok(refused(&w, 2), "HLIT 287 is refused");
}

int
main(void)
{
	rng_init();
	test_zlib();
	test_modules();
	test_truncated();
	test_bad();
	return done();
}
