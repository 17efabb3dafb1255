/* SPDX-License-Identifier: ISC */
/*
 * rfb.c - the pure half of fbvnc: an RFB 3.8 client's parser of what the
 * server sends (RFC 6143 7.1-7.3, 7.6; QEMU's pseudo-encodings from
 * rfbproto.rst) and the few client messages it writes. No I/O: the server's
 * bytes are untrusted (buf, len), every length is checked before a read,
 * and a rectangle is clipped to the desktop before a pixel is handed out.
 */
#include <string.h>

#include "rfb.h"

/* RFC 6143 7.7 and rfbproto.rst "Pseudo-encodings" */
#define ENC_RAW		0
#define ENC_DESKTOP_SIZE	(-223)
#define ENC_POINTER_CHANGE	(-257)	/* QEMU Pointer Motion Change */
#define ENC_EXT_KEY	(-258)	/* QEMU Extended Key Event */
#define ENC_LED_STATE	(-261)	/* QEMU LED State */

enum { S_VERSION, S_SECTYPES, S_SECRESULT, S_INIT, S_MSG, S_RECT, S_PIXELS,
	S_SKIP };

/* RFC 6143 7.5: client message types */
#define MSG_SET_PIXEL_FORMAT	0
#define MSG_SET_ENCODINGS	2
#define MSG_UPDATE_REQUEST	3
#define MSG_POINTER	5
#define MSG_QEMU	255	/* QEMU's, subtype 0: Extended Key Event */

static unsigned
u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | p[2] << 8 | p[3];
}

static uint8_t *
put16(uint8_t *p, unsigned v)
{
	p[0] = v >> 8;
	p[1] = v;
	return p + 2;
}

static uint8_t *
put32(uint8_t *p, uint32_t v)
{
	return put16(put16(p, v >> 16), v & 0xffff);
}

static long
fail(struct rfb *s, const char *why)
{
	s->why = why;
	return -1;
}

/* One rectangle less; the update ends with the last one. */
static void
rect_done(struct rfb *s)
{
	s->rects--;
	s->state = S_RECT;
}

/* Rows of the current Raw rectangle, clipped to the desktop. */
static long
pixels(struct rfb *s, const uint8_t *buf, size_t len, struct rfb_ev *ev)
{
	size_t stride = (size_t)s->rw * s->bpp;
	unsigned n = s->rh - s->row, y = s->ry + s->row, x0, x1, y1;

	if (len / stride < n)
		n = len / stride;
	if (n == 0)
		return 0;
	x0 = s->rx < s->w ? s->rx : s->w;
	x1 = s->rx + s->rw < s->w ? s->rx + s->rw : s->w;
	y1 = y + n < s->h ? y + n : s->h;
	if (x0 < x1 && y < y1) {
		*ev = (struct rfb_ev){ RFB_PIXELS, x0, y, x1 - x0, y1 - y,
		    stride, buf + (x0 - s->rx) * s->bpp };
	}
	if ((s->row += n) == s->rh)
		rect_done(s);
	return (long)(n * stride);
}

/* A rectangle header: RFC 6143 7.6.1. */
static long
rect(struct rfb *s, const uint8_t *p, size_t len, struct rfb_ev *ev)
{
	int32_t enc;

	if (s->rects == 0) {
		s->state = S_MSG;
		ev->type = RFB_DONE;
		return 0;
	}
	if (len < 12)
		return 0;
	s->rx = u16(p);
	s->ry = u16(p + 2);
	s->rw = u16(p + 4);
	s->rh = u16(p + 6);
	enc = (int32_t)u32(p + 8);
	switch (enc) {
	case ENC_RAW:
		if (s->bpp == 0)
			return fail(s, "pixels before the pixel format");
		if (s->rw > RFB_MAX_W)
			return fail(s, "rectangle wider than 4096 pixels");
		s->row = 0;
		if (s->rw == 0 || s->rh == 0)
			rect_done(s);
		else
			s->state = S_PIXELS;
		return 12;
	case ENC_DESKTOP_SIZE:
		s->w = s->rw;
		s->h = s->rh;
		ev->type = RFB_RESIZE;
		ev->x = s->w;
		ev->y = s->h;
		break;
	case ENC_POINTER_CHANGE:
		ev->type = RFB_POINTER;
		ev->x = s->rx != 0;
		break;
	case ENC_EXT_KEY:	/* QEMU's ack: nothing to do */
		break;
	case ENC_LED_STATE:	/* one byte of payload */
		if (len < 13)
			return 0;
		ev->type = RFB_LEDS;
		ev->x = p[12];
		rect_done(s);
		return 13;
	default:
		return fail(s, "unknown encoding (only Raw was offered)");
	}
	rect_done(s);
	return 12;
}

