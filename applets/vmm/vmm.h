/* SPDX-License-Identifier: ISC */
/* vmm.h - what conf.c (config, QEMU's argv) gives vmm.c */
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
	/* where each value came from, for vmm -n: line in vmm.conf (0: not
	 * there), an earlier line setting it too, set by vmm.KEY= */
	unsigned line[NKEYS], again[NKEYS], cmdline[NKEYS];
};
/* Defaults < ROOT/etc/vmm.conf < ROOT/proc/cmdline; exits on bad config. */
void vmm_load(const char *root, struct vmm_conf *c);
int vmm_is(struct vmm_val v, const char *words);
int vmm_num(const char *p, size_t len, unsigned long max, unsigned long *n);
int vmm_qmp_line(const char *buf, size_t len);
struct vmm_words {
	char **w;		/* NULL-terminated */
	size_t n, cap;
	int audit;		/* vmm -n: "# ..." notes, no waiting */
};
/* 0, or the exit status (the reason is logged) */
int vmm_argv(const char *root, const struct vmm_conf *c, int on_vt,
    char **extra, int nextra, struct vmm_words *out);

#endif
