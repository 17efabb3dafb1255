/* SPDX-License-Identifier: ISC */
/*
 * fbvnc - the guest's screen, keyboard and mouse on the machine's own
 * (README.md, "The physical console"). An RFB client (rfb.c) of QEMU's VNC
 * server on a UNIX socket, drawing on /dev/fb0 with the VT in KD_GRAPHICS,
 * fed by every evdev keyboard and mouse, grabbed (EVIOCGRAB), hot-plugged
 * ones included. Ctrl-Alt-Backspace twice gives the text console back and
 * takes it again. Exit: 0 when QEMU closes the display, 100 a protocol
 * error, 111 a system call failed. Killed, it leaves the VT in KD_GRAPHICS:
 * vmm, its parent, sets KD_TEXT back whenever it ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <linux/input.h>
#include <linux/kd.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "rfb.h"

#define MAXDEV	16		/* keyboards and mice at once */
#define LBITS	(8 * sizeof(long))
#define CONNECT_WAIT_MS	60000	/* for QEMU to open its socket */
#define P_SOCK	0		/* poll slots; input devices follow */
#define P_UEVENT	1
#define P_DEV	2

const char fbvnc_usage[] = "fbvnc [SOCKET]\n"
	"draw QEMU's VNC display (default /run/vmm.vnc) on /dev/fb0, with\n"
	"every keyboard and mouse; Ctrl-Alt-Backspace twice: text console";

static struct {
	struct pollfd pfd[P_DEV + MAXDEV];
	int ndev, devnum[MAXDEV], fbfd, tty, attached, absolute, chord;
	uint8_t *fb;
	struct fb_var_screeninfo v;
	struct fb_fix_screeninfo f;
	unsigned bpp, dw, dh, buttons;
	int ox, oy, dx, dy, px, py, wheel, moved;
	unsigned long down[KEY_CNT / LBITS];	/* held, as evdev says */
} d;

