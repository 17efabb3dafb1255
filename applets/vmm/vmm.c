/* SPDX-License-Identifier: ISC */
/*
 * vmm - run QEMU sized to the machine and supervise it (README.md, vmm).
 * SIGTERM or SIGINT becomes QMP system_powerdown (the ACPI power button),
 * then after shutdown_timeout s QMP quit, then SIGKILL. Exit: QEMU's
 * status, 100 bad config or usage, 111 a probe failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/kd.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <net/if.h>
#include <netinet/in.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "../../multicall/net.h"
#include "vmm.h"

#define QMP_WAIT_MS	5000	/* ms for a QMP reply, and for QEMU to quit */
#define RESTARTS	5	/* on_exit=restart: at most this many starts */
#define WINDOW_S	60	/* s: ... in this window */
#define NBD_WAIT_S	30	/* s: for a network disk's server, bounded */

const char vmm_usage[] = "vmm [-bn] [-r ROOT] [-- QEMU_ARG...]\n"
	"-b       the host's network as net says, then exit (boot plan)\n"
	"-n       print QEMU's argv, one word a line, and exit\n"
	"-r ROOT  read config and probe the machine under ROOT";

struct qmp {
	int fd;
	size_t len;
	char buf[4096];
};

struct sup {
	char **argv;
	const char *root;
	int sfd, stopping, fb;
	int relay, out;		/* QEMU's stdout through a pipe; its read end */
	pid_t disp;		/* fbvnc, while it runs */
	unsigned long timeout;
	sigset_t old;
};

/*
 * Send CMD and read lines until its reply: 0 "return"; -1 "error", EOF,
 * timeout or a line longer than the buffer (QEMU's are a few hundred bytes).
 */
static int
qmp_exec(struct qmp *q, const char *cmd)
{
	long deadline = now_ms() + QMP_WAIT_MS, left;
	struct pollfd pfd = { q->fd, POLLIN, 0 };
	char line[64];
	ssize_t n;
	int r;

	n = snprintf(line, sizeof line, "{\"execute\": \"%s\"}\r\n", cmd);
	if (q->fd < 0 || send(q->fd, line, n, MSG_NOSIGNAL) != n)
		goto fail;
	while ((r = vmm_qmp_take(q->buf, &q->len)) == 0) {
		if ((left = deadline - now_ms()) <= 0 ||
		    poll(&pfd, 1, left) <= 0 || q->len == sizeof q->buf ||
		    (n = read(q->fd, q->buf + q->len,
		    sizeof q->buf - q->len)) <= 0)
			goto fail;
		q->len += n;
	}
	if (r > 0)
		return 0;
fail:
	warnx("QMP %s: no reply", cmd);
	return -1;
}

/*
 * ARGV as a child (run_exec), with vmm's signal mask undone and, if
 * OUT >= 0, OUT as its stdout and stderr: its PID, or 0. The pipe's ends
 * are O_CLOEXEC: the exec closes them, and dup2's copies stay open.
 */
static pid_t
spawn(struct sup *s, char **argv, int out)
{
	pid_t pid = fork();

	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &s->old, NULL);
		if (out >= 0 && (dup2(out, 1) < 0 || dup2(out, 2) < 0))
			_exit(126);
		_exit(run_exec(argv));
	}
	if (pid < 0)
		warn("fork");
	return pid > 0 ? pid : 0;
}

/*
 * fbvnc ended (or was killed): the VT back in KD_TEXT, which the kernel
 * does not do when the process that set KD_GRAPHICS dies (vt_ioctl.c).
 */
static void
disp_ended(struct sup *s, int st)
{
	char path[4096];
	int fd;

	s->disp = 0;
	snprintf(path, sizeof path, "%s/dev/tty0", s->root);
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) >= 0) {
		ioctl(fd, KDSETMODE, KD_TEXT);
		close(fd);
	}
	info("display ended (status %d): text console",
	    WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st));
}

/*
 * Copy what QEMU wrote to the pipe onto the console, waiting for a slow
 * one: QEMU makes its stdout non-blocking (chardev/char-fd.c
 * qemu_chr_open_fd) and a serial port byte refused with EAGAIN waits in
 * the emulated UART for a later write, lost if the guest powers off first.
 * A pipe of 64 KiB takes what the console cannot yet.
 */
static void
relay(struct sup *s)
{
	struct pollfd pfd = { 1, POLLOUT, 0 };
	char buf[4096];
	ssize_t n, w, off = 0;

	if ((n = read(s->out, buf, sizeof buf)) <= 0) {
		close(s->out);
		s->out = -1;
	}
	while (off < n)		/* fd 1 shares the console with QEMU's fd 0 */
		if ((w = write(1, buf + off, n - off)) > 0)
			off += w;
		else if (w < 0 && errno != EAGAIN && errno != EINTR)
			break;
		else
			poll(&pfd, 1, -1);
}

