/* SPDX-License-Identifier: ISC */
/*
 * uevent.c - the kernel's device events (NETLINK_KOBJECT_UEVENT), for
 * coldplug/hotplug and the vmm's wait for its disk. A message is
 * "ACTION@DEVPATH\0" then "KEY=VALUE\0" records (lib/kobject_uevent.c).
 * The bytes are untrusted: uevent_parse() reads only inside buf[0..len)
 * and hands out pointers to NUL-terminated values inside it.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "box.h"

static const struct {
	const char *key;
	size_t off;
} keys[] = {
	{ "ACTION=",	offsetof(struct uevent, action) },
	{ "DEVNAME=",	offsetof(struct uevent, devname) },
	{ "DEVPATH=",	offsetof(struct uevent, devpath) },
	{ "DEVTYPE=",	offsetof(struct uevent, devtype) },
	{ "FIRMWARE=",	offsetof(struct uevent, firmware) },
	{ "MODALIAS=",	offsetof(struct uevent, modalias) },
	{ "SUBSYSTEM=",	offsetof(struct uevent, subsystem) },
};

/* 0 and *ev filled (absent keys NULL); -1 if the message is malformed. */
int
uevent_parse(const char *buf, size_t len, struct uevent *ev)
{
	const char *p = buf, *end = buf + len, *nul;
	struct span rec;
	size_t i;

	memset(ev, 0, sizeof *ev);
	/* Every record ends in NUL, the last one included. */
	if (len == 0 || buf[len - 1] != '\0')
		return -1;
	nul = memchr(p, '\0', end - p);
	if (memchr(p, '@', nul - p) == NULL)
		return -1;	/* not a kernel "action@devpath" header */
	for (p = nul + 1; p < end; p = nul + 1) {
		nul = memchr(p, '\0', end - p);	/* found: buf ends in NUL */
		for (i = 0; i < LEN(keys); i++) {
			rec = (struct span){ p, nul - p };
			if (span_skip(&rec, keys[i].key))
				*(const char **)((char *)ev + keys[i].off) = rec.p;
		}
	}
	return ev->action != NULL && ev->devpath != NULL ? 0 : -1;
}

/* A socket on the kernel's uevent multicast group, non-blocking. */
int
uevent_open(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,		/* the kernel's group; udev uses 2 */
	};
	int fd, size = 1 << 20;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_KOBJECT_UEVENT);
	if (fd < 0)
		return -1;
	/* A burst of events at boot must not overflow the queue. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * The next event into buf, parsed into *ev: 1 got one, 0 nothing to read
 * (or a message to ignore: not from the kernel, malformed), -1 error.
 */
int
uevent_recv(int fd, char *buf, size_t size, struct uevent *ev)
{
	struct sockaddr_nl sa;
	struct iovec iov = { buf, size };
	struct msghdr mh = {
		.msg_name = &sa, .msg_namelen = sizeof sa,
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	ssize_t n;

	if ((n = recvmsg(fd, &mh, 0)) < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	/* Only the kernel (port 0) speaks for devices; drop truncated ones. */
	if (sa.nl_pid != 0 || (mh.msg_flags & MSG_TRUNC))
		return 0;
	return uevent_parse(buf, n, ev) == 0 ? 1 : 0;
}
