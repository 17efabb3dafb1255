/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: depmod's binary index (modules.alias.bin,
 * modules.dep.bin) as mod.c walks it. The input is the whole file; a
 * glob lookup and an exact one must end, and every value they hand out
 * must lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../applets/modules/mod.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct hits *h, const uint8_t *data, size_t size)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if ((const uint8_t *)h->v[i].name.p < data ||
		    (const uint8_t *)h->v[i].name.p + h->v[i].name.len >=
		    data + size)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00",
		"ab", "*",
	};
	struct idx x;
	struct hits h;
	size_t i;

	for (i = 0; i < LEN(keys); i++) {
		x = (struct idx){ data, size, size, 0, NULL };
		if (idx_search(&x, keys[i], strlen(keys[i]), 1, &h) == 0)
			check(&h, data, size);
		x = (struct idx){ data, size, size, 0, NULL };
		if (idx_search(&x, keys[i], strlen(keys[i]), 0, &h) == 0)
			check(&h, data, size);
	}
	return 0;
}
