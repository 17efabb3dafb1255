/* SPDX-License-Identifier: ISC */
/*
 * conf.c - vmm's parsers, pure functions over (buf, len) with a cursor:
 * /etc/vmm.conf ("key = value" lines, '#' comment lines), the vmm.KEY=VALUE
 * words of the kernel command line, /proc/meminfo, the CPU list of
 * /sys/devices/system/cpu/online, and QMP reply lines. Every byte is
 * untrusted; nothing is read past END and nothing needs a NUL. Values are
 * checked here, once, so argv.c only formats them.
 */
#include <ctype.h>
#include <string.h>

#include "../../multicall/box.h"
#include "vmm.h"

/*
 * The keys and what each accepts. WORDS: one of the words listed; PATH:
 * absolute and without ',' (QEMU splits -drive and -L options there) or
 * one of the words; MODEL: a QEMU model and its properties ("host,+vmx",
 * "e1000,mac=..."); NUM: MIN to MAX; MEM: see vmm_mem_mib(); TEXT: any
 * printable text; WORD: printable, no blanks (net, appended to -netdev).
 */
static const struct {
	const char *name;
	enum { WORDS, PATH, MODEL, NUM, MEM, TEXT, WORD } kind;
	const char *words;
	unsigned long min, max;
	const char *why;
} keys[NKEYS] = {
	[K_ACCEL] = { "accel", WORDS, "kvm tcg", 0, 0, "want kvm or tcg" },
	[K_ARGS] = { "args", TEXT, "", 0, 0, "" },
	[K_CPU] = { "cpu", MODEL, "", 0, 0, "want a QEMU model name" },
	[K_DISK] = { "disk", PATH, "none", 0, 0,
	    "want none or an absolute path without ','" },
	[K_DISPLAY] = { "display", WORDS, "auto serial curses vnc", 0, 0,
	    "want auto, serial, curses or vnc" },
	[K_FIRMWARE] = { "firmware", PATH, "", 0, 0,
	    "want an absolute path without ','" },
	[K_MEM] = { "mem", MEM, "", 0, 0,
	    "want MiB (16 or more), or a number ending in M or G" },
	[K_NET] = { "net", WORD, "", 0, 0,
	    "want user-mode network options, without blanks" },
	[K_NIC] = { "nic", MODEL, "", 0, 0, "want a QEMU model name" },
	[K_ON_EXIT] = { "on_exit", WORDS, "poweroff reboot restart rescue",
	    0, 0, "want poweroff, reboot, restart or rescue" },
	[K_QEMU] = { "qemu", PATH, "", 0, 0,
	    "want an absolute path without ','" },
	[K_SHUTDOWN_TIMEOUT] = { "shutdown_timeout", NUM, "", 0, 3600,
	    "want seconds, 0 to 3600" },
	/* 255: the most CPUs the default machine (i440fx) takes. */
	[K_SMP] = { "smp", NUM, "", 1, 255, "want a CPU count, 1 to 255" },
};

/* 1 if V is one of the WORDS, separated by single blanks. */
int
vmm_is(struct vmm_val v, const char *words)
{
	const char *w = words, *e;

	for (; *w != '\0'; w = *e ? e + 1 : e) {
		e = strchrnul(w, ' ');
		if ((size_t)(e - w) == v.len && memcmp(w, v.p, v.len) == 0)
			return 1;
	}
	return 0;
}

/* Decimal digits only, at most MAX: 0, else -1. */
int
vmm_num(const char *p, size_t len, unsigned long max, unsigned long *n)
{
	unsigned long d;
	size_t i;

	if (len == 0)
		return -1;
	for (*n = 0, i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		d = p[i] - '0';
		if (d > max || *n > (max - d) / 10)
			return -1;
		*n = *n * 10 + d;
	}
	return 0;
}

/* MiB, or a number ending in M or G: "512", "512M", "2G". 16 MiB-4 TiB. */
int
vmm_mem_mib(struct vmm_val v, unsigned long *mib)
{
	unsigned long mul = 1;
	size_t len = v.len;

	if (len > 0 && (v.p[len - 1] == 'M' || v.p[len - 1] == 'G')) {
		mul = v.p[len - 1] == 'G' ? 1024 : 1;
		len--;
	}
	if (vmm_num(v.p, len, (1UL << 22) / mul, mib) < 0)
		return -1;
	*mib *= mul;
	return *mib >= 16 ? 0 : -1;
}

/* 1 if V, printable and not empty, suits key K. */
static int
good(size_t k, struct vmm_val v)
{
	unsigned long n;
	size_t i;

	switch (keys[k].kind) {
	case WORDS:
		return vmm_is(v, keys[k].words);
	case PATH:
		return vmm_is(v, keys[k].words) ||
		    (v.p[0] == '/' && memchr(v.p, ',', v.len) == NULL);
	case MODEL:
		for (i = 0; i < v.len; i++)
			if (!isalnum((unsigned char)v.p[i]) &&
			    strchr("-_.=+,:", v.p[i]) == NULL)
				return 0;
		return 1;
	case NUM:
		return vmm_num(v.p, v.len, keys[k].max, &n) == 0 &&
		    n >= keys[k].min;
	case MEM:
		return vmm_mem_mib(v, &n) == 0;
	case WORD:
		return memchr(v.p, ' ', v.len) == NULL;
	case TEXT:
		break;
	}
	return 1;
}

static int
conf_set(struct vmm_conf *c, struct vmm_val key, struct vmm_val val,
    struct vmm_err *e)
{
	size_t k, i;

