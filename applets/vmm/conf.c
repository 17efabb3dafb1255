/* SPDX-License-Identifier: ISC */
/*
 * conf.c - vmm's config and QEMU's argv. The parsers of untrusted bytes
 * are pure functions over (buf, len) that never read past the end; values
 * are checked there, once. The probes look under ROOT ("" on a real
 * machine, a fixture tree in tests); a key set in the config skips its probe.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "../../multicall/net.h"
#include "vmm.h"

#define CPU_MAX	(1UL << 20)
#define DISK_WAIT_MS	30000	/* rootwait, bounded; said as: */
#define DISK_WAIT_S	"30 s"
#define PROBE_MS	1000	/* the KVM probe guest's time bound: README */
#define PROBE_OUTS	3	/* OUTs each probe vCPU makes, then HLT */
#define PROBE_PORT	0x3f8
#define PROBE_RIP	0x1000	/* guest-physical page of the probe's code */

/* What went wrong where: line 0 is the kernel command line. */
struct vmm_err {
	size_t line;
	struct span key, val;	/* val set only when printable */
	const char *why;
};

/* PATH: absolute, no ',' (QEMU splits -drive, -L there), or a word. */
enum { WORDS, PATH, MODEL, NUM, MEM, TEXT, WORD };
static const struct {
	const char *name;
	unsigned char kind;	/* WORDS ...; small fields: 32-byte rows */
	unsigned short min, max;
	const char *words;
	const char *why;
} keys[NKEYS] = {
	[K_ACCEL] = { "accel", WORDS, 0, 0, "kvm tcg", "want kvm or tcg" },
	[K_ARGS] = { "args", TEXT, 0, 0, "", "" },
	[K_CPU] = { "cpu", MODEL, 0, 0, "", "want a QEMU model name" },
	[K_DISK] = { "disk", PATH, 0, 0, "none",
	    "want none, an absolute path without ',' or an nbd:// URL" },
	[K_DISPLAY] = { "display", WORDS, 0, 0,
	    "auto fb curses serial vnc none",
	    "want auto, fb, curses, serial, vnc or none" },
	/* a path: the -L directory, as before; the firmware then auto */
	[K_FIRMWARE] = { "firmware", PATH, 0, 0, "auto bios uefi",
	    "want auto, bios, uefi or an absolute path without ','" },
	[K_MEM] = { "mem", MEM, 0, 0, "",
	    "want MiB (16 or more), or a number ending in M, G or T" },
	[K_NET] = { "net", WORD, 0, 0, "bridge bridge-only",
	    "want bridge, bridge-only or user-mode network options, "
	    "without blanks" },
	[K_NIC] = { "nic", MODEL, 0, 0, "none", "want a QEMU model name" },
	[K_ON_EXIT] = { "on_exit", WORDS, 0, 0,
	    "poweroff reboot restart rescue",
	    "want poweroff, reboot, restart or rescue" },
	[K_QEMU] = { "qemu", PATH, 0, 0, "",
	    "want an absolute path without ','" },
	[K_SHUTDOWN_TIMEOUT] = { "shutdown_timeout", NUM, 0, 3600, "",
	    "want seconds, 0 to 3600" },
	/* 255: the most CPUs the default machine (i440fx) takes. */
	[K_SMP] = { "smp", NUM, 1, 255, "", "want a CPU count, 1 to 255" },
	[K_CDROM] = { "cdrom", PATH, 0, 0, "",
	    "want an absolute path without ','" },
	[K_DISK_BUS] = { "disk_bus", WORDS, 0, 0, "ide virtio",
	    "want ide or virtio" },
	[K_VNC_PASSWORD] = { "vnc_password", WORD, 0, 0, "",
	    "want a password without blanks" },
};

/*
 * MiB, or a number ending in M, G or T of either case, as QEMU's -m takes
 * it: "512", "512M", "2g", "1T". 16 MiB to 4 TiB.
 */
static int
vmm_mem_mib(struct span v, unsigned long *mib)
{
	unsigned long mul = 1;
	char u = v.len > 0 ? v.p[v.len - 1] | 0x20 : 0;	/* ASCII lower case */

	if (u == 'm' || u == 'g' || u == 't') {
		mul = u == 't' ? 1 << 20 : u == 'g' ? 1024 : 1;
		v.len--;
	}
	if (span_uint(v, 10, (1UL << 22) / mul, mib) < 0)
		return -1;
	*mib *= mul;
	return *mib >= 16 ? 0 : -1;
}

/* Past the letters, digits and bytes of EXTRA (not NUL) from P on. */
static const char *
take(const char *p, const char *end, const char *extra)
{
	while (p < end && (isalnum((unsigned char)*p) ||
	    (*p != '\0' && strchr(extra, *p) != NULL)))
		p++;
	return p;
}

/* What a URL's export or socket path may hold: no ',' (QEMU splits
 * -drive there), no '%' escapes or '?'/'#' parts for QEMU to read apart. */
