/* SPDX-License-Identifier: ISC */
/*
 * init - PID 1: mount, run the boot plan, supervise, shut down in order
 *
 * usage: init [--print-default]
 * Mounts /dev (devtmpfs), /proc, /sys and /run, opens /dev/console, turns
 * Ctrl-Alt-Del into SIGINT, registers /bin/modprobe with the kernel, then
 * runs the boot plan (/etc/init.conf, or init.conf=PATH on the kernel
 * command line, or the built-in plan when the default file is missing):
 * one command per line, split by words_split(), a leading '-' meaning "a
 * failure here is reported and the boot goes on". When the plan ends the
 * machine powers off; when a line fails, the rescue shell (sh) runs first
 * unless init.norescue. init.rescue runs it before the plan. init.medium:
 * before the plan's first vmm line, the boot medium's vmm.conf (if any)
 * becomes /etc/vmm.conf.
 * Signals (busybox and toybox's map): SIGUSR2 poweroff, SIGTERM reboot,
 * SIGUSR1 halt, SIGINT (Ctrl-Alt-Del) and the power key poweroff.
 * Shutdown: SIGTERM to the running plan line (vmm) and up to 75 s for it,
 * SIGTERM to all, SIGKILL after 5 s, sync, unmount, reboot(2) in a child.
 * PID 1 never exits: failures are reported and the machine is stopped.
 * Test-only: HALBOX_INIT_TEST=1 (as PID 1 of a child PID namespace: the
 * real PID 1 ignores it) touches no /dev, mount, /proc/sys or input
 * device, reads the command line from $HALBOX_INIT_CMDLINE, never runs
 * the built-in plan (coldplug, udhcpc on the host!), and prints "would
 * reboot: HOW" and exits instead of calling reboot(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/input.h>

#include "../multicall/box.h"

const char init_usage[] = "init [--print-default]\n"
	"--print-default  print the built-in boot plan\n"
	"Run by the kernel as PID 1; the boot plan is /etc/init.conf";

static const char default_plan[] = "coldplug -d\nvmm -b\nvmm\n";

#define VMM_WAIT_S	75	/* s: vmm's shutdown_timeout (60 s) + margin */
#define TERM_WAIT_S	5	/* s: from SIGTERM to SIGKILL for the rest */
#define TICK_S		5	/* s: reap and look for input devices as often */
#define MEDIUM_WAIT_S	15	/* s: for the boot medium (init.medium) */
#define MEDIUM_MNT	"/run/medium"
#define NPOWERKEYS	8
#define NEVENT		32	/* /dev/input/event0..31 are looked at */
#define LONGBITS	(8 * sizeof(long))

static const struct {
	const char *type, *dir, *data;
	unsigned long flags;
} mounts[] = {		/* /dev first: the console and /dev/kmsg are there */
	{ "devtmpfs", "/dev", "mode=0755", MS_NOSUID },
	{ "proc", "/proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs", "/sys", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "tmpfs", "/run", "mode=0755", MS_NOSUID | MS_NODEV },
};

static struct {
	sigset_t orig;		/* the mask children get back */
	int sfd;		/* signalfd of every signal */
	int test;		/* HALBOX_INIT_TEST */
	enum power req;		/* the shutdown under way */
	pid_t line;		/* the plan line (or shell) running, 0 none */
	int nbcon;		/* fd 2 is our own non-blocking console */
	int npowerkeys;		/* key[]: /dev/input/eventN with KEY_POWER */
	struct { int fd, n; } key[NPOWERKEYS];
	unsigned long seen;	/* bit N: /dev/input/eventN looked at */
	unsigned mounted;	/* bit i: mounts[i] is ours to unmount */
} in;

/*
 * 1 if the EV_KEY bitmap BITS, of which EVIOCGBIT filled LEN bytes (its
 * return; -1 failed), has KEY_POWER: a bit past LEN is not the device's.
 */
static int
power_key(const unsigned long *bits, int len)
{
	return len > KEY_POWER / 8 &&
	    bits[KEY_POWER / LONGBITS] >> KEY_POWER % LONGBITS & 1;
}

