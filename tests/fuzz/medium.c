/* SPDX-License-Identifier: ISC */
/* libFuzzer target: the FAT boot sector's volume label parser. */
#include <stdint.h>
#include <string.h>

#include "../../multicall/box.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char label[12];

	if (fat_label(data, size, label) == 0 && strlen(label) > 11)
		__builtin_trap();
	return 0;
}
