/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the init.conf / sh word splitter over whole files,
 * line after line, and the kernel command-line keys init reads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../multicall/box.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *why, *last;
	struct words w;
	size_t total;
	char *v;
	int i;

	while (p < end) {
		last = p;
		if (words_split(&p, end, &w, &why) < 0 && why == NULL)
			abort();
		if (p <= last || p > end || w.argv[w.argc] != NULL)
			abort();	/* no progress, overrun or open argv */
		for (i = 0, total = 0; i < w.argc; i++)
			total += strlen(w.argv[i]) + 1;
		if (total > (size_t)(p - last) + 1)
			abort();	/* words are never longer than the line */
	}
	if ((v = cmdline_get((const char *)data, size, "init.conf")) != NULL)
		free(v);
	cmdline_has((const char *)data, size, "init.norescue");
	return 0;
}
