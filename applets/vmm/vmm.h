/* SPDX-License-Identifier: ISC */
/* vmm.h - what conf.c (config, QEMU's argv) gives vmm.c */
#ifndef VMM_H
#define VMM_H

#include <limits.h>
#include <stddef.h>

#include "../../multicall/span.h"

enum vmm_key {
	K_ACCEL, K_ARGS, K_CPU, K_DISK, K_DISPLAY, K_FIRMWARE, K_MEM, K_NET,
	K_NIC, K_ON_EXIT, K_QEMU, K_SHUTDOWN_TIMEOUT, K_SMP,
	K_CDROM, K_DISK_BUS,
	K_VNC_PASSWORD,
	NKEYS
};

/*
 * Which of its words (conf.c's keys[]) a key's value is, in n[], from 1:
 * 0 is unset, or not one of them (a path, user-mode net options, a NIC).
 */
enum { ACCEL_KVM = 1, BUS_IDE = 1, VMM_NONE = 1 /* disk, nic */ };
enum { DISPLAY_AUTO = 1, DISPLAY_FB, DISPLAY_CURSES, DISPLAY_SERIAL,
	DISPLAY_VNC };
enum { ON_EXIT_REBOOT = 2, ON_EXIT_RESTART, ON_EXIT_RESCUE };
enum { NET_BRIDGE = 1, NET_BRIDGE_ONLY };
enum { FW_AUTO = 1, FW_BIOS, FW_UEFI };

/* net = bridge: the bridge vmm -b makes; the tap's fd QEMU inherits */
#define VMM_BRIDGE	"br0"
#define VMM_TAP_FD	3

/* disk = nbd://IPV4[:PORT]/EXPORT or nbd+unix:///EXPORT?socket=PATH */
struct vmm_nbd {
	unsigned char ip[4];
	unsigned long port;	/* 0: the disk is no NBD URL */
	struct span sock;	/* the socket's path; NULL: TCP */
};
struct vmm_conf {
	struct span v[NKEYS];	/* into the caller's buffer; p NULL: not set */
	unsigned long n[NKEYS];	/* a number (mem in MiB), or which word */
	struct vmm_nbd nbd;	/* disk, read */
	/* where each value came from, for vmm -n: line in vmm.conf (0: not
	 * there), an earlier line setting it too, set by vmm.KEY= */
	unsigned line[NKEYS], again[NKEYS], cmdline[NKEYS];
};
/* Defaults < ROOT/etc/vmm.conf < ROOT/proc/cmdline; exits on bad config. */
void vmm_load(const char *root, struct vmm_conf *c);
int vmm_qmp_take(char *buf, size_t *len);
int vmm_nbd(const char *p, size_t len, struct vmm_nbd *u);
/* firmware.c: the firmware vmm_argv picked, and the guest's NVRAM */
struct vmm_fw {
	int uefi;
	char line[3 * PATH_MAX];	/* "firmware uefi: /dev/sda: why" */
	char id[37];			/* GPT disk GUID, or "new" */
	size_t vars_len;		/* the template's size */
};
void vmm_firmware(int mode, struct span disk, const char *cd,
    struct vmm_fw *fw);
int vmm_nvram_load(const char *root, const char *work, struct vmm_fw *fw);
void vmm_nvram_save(const char *root, const char *work,
    const struct vmm_fw *fw);
struct vmm_words {
	char **w;		/* NULL-terminated */
	size_t n, cap;
	struct vmm_fw fw;
	int audit;		/* vmm -n: "# ..." notes, no waiting */
	const char *root;	/* the notes': where a value came from */
	const struct vmm_conf *conf;
	int fb;			/* display fb: fbvnc runs next to QEMU */
};
/* 0, or the exit status (the reason is logged) */
int vmm_argv(const char *root, const struct vmm_conf *c, int on_vt,
    char **extra, int nextra, struct vmm_words *out);

#endif
