/* SPDX-License-Identifier: ISC */
/*
 * coldplug - load the drivers for the devices the kernel found, then (-d)
 * for every device that appears later (hotplug), for the machine's life
 *
 * usage: coldplug [-d] [-p]
 * The uevent socket is opened before /sys/devices is walked for modalias
 * files (the CPU's among them: kvm_intel or kvm_amd), so no device added
 * meanwhile is lost. Each alias is modprobed quietly; then the MODALIAS
 * of each "add" event already queued: a driver's probe runs inside
 * init_module, so the devices it adds (virtio_pci's virtio devices, say)
 * are queued by the time it returns. One summary line follows: loaded,
 * absent hardware (ENODEV, EOPNOTSUPP: no failure), failed, time taken.
 * -d: return then; a child, the hotplug daemon, handles later events
 * (USB enumeration, SCSI scans) for good, and udhcpc and vmm wait for
 * their link and disk through uevents of their own: no fixed wait.
 * With -d, only the drivers the plan's next lines wait for are loaded
 * before the return (early()), WORKERS aliases at once; the child first
 * walks again for the rest (input, USB, sound...) at nice DEFER_NICE.
 * Without -d nobody would load late devices' drivers, so coldplug settles
 * first: events until none came for QUIET_MS or SETTLE_MS passed.
 * -p prints the modaliases instead (and nothing else, -d or not), one a
 * line: the list make initrd HW=FILE packs the drivers of, captured on
 * the target machine.
 * Exit: 0 done (with -d, always), 1 a module failed, 111 no uevent
 * socket or tables.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "mod.h"

#define QUIET_MS	1000
/*
 * The deferred drivers' share of a CPU the plan keeps busy (vmm's KVM
 * probe, then QEMU): at nice 10 a tenth, so on one CPU they delay the
 * plan little and, were QEMU to take the CPU for good, are still loaded
 * in ten times their own time; idle CPUs they get at once.
 */
#define DEFER_NICE	10
#define SETTLE_MS	15000
/*
 * Early aliases probed at once, each by a process of its own: a driver
 * whose probe sleeps inside init_module (ata_piix resets its ports:
 * 0.2 s under TCG; the kernel waits for the async probes a module starts,
 * kernel/module/main.c do_init_module) leaves the CPU to the next
 * alias's modules, and a second CPU loads them. Two, not more: with four
 * the early drivers of a 4-CPU TCG machine took longer than one at a
 * time (README, "Against the seed's procedure"). Two workers that share
 * a dependency both ask for it: the kernel loads it once, makes the
 * second wait, then says EEXIST (add_unformed_module): loaded.
 */
#define WORKERS		2
#define DEPTH_MAX	32
#define SYSDEV		"/sys/devices"
#define FW_MAX		(64u << 20)	/* a firmware file (the largest: ~20 MB) */

const char coldplug_usage[] =
	"coldplug [-d] [-p]\n"
	"-d  then keep loading drivers for new devices (hotplug) in the background\n"
	"-p  print the modaliases instead (make initrd HW=FILE)";

struct cold {
	struct modctx c;
	struct nameset seen;	/* aliases already probed */
	int fd;			/* uevent socket */
	int print;		/* -p */
	int defer;		/* -d, before the return: early() only */
	int fan;		/* -d's first walk: aliases to workers */
	unsigned busy;		/* workers running */
	int sums[2];		/* a pipe: each worker's struct modsum */
	char buf[8192];
	char path[4096];	/* SYSDEV, then the walk's directory */
};

/*
 * What vmm and udhcpc wait for: the CPU's drivers (kvm), PCI storage and
 * network controllers (classes 01, 02: "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02X")
 * and the devices their drivers add (virtio, SCSI disks). Not input, USB,
 * sound...: init looks for its power key every few seconds, and a USB
 * disk or NIC comes seconds after its controller's driver in any case.
 */
static int
early(const char *a, size_t len)
{
	struct span s = { a, len };

	return (len > 45 && memcmp(a, "pci:", 4) == 0 &&
	    memcmp(a + 42, "bc0", 3) == 0 && (a[45] == '1' || a[45] == '2')) ||
	    span_skip(&s, "cpu:") || span_skip(&s, "virtio:") ||
	    span_skip(&s, "scsi:");
}

