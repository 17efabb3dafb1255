/* SPDX-License-Identifier: ISC */
/*
 * ifconfig - show or configure network interfaces, as busybox and net-tools.
 * Every word is checked before the first change. ADDR replaces the primary
 * address and brings the interface up, as SIOCSIFADDR does; without a mask
 * it gets its class's (the kernel's inet_abc_len), and the broadcast is
 * ADDR | ~MASK on broadcast links unless given. IF:N names an alias: a
 * secondary address labelled so (SIOCSIFADDR on "eth0:1"), listed after
 * its link; "down" deletes it (devinet_ioctl); the rest goes to the link.
 */
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../multicall/box.h"
#include "../multicall/net.h"

const char ifconfig_usage[] =
	"ifconfig [-a] [IF[:N]]\n"
	"ifconfig IF[:N] [ADDR[/PREFIX]] [netmask M] [broadcast B]\n"
	"    [-broadcast] [pointopoint A] [mtu N] [txqueuelen N] [metric N]\n"
	"    [hw ether MAC] [up|down] [promisc|-promisc] [arp|-arp]";

struct conf {
	struct in_addr addr, brd, peer;
	unsigned prefix;			/* > 32: no mask given */
	int has_addr, brd_set;			/* brd_set: 1 given, -1 none */
	unsigned long mtu, txqlen, metric;
	unsigned char mac[6];
	int has_mac;
	unsigned set, change;			/* IFF_* */
};

/* "RX bytes:N (I.F KiB)", the unit scaled by 1024 with one decimal */
static void
bytes(const char *dir, unsigned long long n, const char *end)
{
	static const char unit[][4] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned long long i = n;
	unsigned frac = 0, u = 0;

	for (; i >= 1024 && u < 4; u++) {
		frac = (i & 1023) * 10 / 1024;
		i /= 1024;
	}
	printf("%s bytes:%llu (%llu.%u %s)%s", dir, n, i, frac, unit[u], end);
}

static struct net_addr addrs[128];
static size_t naddrs = LEN(addrs);

/*
 * The first IPv4 address of link INDEX labelled NAME (SIOCGIFADDR's: the
 * link's name for its primary address, IF:N for an alias), or NULL.
 */
static const struct net_addr *
address(int index, const char *name)
{
	size_t i;

	for (i = 0; i < naddrs; i++)
		if (addrs[i].index == index && !strcmp(addrs[i].label, name))
			return &addrs[i];
	return NULL;
}

