/* SPDX-License-Identifier: ISC */
/*
 * vmm.h - what the three files of the vmm applet share: the config keys
 * (conf.c parses them), the machine probes and QEMU's argv (argv.c), the
 * supervisor (vmm.c).
 */
#ifndef VMM_H
#define VMM_H

#include <stddef.h>

enum vmm_key {
	K_ACCEL, K_ARGS, K_CPU, K_DISK, K_DISPLAY, K_FIRMWARE, K_MEM, K_NET,
	K_NIC, K_ON_EXIT, K_QEMU, K_SHUTDOWN_TIMEOUT, K_SMP, NKEYS
};

struct vmm_val {
	const char *p;		/* into the caller's buffer; NULL: not set */
	size_t len;
};
struct vmm_conf {
	struct vmm_val v[NKEYS];
};
/*
 * Where a config source went wrong: line (0 on the kernel command line),
 * key, and the value when it is printable.
 */
struct vmm_err {
	size_t line;
	struct vmm_val key, val;
	const char *why;
};

/* conf.c - pure parsers: (buf, len) in, checked values out */
int vmm_conf_parse(const char *buf, size_t len, struct vmm_conf *c,
    struct vmm_err *e);
int vmm_cmdline(const char *buf, size_t len, struct vmm_conf *c,
    struct vmm_err *e);
int vmm_is(struct vmm_val v, const char *words);
int vmm_num(const char *p, size_t len, unsigned long max, unsigned long *n);
int vmm_mem_mib(struct vmm_val v, unsigned long *mib);
int vmm_meminfo(const char *buf, size_t len, unsigned long *kib);
int vmm_cpus(const char *buf, size_t len, unsigned long *n);
int vmm_qmp_line(const char *buf, size_t len);

/* argv.c - probe the machine under ROOT and build QEMU's argv */
struct vmm_words {
	char **w;		/* NULL-terminated */
	size_t n, cap;
};
int vmm_argv(const char *root, const struct vmm_conf *c, int on_vt,
    char **extra, int nextra, struct vmm_words *out);
long vmm_now_ms(void);		/* CLOCK_MONOTONIC */

#endif
