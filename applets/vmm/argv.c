/* SPDX-License-Identifier: ISC */
/*
 * argv.c - probe the machine and build QEMU's argv. Every path probed is
 * under ROOT ("" on a real machine, a fixture tree in tests): dev/kvm,
 * proc/meminfo, sys/devices/system/cpu/online, sys/block, dev/DISK and
 * the QMP socket run/vmm.qmp. A key set in the config skips its probe.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/kvm.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "vmm.h"

#define DISK_WAIT	30	/* s: rootwait, bounded */

static void
push(struct vmm_words *w, const char *fmt, ...)
{
	va_list ap;
	char **nw;
	int r;

	if (w->n + 2 > w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		if ((nw = realloc(w->w, w->cap * sizeof *nw)) == NULL)
			die("vmm argv");
		w->w = nw;
	}
	va_start(ap, fmt);
	r = vasprintf(&w->w[w->n], fmt, ap);
	va_end(ap);
	if (r < 0)
		die("vmm argv");
	w->w[++w->n] = NULL;
}

/*
 * KVM is usable when /dev/kvm opens and speaks the stable API, version 12
 * (Documentation/virt/kvm/api.rst 4.1): the module is loaded and VT-x or
 * AMD-V is on. 1 usable, 0 not (errno says why).
 */
static int
kvm_usable(const char *root)
{
	char path[PATH_MAX];
	int fd, v;

	snprintf(path, sizeof path, "%s/dev/kvm", root);
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return 0;
	v = ioctl(fd, KVM_GET_API_VERSION, 0);
	close(fd);
	if (v != KVM_API_VERSION && v >= 0)
		errno = EPROTO;
	return v == KVM_API_VERSION;
}

/*
 * Host reserve: what the host needs beside the guest's RAM. 256 MiB for
 * the kernel, the initramfs in RAM (static QEMU and firmware) and QEMU's
 * own heap, plus 1/32 of RAM for page tables and device memory, which grow
 * with the guest.
 */
static unsigned long
reserve_mib(unsigned long total_mib)
{
	return 256 + total_mib / 32;
}

/* PARSE the file ROOT/FILE into *N; -1 and a logged reason if it fails. */
static int
probe(const char *root, const char *file,
    int (*parse)(const char *, size_t, unsigned long *), unsigned long *n)
{
	char path[PATH_MAX], *buf;
	size_t len;
	int r;

	snprintf(path, sizeof path, "%s%s", root, file);
	if ((buf = read_file(path, 1 << 20, &len)) == NULL) {
		warn("%s", path);
		return -1;
	}
	if ((r = parse(buf, len, n)) < 0)
		warnx("%s: unexpected contents", path);
	free(buf);
	return r;
}

/* MemTotal less the host reserve; at least 64 MiB must be left. */
static int
mem_probe(const char *root, unsigned long *mib)
{
	unsigned long kib, total;

	if (probe(root, "/proc/meminfo", vmm_meminfo, &kib) < 0)
		return -1;
	total = kib / 1024;
	if (total < reserve_mib(total) + 64) {
		warnx("%lu MiB of RAM: too little for a guest after the "
		    "host's %lu MiB (set mem)", total, reserve_mib(total));
		return -1;
	}
	*mib = total - reserve_mib(total);
	return 0;
}

/* Never the guest's disk: memory, loop, optical and floppy drives. */
static int
excluded(const char *name)
{
	static const char *const pre[] = { "loop", "ram", "zram", "sr", "fd" };
	size_t i;

	for (i = 0; i < LEN(pre); i++)
		if (strncmp(name, pre[i], strlen(pre[i])) == 0)
			return 1;
	return name[0] == '.';
}

/*
 * The first (by name) whole disk that is not removable: /sys/block lists
 * whole disks only, a "device" link means real hardware behind it (not
 * dm, md, nbd...), and "removable" 1 is a USB stick, SD card or CD, such
 * as the stick this image may have booted from.
 */
static int
disk_find(const char *root, char *name, size_t size)
{
	char path[PATH_MAX], *rm;
	struct dirent *de;
	struct stat st;
	DIR *d;

	name[0] = '\0';
	snprintf(path, sizeof path, "%s/sys/block", root);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (excluded(de->d_name) || strlen(de->d_name) >= size ||
		    (name[0] != '\0' && strcmp(de->d_name, name) > 0))
			continue;
		snprintf(path, sizeof path, "%s/sys/block/%s/device", root,
		    de->d_name);
		if (lstat(path, &st) < 0)
			continue;
		snprintf(path, sizeof path, "%s/sys/block/%s/removable", root,
		    de->d_name);
		if ((rm = read_file(path, 64, NULL)) != NULL && rm[0] == '0')
			strcpy(name, de->d_name);
		free(rm);
	}
	closedir(d);
	return name[0] != '\0' ? 0 : -1;
}

long
vmm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait up to DISK_WAIT s for a disk, as the kernel's rootwait does, but
 * event-driven: the uevent socket is opened before the first look so no
 * disk can appear unseen, and every block event triggers a new look.
 */
