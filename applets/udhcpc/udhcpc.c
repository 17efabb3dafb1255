/* SPDX-License-Identifier: ISC */
/*
 * udhcpc - DHCPv4 client with busybox's command line (README.md) that
 * applies the lease itself through multicall/net.c, then runs -s SCRIPT.
 * This file holds the I/O; frames are in packet.c, states in state.c.
 * Exit: 0 ok, 1 no lease (-n), 100 usage, 111 a system call failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../multicall/box.h"
#include "../../multicall/net.h"
#include "dhcp.h"

#define RESOLV_CONF	"/etc/resolv.conf"
#define CLIENTID_LEN	9	/* RFC 2132 9.14: 61, 7, type 1, MAC */

const char udhcpc_usage[] =	/* the flags: README.md, ## udhcpc */
	"udhcpc [-fbqnRBSoCe] [-a[MSEC]] [-i IFACE] [-s SCRIPT] [-p PIDFILE]\n"
	"       [-t N] [-T SEC] [-A SEC] [-r IP] [-x OPT:VALUE]...\n"
	"       [-O OPT]... [-V VENDOR] [-F NAME]";

enum { OPT_F = 1, OPT_B = 2, OPT_Q = 4, OPT_N = 8, OPT_R = 16, OPT_E = 32,
    OPT_BRD = 64 };

/* busybox's long options: the name, then its letter */
static const char longopts[] = "clientid-none\0C" "vendorclass\0V"
	"fqdn\0F" "interface\0i" "now\0n" "pidfile\0p" "quit\0q"
	"release\0R" "request\0r" "script\0s" "timeout\0T" "retries\0t"
	"tryagain\0A" "syslog\0S" "request-option\0O"
	"no-default-options\0o" "foreground\0f" "background\0b"
	"broadcast\0B" "arping\0a";

struct client {
	struct dhcpc dc;
	struct net_link link;
	int raw, udp, sig;
	unsigned opts, arp_ms;
	int background;
	const char *script, *pidfile;
	/* option 61 (9 bytes, ours), then -x and -V: fits send_out's buf */
	uint8_t extra[CLIENTID_LEN + 512];
	size_t extralen;
	int their_id;			/* 1: -x 61 replaces ours; 2: -C */
	uint8_t params[64];
	size_t nparams;
	uint32_t caps;			/* permitted at start (capget) */
	uint32_t refused_xid;		/* the exchange refused[] is of */
	unsigned refused;		/* 1 << dhcp_err: logged already */
};

/* busybox's option names, for -O and -x */
static const struct {
	uint8_t code;
	char name[13];		/* "staticroutes" and its NUL */
} optnames[] = {
	{ DHO_SUBNET_MASK, "subnet" }, { DHO_ROUTERS, "router" },
	{ DHO_DNS, "dns" }, { DHO_HOST_NAME, "hostname" },
	{ DHO_DOMAIN_NAME, "domain" }, { DHO_MTU, "mtu" },
	{ DHO_BROADCAST, "broadcast" }, { DHO_NTP_SERVERS, "ntpsrv" },
	{ DHO_LEASE_TIME, "lease" }, { DHO_DOMAIN_SEARCH, "search" },
	{ DHO_CLASSLESS_ROUTES, "staticroutes" },
};

/* why a reply was refused, for the log (enum dhcp_err in dhcp.h) */
static const char refusal[][14] = {
	[DHCP_BAD_IP] = "bad IP header",
	[DHCP_BAD_IPSUM] = "IP checksum",
	[DHCP_BAD_UDP] = "UDP length",
	[DHCP_BAD_UDPSUM] = "UDP checksum",
	[DHCP_SHORT] = "truncated",
	[DHCP_BAD_COOKIE] = "magic cookie",
	[DHCP_BAD_OPTIONS] = "bad options",
	[DHCP_BAD_OVERLOAD] = "bad option 52",
	[DHCP_BAD_LEN] = "wrong length",
	[DHCP_NO_TYPE] = "no option 53",
	[DHCP_BAD_TYPE] = "message type",
	[DHCP_NO_SERVER] = "no option 54",
	[DHCP_NO_LEASE] = "no lease time",
	[DHCP_BAD_ADDR] = "bad address",
};