#define URL_CHARS	"-._~/"

/*
 * A network disk's URL, as QEMU's NBD client reads it (block/nbd.c
 * nbd_parse_uri; the NBD URI spec, docs/interop/nbd.txt): a literal IPv4
 * address (vmm connects to it first and the image resolves no names),
 * port 10809 unless given, the export after '/' (may be empty); nbd+unix:
 * no host, the socket an absolute path that fits sun_path. 0, else -1.
 */
int
vmm_nbd(const char *p, size_t len, struct vmm_nbd *u)
{
	const char *end = p + len, *s;
	struct span cur = { p, len };
	int local = 0;

	memset(u, 0, sizeof *u);
	u->port = 10809;
	if (span_skip(&cur, "nbd://")) {
		/* A.B.C.D, then :PORT (no leading zero) if a ':' follows */
		if (span_ipv4(&cur, u->ip) < 0)
			return -1;
		if (span_skip(&cur, ":")) {
			s = cur.p;
			if (span_digits(&cur, 65535, &u->port) < 0 ||
			    u->port == 0 || (*s == '0' && cur.p - s > 1))
				return -1;
		}
	} else if (span_skip(&cur, "nbd+unix://")) {
		local = 1;
	} else {
		return -1;
	}
	if (!span_skip(&cur, "/"))
		return -1;
	p = take(cur.p, end, URL_CHARS);	/* the export */
	if (local) {
		if (end - p < 9 || memcmp(p, "?socket=/", 9) != 0)
			return -1;
		s = p + 8;
		p = take(s, end, URL_CHARS);
		u->sock = (struct span){ s, p - s };
		if (u->sock.len > 107)	/* sun_path, NUL-terminated */
			return -1;
	}
	return p == end ? 0 : -1;
}

/*
 * 1 if V, printable and not empty, suits key K; which word it is, a
 * number, and a disk's URL, read into C as what they mean.
 */
static int
good(struct vmm_conf *c, size_t k, struct span v)
{
	c->n[k] = span_is(v, keys[k].words);
	switch (keys[k].kind) {
	case WORDS:
		return c->n[k] != 0;
	case PATH:
		if (k == K_DISK)	/* not (or no longer) an NBD URL */
			c->nbd.port = 0;
		if (k == K_DISK && v.len > 3 && memcmp(v.p, "nbd", 3) == 0)
			return vmm_nbd(v.p, v.len, &c->nbd) == 0;
		return c->n[k] != 0 ||
		    (v.p[0] == '/' && memchr(v.p, ',', v.len) == NULL);
	case MODEL:
		return take(v.p, v.p + v.len, "-_.=+,:") == v.p + v.len;
	case NUM:
		return span_uint(v, 10, keys[k].max, &c->n[k]) == 0 &&
		    c->n[k] >= keys[k].min;
	case MEM:
		return vmm_mem_mib(v, &c->n[k]) == 0;
	case WORD:
		return memchr(v.p, ' ', v.len) == NULL;
	}
	return 1;	/* TEXT */
}

static int
fail(struct vmm_err *e, struct span key, struct span val,
    const char *why)
{
	e->key = key;
	e->val = val;
	e->why = why;
	return -1;
}

/* Set KEY (its name after SKIP bytes, "vmm.") to VAL; later ones win. */
static int
conf_set(struct vmm_conf *c, struct span key, size_t skip,
    struct span val, struct vmm_err *e)
{
	struct span none = { NULL, 0 };
	struct span name = { key.p + skip, key.len - skip };
	size_t k, i;

	for (k = 0; k < NKEYS && !span_is(name, keys[k].name); k++)
		;
	if (k == NKEYS)
		return fail(e, key, none, "unknown key");
	for (i = 0; i < val.len; i++)
		if ((unsigned char)val.p[i] < 0x20 || val.p[i] == 0x7f)
			return fail(e, key, none, "control character in value");
	if (val.len == 0)
		return fail(e, key, none, "empty value");
	if (!good(c, k, val))
		return fail(e, key, val, keys[k].why);	/* printable: quoted */
	c->v[k] = val;
	if (e->line == 0) {
		c->cmdline[k] = 1;
	} else {
		c->again[k] = c->line[k];
		c->line[k] = e->line;
	}
	return 0;
}

/* "key = value" lines; blank lines and lines starting with '#' skipped. */
static int
vmm_conf_parse(const char *buf, size_t len, struct vmm_conf *c,
    struct vmm_err *e)
{
	struct span cur = { buf, len }, l, key;
	const char *eq;

	/* a UTF-8 byte order mark, as some editors write it, is no key */
	span_skip(&cur, "\xef\xbb\xbf");
	for (e->line = 1; span_line(&cur, &l); e->line++) {
		l = span_trim(l);
		if (l.len == 0 || l.p[0] == '#')
			continue;
		if ((eq = memchr(l.p, '=', l.len)) == NULL)
			return fail(e, l, (struct span){ NULL, 0 },
			    "no '=' (want key = value)");
		key = span_trim((struct span){ l.p, eq - l.p });
		l = span_trim((struct span){ eq + 1, l.p + l.len - eq - 1 });
		if (conf_set(c, key, 0, l, e) < 0)
			return -1;
	}
	return 0;
}

