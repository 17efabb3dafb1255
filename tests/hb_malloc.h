/* SPDX-License-Identifier: ISC */
/*
 * hb_malloc.h - halbox's allocator (multicall/malloc.c) compiled into a
 * test as hb_malloc, hb_free, hb_realloc and hb_calloc, so that the test
 * itself (and libFuzzer, ASan) keeps the C library's.
 */
#define malloc hb_malloc
#define free hb_free
#define realloc hb_realloc
#define calloc hb_calloc
void *hb_malloc(size_t);
void hb_free(void *);
void *hb_realloc(void *, size_t);
void *hb_calloc(size_t, size_t);
#include "../multicall/malloc.c"
#undef malloc
#undef free
#undef realloc
#undef calloc