/*
 * Wait for one worker (ALL: for every one) and add what it did to the
 * summary. Its record (less than PIPE_BUF: written whole) is in the pipe
 * before it exits; one that died without one is left out.
 */
static void
reap(struct cold *w, int all)
{
	struct modsum s;

	while (w->busy > 0) {
		if (wait(NULL) < 0) {
			if (errno == EINTR)
				continue;
			w->busy = 0;	/* ECHILD: none left */
			return;
		}
		w->busy--;
		if (read(w->sums[0], &s, sizeof s) == sizeof s)
			mod_sum_add(&w->c.sum, &s);
		if (!all)
			return;
	}
}

/* ALIAS probed by a worker, or here if none can be started. */
static void
fan_out(struct cold *w, const char *alias, size_t len)
{
	pid_t pid;

	if (w->busy == WORKERS)
		reap(w, 0);
	if ((pid = fork()) < 0) {
		mod_probe(&w->c, alias, len, NULL);
	} else if (pid == 0) {
		memset(&w->c.sum, 0, sizeof w->c.sum);
		mod_probe(&w->c, alias, len, NULL);
		_exit(write(w->sums[1], &w->c.sum, sizeof w->c.sum) !=
		    sizeof w->c.sum);
	} else {
		w->busy++;
	}
}

static void
probe_alias(struct cold *w, const char *alias, size_t len)
{
	if (len == 0 || (w->defer && !early(alias, len)) ||
	    set_has(&w->seen, alias, len) ||
	    set_add(&w->seen, alias, len) < 0)
		return;
	if (w->print)
		printf("%.*s\n", (int)len, alias);
	else if (w->fan)
		fan_out(w, alias, len);
	else
		mod_probe(&w->c, alias, len, NULL);
}

/* A sysfs modalias file's LEN bytes at A: the alias, newlines cut. */
static size_t
alias_len(const char *a, size_t len)
{
	while (len > 0 && a[len - 1] == '\n')
		len--;
	return len;
}

