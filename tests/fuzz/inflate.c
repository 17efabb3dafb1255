/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: inflate_raw against zlib's inflate on the same raw
 * deflate data. The first byte sets the output's size (in 256s, 0 to
 * 65280 bytes). zlib reaches the stream's end: ours gives the same bytes
 * from the same input bytes. zlib does not (corrupt, truncated, or more
 * output than room): ours refuses too. ASan checks every access.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../../multicall/box.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap, used;
	unsigned char *ours, *theirs;
	z_stream z;
	long n;
	int r;

	if (size < 1)
		return 0;
	cap = (size_t)data[0] << 8;
	ours = malloc(cap + 1);		/* never empty, for malloc(0) */
	theirs = malloc(cap + 1);
	n = inflate_raw(data + 1, size - 1, &used, ours, cap);
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
		abort();
	z.next_in = (unsigned char *)data + 1;
	z.avail_in = size - 1;
	z.next_out = theirs;
	z.avail_out = cap;
	r = inflate(&z, Z_FINISH);
	if (r == Z_STREAM_END ? n != (long)z.total_out ||
	    used != z.total_in || memcmp(ours, theirs, n) != 0 : n >= 0 ||
	    (n == -2 && z.avail_out != 0))	/* -2 only when out is full */
		abort();
	inflateEnd(&z);
	free(ours);
	free(theirs);
	return 0;
}
