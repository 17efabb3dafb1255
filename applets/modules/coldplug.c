/* SPDX-License-Identifier: ISC */
/*
 * coldplug - load the drivers for the devices the kernel found, then (-d)
 * for every device that appears later (hotplug), for the machine's life
 *
 * usage: coldplug [-d]
 * 1. Open the kernel's uevent socket first: a device added during the
 *    walk is then seen as an event, never lost in a gap.
 * 2. Walk /sys/devices for modalias files and modprobe each alias quietly
 *    (modprobe.d and the command line honoured). That includes
 *    /sys/devices/system/cpu/modalias, the CPU's feature list, which is
 *    how kvm_intel (VMX) or kvm_amd (SVM) is chosen.
 * 3. Drivers create devices (an AHCI port's disk, a USB hub's keyboard):
 *    keep modprobing the MODALIAS of each "add" event until none has come
 *    for QUIET_MS (the kernel's probes have settled), at most SETTLE_MS.
 * 4. One summary line: modules loaded, absent hardware (ENODEV,
 *    EOPNOTSUPP: not a failure), failures with reasons, time taken.
 * -d: then a child keeps doing 3 for good (a line per module loaded, a
 *    line per firmware request the image cannot answer) and coldplug
 *    returns 0 at once; that child is the hotplug daemon.
 * Exit: 0 done (with -d, always once the socket and tables are open), 1
 * some module failed (see the summary), 111 no uevent socket or tables.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "mod.h"

#define QUIET_MS	1000
#define SETTLE_MS	15000
#define DEPTH_MAX	32

const char coldplug_usage[] =
	"coldplug [-d]\n"
	"-d  then keep loading drivers for new devices (hotplug) in the background";

struct cold {
	struct modctx c;
	struct nameset seen;	/* aliases already probed */
	int fd;			/* uevent socket */
	char buf[8192];
};

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void
probe_alias(struct cold *w, const char *alias, size_t len)
{
	char *a;

	if (len == 0 || set_has(&w->seen, alias, len) ||
	    set_add(&w->seen, alias, len) < 0 ||
	    (a = strndup(alias, len)) == NULL)
		return;
	mod_probe(&w->c, a, NULL);
	free(a);
}

static void
walk(struct cold *w, char *path, size_t len, int depth)
{
	struct dirent *e;
	size_t n, alen;
	char *alias;
	DIR *d;

	if (depth > DEPTH_MAX || (d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (e->d_name[0] == '.' || len + n + 2 > 4096)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, e->d_name, n + 1);
		/* DT_DIR only: sysfs links (driver, subsystem) make loops. */
		if (e->d_type == DT_DIR) {
			walk(w, path, len + 1 + n, depth + 1);
		} else if (strcmp(e->d_name, "modalias") == 0 &&
		    (alias = read_file(path, 4096, &alen)) != NULL) {
			while (alen > 0 && alias[alen - 1] == '\n')
				alen--;
			probe_alias(w, alias, alen);
			free(alias);
		}
	}
	path[len] = '\0';
	closedir(d);
}

static void
walk_sys(struct cold *w)
{
	char path[4096] = "/sys/devices";

	walk(w, path, strlen(path), 0);
}

/*
 * The image has no /lib/firmware: say so once and cancel the request so
 * the driver does not wait out the loader's timeout
 * (Documentation/driver-api/firmware/fallback-mechanisms.rst).
 */
static void
firmware(const struct uevent *ev)
{
	char path[4096];
	int fd;

	warnx("%s asks for firmware %s: this image does not have it",
	    ev->devpath, ev->firmware);
	snprintf(path, sizeof path, "/sys%s/loading", ev->devpath);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) >= 0) {
		if (write(fd, "-1", 2) < 0)
			warn("%s", path);
		close(fd);
	}
}

/* The events queued now; 0, or -1 if the socket failed for good. */
static int
drain(struct cold *w)
{
	struct uevent ev;
	int r;

	while ((r = uevent_recv(w->fd, w->buf, sizeof w->buf, &ev)) != 0) {
		if (r < 0 && errno == ENOBUFS) {
			walk_sys(w);	/* the queue overflowed: look again */
			continue;
		}
		if (r < 0)
			return -1;
		if (strcmp(ev.action, "add") != 0)
			continue;
		if (ev.firmware != NULL)
			firmware(&ev);
		if (ev.modalias != NULL) {
			mod_refresh(&w->c);
			probe_alias(w, ev.modalias, strlen(ev.modalias));
		}
	}
	return 0;
}

/* Read events until none came for QUIET_MS, or for at most SETTLE_MS. */
static void
settle(struct cold *w, long start)
{
	struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
	long left;
	int r;

	while ((left = start + SETTLE_MS - now_ms()) > 0) {
		r = poll(&pfd, 1, left < QUIET_MS ? left : QUIET_MS);
		if (r == 0 || (r < 0 && errno != EINTR) || drain(w) < 0)
			return;
	}
}

/* The hotplug daemon: a line per module loaded, for the machine's life. */
static noreturn void
hotplug(struct cold *w)
{
	struct pollfd pfd = { .fd = w->fd, .events = POLLIN };

	progname = "hotplug";
	w->c.summary = 0;
	w->c.log_loads = 1;
	setsid();
	for (;;)
		if ((poll(&pfd, 1, -1) < 0 && errno != EINTR) || drain(w) < 0) {
			warn("uevent socket");
			_exit(EXIT_SYSCALL);
		}
}

int
coldplug_main(int argc, char **argv)
{
	static struct cold w;
	int opt, daemon = 0;
	long start = now_ms(), ms;
	pid_t pid;

	while ((opt = getopt(argc, argv, "d")) != -1) {
		if (opt != 'd')
			usage();
		daemon = 1;
	}
	if (optind != argc)
		usage();
	if ((w.fd = uevent_open()) < 0)
		die("uevent socket");
	if (mod_open(&w.c) < 0)
		return EXIT_SYSCALL;
	w.c.quiet = 1;
	w.c.summary = 1;
	walk_sys(&w);
	settle(&w, start);
	ms = now_ms() - start;
	info("%u modules loaded, %u without hardware%s%s%s, %u failed%s%s, "
	    "%ld.%03ld s", w.c.nloaded, w.c.nnohw, w.c.nnohw ? " (" : "",
	    w.c.nohw, w.c.nnohw ? ")" : "", w.c.nfail, w.c.nfail ? ": " : "",
	    w.c.fail, ms / 1000, ms % 1000);
	if (!daemon)
		return w.c.nfail ? 1 : 0;
	fflush(NULL);
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0)
		hotplug(&w);
	return 0;
}
