/* SPDX-License-Identifier: ISC */
/* libFuzzer target: the kernel uevent message parser. */
#include <stdint.h>
#include <string.h>

#include "../../multicall/box.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uevent ev;
	size_t n = 0;

	if (uevent_parse((const char *)data, size, &ev) == 0 && ev.modalias)
		n = strlen(ev.modalias);	/* must stay inside data */
	/* libFuzzer ignores the return value: a failed property traps */
	if (n > size)
		__builtin_trap();
	return 0;
}