/* A server message's header: RFC 6143 7.6. */
static long
msg(struct rfb *s, const uint8_t *p, size_t len)
{
	long hdr;

	switch (p[0]) {
	case 0:		/* FramebufferUpdate: type, pad, U16 rectangles */
		if (len < 4)
			return 0;
		s->rects = u16(p + 2);
		s->state = S_RECT;
		return 4;
	case 1:		/* SetColourMapEntries: 6 bytes an entry */
		if (len < 6)
			return 0;
		s->skip = u16(p + 4) * 6ULL;
		hdr = 6;
		break;
	case 2:		/* Bell */
		return 1;
	case 3:		/* ServerCutText: pad 3, U32 length */
		if (len < 8)
			return 0;
		s->skip = u32(p + 4);
		hdr = 8;
		break;
	default:
		return fail(s, "unknown message type");
	}
	s->state = S_SKIP;
	return hdr;
}

static long
step(struct rfb *s, const uint8_t *buf, size_t len, struct rfb_ev *ev)
{
	uint64_t n;

	switch (s->state) {
	case S_VERSION:		/* RFC 6143 7.1.1: "RFB 003.008\n" */
		if (len < 12)
			return 0;
		if (memcmp(buf, "RFB 003.00", 10) != 0 || buf[10] < '8' ||
		    buf[10] > '9' || buf[11] != '\n')
			return fail(s, "not an RFB 3.8 server");
		s->state = S_SECTYPES;
		ev->type = RFB_VERSION;
		return 12;
	case S_SECTYPES:	/* 7.1.2: U8 n, n types; 0: a reason follows */
		if (len < 1 || len < 1U + buf[0])
			return 0;
		if (buf[0] == 0)
			return fail(s, "the server refused the connection");
		if (memchr(buf + 1, 1, buf[0]) == NULL)
			return fail(s, "the server wants a password "
			    "(no security type None)");
		s->state = S_SECRESULT;
		ev->type = RFB_SECURITY;
		return 1 + buf[0];
	case S_SECRESULT:	/* 7.1.3: U32 0 is OK */
		if (len < 4)
			return 0;
		if (u32(buf) != 0)
			return fail(s, "the server refused security type None");
		s->state = S_INIT;
		ev->type = RFB_AUTHED;
		return 4;
	case S_INIT:		/* 7.3.2: U16 w, h, PIXEL_FORMAT, U32 name */
		if (len < 24)
			return 0;
		s->w = u16(buf);
		s->h = u16(buf + 2);
		s->skip = u32(buf + 20);
		s->state = S_SKIP;
		ev->type = RFB_INIT;
		ev->x = s->w;
		ev->y = s->h;
		ev->pix = buf + 4;
		return 24;
	case S_MSG:
		return len < 1 ? 0 : msg(s, buf, len);
	case S_RECT:
		return rect(s, buf, len, ev);
	case S_PIXELS:
		return pixels(s, buf, len, ev);
	case S_SKIP:
		n = s->skip < len ? s->skip : len;
		if ((s->skip -= n) == 0) {
			s->state = S_MSG;
			ev->type = RFB_OTHER;
		}
		return (long)n;
	}
	return fail(s, "bad parser state");
}

/*
 * Consume the next item of the server's stream in BUF: the bytes taken
 * (*ev says what they meant; RFB_NEED with 0: wait for more), or -1 and
 * s->why. Call again until RFB_NEED: an event may consume no byte.
 */
