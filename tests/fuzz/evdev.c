/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: init's reading of event devices. The input is both
 * what a read(2) of /dev/input/eventN returned (power_pressed(), given
 * it in an aligned record array as wait_for() does) and the EV_KEY
 * bitmap EVIOCGBIT filled (power_key(), its length the ioctl's return).
 * Each answer is checked against one worked out from the raw bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../applets/init.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXREC	(4096 / sizeof(struct input_event) + 1)

/* field F of record I in DATA, by its offset in the record */
#define FIELD(i, f, v) memcpy(&(v), data + (i) * sizeof(struct input_event) + \
	offsetof(struct input_event, f), sizeof(v))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input_event ev[MAXREC];
	unsigned long bits[KEY_MAX / LONGBITS + 1] = { 0 };
	size_t i, len = size < sizeof ev ? size : sizeof ev;
	size_t blen = size < sizeof bits ? size : sizeof bits;
	uint16_t type, code;
	int32_t value;
	int want = 0;

	memcpy(ev, data, len);
	/* whole records only; a press is EV_KEY KEY_POWER with value 1 */
	for (i = 0; len % sizeof ev[0] == 0 && i < len / sizeof ev[0]; i++) {
		FIELD(i, type, type);
		FIELD(i, code, code);
		FIELD(i, value, value);
		want |= type == EV_KEY && code == KEY_POWER && value == 1;
	}
	if (power_pressed(ev, len) != want)
		__builtin_trap();
	/* KEY_POWER is bit 116: bit 4 of byte 14 (x86-64: little-endian) */
	memcpy(bits, data, blen);
	if (power_key(bits, (int)blen) != (blen > 14 && data[14] >> 4 & 1))
		__builtin_trap();
	if (power_key(bits, -1))	/* the ioctl failed */
		__builtin_trap();
	return 0;
}
