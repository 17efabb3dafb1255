/* SPDX-License-Identifier: ISC */
/* libFuzzer target: the kernel command line splitter. */
#include <stdint.h>
#include <stdlib.h>

#include "../../multicall/box.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct span cur = { (const char *)data, size };
	struct cmdline_arg a;

	while (cmdline_next(&cur, &a))
		;
	free(cmdline_get((const char *)data, size, "vmm.mem"));
	return 0;
}