long
rfb_parse(struct rfb *s, const uint8_t *buf, size_t len, struct rfb_ev *ev)
{
	long n;

	*ev = (struct rfb_ev){ .type = RFB_NEED };
	if ((n = step(s, buf, len, ev)) > 0 && ev->type == RFB_NEED)
		ev->type = RFB_OTHER;
	return n;
}

/*
 * What follows ServerInit, in one write: SetPixelFormat (7.5.1) with the
 * framebuffer's own layout V, so QEMU sends rows the screen takes as they
 * are; SetEncodings (7.5.2); a full FramebufferUpdateRequest (7.5.3).
 */
size_t
rfb_hello(uint8_t *out, const struct fb_var_screeninfo *v, unsigned w,
    unsigned h)
{
	static const int32_t enc[] = { ENC_RAW, ENC_DESKTOP_SIZE,
	    ENC_POINTER_CHANGE, ENC_EXT_KEY, ENC_LED_STATE };
	const struct fb_bitfield *c[3] = { &v->red, &v->green, &v->blue };
	uint8_t *p = out;
	size_t i;

	memset(p, 0, 20);
	p[0] = MSG_SET_PIXEL_FORMAT;
	p[4] = v->bits_per_pixel;
	p[6] = 0;		/* little-endian, as the CPU writes pixels */
	p[7] = 1;		/* true colour */
	for (i = 0; i < 3; i++) {
		p[5] += c[i]->length;		/* depth */
		put16(p + 8 + 2 * i, (1U << c[i]->length) - 1);
		p[14 + i] = c[i]->offset;
	}
	p += 20;
	*p++ = MSG_SET_ENCODINGS;
	*p++ = 0;
	p = put16(p, sizeof enc / sizeof enc[0]);
	for (i = 0; i < sizeof enc / sizeof enc[0]; i++)
		p = put32(p, (uint32_t)enc[i]);
	rfb_request(p, 0, w, h);
	return p + 10 - out;
}

void
rfb_request(uint8_t out[10], int incremental, unsigned w, unsigned h)
{
	out[0] = MSG_UPDATE_REQUEST;
	out[1] = incremental;
	put16(put16(put16(put16(out + 2, 0), 0), w), h);
}

/* QEMU Extended Key Event: 255, 0, U16 down, U32 keysym 0, U32 qnum. */
void
rfb_key(uint8_t out[12], int down, unsigned qnum)
{
	out[0] = MSG_QEMU;
	out[1] = 0;
	put32(put32(put16(out + 2, down), 0), qnum);
}

void
rfb_pointer(uint8_t out[6], unsigned buttons, unsigned x, unsigned y)
{
	out[0] = MSG_POINTER;
	out[1] = buttons;
	put16(put16(out + 2, x), y);
}

/*
 * QEMU's key number for a Linux key: the XT set-1 scancode, 0x80 | the
 * second byte for the 0xE0-prefixed ones (ui/keycodemapdb keymaps.csv).
 * Linux numbered keys 1-83 after set 1, so those are their own; the
 * table covers 84-127; 0: no such key (media keys above 127 are dropped).
 */
unsigned
rfb_qnum(unsigned k)
{
	static const uint8_t high[] = {
		/* 84 */ 0, 0x76, 0x56, 0x57, 0x58, 0x73, 0x78, 0x77,
		/* 92 */ 0x79, 0x70, 0x7b, 0x5c, 0x9c, 0x9d, 0xb5, 0x54,
		/* 100 */ 0xb8, 0x5b, 0xc7, 0xc8, 0xc9, 0xcb, 0xcd, 0xcf,
		/* 108 */ 0xd0, 0xd1, 0xd2, 0xd3, 0xef, 0xa0, 0xae, 0xb0,
		/* 116 */ 0xde, 0x59, 0xce, 0xc6, 0x8b, 0x7e, 0x72, 0x71,
		/* 124 */ 0x7d, 0xdb, 0xdc, 0xdd,
	};

	if (k >= 1 && k <= 83)
		return k;
	return k >= 84 && k - 84 < sizeof high ? high[k - 84] : 0;
}