/* Link L under NAME: its own, with counters, or an alias's, without. */
static void
show(const struct net_link *l, const char *name)
{
	/* IFF_* bit by bit, as busybox's ife_print names them */
	static const char *const flag[16] = { "UP", "BROADCAST", "DEBUG",
	    "LOOPBACK", "POINTOPOINT", "NOTRAILERS", "RUNNING", "NOARP",
	    "PROMISC", "ALLMULTI", "SLAVE", "MASTER", "MULTICAST", NULL, NULL,
	    "DYNAMIC" };
	const unsigned char *m = l->hwaddr;
	char b1[16], b2[16];
	const struct net_addr *a = address(l->index, name);
	struct net_stats s;
	size_t i;

	printf("%-9s Link encap:%s  ", name, l->type == ARPHRD_ETHER ?
	    "Ethernet" : l->type == ARPHRD_LOOPBACK ? "Local Loopback" :
	    "UNSPEC");
	if (l->type == ARPHRD_ETHER)
		printf("HWaddr %02X:%02X:%02X:%02X:%02X:%02X  ", m[0], m[1],
		    m[2], m[3], m[4], m[5]);
	printf("\n");
	if (a != NULL) {
		printf("          inet addr:%s ", net_ntoa(a->addr, b1));
		if (l->flags & IFF_POINTOPOINT)
			printf(" P-t-P:%s ", net_ntoa(a->peer, b1));
		else if (l->flags & IFF_BROADCAST)
			printf(" Bcast:%s ", net_ntoa(a->brd, b1));
		printf(" Mask:%s\n", net_ntoa(net_mask(a->prefix), b2));
	}
	printf("          %s", l->flags & 0xffff ? "" : "[NO FLAGS] ");
	for (i = 0; i < 16; i++)
		if (l->flags & 1U << i && flag[i] != NULL)
			printf("%s ", flag[i]);
	printf(" MTU:%u  Metric:1\n", l->mtu);
	/* the sums /proc/net/dev shows (net/core/net-procfs.c) */
	if (name == l->name && net_link_stats(l->index, &s) == 0) {
		printf("          RX packets:%llu errors:%llu dropped:%llu "
		    "overruns:%llu frame:%llu\n", s.rx_packets, s.rx_errors,
		    s.rx_dropped + s.rx_missed_errors, s.rx_fifo_errors,
		    s.rx_length_errors + s.rx_over_errors + s.rx_crc_errors +
		    s.rx_frame_errors);
		printf("          TX packets:%llu errors:%llu dropped:%llu "
		    "overruns:%llu carrier:%llu\n", s.tx_packets, s.tx_errors,
		    s.tx_dropped, s.tx_fifo_errors, s.tx_carrier_errors +
		    s.tx_aborted_errors + s.tx_window_errors +
		    s.tx_heartbeat_errors);
		printf("          collisions:%llu txqueuelen:%u \n",
		    s.collisions, s.txqlen);
		bytes("          RX", s.rx_bytes, "");
		bytes("  TX", s.tx_bytes, "\n");
	}
	printf("\n");
}

static int
parse_mac(const char *s, unsigned char mac[6])
{
	int i, n;

	for (i = 0; i < 6; i++) {
		n = strspn(s, "0123456789abcdefABCDEF");
		if (n < 1 || n > 2 || s[n] != (i < 5 ? ':' : '\0'))
			return -1;
		mac[i] = n == 1 ? hex_digit(s[0]) :
		    hex_digit(s[0]) << 4 | hex_digit(s[1]);
		s += n + 1;
	}
	/* a station's address: not multicast, not zero (is_valid_ether_addr) */
	return mac[0] & 1 || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] |
	    mac[5]) ? -1 : 0;
}

static void
flag(struct conf *c, unsigned f, int on)
{
	c->change |= f;
	c->set = on ? c->set | f : c->set & ~f;
}