static uint64_t
boot_ms(void)
{
	struct timespec ts;

	/* BOOTTIME: a lease keeps running while the machine is suspended */
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t
random32(void *ctx)
{
	uint32_t v = 0;

	/* no secrecy needed; never block at boot (older kernels: clock) */
	(void)ctx;
	if (getrandom(&v, sizeof v, GRND_INSECURE) != sizeof v)
		v = boot_ms() * 2654435761u;
	return v;
}

static int
optcode(const char *s, size_t len)
{
	size_t i;
	unsigned long v;

	for (i = 0; i < LEN(optnames); i++)
		if (span_is((struct span){ s, len }, optnames[i].name))
			return optnames[i].code;
	return span_uint((struct span){ s, len }, 0, 254, &v) < 0 || v == 0 ?
	    -1 : (int)v;
}

static void
add_extra(struct client *cl, unsigned code, const void *v, size_t n)
{
	if (n > 255 || cl->extralen + n + 2 > sizeof cl->extra)
		diex(EXIT_USAGE, "option %u: value too long", code);
	cl->extra[cl->extralen++] = code;
	cl->extra[cl->extralen++] = n;
	memcpy(cl->extra + cl->extralen, v, n);
	cl->extralen += n;
}

/*
 * -F NAME: option 81 (RFC 4702), flags S (the server updates the A
 * record too) and E clear (the name in ASCII), as busybox sends it.
 */
static void
add_fqdn(struct client *cl, const char *name)
{
	uint8_t v[255] = { 1, 0, 0 };
	size_t n = strlen(name);

	if (n > sizeof v - 3)
		diex(EXIT_USAGE, "-F: name too long");
	/* option 81's bytes (RFC 4702 2.3): no NUL after the name */
	memcpy(v + 3, name, n);	/* NOLINT(bugprone-*) */
	add_extra(cl, DHO_FQDN, v, n + 3);
}

/*
 * -x OPT:VALUE (busybox's forms: hostname:NAME, lease:SEC, 0x3d:HEX) as
 * option *CODE's N bytes at *V: in ARG for a name, else in BIN. NULL, or
 * what is wrong with it. Pure: tests/fuzz/dhcpx.c.
 */
static const char *
x_parse(const char *arg, int *code, uint8_t bin[255], const void **v,
    size_t *n)
{
	const char *colon = strchr(arg, ':'), *s;
	unsigned long secs;
	uint32_t lease;
	size_t i;

	if (colon == NULL || (*code = optcode(arg, colon - arg)) < 0)
		return "want OPT:VALUE";
	s = colon + 1;
	*v = s;
	*n = strlen(s);
	if (*code == DHO_HOST_NAME || *code == DHO_DOMAIN_NAME)
		return NULL;
	*v = bin;
	if (*code == DHO_LEASE_TIME) {
		if (parse_uint(s, 10, 0xffffffff, &secs) < 0)
			return "bad seconds";
		lease = htonl(secs);
		memcpy(bin, &lease, 4);
		*n = 4;
		return NULL;
	}
	if (*n % 2 != 0 || *n / 2 > 255)
		return "value must be hex bytes";
	for (i = 0; i < *n; i++) {
		if (hex_digit(s[i]) < 0)
			return "value must be hex bytes";
		bin[i / 2] = bin[i / 2] << 4 | hex_digit(s[i]);
	}
	*n /= 2;
	return NULL;
}

static void
add_x(struct client *cl, const char *arg)
{
	uint8_t bin[255] = { 0 };
	const char *why;
	const void *v;
	size_t n;
	int code;

	if ((why = x_parse(arg, &code, bin, &v, &n)) != NULL)
		diex(EXIT_USAGE, "-x %s: %s", arg, why);
	if (code == DHO_CLIENT_ID)
		cl->their_id = 1;
	add_extra(cl, code, v, n);
}

/*
 * --name[=VALUE] becomes -LETTER[VALUE] (a required value may also be the
 * next word, as getopt_long takes it); "--" ends the options.
 */
static void
long_options(char **argv)
{
	const char *p;
	size_t n;

	for (; *argv != NULL && strcmp(*argv, "--") != 0; argv++) {
		if (strncmp(*argv, "--", 2) != 0)
			continue;
		n = strchrnul(*argv + 2, '=') - *argv - 2;
		for (p = longopts; *p; p += strlen(p) + 2)
			if (strlen(p) == n && !strncmp(p, *argv + 2, n))
				break;
		if (*p == '\0')
			continue;		/* getopt_box names it */
		(*argv)[n] = '-';		/* "--name=v": "-" L "v" */
		(*argv)[n + 1] = p[n + 1];
		if ((*argv)[n + 2] == '=')
			memmove(*argv + n + 2, *argv + n + 3,
			    strlen(*argv + n + 3) + 1);
		*argv += n;
	}
}

/*
 * The raw socket while we have no address: protocol 0 until the filter
 * is on (no early frames; a protocol also costs ms to bind and close).
 */
static int
raw_open(int index)
{
	/*
	 * IPv4 UDP to port 68, not a fragment (offsets from the IP header;
	 * BPF_MSH loads the header's length, X, from IPH_VHL)
	 */
	static const struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, IPH_PROTO),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 6),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, IPH_FRAG),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, IPH_OFFMASK, 4, 0),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, IPH_VHL),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, UDPH_DPORT),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, DHCP_CLIENT_PORT, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { LEN(code), (struct sock_filter *)code };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_IP), .sll_ifindex = index };
	int fd, one = 1;

	if ((fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) ||
	    setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) ||
	    bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
		die("raw socket");
	return fd;
}

