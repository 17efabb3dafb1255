/* SPDX-License-Identifier: ISC */
/*
 * rfb.c - fbvnc's RFB parser on a server stream built here (QEMU's
 * handshake, updates, pseudo-rectangles) and on hostile ones: huge and
 * off-screen rectangles, unknown encodings and types, truncation at every
 * byte, random bytes. The client messages are checked byte for byte.
 */
#include "../../applets/fbvnc/rfb.c"
#include "../rng.h"
#include "../tap.h"

#define S(s)	(const uint8_t *)(s), sizeof(s) - 1

struct run {
	int events[16], n;	/* event types seen, in order, up to 16 */
	int final;		/* the last one */
	unsigned pixels;	/* pixels handed out, all checked in bounds */
	int bad;		/* a pixel event outside desktop or buffer */
	struct rfb_ev last[RFB_OTHER + 1];
};

/* Feed BUF in pieces of CHUNK bytes (as reads would); -1 on error. */
static int
feed(struct rfb *s, const uint8_t *buf, size_t len, size_t chunk,
    struct run *r)
{
	static uint8_t win[1 << 17];
	size_t have = 0, off, in = 0, take;
	struct rfb_ev e;
	long n;

	memset(r, 0, sizeof *r);
	while (in < len || have > 0) {
		take = len - in < chunk ? len - in : chunk;
		if (take > sizeof win - have)
			take = sizeof win - have;
		memcpy(win + have, buf + in, take);
		in += take;
		have += take;
		for (off = 0;; off += n) {
			if ((n = rfb_parse(s, win + off, have - off, &e)) < 0)
				return -1;
			if (e.type == RFB_NEED)
				break;
			if (e.type == RFB_OTHER)
				continue;
			r->final = e.type;
			if (r->n < 16)
				r->events[r->n++] = e.type;
			r->last[e.type] = e;
			if (e.type == RFB_INIT)
				s->bpp = 4;
			if (e.type == RFB_PIXELS) {
				r->pixels += e.w * e.h;
				if (e.x + e.w > s->w || e.y + e.h > s->h ||
				    e.pix < win + off ||
				    e.pix + (e.h - 1) * e.stride + e.w * 4 >
				    win + have)
					r->bad = 1;
			}
		}
		memmove(win, win + off, have - off);
		have -= off;
		if (take == 0 && in == len)
			break;
	}
	return 0;
}

static size_t
put(uint8_t *p, const void *src, size_t n)
{
	memcpy(p, src, n);
	return n;
}

/* A rectangle header x, y, w, h, encoding. */
static size_t
rect_hdr(uint8_t *p, unsigned x, unsigned y, unsigned w, unsigned h,
    int32_t enc)
{
	put16(put16(put16(put16(p, x), y), w), h);
	put32(p + 8, (uint32_t)enc);
	return 12;
}

/* QEMU's handshake for a W x H desktop, named "QEMU". */
static size_t
handshake(uint8_t *p, unsigned w, unsigned h)
{
	size_t n = 0;

	n += put(p + n, "RFB 003.008\n", 12);
	n += put(p + n, "\1\1", 2);		/* one type: None */
	n += put(p + n, "\0\0\0\0", 4);		/* SecurityResult OK */
	put16(put16(p + n, w), h);		/* ServerInit */
	n += 4;
	n += put(p + n, "\x20\x18\0\1\0\xff\0\xff\0\xff\x10\x08\0\0\0\0", 16);
	n += put(p + n, "\0\0\0\4QEMU", 8);
	return n;
}

