/* SPDX-License-Identifier: ISC */
/* util.c - small helpers shared by more than one applet. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "box.h"

/* The word after a keyword that takes a value ("mtu 1500"), or a usage error. */
const char *
word_value(char **w)
{
	if (w[1] == NULL)
		diex(EXIT_USAGE, "'%s' needs a value", w[0]);
	return w[1];
}

/* V, a decimal in [LO, HI] ("mtu 1500", "-t 3"), or a usage error. */
unsigned long
arg_uint(const char *what, const char *v, unsigned long lo, unsigned long hi)
{
	unsigned long n;

	if (parse_uint(v, 10, hi, &n) < 0 || n < lo)
		diex(EXIT_USAGE, "bad %s '%s' (%lu-%lu)", what, v, lo, hi);
	return n;
}

/*
 * getopt(3) for halbox's option strings ("ab:c::", POSIX plus "::" for an
 * optional value that must be attached), but a bad option is one line
 * naming it and exit 100, as busybox does ("unknown option '--foo'",
 * "option '-m' needs a value"), not libc's line plus the usage. Its own,
 * not libc's: musl's getopt prints through stdio, which halbox does not
 * otherwise link (README, "Size"). Options end at the first word that is
 * not one, or after "--", as POSIX says (no permuting).
 */
char *optarg;
int optind = 1;
static int optpos;	/* the next letter in argv[optind]; 0: a new word */

int
getopt_box(int argc, char **argv, const char *spec)
{
	const char *w, *s;
	int c;

	optarg = NULL;
	if (optind >= argc || (w = argv[optind])[0] != '-' || w[1] == '\0')
		return -1;
	if (optpos == 0) {
		if (w[1] == '-' && w[2] == '\0') {
			optind++;
			return -1;
		}
		if (w[1] == '-')
			diex(EXIT_USAGE, "unknown option '%s'", w);
		optpos = 1;
	}
	c = (unsigned char)w[optpos++];
	if (c == ':' || (s = strchr(spec, c)) == NULL)
		diex(EXIT_USAGE, "unknown option '-%c'", c);
	if (s[1] == ':') {
		if (w[optpos] != '\0')
			optarg = (char *)w + optpos;
		else if (s[2] != ':' && (optarg = argv[++optind]) == NULL)
			diex(EXIT_USAGE, "option '-%c' needs a value", c);
		optpos = 0;
		optind++;
	} else if (w[optpos] == '\0') {
		optpos = 0;
		optind++;
	}
	return c;
}

/* Milliseconds on the monotonic clock: for deadlines and durations. */
long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* The value of one hexadecimal digit, or -1. */
int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;		/* ASCII lower case */
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * The whole file, NUL-terminated, in a malloc'd buffer; at most MAX bytes
 * (files under /proc and /sys report size 0, so read until EOF). A file
 * that is not regular fails with EINVAL.
 */
char *
read_file(const char *path, size_t max, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = NULL, *nb;
	struct stat st;
	ssize_t r;
	int fd, e;

	/* A FIFO or a terminal would block the reader (PID 1 reading
	 * init.conf=) in open or read for ever: regular files only. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	for (;;) {
		if (buf == NULL || n + 1 >= cap) {
			if (buf != NULL)
				cap *= 2;
			if ((nb = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nb;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		n += r;
		if (n > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
fail:
	e = errno;
	free(buf);
	close(fd);
	errno = e;
	return NULL;
}

/*
 * Replace PATH by BUF with nothing half-written left behind: write
 * PATH.tmp, fsync, rename. 0 ok, -1 with errno.
 */
int
write_file_atomic(const char *path, const void *buf, size_t len,
    unsigned mode)
{
	char tmp[4096];
	const char *p = buf;
	ssize_t r;
	int fd, e;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)) < 0)
		return -1;
	while (len > 0) {
		if ((r = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += r;
		len -= r;
	}
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) == 0)
		return 0;
	fd = -1;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

const struct power_way powers[] = {	/* indexed by enum power */
	{ "none", 0, 0 },
	{ "halt", SIGUSR1, RB_HALT_SYSTEM },
	{ "poweroff", SIGUSR2, RB_POWER_OFF },
	{ "reboot", SIGTERM, RB_AUTOBOOT },
};

/*
 * reboot(2) for P (halt, poweroff or reboot). PID 1
 * must not make the call itself: the kernel ends the calling task, and PID
 * 1 ending is a panic before the machine is off (busybox init.c, toybox
 * oneit.c). So PID 1 forks, the child calls reboot(2), and PID 1 waits
 * forever. Returns only on failure, with errno.
 */
int
hard_reboot(enum power p, int do_sync)
{
	pid_t pid;
	int status;

	if (do_sync)
		sync();
	if (getpid() != 1)
		return reboot(powers[p].how);
	if ((pid = fork()) == 0) {
		reboot(powers[p].how);
		_exit(errno);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	errno = WIFEXITED(status) ? WEXITSTATUS(status) : EIO;
	return -1;
}