	e->key = key;
	e->val = (struct vmm_val){ NULL, 0 };
	for (k = 0; k < NKEYS && !vmm_is(key, keys[k].name); k++)
		;
	if (k == NKEYS) {
		e->why = "unknown key";
		return -1;
	}
	for (i = 0; i < val.len; i++)
		if ((unsigned char)val.p[i] < 0x20 || val.p[i] == 0x7f) {
			e->why = "control character in value";
			return -1;
		}
	if (val.len == 0) {
		e->why = "empty value";
		return -1;
	}
	if (!good(k, val)) {
		e->why = keys[k].why;
		e->val = val;	/* printable: worth quoting in the error */
		return -1;
	}
	c->v[k] = val;		/* later sources and lines win */
	return 0;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* "key = value" lines; blank lines and lines starting with '#' skipped. */
int
vmm_conf_parse(const char *buf, size_t len, struct vmm_conf *c,
    struct vmm_err *e)
{
	const char *p = buf, *end = buf + len, *nl, *eq, *k, *ke, *v, *ve;

	for (e->line = 1; p < end; e->line++, p = nl + (nl < end)) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		for (k = p; k < nl && blank(*k); k++)
			;
		if (k == nl || *k == '#')
			continue;
		if ((eq = memchr(k, '=', nl - k)) == NULL) {
			for (ke = nl; ke > k && blank(ke[-1]); ke--)
				;
			e->key = (struct vmm_val){ k, ke - k };
			e->val = (struct vmm_val){ NULL, 0 };
			e->why = "no '=' (want key = value)";
			return -1;
		}
		for (ke = eq; ke > k && blank(ke[-1]); ke--)
			;
		for (v = eq + 1; v < nl && blank(*v); v++)
			;
		for (ve = nl; ve > v && blank(ve[-1]); ve--)
			;
		if (conf_set(c, (struct vmm_val){ k, ke - k },
		    (struct vmm_val){ v, ve - v }, e) < 0)
			return -1;
	}
	return 0;
}

/* The vmm.KEY=VALUE words of a kernel command line; others are not ours. */
int
vmm_cmdline(const char *buf, size_t len, struct vmm_conf *c,
    struct vmm_err *e)
{
	const char *p = buf;
	struct cmdline_arg a;

	e->line = 0;
	while (cmdline_next(&p, buf + len, &a)) {
		if (a.keylen < 4 || memcmp(a.key, "vmm.", 4) != 0)
			continue;
		if (a.val == NULL) {
			e->key = (struct vmm_val){ a.key, a.keylen };
			e->val = (struct vmm_val){ NULL, 0 };
			e->why = "want vmm.KEY=VALUE";
			return -1;
		}
		if (conf_set(c, (struct vmm_val){ a.key + 4, a.keylen - 4 },
		    (struct vmm_val){ a.val, a.vallen }, e) < 0) {
			e->key = (struct vmm_val){ a.key, a.keylen };
			return -1;
		}
	}
	return 0;
}

/* /proc/meminfo: the "MemTotal:   N kB" line (fs/proc/meminfo.c). */
int
vmm_meminfo(const char *buf, size_t len, unsigned long *kib)
{
	const char *p = buf, *end = buf + len, *nl, *d;

	for (; p < end; p = nl + (nl < end)) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		if (nl - p < 9 || memcmp(p, "MemTotal:", 9) != 0)
			continue;
		for (p += 9; p < nl && blank(*p); p++)
			;
		for (d = p; d < nl && *d >= '0' && *d <= '9'; d++)
			;
		if (nl - d != 3 || memcmp(d, " kB", 3) != 0)
			return -1;
		return vmm_num(p, d - p, (unsigned long)-1 / 2, kib);
	}
	return -1;
}

/*
 * How many CPUs a list such as "0-3,5,7-8\n" names (the format of
 * Documentation/ABI/testing/sysfs-devices-system-cpu, "online").
 */
int
vmm_cpus(const char *buf, size_t len, unsigned long *n)
{
	const char *p = buf, *end = buf + len, *d;
	unsigned long lo, hi;

	while (end > p && (end[-1] == '\n' || end[-1] == '\0'))
		end--;
	for (*n = 0; p < end; p = d + 1) {
		for (d = p; d < end && *d >= '0' && *d <= '9'; d++)
			;
		if (vmm_num(p, d - p, 1UL << 20, &lo) < 0)
			return -1;
		hi = lo;
		if (d < end && *d == '-') {
			for (p = ++d; d < end && *d >= '0' && *d <= '9'; d++)
				;
			if (vmm_num(p, d - p, 1UL << 20, &hi) < 0 || hi < lo)
				return -1;
		}
		*n += hi - lo + 1;
		if (d == end)
			break;
		if (*d != ',' || d + 1 == end)
			return -1;
	}
	return *n > 0 ? 0 : -1;
}

/*
 * One QMP line (docs/interop/qmp-spec.txt 2.4): 1 the command succeeded
 * ({"return": ...}), -1 it failed ({"error": ...}), 0 anything else (the
 * greeting, an event). Only the first member is looked at: QEMU writes
 * "return" or "error" first in a reply and never first in an event.
 */
int
vmm_qmp_line(const char *buf, size_t len)
{
	while (len > 0 && blank(*buf)) {
		buf++;
		len--;
	}
	if (len >= 9 && memcmp(buf, "{\"return\"", 9) == 0)
		return 1;
	if (len >= 8 && memcmp(buf, "{\"error\"", 8) == 0)
		return -1;
	return 0;
}