/* The vmm.KEY=VALUE words of a kernel command line; others are not ours. */
static int
vmm_cmdline(const char *buf, size_t len, struct vmm_conf *c,
    struct vmm_err *e)
{
	struct span cur = { buf, len };
	struct cmdline_arg a;

	e->line = 0;
	while (cmdline_next(&cur, &a)) {
		if (a.key.len < 4 || memcmp(a.key.p, "vmm.", 4) != 0)
			continue;
		if (a.val.p == NULL)
			return fail(e, a.key, a.val, "want vmm.KEY=VALUE");
		if (conf_set(c, a.key, 4, a.val, e) < 0)
			return -1;
	}
	return 0;
}

/* /proc/meminfo: the "MemTotal:   N kB" line (fs/proc/meminfo.c). */
static int
vmm_meminfo(const char *buf, size_t len, unsigned long *kib)
{
	struct span cur = { buf, len }, l;

	while (span_line(&cur, &l)) {
		if (!span_skip(&l, "MemTotal:"))
			continue;
		l = span_trim(l);
		return span_digits(&l, -1UL / 2, kib) < 0 ||
		    !span_skip(&l, " kB") || l.len > 0 ? -1 : 0;
	}
	return -1;
}

/*
 * How many CPUs a list such as "0-3,5,7-8\n" names (the format of
 * Documentation/ABI/testing/sysfs-devices-system-cpu, "online").
 */
static int
vmm_cpus(const char *buf, size_t len, unsigned long *n)
{
	struct span cur = { buf, len };
	unsigned long lo, hi;

	while (cur.len > 0 && (buf[cur.len - 1] == '\n' ||
	    buf[cur.len - 1] == '\0'))
		cur.len--;
	for (*n = 0;;) {
		if (span_digits(&cur, CPU_MAX, &lo) < 0)
			return -1;
		hi = lo;
		if (span_skip(&cur, "-") &&
		    (span_digits(&cur, CPU_MAX, &hi) < 0 || hi < lo))
			return -1;
		*n += hi - lo + 1;
		if (cur.len == 0)
			return 0;
		if (!span_skip(&cur, ","))
			return -1;
	}
}

/*
 * One QMP line (docs/interop/qmp-spec.txt 2.4): 1 {"return": ...}, -1
 * {"error": ...}, 0 anything else (greeting, event). QEMU writes "return"
 * or "error" first in a reply, never first in an event.
 */
static int
vmm_qmp_line(const char *buf, size_t len)
{
	struct span l = span_trim((struct span){ buf, len });

	if (span_skip(&l, "{\"return\""))
		return 1;
	if (span_skip(&l, "{\"error\""))
		return -1;
	return 0;
}

/*
 * The whole lines at the start of BUF[*LEN] (what QEMU sent so far) taken
 * out, up to and with the first reply: vmm_qmp_line's 1 or -1; 0 if none
 * came yet, and BUF keeps the partial line that follows.
 */
int
vmm_qmp_take(char *buf, size_t *len)
{
	char *nl;
	int r = 0;

	while (r == 0 && (nl = memchr(buf, '\n', *len)) != NULL) {
		r = vmm_qmp_line(buf, nl - buf);
		*len -= nl + 1 - buf;
		memmove(buf, nl + 1, *len);
	}
	return r;
}

static void
vpush(struct vmm_words *w, const char *fmt, va_list ap)
{
	char **nw;

	if (w->n + 2 > w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		if ((nw = realloc(w->w, w->cap * sizeof *nw)) == NULL)
			die("vmm argv");
		w->w = nw;
	}
	if (vasprintf(&w->w[w->n], fmt, ap) < 0)
		die("vmm argv");
	w->w[++w->n] = NULL;
}

static void __attribute__((format(printf, 2, 3)))
push(struct vmm_words *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpush(w, fmt, ap);
	va_end(ap);
}

/* An option and its value: two words. */
static void __attribute__((format(printf, 3, 4)))
opt(struct vmm_words *w, const char *name, const char *fmt, ...)
{
	va_list ap;

	push(w, "%s", name);
	va_start(ap, fmt);
	vpush(w, fmt, ap);
	va_end(ap);
}

/*
 * The probe guest, real mode at PROBE_RIP on every vCPU (AL its index, DX
 * PROBE_PORT): OUT AL, AL + 1, AL + 2, then HLT.
 */
static const unsigned char probe_code[] = {
	0xee, 0xfe, 0xc0,		/* outb %al, %dx; incb %al */
	0xee, 0xfe, 0xc0,		/* outb %al, %dx; incb %al */
	0xee, 0xf4,			/* outb %al, %dx; hlt */
};