/* Every word checked, nothing applied: bad input exits here. */
static void
parse(char **w, struct conf *c)
{
	struct in_addr mask;
	unsigned slash = 33;
	int e;

	c->prefix = 33;
	for (; *w != NULL; w++) {
		const char *k = *w, *v;
		int off = k[0] == '-';	/* -promisc, -arp (IFF_NOARP) */

		if (!strcmp(k, "up") || !strcmp(k, "down"))
			flag(c, IFF_UP, k[0] == 'u');
		else if (!strcmp(k + off, "promisc"))
			flag(c, IFF_PROMISC, !off);
		else if (!strcmp(k + off, "arp"))
			flag(c, IFF_NOARP, off);
		else if (!strcmp(k, "-broadcast"))
			c->brd_set = -1;
		else if (!strcmp(k, "netmask")) {
			v = word_value(w++);
			if (net_parse_ip(v, &mask, NULL) < 0 ||
			    (e = net_mask_len(mask)) < 0)
				diex(EXIT_USAGE, "bad netmask '%s'", v);
			c->prefix = e;
		} else if (!strcmp(k, "broadcast")) {
			v = word_value(w++);
			if (net_parse_ip(v, &c->brd, NULL) < 0)
				diex(EXIT_USAGE, "bad broadcast address '%s'", v);
			c->brd_set = 1;
		} else if (!strcmp(k, "mtu")) {
			c->mtu = arg_uint("mtu", word_value(w++), 68, 65535);
		} else if (!strcmp(k, "txqueuelen")) {
			v = word_value(w++);
			if (parse_uint(v, 10, 4294967295UL, &c->txqlen) < 0)
				diex(EXIT_USAGE, "bad txqueuelen '%s'", v);
		} else if (!strcmp(k, "metric")) {
			v = word_value(w++);
			if (parse_uint(v, 10, 4294967295UL, &c->metric) < 0)
				diex(EXIT_USAGE, "bad metric '%s'", v);
			c->metric++;	/* 0 means not given */
		} else if (!strcmp(k, "pointopoint")) {
			v = word_value(w++);
			if (net_parse_ip(v, &c->peer, NULL) < 0 ||
			    c->peer.s_addr == 0)
				diex(EXIT_USAGE, "bad pointopoint address '%s'",
				    v);
		} else if (!strcmp(k, "hw")) {
			if (strcmp(word_value(w), "ether") != 0)
				diex(EXIT_USAGE, "bad hardware class '%s' "
				    "(ether)", w[1]);
			if (w[2] == NULL || parse_mac(w[2], c->mac) < 0)
				diex(EXIT_USAGE, "bad hardware address '%s'",
				    w[2] ? w[2] : "");
			c->has_mac = 1;
			w += 2;
		} else if (!c->has_addr) {
			if ((e = net_parse_ip(k, &c->addr, &slash)) == -2)
				diex(EXIT_USAGE, "bad prefix in '%s' (0-32)", k);
			if (e < 0)
				diex(EXIT_USAGE, "bad address '%s'", k);
			c->has_addr = 1;
		} else {
			diex(EXIT_USAGE, "unexpected '%s'", k);
		}
	}
	if (slash <= 32 && c->prefix <= 32 && c->prefix != slash)
		diex(EXIT_USAGE, "/%u and netmask disagree", slash);
	if (slash <= 32)
		c->prefix = slash;
}

static noreturn void
refused(const char *name, const char *what)
{
	diex(EXIT_SYSCALL, "%s: %s: %s", name, what, net_strerror(errno));
}

static void
configure(const struct net_link *l, const char *name, struct conf *c)
{
	const struct net_addr *old = address(l->index, name);
	struct net_addr new = { .index = l->index };
	int abc, alias = name != l->name;

	if ((c->prefix <= 32 || c->brd_set || c->peer.s_addr) && !c->has_addr) {
		if (old == NULL)
			diex(EXIT_USAGE, "%s: no address to set a mask, "
			    "broadcast or peer on", name);
		c->addr = old->addr;
		if (c->prefix > 32)
			c->prefix = old->prefix;
		if (!c->peer.s_addr)
			c->peer = old->peer;
		c->has_addr = 2;	/* kept, not brought up */
	}
	if (c->has_addr && c->prefix > 32) {
		if ((abc = net_class_len(c->addr)) < 0)
			diex(EXIT_USAGE, "%s: no netmask for a class D or E "
			    "address", l->name);
		c->prefix = abc;
	}
	new.prefix = c->prefix;
	if (c->has_addr && !c->brd_set && (l->flags & IFF_BROADCAST) &&
	    new.prefix < 31)
		c->brd.s_addr = c->addr.s_addr | ~net_mask(new.prefix).s_addr;
	/* Linux has no interface metric: SIOCSIFMETRIC is EOPNOTSUPP */
	if (c->metric)
		warnx("%s: metric ignored (Linux has none per interface)",
		    name);
	/* an alias "down" is its address deleted; "up" is the link's own */
	if (alias && (c->change & IFF_UP)) {
		if (!(c->set & IFF_UP) && old != NULL && net_addr_del(old) < 0)
			refused(name, "delete the address");
		if (!(c->set & IFF_UP))
			return;
		c->change &= ~IFF_UP;
	}
	/* down first, up last: the rest changes on a quiet interface */
	if ((c->change & IFF_UP) && !(c->set & IFF_UP) &&
	    net_link_set_flags(l->index, 0, IFF_UP) < 0)
		refused(l->name, "down");
	if (c->mtu && net_link_set_mtu(l->index, c->mtu) < 0)
		refused(l->name, "mtu");
	if (c->txqlen && net_link_set_txqlen(l->index, c->txqlen) < 0)
		refused(l->name, "txqueuelen");
	if (c->has_mac && net_link_set_hwaddr(l->index, c->mac) < 0)
		refused(l->name, "hw ether");
	if ((c->change & ~IFF_UP) && net_link_set_flags(l->index, c->set,
	    c->change & ~IFF_UP) < 0)
		refused(l->name, "flags");
	if (c->has_addr) {
		/*
		 * Anything new replaces the old address (0.0.0.0 only
		 * deletes): NLM_F_REPLACE would keep its broadcast (devinet.c
		 * inet_rtm_newaddr).
		 */
		new.addr = c->addr;
		new.brd = c->brd;
		new.peer = c->peer;
		snprintf(new.label, sizeof new.label, "%s", name);
		if (old != NULL && (old->addr.s_addr != new.addr.s_addr ||
		    old->prefix != new.prefix || old->brd.s_addr !=
		    new.brd.s_addr || old->peer.s_addr != new.peer.s_addr) &&
		    net_addr_del(old) < 0)
			refused(name, "delete the old address");
		if (c->addr.s_addr && net_addr_put(&new) < 0)
			refused(name, "address");
		if (c->has_addr == 1 && !(c->change & IFF_UP))
			flag(c, IFF_UP, 1);
	}
	if ((c->set & IFF_UP) && net_link_set_flags(l->index, IFF_UP,
	    IFF_UP) < 0)
		refused(l->name, "up");
}