/*
 * Until QEMU (PID 0: none) ends (1, *status set), a stop signal arrives
 * (0; not once stopping) or the DEADLINE (-1: none) passes (-1).
 */
static int
sup_wait(struct sup *s, pid_t pid, long deadline, int *status)
{
	struct pollfd pfd[2] = { { s->sfd, POLLIN, 0 }, { -1, POLLIN, 0 } };
	struct signalfd_siginfo si;
	long left = -1;
	int st;

	for (;;) {
		if (s->disp > 0 && waitpid(s->disp, &st, WNOHANG) == s->disp)
			disp_ended(s, st);
		if (pid > 0 && waitpid(pid, status, WNOHANG) == pid)
			return 1;
		if (deadline >= 0 && (left = deadline - now_ms()) <= 0)
			return -1;
		pfd[1].fd = s->out;
		if (poll(pfd, 2, left) <= 0)
			continue;
		if (pfd[1].revents)
			relay(s);
		else if (read(s->sfd, &si, sizeof si) == sizeof si &&
		    si.ssi_signo != SIGCHLD && !s->stopping)
			return 0;
	}
}

/* qmp_capabilities first: qmp-spec.txt 4 (capabilities negotiation). */
static void
stop_qemu(struct sup *s, pid_t pid, int *status)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct qmp q = { .len = 0 };
	long deadline = now_ms() + s->timeout * 1000;
	int r = -1;

	s->stopping = 1;
	info("stopping: ACPI power button to the guest, %lu s to power off",
	    s->timeout);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/run/vmm.qmp", s->root);
	if ((q.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(q.fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		warn("QMP %s", sa.sun_path);
	else if (qmp_exec(&q, "qmp_capabilities") == 0 &&
	    qmp_exec(&q, "system_powerdown") == 0) {
		if ((r = sup_wait(s, pid, deadline, status)) < 0)
			warnx("guest still up after %lu s: QMP quit",
			    s->timeout);
	}
	if (r != 1 && qmp_exec(&q, "quit") < 0)
		kill(pid, SIGTERM);	/* QEMU quits on SIGTERM too */
	if (r != 1 && sup_wait(s, pid, now_ms() + QMP_WAIT_MS, status) < 0) {
		warnx("QEMU still running: SIGKILL");
		kill(pid, SIGKILL);
		while (waitpid(pid, status, 0) < 0 && errno == EINTR)
			;
	}
	if (q.fd >= 0)
		close(q.fd);
}

/*
 * A network disk: connect to its server until it answers, within
 * NBD_WAIT_S seconds, backing off 1, 2, 4... s, since QEMU's NBD client
 * gives up at the first refusal. Before the lease connect fails too (no
 * route): this is also the wait for the network. 0, or the exit status
 * (the reason logged; a stop signal sets s->stopping).
 */
static int
nbd_wait(struct sup *s, struct span url, const struct vmm_nbd *u)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_un un;
	} a = { .un = { .sun_family = AF_UNIX } };
	long deadline = now_ms() + NBD_WAIT_S * 1000L, left, delay = 1000;
	socklen_t len = sizeof a.un;
	int fd, r, st;

	if (u->sock.p) {
		memcpy(a.un.sun_path, u->sock.p, u->sock.len);
	} else {
		a.in.sin_family = AF_INET;
		a.in.sin_port = htons(u->port);
		memcpy(&a.in.sin_addr, u->ip, 4);
		len = sizeof a.in;
	}
	for (;; delay *= 2) {
		if ((fd = socket(a.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC,
		    0)) < 0)
			die("socket");
		/* a server that never answers a SYN: 5 s, not TCP's 2 min */
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO,
		    &(struct timeval){ 5, 0 }, sizeof(struct timeval));
		r = connect(fd, &a.sa, len);
		close(fd);
		if (r == 0)
			return 0;
		warn("disk %.*s", (int)url.len, url.p);
		if ((left = deadline - now_ms()) <= 0) {
			warnx("disk %.*s: no answer in %d s", (int)url.len,
			    url.p, NBD_WAIT_S);
			return EXIT_SYSCALL;
		}
		if (sup_wait(s, 0, now_ms() + (delay < left ? delay : left),
		    &st) == 0) {
			s->stopping = 1;
			return EXIT_SYSCALL;
		}
	}
}