/*
 * Probe vCPU ID's exit, its kvm_run mapped LEN bytes, after *OUTS OUTs
 * (Documentation/virt/kvm/api.rst 5, KVM_EXIT_IO): 0 the next expected
 * OUT, counted; 1 the HLT after the last; -1 anything else.
 */
static int
kvm_probe_exit(const struct kvm_run *run, size_t len, unsigned id,
    unsigned *outs)
{
	const unsigned char *data = (const unsigned char *)run;

	if (run->exit_reason == KVM_EXIT_HLT)
		return *outs == PROBE_OUTS ? 1 : -1;
	if (run->exit_reason != KVM_EXIT_IO || *outs == PROBE_OUTS ||
	    run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1 ||
	    run->io.port != PROBE_PORT || run->io.count != 1 ||
	    run->io.data_offset >= len ||
	    data[run->io.data_offset] != (unsigned char)(id + *outs))
		return -1;
	(*outs)++;
	return 0;
}

/*
 * In the probe's child: the guest on N vCPUs, one after another (the
 * parent bounds the time); WHY "" or what failed.
 */
static void
probe_guest(int kvm, unsigned long n, char *why, size_t whylen)
{
	struct kvm_userspace_memory_region mem = {
	    .guest_phys_addr = PROBE_RIP, .memory_size = 4096 };
	const char *step = "mmap";
	struct kvm_run *run;
	struct kvm_sregs sr;
	unsigned outs;
	unsigned long i;
	void *page;
	int vm, fd, r;
	long len;

	if ((page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
		goto fail;
	memcpy(page, probe_code, sizeof probe_code);
	mem.userspace_addr = (uintptr_t)page;
	step = "KVM_CREATE_VM";
	if ((vm = ioctl(kvm, KVM_CREATE_VM, 0)) < 0 ||
	    ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mem) < 0 ||
	    (len = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0)) <
	    (long)sizeof *run)
		goto fail;
	for (i = 0; i < n; i++) {
		step = "KVM_CREATE_VCPU";
		if ((fd = ioctl(vm, KVM_CREATE_VCPU, i)) < 0 ||
		    (run = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
		    fd, 0)) == MAP_FAILED || ioctl(fd, KVM_GET_SREGS, &sr) < 0)
			goto fail;
		sr.cs.base = sr.cs.selector = 0;
		if (ioctl(fd, KVM_SET_SREGS, &sr) < 0 ||
		    ioctl(fd, KVM_SET_REGS, &(struct kvm_regs){ .rax = i,
		    .rdx = PROBE_PORT, .rip = PROBE_RIP, .rflags = 2 }) < 0)
			goto fail;
		step = "KVM_RUN";
		outs = 0;
		do {
			if (ioctl(fd, KVM_RUN, 0) < 0)
				goto fail;
		} while ((r = kvm_probe_exit(run, len, i, &outs)) == 0);
		if (r < 0) {
			snprintf(why, whylen, "probe vCPU %lu: exit reason %u "
			    "after %u of %d OUTs", i, run->exit_reason, outs,
			    PROBE_OUTS);
			return;
		}
	}
	why[0] = '\0';
	return;
fail:
	snprintf(why, whylen, "probe: %s: %s", step, strerror(errno));
}

/*
 * KVM runs guests if /dev/kvm speaks API 12 (api.rst 4.1) and the probe
 * guest ends on N vCPUs within *MS, then set to the time it took. It runs
 * in a child: a vCPU that never comes back from KVM_RUN (some nested
 * hypervisors) costs a SIGKILL, not a hung vmm. 1, or 0 and the reason in
 * WHY.
 */
static int
kvm_works(const char *root, unsigned long n, long *ms, char *why,
    size_t whylen)
{
	long left, start = now_ms(), deadline = start + *ms;
	struct pollfd pfd = { .events = POLLIN };
	char path[PATH_MAX];
	int kvm, p[2] = { -1, -1 };
	ssize_t r = -1;
	pid_t pid = -1;

	snprintf(path, sizeof path, "%s/dev/kvm", root);
	if ((kvm = open(path, O_RDWR | O_CLOEXEC)) < 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return 0;
	}
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		snprintf(why, whylen, "%s: not KVM API %d", path,
		    KVM_API_VERSION);
	else if (pipe2(p, O_CLOEXEC) < 0 || (pid = fork()) < 0)
		snprintf(why, whylen, "probe: %s", strerror(errno));
	else if (pid == 0) {
		probe_guest(kvm, n, why, whylen);
		_exit(write(p[1], why, strlen(why) + 1) < 0);
	}
	close(kvm);
	close(p[1]);	/* -1 if pipe2() failed: EBADF, harmless */
	if (pid <= 0) {
		close(p[0]);
		return 0;
	}
	pfd.fd = p[0];
	if ((left = deadline - now_ms()) > 0 && poll(&pfd, 1, left) > 0)
		r = read(p[0], why, whylen);
	close(p[0]);
	if (r <= 0)
		snprintf(why, whylen, "a %lu-vCPU probe guest did not finish "
		    "in %ld ms", n, *ms);
	*ms = now_ms() - start;
	why[whylen - 1] = '\0';
	kill(pid, SIGKILL);
	waitpid(pid, NULL, r > 0 ? 0 : WNOHANG);
	return r > 0 && why[0] == '\0';
}

