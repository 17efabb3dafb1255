/* SPDX-License-Identifier: ISC */
/*
 * net.c - the rtnetlink layer: its reply parser on built and hostile
 * datagrams, then (as root) every call in a private network namespace with
 * a veth pair, checked against what iproute2 reports.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../multicall/net.h"
#include "../rng.h"
#include "../tap.h"

static union {
	struct nlmsghdr h;
	unsigned char b[4096];
} m;
static size_t mlen;

static void
msg(unsigned short type, unsigned short flags, unsigned seq, const void *body,
    size_t len)
{
	struct nlmsghdr h = { NLMSG_LENGTH(len), type, flags, seq, 0 };

	memcpy(m.b + mlen, &h, sizeof h);
	memcpy(m.b + mlen + sizeof h, body, len);
	mlen += NLMSG_ALIGN(h.nlmsg_len);
}

/* an attribute at the end of the last message */
static void
rta(size_t last, unsigned short type, const void *data, size_t len)
{
	struct nlmsghdr h;
	struct rtattr a = { RTA_LENGTH(len), type };

	memcpy(&h, m.b + last, sizeof h);
	memcpy(m.b + last + NLMSG_ALIGN(h.nlmsg_len), &a, sizeof a);
	memcpy(m.b + last + NLMSG_ALIGN(h.nlmsg_len) + sizeof a, data, len);
	h.nlmsg_len = NLMSG_ALIGN(h.nlmsg_len) + RTA_ALIGN(a.rta_len);
	memcpy(m.b + last, &h, sizeof h);
	mlen = last + NLMSG_ALIGN(h.nlmsg_len);
}