/* the UDP socket, once there is an address: renewing and rebinding */
static int
udp_open(const char *ifname)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(DHCP_CLIENT_PORT) };
	int fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
	    strlen(ifname)) || bind(fd, (struct sockaddr *)&sin, sizeof sin))
		die("udp socket");
	return fd;
}

/*
 * Least privilege once the sockets are open (README.md, "udhcpc"), only
 * without -s: a script is the administrator's code and may need any
 * privilege (busybox's sets the hostname: CAP_SYS_ADMIN), so with -s
 * udhcpc confines nothing rather than break it. Kept: CAP_NET_ADMIN
 * (addresses, routes, MTU), CAP_NET_BIND_SERVICE and CAP_NET_RAW until
 * the UDP socket is open (port 68; SO_BINDTODEVICE before Linux 5.7),
 * CAP_NET_RAW with -a (a packet socket per probe). Files (resolv.conf,
 * the pidfile, /dev/kmsg) are root's, written as uid 0 without a cap.
 */
#define CAP(c)	(1u << (c))
static void
drop_caps(struct client *cl)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { 0 } };
	uint32_t keep = CAP(CAP_NET_ADMIN);

	if (cl->script)
		return;
	if (cl->udp < 0)
		keep |= CAP(CAP_NET_BIND_SERVICE) | CAP(CAP_NET_RAW);
	if (cl->arp_ms)
		keep |= CAP(CAP_NET_RAW);
	/* only lower: a capability we were not given cannot be kept */
	d[0].effective = d[0].permitted = keep & cl->caps;
	if (syscall(SYS_capset, &h, d) < 0)
		die("capset");
}

/*
 * The system calls of the steady state, x86_64's numbers (the filter
 * checks the arch first: an i386 or x32 call has other numbers). Found by
 * strace over a lease, renewals, rebinding, expiry, -a, -R and every
 * signal; tests/applets/udhcpc-seccomp.t and udhcpc-soak.t run them all.
 */
static const uint16_t steady[] = {
	SYS_poll, SYS_restart_syscall,	/* after a stop, poll resumes so */
	SYS_read,			/* the signalfd */
	SYS_clock_gettime,		/* the vDSO's fallback */
	SYS_getrandom,
	SYS_recvmsg, SYS_recvfrom, SYS_sendto,	/* DHCP, ARP, netlink */
	SYS_socket, SYS_bind, SYS_setsockopt,	/* UDP at a lease, -a */
	SYS_capset,				/* drop_caps after it */
	/* log lines, resolv.conf, the pidfile (musl's open adds fcntl) */
	SYS_write, SYS_open, SYS_fcntl, SYS_fchmod, SYS_fsync, SYS_rename,
	SYS_unlink, SYS_close,
	/* to the background once bound (musl's fork) */
	SYS_fork, SYS_gettid, SYS_rt_sigprocmask, SYS_setsid,
	SYS_exit_group,
};

/*
 * no_new_privs, then a seccomp filter of exactly those calls. Anything
 * else kills the process, not EPERM: udhcpc has no path that expects a
 * refusal, so EPERM would leave a client that looks alive and does not
 * do its work; a kill is visible (the kernel logs the syscall, init's
 * restart applies). A kernel without seccomp filters: a warning, not
 * a machine without a network.
 */
static void
confine(struct client *cl)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	struct sock_filter f[LEN(steady) + 5];
	struct sock_fprog prog = { LEN(f), f };
	size_t i, n = LEN(steady);

	if (cl->script)
		return;
	if (syscall(SYS_capget, &h, d) < 0)
		die("capget");
	cl->caps = d[0].permitted;
	drop_caps(cl);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("no_new_privs");
#ifdef __GLIBC__
	/* out/halbox-asan: glibc and the sanitizers' runtime make calls of
	 * their own (openat, clone, a report's): the list is musl's */
	return;
#endif
	/* arch (else kill), nr: each entry jumps to ALLOW, the end kills */
	f[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    AUDIT_ARCH_X86_64, 0, n + 1);
	f[2] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	for (i = 0; i < n; i++)
		f[3 + i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
		    BPF_K, steady[i], n - i, 0);
	f[3 + n] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_KILL_PROCESS);
	f[4 + n] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		warn("%s: no seccomp filter", cl->link.name);
}