/*
 * What the host keeps: 256 MiB for the kernel, the initramfs and QEMU's
 * heap, plus 1/32 of RAM for page tables and device memory.
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
 * The first (by name) whole disk with a "device" link (real hardware, not
 * dm, md, nbd...) that is not removable (the USB stick we booted from)
 * and is not OWN, the disk of the HAL's boot medium.
 */
static int
disk_find(const char *root, const char *own, char name[NAME_MAX + 1])
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
		if (excluded(de->d_name) || strcmp(de->d_name, own) == 0 ||
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

/*
 * Wait up to DISK_WAIT_MS for a disk, as rootwait does: the uevent socket
 * is open before the first look, and each block event means a new look.
 */
static int
disk_wait(const char *root, const char *own, char name[NAME_MAX + 1])
{
	long deadline = now_ms() + DISK_WAIT_MS, left;
	struct pollfd pfd = { .events = POLLIN };
	struct uevent ev;
	char buf[8192];
	int r, block;

	if ((pfd.fd = uevent_open()) < 0)
		warn("uevent socket: not waiting for a disk");
	if (disk_find(root, own, name) == 0 || pfd.fd < 0)
		goto out;
	info("waiting up to " DISK_WAIT_S " for a disk");
	while ((left = deadline - now_ms()) > 0) {
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			break;
		block = 0;
		while ((r = uevent_recv(pfd.fd, buf, sizeof buf, &ev)) > 0)
			if (ev.subsystem && strcmp(ev.subsystem, "block") == 0)
				block = 1;
		/* r < 0: ENOBUFS, events were lost: look again */
		if ((block || r < 0) && disk_find(root, own, name) == 0)
			break;
	}
out:
	if (pfd.fd >= 0)
		close(pfd.fd);
	return name[0] != '\0' ? 0 : -1;
}

/* Word I (from 1) of key K's words: the text of what n[K] says. */
static struct span
word(enum vmm_key k, int i)
{
	struct span cur = span_str(keys[k].words), w;

	while (span_word(&cur, &w) && --i > 0)
		;
	return w;
}

/* Key K's value, or DFLT when the config does not set it. */
static struct span
get(const struct vmm_conf *c, enum vmm_key k, const char *dflt)
{
	return c->v[k].p != NULL ? c->v[k] : span_str(dflt);
}

/*
 * vmm -n's audit: "# KEY = VALUE: where it came from", before the words
 * KEY makes: the config's file and line, the kernel command line (and the
 * line it overrides), or else HOW (a default, or what a probe found).
 */
static void __attribute__((format(printf, 4, 5)))
note(struct vmm_words *w, enum vmm_key k, struct span v, const char *how,
    ...)
{
	const struct vmm_conf *c = w->conf;
	const char *name = keys[k].name, *root = w->root;
	char src[2 * PATH_MAX + 64];
	va_list ap;

	if (!w->audit)
		return;
	if (c->cmdline[k] && c->line[k])
		snprintf(src, sizeof src, "%s/proc/cmdline vmm.%s, over "
		    "%s/etc/vmm.conf:%u", root, name, root, c->line[k]);
	else if (c->cmdline[k])
		snprintf(src, sizeof src, "%s/proc/cmdline vmm.%s", root, name);
	else if (c->line[k])
		snprintf(src, sizeof src, "%s/etc/vmm.conf:%u", root,
		    c->line[k]);
	else {
		va_start(ap, how);
		vsnprintf(src, sizeof src, how, ap);
		va_end(ap);
	}
	push(w, "# %s = %.*s: %s", name, (int)v.len, v.p, src);
}

/* vmm -n's note on words no key sets */
static void
fixed(struct vmm_words *w, const char *why)
{
	if (w->audit)
		push(w, "# always: %s", why);
}

/*
 * QEMU loads a PCI NIC's boot ROM, efi-MODEL.rom (efi-virtio.rom for
 * virtio-net-pci), from the firmware directory and does not start without
 * it (the romfile property, hw/net/rtl8139.c, e1000.c ...); an empty
 * romfile= loads none. The ROM's path if it is missing, else NULL (not
 * such a NIC, or ",romfile=" set).
 */
static const char *
rom_missing(const char *root, struct span fw, struct span nic)
{
	static char path[PATH_MAX];
	const char *comma = memchr(nic.p, ',', nic.len);
	struct span model = { nic.p, comma ? (size_t)(comma - nic.p) :
	    nic.len };
	size_t i;

	for (i = model.len; i + 9 <= nic.len; i++)
		if (memcmp(nic.p + i, ",romfile=", 9) == 0)
			return NULL;
	if (!span_is(model, "rtl8139 e1000 e1000e ne2k_pci pcnet vmxnet3 "
	    "virtio-net-pci"))
		return NULL;
	if (span_is(model, "virtio-net-pci"))
		model = span_str("virtio");
	snprintf(path, sizeof path, "%s%.*s/efi-%.*s.rom", root, (int)fw.len,
	    fw.p, (int)model.len, model.p);
	return access(path, R_OK) == 0 ? NULL : path;
}

/*
 * QEMU's argv: -nodefaults (only the devices listed here), then the
 * accelerator, CPU, size, disk, NIC, RNG, display, QMP socket, the args
 * key's words and EXTRA. 0, or the exit status: 111 a probe failed, 100
 * the config cannot work here (the reason is logged). With out->audit
 * (vmm -n), "# " notes say where each value came from.
 */
int
vmm_argv(const char *root, const struct vmm_conf *c, int on_vt,
    char **extra, int nextra, struct vmm_words *out)
{
	struct span disp, disk = c->v[K_DISK];
	struct span net = get(c, K_NET, ""), nic = get(c, K_NIC, "rtl8139");
	struct span qemu, fwv = get(c, K_FIRMWARE, "auto"), fw, cpu;
	struct span cd = c->v[K_CDROM], args, a;
	char smp[24], dev[PATH_MAX], name[NAME_MAX + 1], cdp[PATH_MAX];
	char mem[24], why[96], fb[PATH_MAX], kwhy[PATH_MAX + 64];
	char part[256], own[256] = "", mac[24] = "";
	struct net_link br;
	int has_fb, bridge = c->n[K_NET] != 0, dsp = c->n[K_DISPLAY];
	int nic_on = c->n[K_NIC] != VMM_NONE, ide = c->n[K_DISK_BUS] <= BUS_IDE;
	int disk_on = c->n[K_DISK] != VMM_NONE;
	unsigned long cpus, n, kib, mib, host;
	const char *rom = NULL;
	long t;
	int kvm;

	out->root = root;
	out->conf = c;
	if (c->v[K_SMP].p)
		cpus = c->n[K_SMP];
	else if (probe(root, "/sys/devices/system/cpu/online", vmm_cpus,
	    &cpus) < 0)
		return EXIT_SYSCALL;
	snprintf(smp, sizeof smp, "%lu", cpus > 255 ? 255 : cpus); /* i440fx */
	/* the probe's CPUs, at least two: an SMP guest is what goes wrong */
	n = cpus < 2 ? 2 : cpus > 255 ? 255 : cpus;
	t = PROBE_MS;
	if (c->v[K_ACCEL].p)
		kvm = c->n[K_ACCEL] == ACCEL_KVM;
	else if ((kvm = kvm_works(root, n, &t, kwhy, sizeof kwhy)))
		info("kvm: a %lu-vCPU probe guest ran in %ld ms: using KVM",
		    n, t);
	else
		warnx("kvm: %s: using TCG, the guest runs emulated, many "
		    "times slower", kwhy);
	if (c->v[K_MEM].p) {
		mib = c->n[K_MEM];
	} else {
		if (probe(root, "/proc/meminfo", vmm_meminfo, &kib) < 0)
			return EXIT_SYSCALL;
		mib = kib / 1024;
		host = reserve_mib(mib);
		if (mib < host + 64) {
			warnx("%lu MiB of RAM: too little for a guest after "
			    "the host's %lu MiB (set mem)", mib, host);
			return EXIT_USAGE;
		}
		snprintf(why, sizeof why, "probed: MemTotal %lu MiB less %lu "
		    "for the host (256 + 1/32)", mib, host);
		mib -= host;
	}
	snprintf(mem, sizeof mem, "%luM", mib);
	/* -n never waits: it tells what vmm would do now */
	if (disk.p == NULL) {
		/* an IDE port or a stick that says it is fixed holds it */
		if (medium_find(root, part, own) == 0)
			info("%s: the %s boot medium's disk, not the guest's",
			    own, MEDIUM_LABEL);
		if (out->audit ? disk_find(root, own, name) < 0 :
		    disk_wait(root, own, name) < 0) {
			warnx("%s/sys/block: no fixed disk for the guest%s "
			    "(set disk)", root, out->audit ? " yet: vmm would "
			    "wait up to " DISK_WAIT_S " for one" : "");
			return EXIT_SYSCALL;
		}
		snprintf(dev, sizeof dev, "%s/dev/%s", root, name);
		disk = span_str(dev);
	}
	/* a VT with a framebuffer: the guest's screen drawn by fbvnc */
	snprintf(fb, sizeof fb, "%s/dev/fb0", root);
	has_fb = access(fb, F_OK) == 0;
	if (dsp <= DISPLAY_AUTO)
		dsp = !on_vt ? DISPLAY_SERIAL : has_fb ? DISPLAY_FB :
		    DISPLAY_CURSES;
	disp = word(K_DISPLAY, dsp);
	out->fb = dsp == DISPLAY_FB;
	snprintf(cdp, sizeof cdp, "%.*s", (int)cd.len, cd.p);
	vmm_firmware(c->n[K_FIRMWARE], disk, cd.p ? cdp : NULL, &out->fw);
	/* firmware = PATH is the -L directory, as before; the choice auto */
	fw = c->n[K_FIRMWARE] || !c->v[K_FIRMWARE].p ?
	    span_str("/usr/share/qemu") : fwv;
	/* TCG has no "host" CPU: QEMU would stop with "requires KVM" */
	cpu = get(c, K_CPU, kvm ? "host" : "max");
	if (!kvm && (span_is(cpu, "host") || (cpu.len > 5 &&
	    memcmp(cpu.p, "host,", 5) == 0))) {
		warnx("cpu = %.*s needs KVM, and accel is tcg (%s): set cpu = "
		    "max", (int)cpu.len, cpu.p, c->v[K_ACCEL].p ? "set so" :
		    "no usable /dev/kvm");
		return EXIT_USAGE;
	}
	/* the NIC works without its ROM: only the guest's PXE boot is lost */
	if (nic_on && (rom = rom_missing(root, fw, nic)))
		warnx("nic = %.*s: no %s, its boot ROM: romfile= (the guest "
		    "cannot netboot on it)", (int)nic.len, nic.p, rom);

	/*
	 * On the LAN the guest needs its own MAC, the same at every boot (its
	 * lease), and not QEMU's default that every HAL's guest would share:
	 * the bridge's (the NIC's) with the locally administered bit flipped.
	 */
	if (bridge && nic_on) {
		if ((br.index = net_ifindex(VMM_BRIDGE)) < 0 ||
		    net_link_get(br.index, &br) < 0) {
			warn("net = %.*s: %s (vmm -b makes it)", (int)net.len,
			    net.p, VMM_BRIDGE);
			return EXIT_SYSCALL;
		}
		snprintf(mac, sizeof mac, ",mac=%02x:%02x:%02x:%02x:%02x:%02x",
		    br.hwaddr[0] ^ 2, br.hwaddr[1], br.hwaddr[2], br.hwaddr[3],
		    br.hwaddr[4], br.hwaddr[5]);
	}

	qemu = get(c, K_QEMU, "/bin/qemu-system-x86_64");
	note(out, K_QEMU, qemu, "default");
	push(out, "%.*s", (int)qemu.len, qemu.p);
	fixed(out, "no device but those below");
	push(out, "-nodefaults");
	note(out, K_FIRMWARE, fwv, "default");
	opt(out, "-L", "%.*s", (int)fw.len, fw.p);
	/* UEFI: OVMF's code read-only, the variables QEMU writes to */
	if (out->fw.uefi) {
		opt(out, "-machine", "q35");
		opt(out, "-drive", "if=pflash,format=raw,readonly=on,"
		    "file=%s/usr/share/OVMF/OVMF_CODE_4M.fd", root);
		opt(out, "-drive", "if=pflash,format=raw,file=%s/run/vmm.vars",
		    root);
	}
	note(out, K_ACCEL, span_str(kvm ? "kvm" : "tcg"), "probed: %s",
	    kvm ? "a probe guest ran on /dev/kvm" : "no usable /dev/kvm");
	opt(out, "-accel", kvm ? "kvm" : "tcg");
	note(out, K_CPU, cpu, "default with %s", kvm ? "KVM" : "TCG");
	opt(out, "-cpu", "%.*s", (int)cpu.len, cpu.p);
	note(out, K_SMP, span_str(smp), "probed: %lu CPUs in "
	    "%s/sys/devices/system/cpu/online%s", cpus, root,
	    cpus > 255 ? ", at most 255" : "");
	opt(out, "-smp", "%s", smp);
	note(out, K_MEM, span_str(mem), "%s", why);
	opt(out, "-m", "%s", mem);
	note(out, K_DISK, disk, "probed: the first fixed disk in "
	    "%s/sys/block", root);
	/* the whole disk, raw, where the seed's -hda put it */
	if (disk_on && !out->fw.uefi && ide) {
		opt(out, "-drive",
		    "file=%.*s,format=raw,if=ide,index=0,media=disk",
		    (int)disk.len, disk.p);
	} else if (disk_on) {	/* q35: AHCI's first port */
		opt(out, "-drive", "file=%.*s,format=raw,if=none,id=disk0",
		    (int)disk.len, disk.p);
		opt(out, "-device", "%s,drive=disk0,bootindex=1", ide ?
		    "ide-hd,bus=ide.0" : "virtio-blk-pci");
	}
	/* the CD before the disk: bootindex (docs/system/bootindex.rst) */
	if (cd.p) {
		opt(out, "-drive", "file=%s,format=raw,if=none,id=cd0,"
		    "media=cdrom,readonly=on", cdp);
		opt(out, "-device", "ide-cd,drive=cd0,bus=ide.1,bootindex=0");
	}
	note(out, K_NIC, nic, "default");
	if (c->v[K_NET].p)
		note(out, K_NET, net, "default");
	if (nic_on) {
		push(out, "-netdev");
		if (bridge)	/* vmm opens it on br0 (vmm.c tap_open) */
			push(out, "tap,id=net0,fd=%d", VMM_TAP_FD);
		else
			push(out, "user,id=net0%s%.*s", net.len ? "," : "",
			    (int)net.len, net.p);
		opt(out, "-device", "%.*s%s%s,netdev=net0", (int)nic.len, nic.p,
		    rom ? ",romfile=" : "", mac);
	}
	fixed(out, "entropy for the guest");
	opt(out, "-device", "virtio-rng-pci");
	note(out, K_DISPLAY, disp, "auto: the console is %s",
	    !on_vt ? "not a VT (a serial line)" : has_fb ?
	    "a VT with a framebuffer" : "a VT, no framebuffer");
	if (dsp != DISPLAY_SERIAL)
		opt(out, "-vga", "std");
	if (dsp == DISPLAY_VNC) {	/* the password from a file, not argv */
		opt(out, "-object", "secret,id=vncpw,file=%s/run/vmm.vncpw",
		    root);
		opt(out, "-display", "vnc=:0,password-secret=vncpw");
	} else if (out->fb) {		/* VNC for fbvnc only: a UNIX socket */
		opt(out, "-display", "vnc=unix:%s/run/vmm.vnc", root);
	} else if (dsp == DISPLAY_CURSES) {
		/* CP437, QEMU's default font charset, needs a gconv module
		 * the static QEMU cannot load (it exits); ASCII is built in */
		opt(out, "-display", "curses,charset=ASCII");
	} else if (dsp != DISPLAY_SERIAL) {
		opt(out, "-display", "none");
	}
	if (dsp != DISPLAY_CURSES) {
		if (dsp == DISPLAY_SERIAL)
			push(out, "-nographic");
		/* guest serial and QEMU monitor on the console (C-a c) */
		opt(out, "-serial", "mon:stdio");
	}
	fixed(out, "vmm's control socket (power button, quit)");
	opt(out, "-qmp", "unix:%s/run/vmm.qmp,server=on,wait=off", root);
	if (c->v[K_ARGS].p) {
		note(out, K_ARGS, c->v[K_ARGS], "default");
		for (args = c->v[K_ARGS]; span_word(&args, &a);)
			push(out, "%.*s", (int)a.len, a.p);
	}
	if (nextra > 0 && out->audit)
		push(out, "# the words after --, verbatim: %d", nextra);
	for (; nextra > 0; nextra--)
		push(out, "%s", *extra++);
	/* not QEMU's words: what vmm does when QEMU ends or is stopped */
	note(out, K_ON_EXIT, get(c, K_ON_EXIT, "poweroff"), "default");
	note(out, K_SHUTDOWN_TIMEOUT, get(c, K_SHUTDOWN_TIMEOUT, "60"),
	    "default (seconds)");
	return 0;
}

/* V, at most 64 bytes, control characters as '?': safe on a console. */
static void
printable(char *dst, struct span v)
{
	size_t i;

	for (i = 0; i < v.len && i < 64; i++)
		dst[i] = (unsigned char)v.p[i] < 0x20 || v.p[i] == 0x7f ?
		    '?' : v.p[i];
	dst[i] = '\0';
}

/* The buffers stay alive: the values point into them. */
void
vmm_load(const char *root, struct vmm_conf *c)
{
	static const char *const files[] = { "/etc/vmm.conf", "/proc/cmdline" };
	char path[PATH_MAX], line[32] = "", key[65], val[65], *buf;
	struct vmm_err e;
	size_t i, k, len;
	int r;

	for (i = 0; i < LEN(files); i++) {
		snprintf(path, sizeof path, "%s%s", root, files[i]);
		if ((buf = read_file(path, 1 << 16, &len)) == NULL) {
			if (errno != ENOENT)
				die("%s", path);
			continue;
		}
		r = i == 0 ? vmm_conf_parse(buf, len, c, &e) :
		    vmm_cmdline(buf, len, c, &e);
		for (k = 0; r == 0 && i == 0 && k < NKEYS; k++)
			if (c->again[k])
				warnx("%s:%u: %s set again (first on line %u): "
				    "the later line wins", path, c->line[k],
				    keys[k].name, c->again[k]);
		if (r == 0)
			continue;
		if (e.line > 0)
			snprintf(line, sizeof line, ":%zu", e.line);
		printable(key, e.key);
		printable(val, e.val);
		diex(EXIT_USAGE, "%s%s: %s%s%s%s: %s", path, line, key,
		    e.val.p ? " = '" : "", val, e.val.p ? "'" : "", e.why);
	}
	if (c->n[K_DISPLAY] == DISPLAY_VNC && c->v[K_VNC_PASSWORD].p == NULL)
		diex(EXIT_USAGE, "display = vnc needs vnc_password: VNC on TCP "
		    "without one lets anyone on the network drive the guest");
}
