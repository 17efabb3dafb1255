/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: fbvnc's RFB parser as a hostile server's stream. The
 * first byte picks the start (the handshake, or messages on a desktop of
 * the next two bytes times 16); every pixel handed out must lie inside
 * the desktop and the input.
 */
#include <stdint.h>
#include <string.h>

#include "../../applets/fbvnc/rfb.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rfb s = { 0 };
	struct rfb_ev e;
	size_t off = 3;
	long n;

	if (size < 3)
		return 0;
	if (data[0] & 1)
		s = (struct rfb){ .state = S_MSG, .w = data[1] * 16,
		    .h = data[2] * 16 };
	s.bpp = data[0] & 2 ? 4 : 2;
	for (; (n = rfb_parse(&s, data + off, size - off, &e)) >= 0;
	    off += n) {
		if (e.type == RFB_NEED)
			break;
		if (e.type == RFB_PIXELS && (e.x + e.w > s.w ||
		    e.y + e.h > s.h || e.pix < data + off ||
		    e.pix + (e.h - 1) * e.stride + e.w * s.bpp > data + size))
			__builtin_trap();
	}
	return 0;
}