static void
send_out(struct client *cl)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_IP), .sll_ifindex = cl->link.index,
	    .sll_halen = 6, .sll_addr = { 255, 255, 255, 255, 255, 255 } };
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(DHCP_SERVER_PORT),
	    .sin_addr.s_addr = INADDR_BROADCAST };
	struct dhcp_req *r = &cl->dc.out;
	uint8_t buf[IP_UDP_HDR + 1024];
	size_t n;
	ssize_t s;

	memcpy(r->chaddr, cl->link.hwaddr, 6);
	r->extra = cl->extra;
	r->extralen = cl->their_id == 2 ? 0 : CLIENTID_LEN;	/* 2: -C */
	/* -B: replies broadcast, for a client without an address (4.1) */
	if ((cl->opts & OPT_BRD) && r->ciaddr.s_addr == 0)
		r->flags = BOOTP_BROADCAST;
	if (r->type != DHCPRELEASE && r->type != DHCPDECLINE) {
		/* RFC 2131 table 5: those two take only the client id */
		r->extra = cl->extra + (cl->their_id ? CLIENTID_LEN : 0);
		r->extralen = cl->extralen - (cl->their_id ? CLIENTID_LEN : 0);
		r->params = cl->params;
		r->nparams = cl->nparams;
	}
	n = dhcp_build(r, buf + IP_UDP_HDR, sizeof buf - IP_UDP_HDR);
	if (n == 0) {
		warnx("%s: request too long", cl->link.name);
		return;
	}
	if (cl->dc.out_unicast)
		sin.sin_addr = cl->dc.lease.server;
	if (r->ciaddr.s_addr) {		/* we have an address: plain UDP */
		s = sendto(cl->udp, buf + IP_UDP_HDR, n, 0,
		    (struct sockaddr *)&sin, sizeof sin);
	} else {
		n = dhcp_wrap_ip(buf, n, (struct in_addr){ 0 },
		    (struct in_addr){ INADDR_BROADCAST });
		s = sendto(cl->raw, buf, n, 0, (struct sockaddr *)&sll,
		    sizeof sll);
	}
	if (s < 0)
		warn("%s: send", cl->link.name);
}

/* -a: one probe, as busybox's arping (RFC 5227's cost seconds per boot) */
static int
addr_in_use(struct client *cl, struct in_addr a)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_ARP), .sll_ifindex = cl->link.index,
	    .sll_halen = 6, .sll_addr = { 255, 255, 255, 255, 255, 255 } };
	uint64_t end = boot_ms() + cl->arp_ms, now;
	struct pollfd p;
	uint8_t buf[64];
	ssize_t n;
	int fd, used = 0;

	if ((fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) < 0 || bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		warn("%s: arp socket", cl->link.name);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (sendto(fd, buf, arp_probe(buf, cl->link.hwaddr, a), 0,
	    (struct sockaddr *)&sll, sizeof sll) < 0)
		warn("%s: arp probe", cl->link.name);
	p = (struct pollfd){ fd, POLLIN, 0 };
	while (!used && (now = boot_ms()) < end &&
	    poll(&p, 1, end - now) > 0)
		while (!used && (n = recv(fd, buf, sizeof buf, 0)) > 0)
			used = arp_conflict(buf, n, cl->link.hwaddr, a);
	close(fd);
	return used;
}

/* /etc/resolv.conf; rewritten in place if it is a mount point */
static void
write_resolv(const struct dhcp_msg *m)
{
	char buf[64 + 2 * DHCP_NAME_MAX + DHCP_MAX_ADDRS * 32], a[16];
	size_t n = 0;
	unsigned i;
	int fd;

	if (m->ndns == 0 && m->domain[0] == '\0' && m->search[0] == '\0')
		return;
	if (m->domain[0] || m->search[0])
		n += snprintf(buf + n, sizeof buf - n, "search %s%s%s\n",
		    m->domain, m->domain[0] && m->search[0] ? " " : "",
		    m->search);
	for (i = 0; i < m->ndns; i++)
		n += snprintf(buf + n, sizeof buf - n, "nameserver %s\n",
		    net_ntoa(m->dns[i], a));
	if (write_file_atomic(RESOLV_CONF, buf, n, 0644) == 0)
		return;
	if (errno != EBUSY && errno != EXDEV) {
		warn("write %s", RESOLV_CONF);
		return;
	}
	if ((fd = open(RESOLV_CONF, O_WRONLY | O_TRUNC | O_CLOEXEC)) < 0 ||
	    write(fd, buf, n) != (ssize_t)n)
		warn("write %s", RESOLV_CONF);
	if (fd >= 0)
		close(fd);
}

