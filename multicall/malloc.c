/* SPDX-License-Identifier: ISC */
/*
 * malloc.c - halbox's allocator, in place of musl's mallocng (8.9 KB of a
 * 96 KiB budget, built for multi-threaded programs with many allocations).
 * halbox is single-threaded and allocates little: file contents, a few
 * tables. Blocks up to 64 KiB come from power-of-two free lists carved out
 * of 256 KiB mmap(2) chunks and are reused, never unmapped; larger blocks
 * are mmap(2)ed on their own and unmapped by free(). Each block carries a
 * 16-byte header (its capacity) so that alignment is max_align_t's.
 * Linked into out/halbox only; tests/unit/malloc.c checks it under ASan.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#define HDR		16
#define MINSHIFT	5			/* smallest block: 32 bytes */
#define NCLASS		12			/* 32 B ... 64 KiB */
#define MAXSMALL	((size_t)1 << (MINSHIFT + NCLASS - 1))
#define CHUNK		((size_t)256 << 10)

static void *freelist[NCLASS];
static char *chunk, *chunk_end;

static size_t *
header(void *p)
{
	return (size_t *)((char *)p - HDR);
}

void *
malloc(size_t n)
{
	size_t need, cls, sz;
	char *b;

	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	need = n + HDR;
	if (need > MAXSMALL) {
		sz = (need + 4095) & ~(size_t)4095;
		b = mmap(NULL, sz, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b == MAP_FAILED)
			return NULL;
		*(size_t *)b = sz;
		return b + HDR;
	}
	for (cls = 0; ((size_t)1 << (cls + MINSHIFT)) < need; cls++)
		;
	sz = (size_t)1 << (cls + MINSHIFT);
	if ((b = freelist[cls]) != NULL) {
		freelist[cls] = *(void **)b;
		return b;
	}
	if (chunk == NULL || (size_t)(chunk_end - chunk) < sz) {
		chunk = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (chunk == MAP_FAILED) {
			chunk = NULL;
			return NULL;
		}
		chunk_end = chunk + CHUNK;
	}
	b = chunk;
	chunk += sz;
	*(size_t *)b = sz;
	return b + HDR;
}

void
free(void *p)
{
	size_t sz, cls;

	if (p == NULL)
		return;
	sz = *header(p);
	if (sz > MAXSMALL) {
		munmap(header(p), sz);
		return;
	}
	for (cls = 0; ((size_t)1 << (cls + MINSHIFT)) < sz; cls++)
		;
	*(void **)p = freelist[cls];
	freelist[cls] = p;
}

void *
realloc(void *p, size_t n)
{
	void *q;

	if (p == NULL)
		return malloc(n);
	/* n < capacity first: n + HDR could wrap past SIZE_MAX */
	if (n <= *header(p) - HDR)
		return p;
	if ((q = malloc(n)) == NULL)
		return NULL;
	memcpy(q, p, *header(p) - HDR);
	free(p);
	return q;
}

void *
calloc(size_t m, size_t n)
{
	void *p;

	if (n != 0 && m > SIZE_MAX / n) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = malloc(m * n)) != NULL)
		memset(p, 0, m * n);
	return p;
}