static void
parser(void)
{
	struct ifinfomsg ifi = { AF_UNSPEC, 0, ARPHRD_ETHER, 3, IFF_UP, 0 };
	struct rtnl_link_stats64 k = { .rx_packets = 7, .tx_bytes = 1ULL << 40,
	    .rx_fifo_errors = 2, .collisions = 3 };
	unsigned char mac[6] = { 2, 0, 0, 0, 0, 1 }, one = 1;
	struct { struct nlmsgerr e; struct rtattr a; char s[8]; } ack = {
	    { -EEXIST, { 0 } }, { RTA_LENGTH(6), NLMSGERR_ATTR_MSG }, "bad!!" };
	struct rtmsg rtm = { AF_INET, 24, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT,
	    RT_SCOPE_LINK, RTN_UNICAST, 0 };
	struct net_link l[2];
	struct net_route rt[2];
	struct net_stats st;
	struct net_reply r;
	unsigned gw = htonl(0x0a000001), txq = 500;
	unsigned char junk[512];
	size_t last;
	int i, bad = 0;

	mlen = 0;
	msg(RTM_NEWLINK, NLM_F_MULTI, 9, &ifi, sizeof ifi);
	rta(0, IFLA_IFNAME, "eth0", 5);
	rta(0, IFLA_ADDRESS, mac, 6);
	rta(0, IFLA_CARRIER, &one, 1);
	rta(0, IFLA_TXQLEN, &txq, 4);
	rta(0, IFLA_STATS64, &k, sizeof k);
	last = mlen;
	msg(RTM_NEWLINK, NLM_F_MULTI, 8, &ifi, sizeof ifi);	/* other seq */
	msg(NLMSG_DONE, NLM_F_MULTI, 9, &(int){ 0 }, sizeof(int));
	memset(&r, 0, sizeof r);
	r = (struct net_reply){ RTM_NEWLINK, l, 2, 0, &st, 0, 0, "" };
	ok(net_reply_parse(m.b, mlen, 9, &r) == 0 && r.done && r.err == 0 &&
	    r.n == 1, "a link dump: one link of our seq, then done");
	ok(l[0].index == 3 && strcmp(l[0].name, "eth0") == 0 &&
	    l[0].carrier == 1 && l[0].hwaddr[5] == 1 &&
	    l[0].type == ARPHRD_ETHER && (l[0].flags & IFF_UP),
	    "name, index, carrier, hwaddr, type, flags");
	ok(st.rx_packets == 7 && st.tx_bytes == 1ULL << 40 && st.rx_fifo_errors == 2 &&
	    st.collisions == 3 && st.txqlen == 500, "64-bit counters, txqlen");
	r.done = 0;
	r.n = 0;
	ok(net_reply_parse(m.b, last - 1, 9, &r) == -1,
	    "a message longer than the datagram is malformed");
	ok(net_reply_parse(m.b, 10, 9, &r) == -1, "a cut header is malformed");
	m.b[sizeof(struct nlmsghdr) + sizeof ifi] = 200;	/* IFNAME rta_len */
	ok(net_reply_parse(m.b, last, 9, &r) == -1,
	    "an attribute longer than its message is malformed");
	m.b[sizeof(struct nlmsghdr) + sizeof ifi] = 2;
	ok(net_reply_parse(m.b, last, 9, &r) == -1,
	    "an attribute shorter than its header is malformed");

	mlen = 0;
	ack.e.msg.nlmsg_len = NLMSG_LENGTH(12);
	msg(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, 4, &ack, sizeof ack);
	memset(&r, 0, sizeof r);
	ok(net_reply_parse(m.b, mlen, 4, &r) == 0 && r.done && r.err == EEXIST &&
	    strcmp(r.why, "bad!!") == 0, "an error ack: errno and the reason");
	mlen = 0;
	msg(NLMSG_ERROR, 0, 4, &ack, 4);
	ok(net_reply_parse(m.b, mlen, 4, &r) == -1, "a cut ack is malformed");
	mlen = 0;
	ack.e.error = 5;
	msg(NLMSG_ERROR, 0, 4, &ack, sizeof ack.e);
	ok(net_reply_parse(m.b, mlen, 4, &r) == 0 && r.err == EPROTO,
	    "a positive error is a protocol error");
	mlen = 0;
	ack.e.error = 0;
	ack.e.msg.nlmsg_len = 4000;
	msg(NLMSG_ERROR, NLM_F_ACK_TLVS, 4, &ack, sizeof ack);
	ok(net_reply_parse(m.b, mlen, 4, &r) == -1,
	    "an echoed request longer than the ack is malformed");

	mlen = 0;
	msg(RTM_NEWROUTE, NLM_F_MULTI, 1, &rtm, sizeof rtm);
	rta(0, RTA_DST, &(unsigned){ htonl(0x0a000000) }, 4);
	rta(0, RTA_GATEWAY, &gw, 4);
	rta(0, RTA_OIF, &(int){ 2 }, 4);
	rta(0, RTA_PRIORITY, &(unsigned){ 5 }, 4);
	last = mlen;
	rtm.rtm_table = RT_TABLE_LOCAL;
	msg(RTM_NEWROUTE, NLM_F_MULTI, 1, &rtm, sizeof rtm);
	rtm.rtm_table = RT_TABLE_MAIN;
	rtm.rtm_type = RTN_UNREACHABLE;
	msg(RTM_NEWROUTE, NLM_F_MULTI, 1, &rtm, sizeof rtm);
	msg(RTM_NEWROUTE, NLM_F_MULTI, 1, &rtm, sizeof rtm);
	msg(NLMSG_DONE, NLM_F_MULTI, 1, &(int){ 0 }, sizeof(int));
	r = (struct net_reply){ RTM_NEWROUTE, rt, 2, 0, NULL, 0, 0, "" };
	ok(net_reply_parse(m.b, mlen, 1, &r) == 0 && r.n == 3,
	    "a route dump: the local table is skipped, n counts past room");
	ok(rt[0].prefix == 24 && rt[0].dst.s_addr == htonl(0x0a000000) &&
	    rt[0].gw.s_addr == gw && rt[0].index == 2 && rt[0].metric == 5 &&
	    !rt[0].reject && rt[1].reject, "dst, prefix, gw, oif, metric, reject");
	ok(net_route_decode(m.b + NLMSG_HDRLEN, last - NLMSG_HDRLEN, &rt[1]) ==
	    1 && rt[1].metric == 5 && net_route_decode(m.b + NLMSG_HDRLEN,
	    sizeof rtm - 1, &rt[1]) == -1,
	    "one route's body alone: decoded; its header cut: malformed");
	mlen = 0;
	msg(RTM_NEWROUTE, NLM_F_MULTI, 1, &rtm, sizeof rtm);
	rta(0, 1000, &gw, 4);
	rta(0, RTA_PRIORITY, &(unsigned){ 6 }, 4);
	ok(net_route_decode(m.b + NLMSG_HDRLEN, mlen - NLMSG_HDRLEN, &rt[1]) ==
	    1 && rt[1].metric == 6, "an attribute past the table is skipped");

	rng_init();
	for (i = 0; i < 20000; i++) {
		size_t n = rng_below(sizeof junk);

		rng_bytes(junk, n);
		r = (struct net_reply){ RTM_NEWLINK + 4 * rng_below(3), l, 2, 0,
		    &st, 0, 0, "" };
		if (net_reply_parse(junk, n, 0, &r) == 0 && r.n > 2 &&
		    r.why[sizeof r.why - 1] != '\0')
			bad++;
	}
	ok(bad == 0, "20000 random datagrams: no crash, state consistent");
}