/* address, MTU, routes (option 121's set replaces option 3), DNS */
static void
apply(struct client *cl, const struct dhcp_msg *m)
{
	int index = cl->link.index;
	struct net_addr a = { .index = index, .addr = m->yiaddr,
	    .brd = m->broadcast, .prefix = m->prefix };
	struct net_route r;
	unsigned i;

	if ((m->flags & HAVE_MTU) && m->mtu != cl->link.mtu) {
		if (net_link_set_mtu(index, m->mtu) < 0)
			warn("%s: mtu %u", cl->link.name, m->mtu);
		else
			cl->link.mtu = m->mtu;
	}
	if (net_addr_put(&a) < 0)
		warn("%s: add address", cl->link.name);
	for (i = 0; i < (m->nroutes ? m->nroutes : m->nrouters); i++) {
		r = (struct net_route){ .index = index };
		if (m->nroutes) {
			r.dst = m->routes[i].dst;
			r.gw = m->routes[i].gw;
			r.prefix = m->routes[i].prefix;
		} else {
			r.gw = m->routers[i];
			r.metric = i;
		}
		if (net_route_add(&r) < 0 && errno != EEXIST)
			warn("%s: add route", cl->link.name);
	}
	write_resolv(m);
}

/*
 * the script's environment, built in the child: environ's variables, all
 * of them, then ours (setenv would rewrite environ, copied at every call)
 */
#define ENV_OURS	16	/* interface= ... staticroutes=: 14 */
struct env {
	char **v;
	size_t n, max;
	char buf[2048], *p;
};

