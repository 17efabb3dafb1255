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

/* A string copy of a checked value. */
static void
push_val(struct vmm_words *w, struct vmm_val v)
{
	push(w, "%.*s", (int)v.len, v.p);
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
unsigned long
vmm_reserve_mib(unsigned long total_mib)
{
	return 256 + total_mib / 32;
}

static int
read_probe(const char *root, const char *file, char **buf, size_t *len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s%s", root, file);
	if ((*buf = read_file(path, 1 << 20, len)) == NULL) {
		warn("%s", path);
		return -1;
	}
	return 0;
}

static int
mem_probe(const char *root, unsigned long *mib)
{
	unsigned long kib, total;
	size_t len;
	char *buf;
	int r;

	if (read_probe(root, "/proc/meminfo", &buf, &len) < 0)
		return -1;
	r = vmm_meminfo(buf, len, &kib);
	free(buf);
	if (r < 0) {
		warnx("%s/proc/meminfo: no MemTotal line", root);
		return -1;
	}
	total = kib / 1024;
	if (total < vmm_reserve_mib(total) + 64) {
		warnx("%lu MiB of RAM: too little for a guest after the "
		    "host's %lu MiB (set mem)", total, vmm_reserve_mib(total));
		return -1;
	}
	*mib = total - vmm_reserve_mib(total);
	return 0;
}

static int
smp_probe(const char *root, unsigned long *n)
{
	size_t len;
	char *buf;
	int r;

	if (read_probe(root, "/sys/devices/system/cpu/online", &buf, &len) < 0)
		return -1;
	r = vmm_cpus(buf, len, n);
	free(buf);
	if (r < 0) {
		warnx("%s/sys/devices/system/cpu/online: not a CPU list", root);
		return -1;
	}
	if (*n > 255)
		*n = 255;	/* the i440fx machine's limit */
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

static long
now_ms(void)
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
	long deadline = now_ms() + DISK_WAIT * 1000L, left;
	struct pollfd pfd = { .events = POLLIN };
	struct uevent ev;
	char buf[8192];
	int r, block;

	if ((pfd.fd = uevent_open()) < 0)
		warn("uevent socket: not waiting for a disk");
	if (disk_find(root, name, size) == 0 || pfd.fd < 0)
		goto out;
	info("waiting up to %d s for a disk", DISK_WAIT);
	while ((left = deadline - now_ms()) > 0) {
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			break;
		block = 0;
		while ((r = uevent_recv(pfd.fd, buf, sizeof buf, &ev)) > 0)
			if (ev.subsystem && strcmp(ev.subsystem, "block") == 0)
				block = 1;
		if (block && disk_find(root, name, size) == 0)
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
	const struct vmm_val *v = c->v;
	unsigned long n;
	char disk[NAME_MAX + 1];
	int kvm;

	if (v[K_QEMU].p)
		push_val(out, v[K_QEMU]);
	else
		push(out, "/bin/qemu-system-x86_64");
	push(out, "-nodefaults");
	push(out, "-L");
	if (v[K_FIRMWARE].p)
		push_val(out, v[K_FIRMWARE]);
	else
		push(out, "/usr/share/qemu");
	kvm = v[K_ACCEL].p ? vmm_is(v[K_ACCEL], "kvm") : kvm_usable(root);
	if (!v[K_ACCEL].p && !kvm)
		warn("%s/dev/kvm: no KVM, the guest runs emulated (TCG), "
		    "many times slower", root);
	push(out, "-accel");
	push(out, kvm ? "kvm" : "tcg");
	push(out, "-cpu");
	if (v[K_CPU].p)
		push_val(out, v[K_CPU]);
	else
		push(out, kvm ? "host" : "max");
	push(out, "-smp");
	if (v[K_SMP].p)
		push_val(out, v[K_SMP]);
	else if (smp_probe(root, &n) == 0)
		push(out, "%lu", n);
	else
		return -1;
	push(out, "-m");
	if ((v[K_MEM].p ? vmm_mem_mib(v[K_MEM], &n) : mem_probe(root, &n)) < 0)
		return -1;
	push(out, "%luM", n);
	if (v[K_DISK].p && !vmm_is(v[K_DISK], "none")) {
		push(out, "-drive");
		push(out, "file=%.*s,format=raw,if=ide,index=0,media=disk",
		    (int)v[K_DISK].len, v[K_DISK].p);
	} else if (!v[K_DISK].p) {
		if (disk_wait(root, disk, sizeof disk) < 0) {
			warnx("%s/sys/block: no fixed disk for the guest "
			    "(set disk)", root);
			return -1;
		}
		/* raw, the whole disk, where the seed's -hda put it */
		push(out, "-drive");
		push(out, "file=%s/dev/%s,format=raw,if=ide,index=0,media=disk",
		    root, disk);
	}
	if (!vmm_is(v[K_NIC], "none")) {
		push(out, "-netdev");
		push(out, "user,id=net0%s%.*s", v[K_NET].p ? "," : "",
		    (int)v[K_NET].len, v[K_NET].p ? v[K_NET].p : "");
		push(out, "-device");
		push(out, "%.*s,netdev=net0", v[K_NIC].p ? (int)v[K_NIC].len : 7,
		    v[K_NIC].p ? v[K_NIC].p : "rtl8139");
	}
	push(out, "-device");
	push(out, "virtio-rng-pci");
	if (vmm_is(v[K_DISPLAY], "curses") ||
	    ((!v[K_DISPLAY].p || vmm_is(v[K_DISPLAY], "auto")) && on_vt)) {
		push(out, "-vga");
		push(out, "std");
		push(out, "-display");
		push(out, "curses");
	} else {
		if (vmm_is(v[K_DISPLAY], "vnc")) {
			push(out, "-vga");
			push(out, "std");
			push(out, "-display");
			push(out, "vnc=:0");
		} else {
			push(out, "-nographic");
		}
		/* guest serial and QEMU monitor on the console (C-a c) */
		push(out, "-serial");
		push(out, "mon:stdio");
	}
	push(out, "-qmp");
	push(out, "unix:%s/run/vmm.qmp,server=on,wait=off", root);
	if (v[K_ARGS].p)
		push_words(out, v[K_ARGS]);
	for (; nextra > 0; nextra--)
		push(out, "%s", *extra++);
	return 0;
}