static int
disk_wait(const char *root, char *name, size_t size)
{
	long deadline = vmm_now_ms() + DISK_WAIT * 1000L, left;
	struct pollfd pfd = { .events = POLLIN };
	struct uevent ev;
	char buf[8192];
	int r, block;

	if ((pfd.fd = uevent_open()) < 0)
		warn("uevent socket: not waiting for a disk");
	if (disk_find(root, name, size) == 0 || pfd.fd < 0)
		goto out;
	info("waiting up to %d s for a disk", DISK_WAIT);
	while ((left = deadline - vmm_now_ms()) > 0) {
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			break;
		block = 0;
		while ((r = uevent_recv(pfd.fd, buf, sizeof buf, &ev)) > 0)
			if (ev.subsystem && strcmp(ev.subsystem, "block") == 0)
				block = 1;
		/* r < 0: ENOBUFS, events were lost; look in case one was ours */
		if ((block || r < 0) && disk_find(root, name, size) == 0)
			break;
	}
out:
	if (pfd.fd >= 0)
		close(pfd.fd);
	return name[0] != '\0' ? 0 : -1;
}

static void
push_words(struct vmm_words *w, struct vmm_val v)
{
	const char *p = v.p, *end = v.p + v.len, *s;

	while (p < end) {
		for (; p < end && (*p == ' ' || *p == '\t'); p++)
			;
		for (s = p; p < end && *p != ' ' && *p != '\t'; p++)
			;
		if (p > s)
			push(w, "%.*s", (int)(p - s), s);
	}
}

static struct vmm_val
lit(const char *s)
{
	return (struct vmm_val){ s, strlen(s) };
}

/* Key K's value, or DFLT when the config does not set it. */
static struct vmm_val
get(const struct vmm_conf *c, enum vmm_key k, const char *dflt)
{
	return c->v[k].p != NULL ? c->v[k] : lit(dflt);
}

/* An option and its value: two words. */
static void
opt(struct vmm_words *w, const char *name, struct vmm_val v)
{
	push(w, "%s", name);
	push(w, "%.*s", (int)v.len, v.p);
}

/*
 * QEMU's argv: -nodefaults (only the devices listed here, as the seed),
 * then accelerator, CPU, size, disk, NIC, RNG, display, QMP socket, the
 * args key's words and EXTRA (the words after "--"). -1 if a probe failed
 * (the reason is logged).
 */
int
vmm_argv(const char *root, const struct vmm_conf *c, int on_vt,
    char **extra, int nextra, struct vmm_words *out)
{
	struct vmm_val disp = get(c, K_DISPLAY, "auto"), disk = c->v[K_DISK];
	struct vmm_val net = get(c, K_NET, ""), nic = get(c, K_NIC, "rtl8139");
	struct vmm_val qemu;
	char smp[24], mem[24], dev[PATH_MAX], name[NAME_MAX + 1];
	unsigned long n = 0, mib;
	int kvm;

	kvm = c->v[K_ACCEL].p ? vmm_is(c->v[K_ACCEL], "kvm") : kvm_usable(root);
	if (!c->v[K_ACCEL].p && !kvm)
		warn("%s/dev/kvm: no KVM, the guest runs emulated (TCG), "
		    "many times slower", root);
	if (!c->v[K_SMP].p &&
	    probe(root, "/sys/devices/system/cpu/online", vmm_cpus, &n) < 0)
		return -1;
	snprintf(smp, sizeof smp, "%lu", n > 255 ? 255 : n);	/* i440fx */
	if (c->v[K_MEM].p)
		vmm_mem_mib(c->v[K_MEM], &mib);
	else if (mem_probe(root, &mib) < 0)
		return -1;
	snprintf(mem, sizeof mem, "%luM", mib);
	if (disk.p == NULL) {
		if (disk_wait(root, name, sizeof name) < 0) {
			warnx("%s/sys/block: no fixed disk for the guest "
			    "(set disk)", root);
			return -1;
		}
		snprintf(dev, sizeof dev, "%s/dev/%s", root, name);
		disk = lit(dev);
	}
	if (vmm_is(disp, "auto"))
		disp = lit(on_vt ? "curses" : "serial");

	qemu = get(c, K_QEMU, "/bin/qemu-system-x86_64");
	push(out, "%.*s", (int)qemu.len, qemu.p);
	push(out, "-nodefaults");
	opt(out, "-L", get(c, K_FIRMWARE, "/usr/share/qemu"));
	opt(out, "-accel", lit(kvm ? "kvm" : "tcg"));
	opt(out, "-cpu", get(c, K_CPU, kvm ? "host" : "max"));
	opt(out, "-smp", get(c, K_SMP, smp));
	opt(out, "-m", lit(mem));
	/* the whole disk, raw, where the seed's -hda put it */
	if (!vmm_is(disk, "none")) {
		push(out, "-drive");
		push(out, "file=%.*s,format=raw,if=ide,index=0,media=disk",
		    (int)disk.len, disk.p);
	}
	if (!vmm_is(nic, "none")) {
		push(out, "-netdev");
		push(out, "user,id=net0%s%.*s", net.len ? "," : "",
		    (int)net.len, net.p);
		push(out, "-device");
		push(out, "%.*s,netdev=net0", (int)nic.len, nic.p);
	}
	opt(out, "-device", lit("virtio-rng-pci"));
	if (!vmm_is(disp, "serial")) {
		opt(out, "-vga", lit("std"));
		opt(out, "-display",
		    lit(vmm_is(disp, "vnc") ? "vnc=:0" : "curses"));
	}
	if (!vmm_is(disp, "curses")) {
		if (vmm_is(disp, "serial"))
			push(out, "-nographic");
		/* guest serial and QEMU monitor on the console (C-a c) */
		opt(out, "-serial", lit("mon:stdio"));
	}
	push(out, "-qmp");
	push(out, "unix:%s/run/vmm.qmp,server=on,wait=off", root);
	if (c->v[K_ARGS].p)
		push_words(out, c->v[K_ARGS]);
	for (; nextra > 0; nextra--)
		push(out, "%s", *extra++);
	return 0;
}
