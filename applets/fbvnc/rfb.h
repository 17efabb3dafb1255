/* SPDX-License-Identifier: ISC */
/* rfb.h - the RFB client's pure parts (rfb.c), used by fbvnc.c */
#ifndef RFB_H
#define RFB_H

#include <linux/fb.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Widest rectangle taken: QEMU's largest desktop is 2560 (ui/vnc.h
 * VNC_MAX_WIDTH). The caller's buffer holds at least one row of it.
 */
#define RFB_MAX_W	4096
#define RFB_ROW_MAX	(RFB_MAX_W * 4)

/* What rfb_parse() found; the caller answers the first four. */
enum rfb_ev_type {
	RFB_NEED,	/* nothing until more bytes come */
	RFB_VERSION,	/* send "RFB 003.008\n" */
	RFB_SECURITY,	/* send security type 1, None */
	RFB_AUTHED,	/* send ClientInit */
	RFB_INIT,	/* x, y: desktop size; pix: server's pixel format */
	RFB_PIXELS,	/* rows y..y+h, columns x..x+w at pix, stride apart */
	RFB_RESIZE,	/* DesktopSize: the new size in x, y */
	RFB_LEDS,	/* x: bit 0 Scroll, 1 Num, 2 Caps Lock */
	RFB_POINTER,	/* x: 1 absolute pointer, 0 relative */
	RFB_DONE,	/* an update ended: ask for the next */
	RFB_OTHER	/* bytes consumed, nothing to do */
};

struct rfb_ev {
	enum rfb_ev_type type;
	unsigned x, y, w, h;
	size_t stride;
	const uint8_t *pix;
};

struct rfb {
	int state;
	unsigned w, h;		/* desktop size: rectangles are clipped to it */
	unsigned bpp;		/* bytes a pixel, set by the caller at INIT */
	unsigned rects;		/* left in this update */
	unsigned rx, ry, rw, rh, row;	/* the Raw rectangle being read */
	uint64_t skip;		/* name, cut text: bytes before a message */
	const char *why;	/* after -1 */
};

long rfb_parse(struct rfb *s, const uint8_t *buf, size_t len,
    struct rfb_ev *ev);
size_t rfb_hello(uint8_t *out, const struct fb_var_screeninfo *v,
    unsigned w, unsigned h);
void rfb_request(uint8_t out[10], int incremental, unsigned w, unsigned h);
void rfb_key(uint8_t out[12], int down, unsigned qnum);
void rfb_pointer(uint8_t out[6], unsigned buttons, unsigned x, unsigned y);
unsigned rfb_qnum(unsigned linux_key);

#endif