static void __attribute__((format(printf, 2, 3)))
env_add(struct env *e, const char *fmt, ...)
{
	size_t room = e->buf + sizeof e->buf - e->p;
	va_list ap;
	int n;

	if (e->n + 1 >= e->max)
		return;
	va_start(ap, fmt);
	n = vsnprintf(e->p, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		return;
	e->v[e->n++] = e->p;
	e->p += n + 1;
}

/* NAME=A B ...: the addresses a space apart; nothing if there are none */
static void
env_addrs(struct env *e, const char *name, const struct in_addr *a,
    unsigned n)
{
	/* " 255.255.255.255" at most, each */
	char buf[DHCP_MAX_ADDRS * 16 + 1], s[16];
	size_t len = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		len += snprintf(buf + len, sizeof buf - len, " %s",
		    net_ntoa(a[i], s));
	if (len)
		env_add(e, "%s=%s", name, buf + 1);
}

/*
 * -s SCRIPT EVENT: busybox's names after environ's (ours win); every value
 * is an address, a number or a name packet.c checked ([A-Za-z0-9.-]).
 */
static void
run_script(struct client *cl, const char *event, const struct dhcp_msg *m)
{
	static struct env e;
	char buf[DHCP_MAX_ROUTES * 40], a[16], g[16];
	char *argv[] = { (char *)cl->script, (char *)event, NULL };
	sigset_t none;
	size_t len, i;
	pid_t pid;

	if (cl->script == NULL)
		return;
	if ((pid = fork()) < 0) {
		warn("fork");
		return;
	}
	if (pid > 0) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return;
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	e.p = e.buf;
	for (e.n = 0; environ[e.n] != NULL; e.n++)
		;
	/* the child of a single-threaded process: malloc is safe here */
	e.max = e.n + ENV_OURS + 1;
	if ((e.v = malloc(e.max * sizeof *e.v)) == NULL)
		_exit(EXIT_SYSCALL);
	memcpy(e.v, environ, e.n * sizeof *e.v);
	env_add(&e, "interface=%s", cl->link.name);
	if (m != NULL) {
		env_add(&e, "ip=%s", net_ntoa(m->yiaddr, a));
		env_add(&e, "subnet=%s", net_ntoa(m->mask, a));
		env_add(&e, "broadcast=%s", net_ntoa(m->broadcast, a));
		env_add(&e, "serverid=%s", net_ntoa(m->server, a));
		env_add(&e, "mask=%u", m->prefix);
		env_add(&e, "lease=%u", m->lease);
		env_addrs(&e, "router", m->routers, m->nrouters);
		env_addrs(&e, "dns", m->dns, m->ndns);
		if (m->domain[0])
			env_add(&e, "domain=%s", m->domain);
		if (m->hostname[0])
			env_add(&e, "hostname=%s", m->hostname);
		if (m->search[0])
			env_add(&e, "search=%s", m->search);
		if (m->flags & HAVE_MTU)
			env_add(&e, "mtu=%u", m->mtu);
		/* each route after a space, the first space skipped */
		for (i = len = 0; i < m->nroutes && len < sizeof buf; i++)
			len += snprintf(buf + len, sizeof buf - len,
			    " %s/%u %s", net_ntoa(m->routes[i].dst, a),
			    m->routes[i].prefix, net_ntoa(m->routes[i].gw, g));
		if (len)
			env_add(&e, "staticroutes=%s", buf + 1);
	}
	e.v[e.n] = NULL;
	execve(cl->script, argv, e.v);
	warn("exec %s", cl->script);
	_exit(EXIT_NOTFOUND);
}

static int
write_pid(struct client *cl, pid_t p)
{
	char pid[16];

	if (cl->pidfile == NULL)
		return 0;
	snprintf(pid, sizeof pid, "%d\n", (int)p);
	return write_file_atomic(cl->pidfile, pid, strlen(pid), 0644);
}

static void
background(struct client *cl)
{
	pid_t p;

	if (cl->background || (cl->opts & OPT_F))
		return;
	cl->background = 1;
	if ((p = fork()) < 0) {
		warn("fork");
		return;
	}
	if (p > 0) {
		/* the daemon's pid is in the file before -b returns */
		if (write_pid(cl, p) < 0)
			warn("write %s", cl->pidfile);
		_exit(0);
	}
	setsid();
}

static void
log_lease(struct client *cl, const char *what, const struct dhcp_msg *m)
{
	char a[16], g[16], d[16], secs[16];

	snprintf(secs, sizeof secs, "%u s", m->lease);
	info("%s: %s %s/%u via %s, dns %s, %s", cl->link.name, what,
	    net_ntoa(m->yiaddr, a), m->prefix, m->nroutes ? "option 121" :
	    m->nrouters ? net_ntoa(m->routers[0], g) : "none",
	    m->ndns ? net_ntoa(m->dns[0], d) : "none",
	    m->lease == DHCP_INFINITE ? "infinite" : secs);
	if (m->flags & (DROP_HOSTNAME | DROP_DOMAIN | DROP_ROUTES | DROP_MASK |
	    DROP_MTU | DROP_SEARCH))
		warnx("%s: dropped invalid%s%s%s%s%s%s from %s", cl->link.name,
		    m->flags & DROP_HOSTNAME ? " hostname" : "",
		    m->flags & DROP_DOMAIN ? " domain" : "",
		    m->flags & DROP_ROUTES ? " option 121" : "",
		    m->flags & DROP_MASK ? " subnet mask" : "",
		    m->flags & DROP_MTU ? " mtu" : "",
		    m->flags & DROP_SEARCH ? " search" : "",
		    net_ntoa(m->server, a));
	if (m->flags & CUT_ROUTES)
		warnx("%s: option 121: routes past the %dth dropped",
		    cl->link.name, DHCP_MAX_ROUTES);
}

/*
 * The first steps of act, all of a release (SIGUSR2, quit with -R):
 * RFC 2131 4.4.6, a RELEASE goes out from the address it gives up, then
 * the address goes. What is left of WHAT is returned.
 */
static unsigned
let_go(struct client *cl, unsigned what)
{
	if ((what & DO_SEND) && cl->dc.out.type == DHCPRELEASE) {
		info("%s: released", cl->link.name);
		send_out(cl);
		what &= ~DO_SEND;
	}
	if (what & DO_DECONFIG) {
		if (!(cl->opts & OPT_E) && net_addr_flush(cl->link.index) < 0)
			warn("%s: remove addresses", cl->link.name);
		info("%s: deconfigured", cl->link.name);
		run_script(cl, "deconfig", NULL);
	}
	return what;
}

/* exit 0 (-q, SIGTERM) releases the lease first with -R: RFC 2131 4.4.6 */
static noreturn void
quit(struct client *cl, int code)
{
	if (code == 0 && (cl->opts & OPT_R))
		let_go(cl, dhcpc_release(&cl->dc));
	if (cl->pidfile)
		unlink(cl->pidfile);
	exit(code);
}

/* carry out what the state machine asked for, in the enum's order */
static void
act(struct client *cl, unsigned what)
{
	const struct dhcp_msg *m = &cl->dc.lease;
	char a[16];

	what = let_go(cl, what);
	if (what & DO_NAK) {
		info("%s: nak from %s", cl->link.name,
		    net_ntoa(cl->dc.nak_from, a));
		run_script(cl, "nak", NULL);
	}
	if ((what & DO_BOUND) && cl->arp_ms && addr_in_use(cl, m->yiaddr)) {
		warnx("%s: %s is in use: declined", cl->link.name,
		    net_ntoa(m->yiaddr, a));
		/* DO_SEND only: the DECLINE goes out below */
		what = dhcpc_decline(&cl->dc, boot_ms());
	}
	if (what & (DO_BOUND | DO_RENEW)) {
		if (!(cl->opts & OPT_E))	/* -e: the script does it */
			apply(cl, m);
		log_lease(cl, what & DO_BOUND ? "lease" : "renewed", m);
		if (cl->udp < 0) {
			cl->udp = udp_open(cl->link.name);
			drop_caps(cl);	/* port 68 is bound: no more */
		}
		run_script(cl, what & DO_BOUND ? "bound" : "renew", m);
		if (cl->opts & OPT_Q)
			quit(cl, 0);
		background(cl);
	}
	if (what & DO_LEASEFAIL) {
		info("%s: no lease after %u tries", cl->link.name,
		    cl->dc.maxtries);
		run_script(cl, "leasefail", NULL);
		if (cl->opts & OPT_N)
			quit(cl, 1);
		if (cl->opts & OPT_B)
			background(cl);
	}
	if (what & DO_SEND) {
		if (cl->dc.state == S_RENEWING && cl->dc.tries == 1)
			info("%s: renewing", cl->link.name);
		if (cl->dc.state == S_REBINDING && cl->dc.tries == 1)
			info("%s: rebinding", cl->link.name);
		send_out(cl);
	}
}

/*
 * A broken reply that may be ours, said once per reason per exchange (an
 * xid: a DISCOVER, its retransmissions and the REQUEST, then the
 * renewals of the lease they got, which keep its xid).
 * A server that answers every packet wrongly is then heard once per
 * exchange, which RFC 2131's backoff paces; a limit in seconds would log
 * a flood's reasons by chance of timing, and tests could not count them.
 * Only the raw socket's frames: it sees every reply, the UDP socket's
 * too, and knows the sender (IP source) before the headers are checked.
 */
static void
refused(struct client *cl, enum dhcp_err r, const uint8_t *buf, size_t n)
{
	struct in_addr from = { 0 };
	char a[16];

	if (cl->refused_xid != cl->dc.out.xid) {
		cl->refused_xid = cl->dc.out.xid;
		cl->refused = 0;
	}
	if (cl->refused & 1u << r)
		return;
	cl->refused |= 1u << r;
	if (n >= IP_HDR)
		memcpy(&from, buf + IPH_SRC, 4);
	warnx("%s: bad reply from %s: %s", cl->link.name,
	    net_ntoa(from, a), refusal[r]);
}

/* the frames queued on fd: raw (IP header first) or UDP (payload) */
static void
receive(struct client *cl, int fd, int raw)
{
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	uint8_t buf[DHCP_UDP_MAX + IP_UDP_HDR];
	struct iovec iov = { buf, sizeof buf };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = &ctl };
	struct cmsghdr *cm;
	struct tpacket_auxdata aux;
	struct dhcp_msg m;
	unsigned flags;
	ssize_t n;
	enum dhcp_err r;
	int budget;

	/* a bounded batch: a flood must not keep timers and signals waiting */
	for (budget = 64; budget > 0; budget--) {
		mh.msg_controllen = sizeof ctl;	/* recvmsg shrinks it */
		if ((n = recvmsg(fd, &mh, 0)) < 0) {
			if (errno != EAGAIN && errno != EINTR)
				warn("%s: receive", cl->link.name);
			return;
		}
		flags = 0;
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_PACKET &&
			    cm->cmsg_type == PACKET_AUXDATA) {
				memcpy(&aux, CMSG_DATA(cm), sizeof aux);
				if (aux.tp_status & TP_STATUS_CSUMNOTREADY)
					flags |= CSUM_PARTIAL;
			}
		if (mh.msg_flags & MSG_TRUNC)
			continue;
		r = raw ? dhcp_parse_ip(buf, n, flags, cl->dc.out.xid,
		    cl->link.hwaddr, &m) : dhcp_parse(buf, n, cl->dc.out.xid,
		    cl->link.hwaddr, &m);
		if (r == DHCP_OK)
			act(cl, dhcpc_input(&cl->dc, &m, boot_ms()));
		else if (raw && r != DHCP_NOT_OURS)
			refused(cl, r, buf, n);
	}
}

