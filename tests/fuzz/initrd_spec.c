/* SPDX-License-Identifier: ISC */
/* libFuzzer target: build/mkinitrd's spec parser. */
#include <stdint.h>
#include <string.h>

#define main mkinitrd_main	/* the tool's own main stays out of the way */
#include "../../build/mkinitrd.c"
#undef main

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec s;
	int bad = 0;

	if (spec_parse((const char *)data, size, &s) == 0) {
		for (size_t i = 1; i < s.n; i++)
			if (strcmp(s.e[i - 1].name, s.e[i].name) >= 0)
				bad = 1;	/* must be sorted, unique */
		spec_free(&s);
	} else if (s.errline == 0 || s.n != 0) {
		bad = 1;			/* an error names a line */
	}
	if (bad)
		__builtin_trap();
	return 0;
}