/* Input devices appear late (button drivers may be modules): look again. */
static void
keys_scan(void)
{
	unsigned long bits[KEY_MAX / LONGBITS + 1] = { 0 };
	char path[32], name[64] = "";
	int i, fd;

	for (i = 0; i < NEVENT && in.npowerkeys < NPOWERKEYS && !in.test; i++) {
		snprintf(path, sizeof path, "/dev/input/event%d", i);
		if (in.seen & 1UL << i ||
		    (fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
			continue;
		in.seen |= 1UL << i;
		if (!power_key(bits, ioctl(fd, EVIOCGBIT(EV_KEY, sizeof bits),
		    bits))) {
			close(fd);
			continue;
		}
		ioctl(fd, EVIOCGNAME(sizeof name - 1), name);
		info("power key: %s (%s)", path, name);
		in.key[in.npowerkeys].n = i;
		in.key[in.npowerkeys++].fd = fd;
	}
}

/*
 * 1 if the LEN bytes at EV (untrusted: a read(2) of an event device)
 * hold a power key press. evdev hands out whole struct input_event
 * records (input.rst 5): a partial one makes the read malformed, ignored.
 */
static int
power_pressed(const struct input_event *ev, size_t len)
{
	size_t i;

	if (len % sizeof *ev != 0)
		return 0;
	for (i = 0; i < len / sizeof *ev; i++)
		if (ev[i].type == EV_KEY && ev[i].code == KEY_POWER &&
		    ev[i].value == 1)
			return 1;
	return 0;
}

/*
 * Reap every child that ended (orphans included). 1 if WANT did (its
 * status in *STATUS) or, for WANT -1, if no child is left.
 */
static int
reap(pid_t want, int *status)
{
	pid_t pid;
	int st, hit = 0;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (pid == want) {
			*status = st;
			hit = 1;
		}
	return hit || (want == -1 && pid < 0 && errno == ECHILD);
}

/*
 * The next queued signal: -1 if none, else the power request it makes
 * (SIGINT is Ctrl-Alt-Del: poweroff).
 */
static int
signal_next(void)
{
	struct signalfd_siginfo si;
	int p = P_REBOOT;

	if (read(in.sfd, &si, sizeof si) != sizeof si)
		return -1;
	while (p > P_NONE && powers[p].sig != (int)si.ssi_signo)
		p--;
	if (si.ssi_signo == SIGINT)
		p = P_POWEROFF;
	if (p != P_NONE)
		info("signal %d from pid %u: %s", (int)si.ssi_signo,
		    si.ssi_pid, powers[p].name);
	return p;
}

/*
 * The one place init waits: up to LIMIT ms (-1: no limit) for WANT (-1:
 * every child; 0: none, only the time) to end. 1 if it did, 0 on time
 * out, -1 when a power signal or key asks to stop (in.req says which; the
 * caller powers down). Reaps on every wake-up and at least every TICK_S
 * seconds.
 * Once a shutdown is under way, a request is logged and ignored.
 */
static int
wait_for(pid_t want, long limit, int *status)
{
	struct pollfd pfd[1 + NPOWERKEYS];
	struct input_event ev[8];
	ssize_t n;
	long until = now_ms() + limit, ms;
	int i, p;

	while (!reap(want, status)) {
		ms = until - now_ms();
		if (limit >= 0 && ms <= 0)
			return 0;
		if (limit < 0 || ms > TICK_S * 1000)
			ms = TICK_S * 1000;
		keys_scan();
		for (i = 0; i < 1 + in.npowerkeys; i++) {
			pfd[i].fd = i ? in.key[i - 1].fd : in.sfd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, 1 + in.npowerkeys, ms) <= 0)
			continue;
		p = pfd[0].revents & POLLIN ? signal_next() : P_NONE;
		for (i = in.npowerkeys; i > 0; i--) {
			if (pfd[i].revents & POLLIN &&
			    (n = read(pfd[i].fd, ev, sizeof ev)) > 0 &&
			    power_pressed(ev, n)) {
				info("power key pressed: poweroff");
				p = P_POWEROFF;
			} else if (pfd[i].revents & (POLLERR | POLLHUP | POLLNVAL)) {
				close(pfd[i].fd);	/* unplugged */
				in.seen &= ~(1UL << in.key[i - 1].n);
				in.key[i - 1] = in.key[--in.npowerkeys];
			}
		}
		if (p > P_NONE && in.req == P_NONE) {
			in.req = p;
			return -1;
		}
		if (p > P_NONE)
			info("already stopping for %s", powers[in.req].name);
	}
	return 1;
}

static noreturn void
power_down(enum power p)
{
	size_t i;
	int st;

	in.req = p;
	if (in.line > 0) {
		info("%s: SIGTERM to pid %d, waiting up to %d s", powers[p].name,
		    (int)in.line, VMM_WAIT_S);
		kill(in.line, SIGTERM);
		if (!wait_for(in.line, VMM_WAIT_S * 1000L, &st))
			warnx("pid %d still running", (int)in.line);
	}
	info("%s: SIGTERM to every process", powers[p].name);
	kill(-1, SIGTERM);
	if (!wait_for(-1, TERM_WAIT_S * 1000L, &st)) {
		info("%s: SIGKILL to every process", powers[p].name);
		kill(-1, SIGKILL);
		wait_for(-1, TERM_WAIT_S * 1000L, &st);
	}
	sync();
	if (in.test) {
		info("would reboot: %s", powers[p].name);
		_exit(0);	/* the test's PID namespace ends with us */
	}
	for (i = LEN(mounts); i-- > 0;)
		if (in.mounted & 1U << i && umount2(mounts[i].dir, MNT_DETACH))
			warn("umount %s", mounts[i].dir);
	info("%s", powers[p].name);
	/* reboot(2) does not wait for the UART: let the console drain, 2 s */
	for (i = 0; i < 200 && ioctl(2, TIOCOUTQ, &st) == 0 && st > 0; i++)
		usleep(10000);
	hard_reboot(p, 0);	/* synced above; since, only umounts */
	warn("reboot(2) for %s", powers[p].name);
	for (;;)
		pause();	/* PID 1 must not exit: the kernel would panic */
}

/*
 * The wait status of ARGV run as a plan line or, with CTTY, as the rescue
 * shell: that one gets the console as its controlling terminal, so ^C
 * reaches what it runs (/dev/console never becomes one by itself: tty.rst).
 */
static int
run_line(char **argv, int ctty)
{
	int status = EXIT_SYSCALL << 8;

	if ((in.line = fork()) == 0) {
		sigprocmask(SIG_SETMASK, &in.orig, NULL);
		if (in.nbcon)
			dup2(1, 2);	/* the blocking console (setup) */
		setsid();
		if (ctty)
			ioctl(0, TIOCSCTTY, 0);
		_exit(run_exec(argv));
	}
	if (in.line < 0)
		warn("fork");
	else if (wait_for(in.line, -1, &status) < 0)
		power_down(in.req);	/* SIGTERMs in.line first */
	in.line = 0;
	return status;
}

/*
 * The shell has its keyboard: coldplug first loads the drivers of the
 * devices there (a USB keyboard needs xhci_pci, then usbhid once it
 * enumerates: coldplug settles for that), with init.rescue before the
 * plan's coldplug -d as after a failure (then they are loaded already).
 */
static void
rescue(void)
{
	if (!in.test)	/* not the test host's devices */
		run_line((char *[]){ "coldplug", NULL }, 0);
	info("rescue shell on the console; the machine powers off after it");
	run_line((char *[]){ "sh", NULL }, 1);
}

/*
 * init.medium (the command line `make usb` writes): the boot medium's
 * vmm.conf, if it has one, becomes /etc/vmm.conf before vmm reads it.
 * The medium's drivers are the plan's coldplug's to load and a USB stick
 * shows up seconds after its driver, so this looks every 0.2 s for up to
 * MEDIUM_WAIT_S seconds, reaping and serving signals and the power key
 * meanwhile (a poweroff does not wait for the medium). Mounted
 * read-only and only while it is read: the power may go at any time.
 */
static void
medium_conf(void)
{
	char part[256], disk[256], dev[300], *buf;
	size_t len;
	int i, st;

	for (i = 0; medium_find("", part, disk) < 0; i++) {
		if (i == MEDIUM_WAIT_S * 5) {
			warnx("init.medium: no %s medium after %d s",
			    MEDIUM_LABEL, MEDIUM_WAIT_S);
			return;
		}
		if (wait_for(0, 200, &st) < 0)
			power_down(in.req);
	}
	snprintf(dev, sizeof dev, "/dev/%s", part);
	mkdir(MEDIUM_MNT, 0700);
	if (mount(dev, MEDIUM_MNT, "vfat", MS_RDONLY | MS_NOSUID | MS_NODEV |
	    MS_NOEXEC, NULL) < 0) {
		warn("init.medium: mount %s", dev);
		return;
	}
	buf = read_file(MEDIUM_MNT "/vmm.conf", 65536, &len);
	if (buf == NULL && errno == ENOENT)
		info("medium %s: no vmm.conf", dev);
	else if (buf == NULL)
		warn("medium %s: vmm.conf", dev);
	else if (write_file_atomic("/etc/vmm.conf", buf, len, 0644) < 0)
		warn("/etc/vmm.conf");
	else
		info("/etc/vmm.conf: from %s", dev);
	free(buf);
	if (umount(MEDIUM_MNT) < 0)
		warn("umount %s", MEDIUM_MNT);
}

/*
 * Run the plan BUF, LEN from the file NAME: checked whole first, then
 * line by line. 0 if it all ran, -1 after reporting the line that failed.
 */
static int
run_plan(const char *name, const char *buf, size_t len, int medium)
{
	const char *p, *start, *end = buf + len, *why;
	struct words w;
	unsigned line;
	char **argv;
	int st, soft;

	for (p = buf, line = 1; p < end; line++) {
		if (words_split(&p, end, &w, &why) == 0 && w.argc == 1 &&
		    strcmp(w.argv[0], "-") == 0)
			why = "'-' and no command";
		if (why != NULL) {
			warnx("%s:%u: %s", name, line, why);
			return -1;
		}
	}
	for (p = buf, line = 1; p < end; line++) {
		start = p;
		words_split(&p, end, &w, &why);
		if (w.argc == 0)
			continue;
		argv = w.argv;
		if ((soft = argv[0][0] == '-') && *++argv[0] == '\0')
			argv++;
		info("%s:%u: %.*s", name, line, (int)(p - start - (p[-1] == '\n')),
		    start);
		if (medium && strcmp(argv[0], "vmm") == 0) {
			medium_conf();
			medium = 0;
		}
		if ((st = run_line(argv, 0)) == 0)
			continue;
		if (WIFSIGNALED(st))
			warnx("%s:%u: %s: killed by signal %d (exit %d)", name,
			    line, argv[0], WTERMSIG(st), 128 + WTERMSIG(st));
		else
			warnx("%s:%u: %s: %s (exit %d)", name, line, argv[0],
			    WEXITSTATUS(st) == EXIT_NOTFOUND ? "not found" :
			    WEXITSTATUS(st) == 126 ? "cannot run" : "failed",
			    WEXITSTATUS(st));
		if (!soft)
			return -1;
		info("%s:%u: '-': going on", name, line);
	}
	return 0;
}

/* Mounts, console, Ctrl-Alt-Del, modprobe: each failure reported only. */
static void
setup(void)
{
	int e = 0, fd;
	size_t i;

	for (i = 0; i < LEN(mounts); i++) {
		mkdir(mounts[i].dir, 0755);
		if (mount(mounts[i].type, mounts[i].dir, mounts[i].type,
		    mounts[i].flags, mounts[i].data) == 0)
			in.mounted |= 1U << i;
		else if (i > 0)
			warn("mount %s on %s", mounts[i].type, mounts[i].dir);
		if (i > 0)
			continue;
		if (!in.mounted) {	/* no devtmpfs: the nodes init needs */
			e = errno;
			mknod("/dev/console", S_IFCHR | 0600, makedev(5, 1));
			mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3));
			mknod("/dev/kmsg", S_IFCHR | 0644, makedev(1, 11));
		}
		/* no O_CLOEXEC: dup2(0, 0) would keep it on a closed-fd boot */
		if ((fd = open("/dev/console", O_RDWR)) >= 0 ||
		    (fd = open("/dev/null", O_RDWR)) >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		/*
		 * A console nobody reads (a serial line with flow stopped, a
		 * stuck UART) would block PID 1 in write(2) for good: its own
		 * lines go through a second, non-blocking open, where a line
		 * that does not fit is dropped (it is in /dev/kmsg still).
		 */
		if ((fd = open("/dev/console", O_WRONLY | O_NONBLOCK |
		    O_NOCTTY)) >= 0) {
			in.nbcon = dup2(fd, 2) == 2;
			close(fd);
		}
		if (!in.mounted)
			warnx("mount devtmpfs on /dev: %s; made console, null,"
			    " kmsg", strerror(e));
	}
	setenv("PATH", "/bin", 0);	/* the kernel gives init none */
	if (reboot(RB_DISABLE_CAD) < 0)
		warn("Ctrl-Alt-Del stays a reboot: reboot(RB_DISABLE_CAD)");
	if ((fd = open("/proc/sys/kernel/modprobe", O_WRONLY | O_CLOEXEC)) < 0 ||
	    write(fd, "/bin/modprobe\n", 14) != 14)
		warn("/proc/sys/kernel/modprobe");
	if (fd >= 0)
		close(fd);
}