/* Bit N of an EVIOCGBIT array of bits, as d.down is too. */
static int
bit(const unsigned long *bits, unsigned n)
{
	return bits[n / LBITS] >> n % LBITS & 1;
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void
out(const void *p, size_t n)
{
	if (send(d.pfd[P_SOCK].fd, p, n, MSG_NOSIGNAL) != (ssize_t)n)
		die("send to QEMU");
}

/* The whole visible screen black. */
static void
clear(void)
{
	unsigned y;

	for (y = 0; y < d.v.yres; y++)
		memset(d.fb + (y + d.v.yoffset) * d.f.line_length +
		    d.v.xoffset * d.bpp, 0, d.v.xres * d.bpp);
}

/* The guest's desktop is DW x DH: centred, clipped where larger. */
static void
resize(unsigned dw, unsigned dh)
{
	d.dw = dw;
	d.dh = dh;
	d.px = d.py = 0;
	d.ox = ((int)d.v.xres - (int)dw) / 2;
	d.oy = ((int)d.v.yres - (int)dh) / 2;
	if (d.attached)
		clear();
}

/* Rows of pixels in the framebuffer's own format: copied as they are. */
static void
draw(const struct rfb_ev *e)
{
	int x = d.ox + (int)e->x, y = d.oy + (int)e->y, w = e->w, h = e->h;
	const uint8_t *src = e->pix;
	uint8_t *dst;

	if (x < 0) {
		src -= x * (int)d.bpp;
		w += x;
		x = 0;
	}
	if (y < 0) {
		src -= y * (long)e->stride;
		h += y;
		y = 0;
	}
	if (w > (int)d.v.xres - x)
		w = d.v.xres - x;
	if (h > (int)d.v.yres - y)
		h = d.v.yres - y;
	dst = d.fb + (y + d.v.yoffset) * d.f.line_length +
	    (x + d.v.xoffset) * d.bpp;
	for (; w > 0 && h > 0; h--, dst += d.f.line_length, src += e->stride)
		memcpy(dst, src, w * d.bpp);
}

static void
pointer(unsigned buttons)
{
	uint8_t m[6];
	int x, y;

	if (d.absolute) {	/* our own cursor, kept on the desktop */
		x = d.px = clamp(d.px + d.dx, 0, (int)d.dw - 1);
		y = d.py = clamp(d.py + d.dy, 0, (int)d.dh - 1);
	} else {		/* QEMU takes 0x7FFF + delta (ui/vnc.c) */
		x = 0x7fff + clamp(d.dx, -0x7fff, 0x8000);
		y = 0x7fff + clamp(d.dy, -0x7fff, 0x8000);
	}
	rfb_pointer(m, buttons, x, y);
	out(m, sizeof m);
	d.dx = d.dy = 0;
}

static void
key(unsigned code, int down)
{
	unsigned qnum = rfb_qnum(code);
	uint8_t m[12];

	if (qnum != 0) {
		rfb_key(m, down, qnum);
		out(m, sizeof m);
	}
}

/* Input to the guest (ON) or to the text console. */
static void
attach(int on)
{
	uint8_t m[10];
	int i;

	if (!on) {	/* the guest must not keep keys or buttons held */
		for (i = 0; i < KEY_CNT; i++)
			if (bit(d.down, i))
				key(i, 0);
		pointer(0);
	}
	d.attached = on;
	for (i = 0; i < d.ndev; i++)
		if (ioctl(d.pfd[P_DEV + i].fd, EVIOCGRAB, on) < 0)
			warn("input%d: grab", d.devnum[i]);
	/* KD_GRAPHICS: fbcon stops drawing (drivers/video/fbdev/core) */
	if (d.tty >= 0 && ioctl(d.tty, KDSETMODE, on ? KD_GRAPHICS :
	    KD_TEXT) < 0)
		warn("KDSETMODE");
	if (on) {	/* fbcon may have panned while it had the screen */
		if (ioctl(d.fbfd, FBIOGET_VSCREENINFO, &d.v) < 0)
			die("/dev/fb0");
		resize(d.dw, d.dh);
		rfb_request(m, 0, d.dw, d.dh);
		out(m, sizeof m);
	}
	info("%s (Ctrl-Alt-Backspace twice: %s)", on ? "the guest's screen" :
	    "text console", on ? "text console" : "the guest's screen");
}

/* A keyboard (KEY_A, KEY_ENTER) or a mouse (REL_X, BTN_LEFT); else not ours. */
static void
dev_add(int num)
{
	unsigned long ev = 0, rel = 0, keys[KEY_CNT / LBITS] = { 0 };
	char path[32], name[64] = "";
	int fd, i, kbd;

	for (i = 0; i < d.ndev; i++)
		if (d.devnum[i] == num)
			return;
	snprintf(path, sizeof path, "/dev/input/event%d", num);
	if ((fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0)
		return;
	ioctl(fd, EVIOCGBIT(0, sizeof ev), &ev);
	ioctl(fd, EVIOCGBIT(EV_KEY, sizeof keys), keys);
	ioctl(fd, EVIOCGBIT(EV_REL, sizeof rel), &rel);
	ioctl(fd, EVIOCGNAME(sizeof name - 1), name);
	kbd = bit(keys, KEY_A) && bit(keys, KEY_ENTER);
	if ((!kbd && !(ev >> EV_REL & 1 && rel >> REL_X & 1 &&
	    bit(keys, BTN_LEFT))) || d.ndev == MAXDEV ||
	    (d.attached && ioctl(fd, EVIOCGRAB, 1) < 0)) {
		close(fd);
		return;
	}
	d.pfd[P_DEV + d.ndev] = (struct pollfd){ fd, POLLIN, 0 };
	d.devnum[d.ndev++] = num;
	info("%s: %s (%s)", path, name, kbd ? "keyboard" : "mouse");
}

/* Ctrl and Alt held, Backspace pressed twice: the escape (once connected). */
static int
chord(unsigned code, int value)
{
	int ctrl = bit(d.down, KEY_LEFTCTRL) || bit(d.down, KEY_RIGHTCTRL);
	int alt = bit(d.down, KEY_LEFTALT) || bit(d.down, KEY_RIGHTALT);

	if (value != 1 || d.dw == 0 || code == KEY_LEFTCTRL ||
	    code == KEY_RIGHTCTRL || code == KEY_LEFTALT ||
	    code == KEY_RIGHTALT)
		return 0;
	if (code != KEY_BACKSPACE || !ctrl || !alt) {
		d.chord = 0;
		return 0;
	}
	if (++d.chord < 2)
		return 0;
	d.chord = 0;
	attach(!d.attached);
	return 1;
}

static void
input(const struct input_event *e)
{
	static const unsigned short btn[] = { BTN_LEFT, BTN_MIDDLE, BTN_RIGHT };
	unsigned i;

	if (e->type == EV_KEY && e->code < KEY_CNT) {
		for (i = 0; i < LEN(btn); i++)
			if (e->code == btn[i]) {
				d.buttons = (d.buttons & ~(1U << i)) |
				    (e->value != 0) << i;
				d.moved = 1;
				return;
			}
		if (e->value)
			d.down[e->code / LBITS] |= 1UL << e->code % LBITS;
		else
			d.down[e->code / LBITS] &= ~(1UL << e->code % LBITS);
		if (!chord(e->code, e->value) && d.attached)
			key(e->code, e->value != 0);
	} else if (e->type == EV_REL) {
		d.dx += e->code == REL_X ? e->value : 0;
		d.dy += e->code == REL_Y ? e->value : 0;
		d.wheel += e->code == REL_WHEEL ? e->value : 0;
		d.moved = 1;
	} else if (e->type == EV_SYN && e->code == SYN_REPORT && d.moved) {
		/* RFB buttons 4 and 5 are one wheel step up and down */
		if (d.attached && d.wheel != 0)
			pointer(d.buttons | (d.wheel > 0 ? 8 : 16));
		if (d.attached)
			pointer(d.buttons);
		d.moved = d.wheel = d.dx = d.dy = 0;	/* the text console's */
	}
}

/* QEMU's LED state (bit 0 Scroll, 1 Num, 2 Caps) on every keyboard. */
static void
leds(unsigned state)
{
	struct input_event e[4] = {
		{ .type = EV_LED, .code = LED_SCROLLL, .value = state & 1 },
		{ .type = EV_LED, .code = LED_NUML, .value = state >> 1 & 1 },
		{ .type = EV_LED, .code = LED_CAPSL, .value = state >> 2 & 1 },
		{ .type = EV_SYN, .code = SYN_REPORT },
	};
	int i;

	for (i = 0; i < d.ndev; i++)	/* a mouse has no LEDs: no error */
		(void)!write(d.pfd[P_DEV + i].fd, e, sizeof e);
}

/* One item from the server. */
static void
act(struct rfb *s, const struct rfb_ev *e)
{
	uint8_t m[64];

	switch (e->type) {
	case RFB_VERSION:
		out("RFB 003.008\n", 12);
		break;
	case RFB_SECURITY:
	case RFB_AUTHED:	/* type 1 None; then ClientInit shared 1 */
		out("\1", 1);
		break;
	case RFB_INIT:
		s->bpp = d.bpp;
		resize(e->x, e->y);
		out(m, rfb_hello(m, &d.v, e->x, e->y));
		attach(1);
		break;
	case RFB_PIXELS:
		if (d.attached)
			draw(e);
		break;
	case RFB_RESIZE:
		resize(e->x, e->y);
		break;
	case RFB_LEDS:
		leds(e->x);
		break;
	case RFB_POINTER:
		d.absolute = e->x;
		break;
	case RFB_DONE:		/* detached: no updates until we are back */
		if (d.attached) {
			rfb_request(m, 1, d.dw, d.dh);
			out(m, 10);
		}
		break;
	default:
		break;
	}
}

static void
fb_open(void)
{
	if ((d.fbfd = open("/dev/fb0", O_RDWR | O_CLOEXEC)) < 0 ||
	    ioctl(d.fbfd, FBIOGET_VSCREENINFO, &d.v) < 0 ||
	    ioctl(d.fbfd, FBIOGET_FSCREENINFO, &d.f) < 0)
		die("/dev/fb0");
	d.bpp = d.v.bits_per_pixel / 8;
	/* QEMU sends 8, 16 or 32 bpp (ui/vnc.c); 8 would be a palette */
	if ((d.bpp != 2 && d.bpp != 4) || d.f.visual != FB_VISUAL_TRUECOLOR ||
	    (d.v.xoffset + d.v.xres) * d.bpp > d.f.line_length ||
	    (size_t)(d.v.yoffset + d.v.yres) * d.f.line_length > d.f.smem_len)
		diex(EXIT_USAGE, "/dev/fb0: %u bpp, visual %u: want 16 or 32 "
		    "bpp true colour, all in its memory", d.v.bits_per_pixel,
		    d.f.visual);
	d.fb = mmap(NULL, d.f.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED,
	    d.fbfd, 0);
	if (d.fb == MAP_FAILED)
		die("/dev/fb0: mmap");
	info("/dev/fb0: %s, %ux%u, %u bpp", d.f.id, d.v.xres, d.v.yres,
	    d.v.bits_per_pixel);
}

static int
connect_wait(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long deadline = now_ms() + CONNECT_WAIT_MS;
	int fd;

	if (strlen(path) >= sizeof sa.sun_path)
		diex(EXIT_USAGE, "%s: path too long", path);
	strcpy(sa.sun_path, path);
	for (;;) {	/* QEMU opens the socket a moment after it starts */
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			die("socket");
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			return fd;
		if ((errno != ENOENT && errno != ECONNREFUSED) ||
		    now_ms() > deadline)
			die("%s", path);
		close(fd);
		poll(NULL, 0, 100);
	}
}

int
fbvnc_main(int argc, char **argv)
{
	static uint8_t buf[8 * RFB_ROW_MAX];	/* rfb_parse() takes whole rows */
	const char *path = argc > 1 ? argv[1] : "/run/vmm.vnc";
	struct input_event ie[64];
	struct rfb s = { .state = 0 };
	struct rfb_ev e;
	struct uevent ue;
	char ubuf[4096];
	size_t have = 0, off;
	unsigned long num;
	ssize_t n;
	long r;
	int i, j, rc = 0;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		usage();
	fb_open();
	if ((d.tty = open("/dev/tty0", O_RDWR | O_CLOEXEC)) < 0)
		warn("/dev/tty0: the text console will draw over the guest");
	if ((d.pfd[P_UEVENT].fd = uevent_open()) < 0)
		warn("uevent socket: no hot-plugged input");
	for (i = 0; i < 64; i++)
		dev_add(i);
	d.pfd[P_SOCK].fd = connect_wait(path);
	for (i = 0; i < P_DEV; i++)
		d.pfd[i].events = POLLIN;
	for (;;) {
		if (poll(d.pfd, P_DEV + d.ndev, -1) < 0 && errno != EINTR)
			die("poll");
		while (uevent_recv(d.pfd[P_UEVENT].fd, ubuf, sizeof ubuf,
		    &ue) > 0)
			if (ue.action && strcmp(ue.action, "add") == 0 &&
			    ue.devname && strncmp(ue.devname, "input/event",
			    11) == 0 && parse_uint(ue.devname + 11, 10, 1023,
			    &num) == 0)
				dev_add(num);
		for (i = 0; i < d.ndev; i++) {
			if (!d.pfd[P_DEV + i].revents)
				continue;
			n = read(d.pfd[P_DEV + i].fd, ie, sizeof ie);
			if (n < 0 && errno != EAGAIN) {	/* ENODEV: unplugged */
				warn("/dev/input/event%d", d.devnum[i]);
				close(d.pfd[P_DEV + i].fd);
				d.ndev--;
				d.pfd[P_DEV + i] = d.pfd[P_DEV + d.ndev];
				d.devnum[i] = d.devnum[d.ndev];
				i--;
				continue;
			}
			for (j = 0; j < n / (ssize_t)sizeof ie[0]; j++)
				input(&ie[j]);
		}
		if (!d.pfd[P_SOCK].revents)
			continue;
		if ((n = read(d.pfd[P_SOCK].fd, buf + have, sizeof buf - have))
		    <= 0) {
			if (n < 0)
				warn("%s", path);
			rc = n < 0 ? EXIT_SYSCALL : 0;
			break;
		}
		for (have += n, off = 0;; off += r) {
			r = rfb_parse(&s, buf + off, have - off, &e);
			if (r < 0) {
				warnx("%s: %s", path, s.why);
				rc = EXIT_USAGE;
				goto end;
			}
			if (e.type == RFB_NEED)
				break;
			act(&s, &e);
		}
		memmove(buf, buf + off, have - off);
		have -= off;
	}
end:
	if (d.tty >= 0 && d.attached)
		ioctl(d.tty, KDSETMODE, KD_TEXT);
	return rc;
}