static noreturn void
loop(struct client *cl)
{
	struct signalfd_siginfo si;
	struct pollfd p[3];
	uint64_t now;
	int wait;

	for (;;) {
		now = boot_ms();
		if (now >= cl->dc.deadline) {
			act(cl, dhcpc_timeout(&cl->dc, now));
			continue;
		}
		wait = cl->dc.deadline == NEVER ? -1 :
		    cl->dc.deadline - now > 86400000 ? 86400000 :
		    (int)(cl->dc.deadline - now);
		p[0] = (struct pollfd){ cl->sig, POLLIN, 0 };
		p[1] = (struct pollfd){ cl->raw, POLLIN, 0 };
		p[2] = (struct pollfd){ cl->udp, POLLIN, 0 };
		if (poll(p, 3, wait) < 0 && errno != EINTR)
			die("poll");
		if (p[1].revents)
			receive(cl, cl->raw, 1);
		if (p[2].revents)
			receive(cl, cl->udp, 0);
		if (!p[0].revents || read(cl->sig, &si, sizeof si) != sizeof si)
			continue;
		if (si.ssi_signo == SIGUSR1)
			act(cl, dhcpc_renew(&cl->dc, boot_ms()));
		else if (si.ssi_signo == SIGUSR2)
			act(cl, dhcpc_release(&cl->dc));
		else
			quit(cl, 0);
	}
}