int
main(void)
{
	static uint8_t buf[1 << 22], m[64];
	static const struct fb_var_screeninfo v = { .bits_per_pixel = 32,
	    .red = { 16, 8, 0 }, .green = { 8, 8, 0 }, .blue = { 0, 8, 0 } };
	static const struct fb_var_screeninfo v565 = { .bits_per_pixel = 16,
	    .red = { 11, 5, 0 }, .green = { 5, 6, 0 }, .blue = { 0, 5, 0 } };
	struct rfb s = { 0 };
	struct run r;
	size_t n, k, i, chunk;
	int all;

	rng_init();

	/* A whole session: handshake, a DesktopSize, LEDs, pointer mode,
	 * the Extended Key Event ack, a Raw rectangle 16 wide clipped to
	 * the 20-pixel-wide desktop (QEMU rounds to 16), bell, cut text. */
	n = handshake(buf, 32, 8);
	n += put(buf + n, "\0\0\0\5", 4);		/* update, 5 rects */
	n += rect_hdr(buf + n, 0, 0, 20, 6, -223);
	n += rect_hdr(buf + n, 0, 0, 0, 0, -261);
	buf[n++] = 6;					/* Num, Caps */
	n += rect_hdr(buf + n, 1, 0, 20, 6, -257);
	n += rect_hdr(buf + n, 0, 0, 20, 6, -258);
	n += rect_hdr(buf + n, 16, 2, 16, 4, 0);	/* x 16..31: 4 in */
	for (k = 0; k < 16 * 4; k++)
		n += put(buf + n, &(uint32_t){ k }, 4);
	n += put(buf + n, "\2\3\0\0\0\0\0\0\3abc", 12);	/* bell, cut text */
	n += put(buf + n, "\0\0\0\0", 4);		/* empty update */
	s = (struct rfb){ 0 };
	ok(feed(&s, buf, n, n, &r) == 0, "QEMU's session parses");
	ok(r.n == 10 && r.events[0] == RFB_VERSION &&
	    r.events[1] == RFB_SECURITY && r.events[2] == RFB_AUTHED &&
	    r.events[3] == RFB_INIT && r.events[4] == RFB_RESIZE &&
	    r.events[5] == RFB_LEDS && r.events[6] == RFB_POINTER &&
	    r.events[7] == RFB_PIXELS && r.events[8] == RFB_DONE,
	    "events in order: version, security, authed, init, resize, "
	    "leds, pointer, pixels, done");
	ok(r.last[RFB_INIT].x == 32 && r.last[RFB_INIT].y == 8 &&
	    r.last[RFB_RESIZE].x == 20 && r.last[RFB_RESIZE].y == 6 &&
	    s.w == 20 && s.h == 6, "ServerInit 32x8, then DesktopSize 20x6");
	ok(r.last[RFB_LEDS].x == 6 && r.last[RFB_POINTER].x == 1,
	    "LED state 6, absolute pointer");
	ok(r.pixels == 16 && r.last[RFB_PIXELS].x == 16 &&
	    r.last[RFB_PIXELS].w == 4 && r.last[RFB_PIXELS].y == 2 &&
	    r.last[RFB_PIXELS].h == 4 && r.last[RFB_PIXELS].stride == 64 &&
	    !r.bad, "a 16-wide rectangle clipped to the desktop's 4 columns");
	ok(r.last[RFB_PIXELS].pix[0] == 0 && r.last[RFB_PIXELS].pix[4] == 1 &&
	    r.last[RFB_PIXELS].pix[64] == 16,
	    "pixels: the rectangle's first column, rows a stride apart");
	all = 1;
	for (chunk = 1; chunk < 40; chunk++) {
		s = (struct rfb){ 0 };
		all &= feed(&s, buf, n, chunk, &r) == 0 &&
		    r.final == RFB_DONE &&
		    r.pixels == 16 && !r.bad;
	}
	ok(all, "the same session fed 1 to 39 bytes at a time");

	/* Hostile servers. */
	n = handshake(buf, 64, 64);
	k = n + put(buf + n, "\0\0\0\1", 4);
	k += rect_hdr(buf + k, 0, 0, 4097, 1, 0);
	s = (struct rfb){ 0 };
	ok(feed(&s, buf, k, k, &r) < 0 && strstr(s.why, "wider"),
	    "a rectangle wider than 4096 is refused");
	k = n + put(buf + n, "\0\0\0\1", 4);
	k += rect_hdr(buf + k, 0, 0, 8, 8, 5);
	s = (struct rfb){ 0 };
	ok(feed(&s, buf, k, k, &r) < 0 && strstr(s.why, "encoding"),
	    "an encoding not offered (5, Hextile) is refused");
	k = n + put(buf + n, "\x7f", 1);
	s = (struct rfb){ 0 };
	ok(feed(&s, buf, k, k, &r) < 0 && strstr(s.why, "message"),
	    "an unknown message type is refused");
	k = n + put(buf + n, "\0\0\0\2", 4);
	k += rect_hdr(buf + k, 60000, 60000, 4000, 3, 0);
	memset(buf + k, 0xee, 4000 * 3 * 4);
	k += 4000 * 3 * 4;
	k += rect_hdr(buf + k, 62, 63, 4000, 30, 0);
	memset(buf + k, 0xee, 4000 * 30 * 4);
	k += 4000 * 30 * 4;
	s = (struct rfb){ 0 };
	ok(feed(&s, buf, k, 100000, &r) == 0 && r.pixels == 2 && !r.bad,
	    "rectangles off and across the edge: only the 2 visible pixels");
	k = n + put(buf + n, "\0\0\xff\xff", 4);	/* 65535 empty rects */
	for (i = 0; i < 65535; i++)
		k += rect_hdr(buf + k, 0, 0, 0, 0, 0);
	s = (struct rfb){ 0 };
	ok(feed(&s, buf, k, 4096, &r) == 0 && r.final == RFB_DONE,
	    "65535 empty rectangles, then done");
	k = n + put(buf + n, "\3\0\0\0\xff\xff\xff\xff", 8);
	s = (struct rfb){ 0 };
	ok(feed(&s, buf, k, k, &r) == 0 && s.skip == 0xffffffff - 0 &&
	    s.state == S_SKIP, "a 4 GiB cut text is skipped, not stored");
	ok(feed(&(struct rfb){ 0 }, S("RFB 003.003\n"), 12, &r) < 0,
	    "RFB 3.3 is refused");
	ok(feed(&(struct rfb){ 0 }, S("RFB 003.008\n\1\2"), 14, &r) < 0,
	    "a server that wants VNC authentication is refused");
	ok(feed(&(struct rfb){ 0 }, S("RFB 003.008\n\0\0\0\0\2no"), 99, &r) < 0,
	    "a server refusing at once is refused");
	ok(feed(&(struct rfb){ 0 }, S("RFB 003.008\n\1\1\0\0\0\1"), 99, &r) < 0,
	    "a failed SecurityResult is refused");
	s = (struct rfb){ .state = S_MSG, .w = 8, .h = 8 };
	ok(feed(&s, S("\0\0\0\1\0\0\0\0\0\1\0\1\0\0\0\0"), 99, &r) < 0,
	    "pixels before the pixel format is set are refused");

	/* Truncated at every length, then random bytes after a handshake:
	 * never an error for a prefix of a good stream, never out of bounds. */
	n = handshake(buf, 64, 64);
	n += put(buf + n, "\0\0\0\1", 4);
	n += rect_hdr(buf + n, 8, 8, 16, 16, 0);
	memset(buf + n, 1, 16 * 16 * 4);
	n += 16 * 16 * 4;
	for (all = 1, k = 0; k <= n; k++) {
		s = (struct rfb){ 0 };
		all &= feed(&s, buf, k, 7, &r) == 0 && !r.bad;
	}
	ok(all, "every prefix of a good stream parses without error");
	for (all = 1, i = 0; i < 20000; i++) {
		k = handshake(buf, 1 + rng_below(300), 1 + rng_below(300));
		n = k + rng_below(4096);
		rng_bytes(buf + k, n - k);
		for (; k < n; k++)	/* parsers meet small numbers */
			buf[k] = buf[k] < 0x60 ? 0 :
			    buf[k] < 0x80 ? buf[k] & 7 : buf[k];
		s = (struct rfb){ 0 };
		feed(&s, buf, n, 1 + rng_below(600), &r);
		all &= !r.bad;
	}
	ok(all, "20,000 random streams: every pixel handed out in bounds");

	/* Client messages. */
	n = rfb_hello(m, &v, 1024, 768);
	ok(n == 20 + 24 + 10 && memcmp(m, "\0\0\0\0\x20\x18\0\1\0\xff\0\xff"
	    "\0\xff\x10\x08\0\0\0\0", 20) == 0,
	    "SetPixelFormat: x8r8g8b8, QEMU's own");
	ok(memcmp(m + 20, "\2\0\0\5\0\0\0\0\xff\xff\xff\x21\xff\xff\xfe\xff"
	    "\xff\xff\xfe\xfe\xff\xff\xfe\xfb", 24) == 0,
	    "SetEncodings: Raw, -223, -257, -258, -261");
	ok(memcmp(m + 44, "\3\0\0\0\0\0\4\0\3\0", 10) == 0,
	    "a full FramebufferUpdateRequest 1024x768");
	n = rfb_hello(m, &v565, 800, 600);
	ok(n == 54 && memcmp(m, "\0\0\0\0\x10\x10\0\1\0\x1f\0\x3f\0\x1f"
	    "\x0b\x05\0\0\0\0", 20) == 0, "SetPixelFormat: RGB565, 16 bpp");
	rfb_key(m, 1, 0xc8);
	ok(memcmp(m, "\xff\0\0\1\0\0\0\0\0\0\0\xc8", 12) == 0,
	    "Extended Key Event: Up pressed, qnum 0xc8");
	rfb_pointer(m, 5, 0x7fff + 3, 0x7fff - 2);
	ok(memcmp(m, "\5\5\x80\x02\x7f\xfd", 6) == 0,
	    "PointerEvent: buttons 1 and 3, relative +3, -2");
	ok(rfb_qnum(30) == 0x1e && rfb_qnum(83) == 83 && rfb_qnum(87) == 0x57 &&
	    rfb_qnum(96) == 0x9c && rfb_qnum(103) == 0xc8 &&
	    rfb_qnum(125) == 0xdb && rfb_qnum(84) == 0 && rfb_qnum(128) == 0 &&
	    rfb_qnum(0) == 0 && rfb_qnum(0x110) == 0,
	    "qnum: a, KP., F11, KPEnter, Up, LeftMeta; none: 84, 128, 0, BTN");
	return done();
}
