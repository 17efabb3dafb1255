/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: halbox's allocator (multicall/malloc.c, renamed here
 * so the target keeps glibc's) under a sequence of malloc, calloc, realloc
 * and free read from the input, with sizes at its edges: 0, each side of
 * its power-of-two classes and of its mmap threshold, past its 256 KiB
 * chunk, and sizes no machine can hold, up to SIZE_MAX. Every live block
 * is filled with its own pattern and checked before it is freed or moved:
 * another block written over it, a realloc that loses its prefix, a
 * failed realloc that harms the old block, a calloc that is not zeroed,
 * a misaligned block, or a size no address space holds that succeeds,
 * all trap. At most SLOTS blocks of at most MAXLIVE bytes in all are live,
 * and MAXOPS operations an input: memory and time stay bounded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../hb_malloc.h"

#define SLOTS	64
#define MAXOPS	128	/* per input: the rest is ignored */
#define MAXLIVE	((size_t)4 << 20)
/* x86-64 user space is 2^47 bytes: a block this large cannot exist */
#define NEVER	((size_t)1 << 47)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "in.h"

static size_t
draw_size(struct in *in)
{
	unsigned b = byte(in), d = byte(in);

	switch (b % 8) {
	case 0:			/* tiny, 0 included */
		return d % 48;
	case 1:			/* a class edge: 2^k - header, give or take */
		return ((size_t)1 << (5 + b / 8 % 13)) - HDR + d % 5 - 2;
	case 2:			/* the mmap threshold and the chunk's size */
		return (b & 8 ? MAXSMALL : CHUNK) - HDR + d % 9 - 4;
	case 3:
		return (size_t)d << 8 | byte(in);
	case 4:
		return ((size_t)d << 16 | (size_t)byte(in) << 8 | byte(in)) %
		    (MAXSMALL * 2);
	case 5:			/* near SIZE_MAX */
		return SIZE_MAX - d;
	case 6:			/* near SIZE_MAX / 2, its own limit */
		return SIZE_MAX / 2 + d % 33 - 16;
	default:		/* anywhere from 2^47 up */
		return NEVER << (d % 17) | (size_t)byte(in) << 8;
	}
}

/*
 * A block of seed s holds pat[s % 251 + j] at byte j: filled by memcpy and
 * checked by memcmp, byte loops being slow under the fuzzer's
 * instrumentation; no two blocks alike where they differ in seed mod 251.
 * A block larger than MAXSMALL is a mapping of its own that no other block
 * can lie inside: only its first and last EDGE bytes carry the pattern,
 * where a wrong size or header shows, and its middle pages are never
 * touched (a page fault each made the target several times slower).
 */
#define EDGE	4096

static unsigned char pat[MAXLIVE + 256];

static size_t
head(size_t len)
{
	return len > MAXSMALL ? EDGE : len;
}

static size_t
tail(size_t len)
{
	return len > MAXSMALL ? len - EDGE : len;
}

static void
fill(unsigned char *p, unsigned seed, size_t len)
{
	memcpy(p, pat + seed % 251, head(len));
	memcpy(p + tail(len), pat + seed % 251 + tail(len), len - tail(len));
}

static int
same(const unsigned char *p, unsigned seed, size_t from, size_t to)
{
	return from >= to || memcmp(p + from, pat + seed % 251 + from,
	    to - from) == 0;
}

/* the pattern of a block of len bytes, up to byte upto */
static void
check(const unsigned char *p, unsigned seed, size_t len, size_t upto)
{
	size_t u = upto < len ? upto : len;

	if (!same(p, seed, 0, head(len) < u ? head(len) : u) ||
	    !same(p, seed, tail(len), u))
		__builtin_trap();	/* overwritten or not copied */
}

/* a block is returned aligned as max_align_t, or NULL only if it had to */
static void
returned(const void *p, size_t n)
{
	if (p == NULL ? n < NEVER && n <= MAXLIVE :
	    n >= NEVER || (uintptr_t)p % 16 != 0)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char *blk[SLOTS];
	static size_t len[SLOTS];
	static unsigned seed[SLOTS], next;
	struct in in = { data, size };
	size_t live = 0, n, m, j;

	if (pat[1] == 0)
		for (j = 0; j < sizeof pat; j++)
			pat[j] = (unsigned char)(j * 7 + (j >> 8) + 1);
	unsigned char *q;
	unsigned k, op, ops = 0;

	while (in.n > 0 && ops++ < MAXOPS) {
		op = byte(&in);
		k = byte(&in) % SLOTS;
		if (blk[k] != NULL)
			check(blk[k], seed[k], len[k], len[k]);
		switch (op % 4) {
		case 0:		/* malloc, the old block freed first */
		case 1:		/* calloc */
			if (op % 4 == 0) {
				n = draw_size(&in);
				m = 1;
			} else {	/* count and size, overflowing or not */
				m = draw_size(&in);
				n = byte(&in) % 4 == 0 ? draw_size(&in) :
				    byte(&in) % 4;
			}
			if (n != 0 && m > SIZE_MAX / n) {
				if (hb_calloc(m, n) != NULL)
					__builtin_trap();
				break;
			}
			if (live - len[k] + (m * n < NEVER ? m * n : 0) > MAXLIVE)
				break;	/* bounded memory: skip */
			if (op % 4 == 1 && m * n > 2 * MAXSMALL && m * n < NEVER)
				break;	/* calloc writes every page: slow */
			hb_free(blk[k]);
			live -= len[k];
			blk[k] = op % 4 == 0 ? hb_malloc(n) : hb_calloc(m, n);
			returned(blk[k], m * n);
			len[k] = blk[k] != NULL ? m * n : 0;
			live += len[k];
			if (op % 4 == 1 && len[k] > 0 && (blk[k][0] != 0 ||
			    memcmp(blk[k], blk[k] + 1, len[k] - 1) != 0))
				__builtin_trap();	/* calloc not zeroed */
			seed[k] = next++;
			if (blk[k] != NULL)
				fill(blk[k], seed[k], len[k]);
			break;
		case 2:		/* realloc: the prefix kept, or the old block */
			n = draw_size(&in);
			if (n < NEVER && live - len[k] + n > MAXLIVE)
				break;
			q = hb_realloc(blk[k], n);
			returned(q, n);
			if (q == NULL) {
				if (blk[k] != NULL)
					check(blk[k], seed[k], len[k], len[k]);
				break;
			}
			if (blk[k] == NULL)
				seed[k] = next++;
			blk[k] = q;
			check(q, seed[k], len[k], n);
			fill(q, seed[k], n);
			live = live - len[k] + n;
			len[k] = n;
			break;
		default:
			hb_free(blk[k]);
			live -= len[k];
			blk[k] = NULL;
			len[k] = 0;
			break;
		}
	}
	/* each input starts from no live block; the free lists stay warm */
	for (k = 0; k < SLOTS; k++) {
		if (blk[k] != NULL)
			check(blk[k], seed[k], len[k], len[k]);
		hb_free(blk[k]);
		blk[k] = NULL;
		len[k] = 0;
	}
	return 0;
}