static void
words(void)
{
	static const struct { const char *s; int want; unsigned a, p; } t[] = {
		{ "10.9.0.2", 0, 0x0a090002, 99 }, { "0.0.0.0", 0, 0, 99 },
		{ "255.255.255.255", 0, 0xffffffff, 99 },
		{ "10.9.0.0/24", 0, 0x0a090000, 24 }, { "1.2.3.4/0", 0, 0x01020304, 0 },
		{ "1.2.3.4/32", 0, 0x01020304, 32 }, { "1.2.3.4/33", -2, 0, 0 },
		{ "1.2.3.4/", -2, 0, 0 }, { "1.2.3.4/-1", -2, 0, 0 },
		{ "1.2.3.4/8x", -2, 0, 0 }, { "1.2.3.256", -1, 0, 0 },
		{ "1.2.3", -1, 0, 0 }, { "1.2.3.4.5", -1, 0, 0 },
		{ "01.2.3.4", -1, 0, 0 }, { "1..3.4", -1, 0, 0 },
		{ "1.2.3.4 ", -1, 0, 0 }, { "", -1, 0, 0 }, { "-1.2.3.4", -1, 0, 0 },
		{ "1234.2.3.4", -1, 0, 0 }, { "1.2.3.4x", -1, 0, 0 },
	};
	struct in_addr a;
	unsigned p;
	char buf[16], name[80];
	size_t i;
	int e;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		p = 99;
		e = net_parse_ip(t[i].s, &a, &p);
		snprintf(name, sizeof name, "'%s' parses to %d", t[i].s, t[i].want);
		ok(e == t[i].want && (e < 0 || (ntohl(a.s_addr) == t[i].a &&
		    p == t[i].p)), name);
	}
	ok(net_parse_ip("1.2.3.4/8", &a, NULL) == -1,
	    "no prefix allowed: '/8' is garbage");
	ok(strcmp(net_ntoa((struct in_addr){ htonl(0xc0a80aff) }, buf),
	    "192.168.10.255") == 0, "net_ntoa");
	ok(net_mask_len(net_mask(0)) == 0 && net_mask_len(net_mask(32)) == 32 &&
	    net_mask_len(net_mask(17)) == 17 &&
	    ntohl(net_mask(17).s_addr) == 0xffff8000, "net_mask, net_mask_len");
	ok(net_mask_len((struct in_addr){ htonl(0xff00ff00) }) == -1 &&
	    net_mask_len((struct in_addr){ htonl(1) }) == -1,
	    "a non-contiguous mask: -1");
	ok(net_class_len((struct in_addr){ htonl(0x0a000001) }) == 8 &&
	    net_class_len((struct in_addr){ htonl(0xac100001) }) == 16 &&
	    net_class_len((struct in_addr){ htonl(0xc0a80001) }) == 24 &&
	    net_class_len((struct in_addr){ htonl(0xe0000001) }) == -1 &&
	    net_class_len((struct in_addr){ 0 }) == 0, "classes A, B, C, D, 0");
}

/* the first line of COMMAND's output, trailing blanks removed */
static char *
sh(const char *cmd)
{
	static char line[512];
	/* fixed ip(8) command lines, no outside input: a shell is fine */
	FILE *f = popen(cmd, "r");	/* NOLINT(cert-env33-c) */
	size_t n;

	line[0] = '\0';
	if (f == NULL)
		return line;
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	pclose(f);
	return line;
}