/* NAME, link INDEX, a port of br0 and up */
static void
br_port(const char *name, int index)
{
	if (net_link_set_master(index, net_ifindex(VMM_BRIDGE)) < 0 ||
	    net_link_set_flags(index, IFF_UP, IFF_UP) < 0)
		diex(EXIT_SYSCALL, "%s on %s: %s", name, VMM_BRIDGE,
		    net_strerror(errno));
	info("%s: a port of %s", name, VMM_BRIDGE);
}

/*
 * vmm -b, the boot plan's network step, before udhcpc since the host's
 * address belongs on the bridge: net = bridge or bridge-only makes br0
 * with the NIC udhcpc would take as its port; then udhcpc -b runs on
 * br0, on its own choice with net = user, not at all with bridge-only.
 */
static int
bridge_up(int net)
{
	char *dhcp[] = { "udhcpc", "-b", "-i", VMM_BRIDGE, NULL };
	struct net_link nic;

	if (net != 0) {
		if (net_link_pick(NULL, &nic) < 0)
			die("no eth0, nor an Ethernet link with carrier");
		/* the kernel loads the bridge module (rtnl-link-bridge) */
		if (net_bridge_add(VMM_BRIDGE) < 0 || net_link_set_flags(
		    net_ifindex(VMM_BRIDGE), IFF_UP, IFF_UP) < 0)
			diex(EXIT_SYSCALL, "%s: %s", VMM_BRIDGE,
			    net_strerror(errno));
		br_port(nic.name, nic.index);
	}
	if (net == NET_BRIDGE_ONLY)
		return 0;
	if (net != NET_BRIDGE)
		dhcp[2] = NULL;
	return run_exec(dhcp);
}

/*
 * The guest's tap on br0, as fd VMM_TAP_FD without FD_CLOEXEC: QEMU
 * inherits it (-netdev tap,fd=). Not persistent: the kernel deletes it
 * when its last fd closes, as vmm and QEMU end. /dev/net/tun appears
 * only once tun is loaded; opening the node loads it (char-major-10-200).
 */
static void
tap_open(void)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
	int fd;

	mkdir("/dev/net", 0755);
	mknod("/dev/net/tun", S_IFCHR | 0600, makedev(10, 200));
	/* vmm's first fd: 3, or what an inherited fd there gives way to */
	if ((fd = open("/dev/net/tun", O_RDWR)) < 0 ||
	    ioctl(fd, TUNSETIFF, &ifr) < 0 ||
	    (fd != VMM_TAP_FD && dup2(fd, VMM_TAP_FD) < 0))
		die("/dev/net/tun");
	if (fd != VMM_TAP_FD)
		close(fd);
	br_port(ifr.ifr_name, net_ifindex(ifr.ifr_name));
}

