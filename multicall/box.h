/* SPDX-License-Identifier: ISC */
/*
 * box.h - what every applet shares: the applet table's entry points, the
 * error formatter and the few helpers that more than one applet needs.
 *
 * Exit codes (skalibs' convention): 0 success, 1 a negative answer that is
 * not an error (e.g. "no lease" with udhcpc -n), 100 bad usage or bad input,
 * 111 a system call failed, 127 unknown applet or program not found.
 */
#ifndef BOX_H
#define BOX_H

#include <stdarg.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "span.h"

#define EXIT_USAGE	100
#define EXIT_SYSCALL	111
#define EXIT_NOTFOUND	127

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *usage;	/* synopsis and options, printed by --help */
};

/* multicall/main.c */
const struct applet *applet_find(const char *name);
extern const struct applet applets[];
extern const size_t napplets;

/*
 * multicall/err.c - the one error formatter. Lines are
 * "halbox APPLET: message[: strerror(errno)]" on stderr and, when it can
 * be opened, "halbox: APPLET: message" on /dev/kmsg.
 */
extern const char *progname;	/* the lines' APPLET: a child may rename */
extern const char *progusage;
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void diex(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
noreturn void usage(void);

/* multicall/util.c */
int hex_digit(int c);
const char *word_value(char **w);
unsigned long arg_uint(const char *what, const char *v, unsigned long lo,
    unsigned long hi);
int getopt_box(int argc, char **argv, const char *spec);
long now_ms(void);
char *read_file(const char *path, size_t max, size_t *len);
int write_file_atomic(const char *path, const void *buf, size_t len,
    unsigned mode);
/* The ways to stop the machine: init's requests, poweroff's applets. */
enum power { P_NONE, P_HALT, P_POWEROFF, P_REBOOT };
extern const struct power_way {
	const char *name;
	int sig;		/* asks PID 1 for it (busybox and toybox's map) */
	int how;		/* reboot(2) command */
} powers[];
int hard_reboot(enum power p, int do_sync);

/* multicall/run.c - exec a command as init and sh name them; wait for it */
int run_exec(char **argv);
int run_wait(pid_t pid);

/*
 * multicall/cmdline.c - the kernel command line (/proc/cmdline), split the
 * way the kernel splits it (lib/cmdline.c next_arg: spaces separate words,
 * double quotes group them and are removed). Pure: a span in; one word
 * out per call.
 */
struct cmdline_arg {
	struct span key, val;		/* val.p NULL for "word" without '=' */
};
int cmdline_next(struct span *cur, struct cmdline_arg *a);
char *cmdline_get(const char *buf, size_t len, const char *key);
int cmdline_has(const char *buf, size_t len, const char *key);

/* multicall/uevent.c - kernel device events; pointers are into buf */
struct uevent {
	const char *action, *devpath, *subsystem, *modalias, *devname,
	    *devtype, *firmware;
};
int uevent_parse(const char *buf, size_t len, struct uevent *ev);
int uevent_open(void);
int uevent_recv(int fd, char *buf, size_t size, struct uevent *ev);

/*
 * multicall/medium.c - the boot medium `make usb` writes: a FAT file system
 * labelled MEDIUM_LABEL. Names are /sys/class/block's ("sdb1", "sdb").
 */
#define MEDIUM_LABEL	"HALBOX"
int fat_label(const unsigned char *buf, size_t len, char label[12]);
int medium_find(const char *root, char part[256], char disk[256]);

/*
 * multicall/words.c - init.conf's and sh's word splitter (not sh: quotes
 * group, nothing expands). One line per call; argv points into buf.
 */
#define WORDS_MAX	64
struct words {
	char *argv[WORDS_MAX + 1];	/* argv[argc] is NULL */
	int argc;
	char buf[4096];
};
int words_split(const char **p, const char *end, struct words *w,
    const char **why);

/*
 * multicall/inflate.c - RFC 1951 raw deflate data IN inflated into OUT:
 * the bytes written; -1 corrupt or truncated; -2 more than OUTCAP.
 * *USED: the input bytes the data took, to its last block's last byte.
 */
long inflate_raw(const void *in, size_t inlen, size_t *used, void *out,
    size_t outcap);

/* applets: one prototype and one usage string each */
int coldplug_main(int, char **);
extern const char coldplug_usage[];
int insmod_main(int, char **);
extern const char insmod_usage[];
int mknod_main(int, char **);
extern const char mknod_usage[];
int modprobe_main(int, char **);
extern const char modprobe_usage[];
int poweroff_main(int, char **);
extern const char poweroff_usage[], reboot_usage[], halt_usage[];
int cat_main(int, char **);
extern const char cat_usage[];
int dmesg_main(int, char **);
extern const char dmesg_usage[];
int init_main(int, char **);
extern const char init_usage[];
int sh_main(int, char **);
extern const char sh_usage[];
int udhcpc_main(int, char **);
extern const char udhcpc_usage[];
int ifconfig_main(int, char **);
extern const char ifconfig_usage[];
int route_main(int, char **);
extern const char route_usage[];
int vmm_main(int, char **);
extern const char vmm_usage[];
int fbvnc_main(int, char **);
extern const char fbvnc_usage[];

#endif
