/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: sh's line editor, the bytes typed at its terminal.
 * The first byte sets the line buffer's size (1 to 256, allocated to the
 * byte so ASan sees any overflow); the rest is typed, a new line (a new
 * editor, as line_edit() starts) after each Enter or ^D. After each byte:
 * the line fits with room to spare, changed only by what the answer says
 * (one byte echoed, or e->erase rubbed out), and holds no control byte.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../applets/sh.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct edit e;
	size_t i, was;
	char *buf;
	int a;

	if (size < 1)
		return 0;
	if ((buf = malloc(data[0] + 1)) == NULL)
		return 0;
	e = (struct edit){ .buf = buf, .size = data[0] + 1 };
	for (i = 1; i < size; i++) {
		was = e.n;
		a = edit_key(&e, (char)data[i]);
		if (e.n >= e.size || e.erase > was)
			__builtin_trap();
		if (a == ED_ECHO ? e.n != was + 1 || e.erase != 0 ||
		    buf[e.n - 1] != (char)data[i] : e.n != was - e.erase)
			__builtin_trap();
		if (a == ED_ECHO && ((unsigned char)data[i] < ' ' ||
		    data[i] == 0x7f))
			__builtin_trap();
		if (a == ED_END && was != 0)
			__builtin_trap();
		if (a == ED_LINE || a == ED_END)
			e = (struct edit){ .buf = buf, .size = data[0] + 1 };
	}
	free(buf);
	return 0;
}