int
init_main(int argc, char **argv)
{
	const char *name = "/etc/init.conf", *cl;
	char *conf, *plan;
	size_t len, cll;
	sigset_t all;
	int rc, p, medium;

	/* As PID 1, argv is the kernel's: words of its command line that it
	 * did not know (kernel-parameters.rst); they are not ours to judge. */
	if (getpid() != 1) {
		if (argc == 2 && strcmp(argv[1], "--print-default") == 0)
			return printf("%s", default_plan) < 0;
		diex(EXIT_USAGE, "not PID 1: the kernel starts init");
	}
	/*
	 * The kernel passes the KEY=VALUE words of its command line it does
	 * not know to init as its environment: a boot line could name the test
	 * switch. It is honoured only in a child PID namespace, where
	 * reboot_pid_ns() refuses RB_DISABLE_CAD; the real PID 1's succeeds.
	 */
	in.test = getenv("HALBOX_INIT_TEST") != NULL &&
	    reboot(RB_DISABLE_CAD) < 0;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &in.orig);	/* before the first fork */
	if (!in.test)
		setup();
	info("starting%s", in.test ? " (HALBOX_INIT_TEST: no reboot)" : "");
	if ((in.sfd = signalfd(-1, &all, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
		warn("signalfd: signals wait for the next %d s tick", TICK_S);
	if (in.test)
		cl = getenv("HALBOX_INIT_CMDLINE");
	else if ((cl = read_file("/proc/cmdline", 65536, NULL)) == NULL)
		warn("/proc/cmdline");
	if (cl == NULL)
		cl = "";
	cll = strlen(cl);
	if (cmdline_has(cl, cll, "init.rescue"))
		rescue();
	medium = cmdline_has(cl, cll, "init.medium");
	if ((conf = cmdline_get(cl, cll, "init.conf")) != NULL)
		name = conf;
	rc = -1;
	if ((plan = read_file(name, 65536, &len)) != NULL)
		rc = run_plan(name, plan, len, medium);
	else if (errno != ENOENT || conf != NULL)
		warn("%s%s", conf ? "init.conf=" : "", name);
	else if (in.test)
		warnx("no %s: the built-in plan is not for a test host", name);
	else {
		info("no %s: the built-in plan", name);
		rc = run_plan("built-in plan", default_plan,
		    sizeof default_plan - 1, medium);
	}
	/* vmm's on_exit reboot: its SIGTERM is queued before it ends. */
	while ((p = signal_next()) >= 0)
		if (p > P_NONE)
			power_down(p);
	if (rc == 0)
		info("the plan has ended");
	else if (cmdline_has(cl, cll, "init.norescue"))
		info("init.norescue: no rescue shell");
	else
		rescue();
	power_down(P_POWEROFF);
}