/* DT_DIR only: sysfs links (driver, subsystem) would make loops. */
static void
walk(struct cold *w, size_t len, int depth)
{
	struct dirent *e;
	size_t n, alen;
	char *alias;
	DIR *d;

	if (depth > DEPTH_MAX || (d = opendir(w->path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (e->d_name[0] == '.' || len + n + 2 > sizeof w->path)
			continue;
		w->path[len] = '/';
		memcpy(w->path + len + 1, e->d_name, n + 1);
		if (e->d_type == DT_DIR) {
			walk(w, len + 1 + n, depth + 1);
		} else if (strcmp(e->d_name, "modalias") == 0 &&
		    (alias = read_file(w->path, 4096, &alen)) != NULL) {
			probe_alias(w, alias, alias_len(alias, alen));
			free(alias);
		}
	}
	w->path[len] = '\0';
	closedir(d);
}

/*
 * 1 if the firmware name S a uevent asks for stays inside /lib/firmware:
 * relative, no ".." component. The name is the driver's, at times made
 * from what the device reports.
 */
static int
fw_name_ok(const char *s)
{
	if (*s == '/')
		return 0;
	for (;; s++) {		/* at the start of each component */
		if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0'))
			return 0;
		if ((s = strchr(s, '/')) == NULL)
			return 1;
	}
}

/*
 * A FIRMWARE= request the kernel's direct loader could not serve (the
 * fallback of Documentation/driver-api/firmware/fallback-mechanisms.rst):
 * loading=1, the file into data, loading=0. A file not in /lib/firmware
 * (or a name reaching outside it) is said once and the request cancelled
 * (loading=-1), so the driver does not wait out the loader's timeout.
 */
static void
firmware(const struct uevent *ev)
{
	char path[4096], *img = NULL;
	size_t len, off = 0;
	ssize_t n;
	int lfd, dfd, done = 0;

	snprintf(path, sizeof path, "/lib/firmware/%s", ev->firmware);
	if (!fw_name_ok(ev->firmware) ||
	    (img = read_file(path, FW_MAX, &len)) == NULL)
		warnx("%s asks for firmware %s: not in this image's "
		    "/lib/firmware", ev->devpath, ev->firmware);
	snprintf(path, sizeof path, "/sys%s/loading", ev->devpath);
	if ((lfd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		goto out;
	snprintf(path, sizeof path, "/sys%s/data", ev->devpath);
	if (img != NULL && write(lfd, "1", 1) == 1 &&
	    (dfd = open(path, O_WRONLY | O_CLOEXEC)) >= 0) {
		while (off < len && (n = write(dfd, img + off, len - off)) > 0)
			off += n;
		close(dfd);
		done = off == len;
	}
	if (write(lfd, done ? "0" : "-1", done ? 1 : 2) < 0)
		warn("/sys%s/loading", ev->devpath);
	close(lfd);
out:
	free(img);
}

/* The events queued now; 0, or -1 if the socket failed for good. */
static int
drain(struct cold *w)
{
	struct uevent ev;
	int r;

	while ((r = uevent_recv(w->fd, w->buf, sizeof w->buf, &ev)) != 0) {
		if (r < 0 && errno == ENOBUFS) {	/* events lost */
			walk(w, strlen(SYSDEV), 0);
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

/*
 * Handle events until none came for QUIET_MS, SETTLE_MS after START at
 * the latest; or, if START < 0, for good. -1 if the socket failed.
 */
static int
events(struct cold *w, long start)
{
	struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
	long left = -1;
	int r;

	while (start < 0 || (left = start + SETTLE_MS - now_ms()) > 0) {
		r = poll(&pfd, 1, left > QUIET_MS ? QUIET_MS : left);
		if (r == 0)
			return 0;
		if ((r < 0 && errno != EINTR) || drain(w) < 0)
			return -1;
	}
	return 0;
}

int
coldplug_main(int argc, char **argv)
{
	static struct cold w;
	int opt, daemon = 0;
	long start = now_ms(), ms;
	pid_t pid;

	while ((opt = getopt_box(argc, argv, "dp")) != -1) {
		if (opt == 'p')
			w.print = 1;
		else
			daemon = 1;
	}
	if (optind != argc)
		usage();
	strcpy(w.path, SYSDEV);
	if (w.print) {
		walk(&w, strlen(SYSDEV), 0);
		return 0;
	}
	if ((w.fd = uevent_open()) < 0)
		die("uevent socket");
	if (mod_open(&w.c, NULL, NULL) < 0)
		return EXIT_SYSCALL;
	w.c.quiet = 1;
	w.c.summary = 1;
	w.defer = daemon;
	w.fan = daemon && pipe2(w.sums, O_CLOEXEC | O_NONBLOCK) == 0;
	walk(&w, strlen(SYSDEV), 0);
	if (w.fan) {
		reap(&w, 1);
		close(w.sums[0]);
		close(w.sums[1]);
		w.fan = 0;
		mod_refresh(&w.c);	/* what the workers loaded */
	}
	if (daemon ? drain(&w) : events(&w, start))
		warn("uevent socket");
	ms = now_ms() - start;
	info("%u modules loaded, %u without hardware%s%s%s, %u failed%s%s, "
	    "%ld.%03ld s", w.c.sum.nloaded, w.c.sum.nnohw,
	    w.c.sum.nnohw ? " (" : "", w.c.sum.nohw, w.c.sum.nnohw ? ")" : "",
	    w.c.sum.nfail, w.c.sum.nfail ? ": " : "", w.c.sum.fail, ms / 1000,
	    ms % 1000);
	if (!daemon)
		return w.c.sum.nfail ? 1 : 0;
	if ((pid = fork()) < 0)
		die("fork");
	if (pid > 0)
		return 0;
	progname = "hotplug";	/* a line per module loaded, for good */
	w.c.summary = 0;
	w.c.log_loads = 1;
	setsid();
	w.defer = 0;
	setpriority(PRIO_PROCESS, 0, DEFER_NICE);
	walk(&w, strlen(SYSDEV), 0);
	setpriority(PRIO_PROCESS, 0, 0);	/* devices plugged in later */
	events(&w, -1);
	warn("uevent socket");
	_exit(EXIT_SYSCALL);
}