static void
live(void)
{
	struct net_route def = { .gw = { htonl(0x0a090001) } };
	struct net_addr ad = { .addr = { htonl(0x0a090002) },
	    .brd = { htonl(0x0a0900ff) }, .prefix = 24 };
	struct net_link l, ls[8];
	char want[64];
	size_t n = 8;
	int v0, v1, b0 = 0;

	if (getuid() != 0 || unshare(CLONE_NEWNET) < 0 ||
	    /* NOLINTNEXTLINE(cert-env33-c): a fixed command, as sh() */
	    system("ip link add v0 type veth peer name v1") != 0) {
		printf("# SKIP live tests: no root or no network namespace\n");
		return;
	}
	v0 = net_ifindex("v0");
	v1 = net_ifindex("v1");
	ad.index = v0;
	ok(v0 > 0 && v1 > 0 && v0 != v1, "net_ifindex finds both ends");
	ok(net_ifindex("nosuch0") == -1 && errno == ENODEV,
	    "an unknown name: ENODEV");
	ok(net_ifindex("sixteen-chars-xx") == -1 && errno == ENODEV,
	    "a name longer than IFNAMSIZ: ENODEV");
	ok(net_link_get(9999, &l) == -1 && errno == ENODEV,
	    "an unknown index: ENODEV");
	ok(net_link_get(v0, &l) == 0 && strcmp(l.name, "v0") == 0 &&
	    l.type == ARPHRD_ETHER && l.index == v0 && !(l.flags & IFF_UP),
	    "net_link_get: name, type, down");
	snprintf(want, sizeof want, "%02x:%02x:%02x:%02x:%02x:%02x",
	    l.hwaddr[0], l.hwaddr[1], l.hwaddr[2], l.hwaddr[3], l.hwaddr[4],
	    l.hwaddr[5]);
	ok(strcmp(sh("ip -o link show v0 | sed 's/.*link.ether \\([^ ]*\\).*/"
	    "\\1/'"), want) == 0, "the hardware address is iproute2's");
	ok(net_link_set_flags(v0, IFF_UP, IFF_UP) == 0 &&
	    net_link_set_flags(v1, IFF_UP, IFF_UP) == 0, "both ends up");
	ok(net_link_get(v0, &l) == 0 && (l.flags & IFF_UP) && l.carrier == 1,
	    "up, with carrier");
	ok(strstr(sh("ip -o link show v0"), "state UP") != NULL,
	    "iproute2 sees v0 UP");
	ok(net_link_list(ls, &n) == 0 && n == 3 && ls[0].index == 1 &&
	    strcmp(ls[0].name, "lo") == 0 && ls[0].type == ARPHRD_LOOPBACK,
	    "net_link_list: lo, v0, v1 in index order");
	n = 1;
	ok(net_link_list(ls, &n) == -1 && errno == ENOBUFS && n == 1,
	    "too little room: ENOBUFS, the first links kept");
	ok(net_link_set_mtu(v0, 1400) == 0 &&
	    strstr(sh("ip -o link show v0"), "mtu 1400") != NULL, "mtu 1400");
	ok(net_link_set_mtu(v0, 10) == -1 && errno == EINVAL,
	    "mtu 10: EINVAL");
	printf("# kernel says: %s\n", net_why());
	ok(net_addr_put(&ad) == 0 &&
	    strcmp(sh("ip -4 -o addr show dev v0 | awk '{print $4, $6}'"),
	    "10.9.0.2/24 10.9.0.255") == 0, "address and broadcast added");
	ok(net_addr_put(&ad) == 0, "adding it again replaces it");
	def.index = v0;
	ok(net_route_add(&def) == 0 && strcmp(sh("ip -4 route show default"),
	    "default via 10.9.0.1 dev v0") == 0, "default route");
	ok(net_route_add(&def) == -1 && errno == EEXIST, "again: EEXIST");
	ok(net_route_del(&def) == 0 && strcmp(sh("ip -4 route show default"),
	    "") == 0, "deleted");
	ok(net_route_del(&def) == -1 && errno == ESRCH, "again: ESRCH");
	def.gw.s_addr = htonl(0x0a080001);
	ok(net_route_add(&def) == -1 && errno == ENETUNREACH,
	    "a gateway off every subnet: ENETUNREACH");
	printf("# kernel says: %s\n", net_why());
	ad = (struct net_addr){ .index = v0, .addr = { htonl(0x0a0a0001) },
	    .prefix = 16 };
	ok(net_addr_put(&ad) == 0 && net_addr_flush(v0) == 0 &&
	    strcmp(sh("ip -4 -o addr show dev v0"), "") == 0,
	    "two addresses flushed");
	ok(net_link_set_flags(v0, 0, IFF_UP) == 0 &&
	    strstr(sh("ip -o link show v0"), "state DOWN") != NULL, "v0 down");

	/* vmm -b's: the NIC picked, the bridge, its port */
	ok(net_link_pick("nosuch0", &l) == -1 && errno == ENODEV,
	    "net_link_pick: an unknown name, ENODEV");
	ok(net_link_pick(NULL, &l) == 0 && l.carrier && (l.flags & IFF_UP) &&
	    (l.index == v0 || l.index == v1),
	    "no eth0: the first Ethernet link with carrier, up");
	ok(net_bridge_add("br0") == 0 && net_bridge_add("br0") == 0 &&
	    (b0 = net_ifindex("br0")) > 0 &&
	    strstr(sh("ip -d -o link show br0"), " bridge ") != NULL,
	    "net_bridge_add: br0, a bridge; again: no error");
	ok(net_link_set_master(v1, b0) == 0 &&
	    strstr(sh("ip -o link show v1"), " master br0 ") != NULL,
	    "net_link_set_master: v1 a port of br0");
	ok(net_bridge_add("br1") == 0 &&
	    net_link_set_master(net_ifindex("br1"), b0) == -1 && *net_why(),
	    "a bridge in a bridge: refused, the kernel's reason kept");
	ok(net_link_set_master(v1, 0) == 0 &&
	    strstr(sh("ip -o link show v1"), "master") == NULL,
	    "master 0: v1 leaves br0");
}

int
main(void)
{
	parser();
	words();
	live();
	return done();
}