/* Run QEMU once; its status, as a shell reports it. */
static int
run_qemu(struct sup *s)
{
	char sock[4096];
	int status, st, p[2] = { -1, -1 };
	pid_t pid;

	if (s->relay && pipe2(p, O_CLOEXEC) < 0)
		die("pipe");
	s->out = p[0];
	pid = spawn(s, s->argv, p[1]);
	close(p[1]);	/* -1 without relay: EBADF, harmless */
	if (pid == 0) {
		close(s->out);
		s->out = -1;
		return EXIT_SYSCALL;
	}
	info("started %s, pid %d", s->argv[0], (int)pid);
	/* the display: halbox's own fbvnc applet */
	snprintf(sock, sizeof sock, "%s/run/vmm.vnc", s->root);
	if (s->fb)
		s->disp = spawn(s, (char *[]){ "fbvnc", sock, NULL }, -1);
	if (sup_wait(s, pid, -1, &status) == 0)
		stop_qemu(s, pid, &status);
	while (s->out >= 0)	/* to its end: QEMU's last words too */
		relay(s);
	/* QEMU sets O_NONBLOCK on the console; a killed one leaves it so */
	ioctl(0, FIONBIO, &(int){ 0 });
	if (s->disp > 0 && kill(s->disp, SIGTERM) == 0 &&
	    waitpid(s->disp, &st, 0) == s->disp)
		disp_ended(s, st);
	if (WIFSIGNALED(status)) {
		info("QEMU killed by signal %d: status %d", WTERMSIG(status),
		    128 + WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	info("QEMU exited with status %d", WEXITSTATUS(status));
	return WEXITSTATUS(status);
}

int
vmm_main(int argc, char **argv)
{
	struct vmm_conf c = { 0 };
	struct vmm_words w = { 0 };
	struct sup s = { .root = "", .timeout = 60, .out = -1 };
	long starts[RESTARTS], delay;
	int opt, dry = 0, net = 0, status, n = 0, recent, vt;
	char kbtype, vars[PATH_MAX], path[PATH_MAX];
	sigset_t set;
	size_t i;
	pid_t pid;

	/* getopt_box exits on any other option itself */
	while ((opt = getopt_box(argc, argv, "bnr:")) != -1) {
		if (opt == 'b')
			net = 1;
		else if (opt == 'n')
			dry = 1;
		else
			s.root = optarg;
	}
	if ((optind < argc && strcmp(argv[optind - 1], "--") != 0) ||
	    strchr(s.root, ',') != NULL)
		usage();
	/* QEMU's sockets are ROOT/run/vmm.{qmp,vnc}: a cut path is another */
	if (strlen(s.root) + sizeof "/run/vmm.qmp" >
	    sizeof ((struct sockaddr_un *)0)->sun_path)
		diex(EXIT_USAGE, "-r %s: too long for the QMP socket's path",
		    s.root);
	vmm_load(s.root, &c);
	if (net)
		return bridge_up(c.n[K_NET]);
	if (!dry && c.n[K_NET] != 0 && c.n[K_NIC] != VMM_NONE)
		tap_open();
	w.audit = dry;
	/* A VT answers KDGKBTYPE (ioctl_console(2)); a serial line does not. */
	vt = ioctl(0, KDGKBTYPE, &kbtype) == 0;
	if ((status = vmm_argv(s.root, &c, vt, argv + optind, argc - optind,
	    &w)) != 0)
		return status;
	/* with curses QEMU draws on the terminal; else its stdout is a pipe */
	s.relay = c.n[K_DISPLAY] != DISPLAY_CURSES &&
	    !(vt && c.n[K_DISPLAY] <= DISPLAY_AUTO);
	if (dry) {
		for (i = 0; i < w.n; i++)
			if (printf("%s\n", w.w[i]) < 0)
				return EXIT_SYSCALL;
		return 0;
	}
	if (c.v[K_SHUTDOWN_TIMEOUT].p)
		s.timeout = c.n[K_SHUTDOWN_TIMEOUT];
	s.argv = w.w;
	/* a missing QEMU: one line, no "started", no restart loop */
	if (access(s.argv[0], X_OK) < 0) {
		warn("qemu = %s", s.argv[0]);
		return errno == ENOENT ? EXIT_NOTFOUND : 126;
	}
	info("%s", w.fw.line);
	snprintf(vars, sizeof vars, "%s/run/vmm.vars", s.root);
	if (w.fw.uefi && vmm_nvram_load(s.root, vars, &w.fw) < 0)
		return EXIT_SYSCALL;
	s.fb = w.fb;
	/* display=vnc: QEMU reads the password from this file (mode 600) */
	snprintf(path, sizeof path, "%s/run/vmm.vncpw", s.root);
	if (c.v[K_VNC_PASSWORD].p && write_file_atomic(path,
	    c.v[K_VNC_PASSWORD].p, c.v[K_VNC_PASSWORD].len, 0600) < 0)
		die("%s", path);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, &s.old) < 0 ||
	    (s.sfd = signalfd(-1, &set, SFD_CLOEXEC)) < 0)
		die("signalfd");
	for (;;) {
		starts[n++ % RESTARTS] = now_ms() / 1000;
		status = c.nbd.port ? nbd_wait(&s, c.v[K_DISK], &c.nbd) : 0;
		if (status == 0)
			status = run_qemu(&s);
		if (w.fw.uefi)
			vmm_nvram_save(s.root, vars, &w.fw);
		if (s.stopping || c.n[K_ON_EXIT] != ON_EXIT_RESTART)
			break;
		/* starts in the last WINDOW_S s: back off 1, 2, 4... s */
		for (recent = 0, i = 0; i < RESTARTS && i < (size_t)n; i++)
			recent += now_ms() / 1000 - starts[i] < WINDOW_S;
		if (recent >= RESTARTS) {
			warnx("QEMU ended %d times in %d s: not restarting",
			    RESTARTS, WINDOW_S);
			break;
		}
		delay = 1L << (recent > 0 ? recent - 1 : 0);
		info("restarting QEMU in %ld s", delay);
		if (sup_wait(&s, 0, now_ms() + delay * 1000, &status) == 0)
			return status;
	}
	if (s.stopping)
		return status;
	if (c.n[K_ON_EXIT] == ON_EXIT_REBOOT) {
		if (kill(1, SIGTERM) < 0)
			warn("reboot: kill init");
		return 0;
	}
	if (c.n[K_ON_EXIT] == ON_EXIT_RESCUE) {
		close(s.sfd);
		sigprocmask(SIG_SETMASK, &s.old, NULL);
		if ((pid = spawn(&s, (char *[]){ "sh", NULL }, -1)) > 0)
			run_wait(pid);
	}
	return status;
}