int
udhcpc_main(int argc, char **argv)
{
	static const uint8_t defparams[] = { DHO_SUBNET_MASK, DHO_ROUTERS,
	    DHO_DNS, DHO_HOST_NAME, DHO_DOMAIN_NAME, DHO_MTU, DHO_BROADCAST,
	    DHO_LEASE_TIME, DHO_RENEWAL_TIME, DHO_REBINDING_TIME,
	    DHO_DOMAIN_SEARCH, DHO_CLASSLESS_ROUTES };
	static struct client cl;
	const char *ifname = NULL, *vendor = NULL, *fqdn = NULL;
	/* zeroed for gcc -fanalyzer (make lint), which cannot tie nwant to
	 * the writes below and calls want[i] uninitialized */
	uint8_t want[sizeof cl.params - sizeof defparams] = { 0 };
	size_t i, nwant = 0;
	sigset_t set;
	int opt, code, nodefault = 0;

	cl.extralen = CLIENTID_LEN;	/* filled once the link is known */
	cl.raw = cl.udp = -1;
	cl.dc.maxtries = 3;
	cl.dc.timeout_ms = 3000;
	cl.dc.failwait_ms = 20000;
	long_options(argv + 1);
	while ((opt = getopt_box(argc, argv,
	    "fbqnRBSoCea::i:s:p:t:T:A:r:x:O:V:F:")) != -1) {
		switch (opt) {
		case 'B': cl.opts |= OPT_BRD; break;
		case 'S': break;	/* syslog: every line is in dmesg */
		case 'o': nodefault = 1; break;
		case 'C': cl.their_id = 2; break;
		case 'e': cl.opts |= OPT_E; break;
		case 'F': fqdn = optarg; break;
		case 'f': cl.opts |= OPT_F; break;
		case 'b': cl.opts |= OPT_B; break;
		case 'q': cl.opts |= OPT_Q; break;
		case 'n': cl.opts |= OPT_N; break;
		case 'R': cl.opts |= OPT_R; break;
		case 'a':	/* busybox's default: 2 s */
			cl.arp_ms = optarg ? arg_uint("-a", optarg, 1, 60000) :
			    2000;
			break;
		case 'i': ifname = optarg; break;
		case 's': cl.script = optarg; break;
		case 'p': cl.pidfile = optarg; break;
		case 'V': vendor = optarg; break;
		case 't':
			cl.dc.maxtries = arg_uint("-t", optarg, 1, 1000);
			break;
		case 'T':
			cl.dc.timeout_ms = arg_uint("-T", optarg, 1, 3600) *
			    1000;
			break;
		case 'A':
			cl.dc.failwait_ms = arg_uint("-A", optarg, 0, 86400) *
			    1000;
			break;
		case 'r':
			if (net_parse_ip(optarg, &cl.dc.requested, NULL) < 0)
				diex(EXIT_USAGE, "bad -r '%s'", optarg);
			break;
		case 'x': add_x(&cl, optarg); break;
		case 'O':
			if ((code = optcode(optarg, strlen(optarg))) < 0)
				diex(EXIT_USAGE, "bad -O '%s'", optarg);
			if (nwant < sizeof want)
				want[nwant++] = code;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (vendor)
		add_extra(&cl, DHO_VENDOR_CLASS, vendor, strlen(vendor));
	if (fqdn)
		add_fqdn(&cl, fqdn);
	/* option 55: ours unless -o, then each -O not there yet */
	if (!nodefault) {
		memcpy(cl.params, defparams, sizeof defparams);
		cl.nparams = sizeof defparams;
	}
	for (i = 0; i < nwant; i++)
		if (!memchr(cl.params, want[i], cl.nparams))
			cl.params[cl.nparams++] = want[i];

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 ||
	    (cl.sig = signalfd(-1, &set, SFD_CLOEXEC)) < 0)
		die("signalfd");

	if (net_link_pick(ifname, &cl.link) < 0)
		die("%s", ifname ? ifname :
		    "no eth0, nor an Ethernet link with carrier");
	if (cl.link.type != ARPHRD_ETHER)
		diex(EXIT_USAGE, "%s: not an Ethernet link", cl.link.name);
	cl.extra[0] = DHO_CLIENT_ID;
	cl.extra[1] = 7;
	cl.extra[2] = 1;	/* htype Ethernet */
	memcpy(cl.extra + 3, cl.link.hwaddr, 6);
	cl.raw = raw_open(cl.link.index);
	if (write_pid(&cl, getpid()) < 0)
		die("write %s", cl.pidfile);
	/* busybox's deconfig at start: no address, no route of a past run */
	if (!(cl.opts & OPT_E) && net_addr_flush(cl.link.index) < 0)
		warn("%s: remove addresses", cl.link.name);
	run_script(&cl, "deconfig", NULL);
	confine(&cl);

	cl.dc.random = random32;
	dhcpc_init(&cl.dc, boot_ms());
	loop(&cl);
	return 0;
}