int
ifconfig_main(int argc, char **argv)
{
	struct conf c;
	struct net_link l[64], t;
	size_t n = LEN(l), i, j;
	int all = argc > 1 && strcmp(argv[1], "-a") == 0, index;
	char link[16], *name;

	argv += 1 + all;
	argc -= 1 + all;
	if (net_addr_list(addrs, &naddrs) < 0 && errno != ENOBUFS)
		die("list addresses");
	if (argc == 0) {
		if (net_link_list(l, &n) < 0 && errno != ENOBUFS)
			die("list interfaces");
		/* by name, as busybox lists them (strcmp: eth10 < eth2) */
		for (i = 1; i < n; i++)
			for (j = i; j > 0 &&
			    strcmp(l[j].name, l[j - 1].name) < 0; j--) {
				t = l[j];
				l[j] = l[j - 1];
				l[j - 1] = t;
			}
		for (i = 0; i < n; i++) {
			if (!all && !(l[i].flags & IFF_UP))
				continue;
			show(&l[i], l[i].name);
			for (j = 0; j < naddrs; j++)
				if (addrs[j].index == l[i].index &&
				    strchr(addrs[j].label, ':') != NULL)
					show(&l[i], addrs[j].label);
		}
		return 0;
	}
	if (argc > 1 && (all || argv[0][0] == '-'))
		usage();
	/* IF:N is an alias of IF: its link, and its label */
	snprintf(link, sizeof link, "%s", argv[0]);
	if ((name = strchr(link, ':')) != NULL)
		*name = '\0';
	if ((index = net_ifindex(link)) < 0 || net_link_get(index, l) < 0) {
		if (errno == ENODEV)
			diex(EXIT_USAGE, "%s: unknown interface", argv[0]);
		die("%s", argv[0]);
	}
	name = strchr(argv[0], ':') ? argv[0] : l->name;
	if (strlen(name) >= sizeof l->name ||
	    (argc == 1 && name != l->name && !address(index, name)))
		diex(EXIT_USAGE, "%s: unknown interface", name);
	if (argc == 1) {
		show(l, name);
		return 0;
	}
	memset(&c, 0, sizeof c);
	parse(argv + 1, &c);
	configure(l, name, &c);
	return 0;
}
