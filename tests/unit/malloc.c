/* SPDX-License-Identifier: ISC */
/*
 * malloc.c - halbox's allocator (multicall/malloc.c, renamed here so the
 * test itself keeps glibc's): random malloc/realloc/calloc/free sequences,
 * every block filled with a pattern and checked before it is freed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../hb_malloc.h"

#include "../../multicall/box.h"
#include "../rng.h"
#include "../tap.h"

#define SLOTS 64

static size_t
draw_size(void)
{
	switch (rng_below(4)) {
	case 0: return rng_below(40);
	case 1: return rng_below(4096);
	case 2: return rng_below(70000);
	default: return rng_below(300000);
	}
}

int
main(void)
{
	unsigned char *p[SLOTS] = { 0 }, *q;
	size_t len[SLOTS] = { 0 }, i, j, k;
	int intact = 1, aligned = 1, zeroed = 1, failed = 0;

	rng_init();
	for (i = 0; i < 20000; i++) {
		k = rng_below(SLOTS);
		if (p[k] != NULL) {
			for (j = 0; j < len[k]; j++)
				if (p[k][j] != (unsigned char)(k + j))
					intact = 0;
		}
		switch (rng_below(3)) {
		case 0:
			hb_free(p[k]);
			len[k] = draw_size();
			p[k] = rng_below(2) ? hb_malloc(len[k]) : hb_calloc(1, len[k]);
			break;
		case 1:
			q = hb_realloc(p[k], j = draw_size());
			if (q == NULL)
				break;
			p[k] = q;
			for (; len[k] < j; len[k]++)	/* grown bytes get the pattern */
				p[k][len[k]] = (unsigned char)(k + len[k]);
			len[k] = j;
			continue;
		default:
			hb_free(p[k]);
			p[k] = NULL;
			len[k] = 0;
			continue;
		}
		if (p[k] == NULL) {
			failed = 1;
			continue;
		}
		if ((uintptr_t)p[k] % 16 != 0)
			aligned = 0;
		for (j = 0; j < len[k]; j++)
			p[k][j] = (unsigned char)(k + j);
	}
	ok(!failed, "20000 random operations: no allocation failed");
	ok(intact, "no block was overwritten by another");
	ok(aligned, "every block is 16-byte aligned");
	for (k = 0; k < SLOTS; k++)
		hb_free(p[k]);
	q = hb_calloc(1000, 1000);
	for (j = 0; q && j < 1000000; j++)
		if (q[j] != 0)
			zeroed = 0;
	ok(q != NULL && zeroed, "calloc of a reused or mapped block is zeroed");
	hb_free(q);
	q = hb_malloc(100);
	memset(q, 0xff, 100);
	hb_free(q);
	q = hb_calloc(10, 10);
	for (j = 0; j < 100; j++)
		if (q[j] != 0)
			zeroed = 0;
	ok(zeroed, "calloc clears a dirty small block");
	ok(hb_calloc(SIZE_MAX / 2, 4) == NULL && errno == ENOMEM,
	    "calloc overflow is ENOMEM");
	ok(hb_malloc(SIZE_MAX - 8) == NULL && errno == ENOMEM, "huge malloc is ENOMEM");
	q = hb_realloc(NULL, 10);
	ok(q != NULL, "realloc(NULL) allocates");
	ok(hb_realloc(q, 12) == q, "realloc within the block's capacity stays in place");
	errno = 0;
	ok(hb_realloc(q, SIZE_MAX - 8) == NULL && errno == ENOMEM,
	    "realloc to SIZE_MAX - 8 fails (n + header must not wrap)");
	ok(hb_realloc(q, 12) == q, "... and the block is still there");
	hb_free(NULL);
	return done();
}
