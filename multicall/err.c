/* SPDX-License-Identifier: ISC */
/*
 * err.c - the one error formatter (toybox verror_msg, OpenBSD vfatalc).
 * errno is captured by each front-end before any stdio call can change it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "box.h"

#define CONSOLE_WAIT	5000	/* ms: a 4 KiB tty buffer at 9600 baud drains in 4 s */

const char *progname;		/* NULL in the dispatcher itself */
const char *progusage = "";

static void
report(int err, const char *fmt, va_list ap)
{
	char msg[512];
	char line[600];		/* msg, an applet's name and 20 more: fits */
	static int kmsg_fd = -1, stuck;
	struct pollfd out = { .fd = 2, .events = POLLOUT };
	const char *p;
	ssize_t w;
	int n, left;

	n = vsnprintf(msg, sizeof msg, fmt, ap);
	if (err && n < (int)sizeof msg)
		snprintf(msg + n, sizeof msg - n, ": %s", strerror(err));
	n = snprintf(line, sizeof line, "halbox%s%s: %s\n",
	    progname ? " " : "", progname ? progname : "", msg);
	/*
	 * One write(2) per line, so lines from several processes never mix.
	 * PID 1's stderr is non-blocking (init.c): a full console gets up to
	 * CONSOLE_WAIT ms to take the line, unless it took none of the last
	 * one (stuck: no wait until it moves again). A line it refuses still
	 * goes to the kernel log below.
	 */
	for (p = line, left = n; left > 0; p += w, left -= w) {
		if ((w = write(2, p, left)) >= 0)
			continue;
		if (errno != EAGAIN || stuck || poll(&out, 1, CONSOLE_WAIT) != 1)
			break;
		w = 0;
	}
	stuck = left > 0;
	/*
	 * Every applet's lines go to the kernel log too, so that dmesg in the
	 * rescue shell tells the whole boot, even what a full-screen display
	 * painted over. The console already has the line from stderr. "<15>"
	 * is user.debug: at the default console loglevel (7) the kernel does
	 * not echo level 7 to the console, so the line is not shown twice
	 * (Documentation/ABI/testing/dev-kmsg). Opened at the first line, so
	 * an applet that says nothing never opens it; retried while absent
	 * (PID 1 reports before /dev is mounted).
	 */
	if (kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (kmsg_fd >= 0) {
		n = snprintf(line, sizeof line, "<15>halbox: %s%s%s\n",
		    progname ? progname : "", progname ? ": " : "", msg);
		if (write(kmsg_fd, line, n) < 0)
			return;
	}
}

void
info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(0, fmt, ap);
	va_end(ap);
}

void
warn(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	report(e, fmt, ap);
	va_end(ap);
	errno = e;
}

/* A warning without errno is said the same way as news: one function. */
void warnx(const char *fmt, ...) __attribute__((alias("info")));

void
die(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	report(e, fmt, ap);
	va_end(ap);
	exit(EXIT_SYSCALL);
}

void
diex(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(0, fmt, ap);
	va_end(ap);
	exit(code);
}

void
usage(void)
{
	dprintf(2, "usage: %s\n", progusage);
	exit(EXIT_USAGE);
}
