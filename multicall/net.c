/* SPDX-License-Identifier: ISC */
/*
 * net.c - links, IPv4 addresses and routes through rtnetlink (RFC 3549;
 * the kernel's Documentation/userspace-api/netlink/intro.rst).
 *
 * Why rtnetlink and not the ioctls (SIOCSIFADDR, SIOCADDRT) net-tools uses:
 * one socket does everything, the kernel answers each request with an ack
 * that carries its errno and, since Linux 4.12, a sentence saying why
 * (NETLINK_EXT_ACK), so "route add" can say "Nexthop has invalid gateway"
 * instead of a bare EINVAL; carrier, hardware address and 64-bit counters
 * come in the same message (IFLA_*) instead of one ioctl each; routes are
 * listed without /proc/net/route. The cost is parsing the replies: they are
 * untrusted bytes read with a cursor and a remaining length, every length
 * checked before a read (net_reply_parse, fuzzed by tests/fuzz/netlink.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "box.h"
#include "net.h"

#define STATS	offsetof(struct net_stats, txqlen)

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif

static struct {
	int fd;
	unsigned seq;
	char why[128];
} nl = { -1, 0, "" };

struct req {
	struct nlmsghdr h;
	union {
		struct ifinfomsg i;
		struct ifaddrmsg a;
		struct rtmsg r;
	} u;
	unsigned char attr[128];
};

/* The next attribute in p[0..*n): 1 and type/data/len, 0 at the end, -1 bad. */
static int
attr_next(const unsigned char **p, size_t *n, unsigned *type,
    const unsigned char **data, size_t *len)
{
	struct rtattr a;
	size_t step;

	if (*n == 0)
		return 0;
	if (*n < sizeof a)
		return -1;
	memcpy(&a, *p, sizeof a);
	if (a.rta_len < sizeof a || a.rta_len > *n)
		return -1;
	*type = a.rta_type & NLA_TYPE_MASK;
	*data = *p + sizeof a;
	*len = a.rta_len - sizeof a;
	step = RTA_ALIGN(a.rta_len) < *n ? RTA_ALIGN(a.rta_len) : *n;
	*p += step;
	*n -= step;
	return 1;
}

static void
get_u32(const unsigned char *d, size_t len, unsigned *v)
{
	if (len == 4)
		memcpy(v, d, 4);
}

static void
get_str(const unsigned char *d, size_t len, char *s, size_t size)
{
	size_t i;

	for (i = 0; i < len && i < size - 1 && d[i] != '\0'; i++)
		s[i] = d[i];
	s[i] = '\0';
}

static int
link_decode(const unsigned char *b, size_t n, struct net_link *l,
    struct net_stats *st)
{
	struct ifinfomsg i;
	const unsigned char *d;
	unsigned type;
	size_t len;
	int r;

	if (n < sizeof i)
		return -1;
	memcpy(&i, b, sizeof i);
	memset(l, 0, sizeof *l);
	l->index = i.ifi_index;
	l->flags = i.ifi_flags;
	l->type = i.ifi_type;
	b += sizeof i;
	n -= sizeof i;
	while ((r = attr_next(&b, &n, &type, &d, &len)) == 1) {
		if (type == IFLA_IFNAME)
			get_str(d, len, l->name, sizeof l->name);
		else if (type == IFLA_MTU)
			get_u32(d, len, &l->mtu);
		else if (type == IFLA_ADDRESS && len == 6)
			memcpy(l->hwaddr, d, 6);
		else if (type == IFLA_CARRIER && len == 1)
			l->carrier = d[0] != 0;
		else if (type == IFLA_TXQLEN && st != NULL)
			get_u32(d, len, &st->txqlen);
		else if (type == IFLA_STATS64 && st != NULL)
			memcpy(st, d, len < STATS ? len : STATS);
	}
	return r;
}

static int
addr_decode(const unsigned char *b, size_t n, struct net_addr *a)
{
	struct ifaddrmsg i;
	const unsigned char *d;
	unsigned type, local = 0, addr = 0;
	size_t len;
	int r;

	if (n < sizeof i)
		return -1;
	memcpy(&i, b, sizeof i);
	if (i.ifa_family != AF_INET || i.ifa_prefixlen > 32)
		return 1;
	memset(a, 0, sizeof *a);
	a->index = i.ifa_index;
	a->prefix = i.ifa_prefixlen;
	b += sizeof i;
	n -= sizeof i;
	while ((r = attr_next(&b, &n, &type, &d, &len)) == 1) {
		if (type == IFA_LOCAL)
			get_u32(d, len, &local);
		else if (type == IFA_ADDRESS)
			get_u32(d, len, &addr);
		else if (type == IFA_BROADCAST)
			get_u32(d, len, &a->brd.s_addr);
		else if (type == IFA_LABEL)
			get_str(d, len, a->label, sizeof a->label);
	}
	/* IFA_LOCAL is the address; IFA_ADDRESS the peer on point-to-point */
	a->addr.s_addr = local ? local : addr;
	return r;
}

static int
route_decode(const unsigned char *b, size_t n, struct net_route *rt)
{
	struct rtmsg m;
	const unsigned char *d, *md;
	unsigned type, mtype, table;
	size_t len, mlen;
	int r;

	if (n < sizeof m)
		return -1;
	memcpy(&m, b, sizeof m);
	table = m.rtm_table;
	if (m.rtm_family != AF_INET || m.rtm_dst_len > 32)
		return 1;
	memset(rt, 0, sizeof *rt);
	rt->prefix = m.rtm_dst_len;
	rt->reject = m.rtm_type == RTN_UNREACHABLE ||
	    m.rtm_type == RTN_PROHIBIT;
	b += sizeof m;
	n -= sizeof m;
	while ((r = attr_next(&b, &n, &type, &d, &len)) == 1) {
		if (type == RTA_DST)
			get_u32(d, len, &rt->dst.s_addr);
		else if (type == RTA_GATEWAY)
			get_u32(d, len, &rt->gw.s_addr);
		else if (type == RTA_OIF)
			get_u32(d, len, (unsigned *)&rt->index);
		else if (type == RTA_PRIORITY)
			get_u32(d, len, &rt->metric);
		else if (type == RTA_TABLE)
			get_u32(d, len, &table);
		else if (type == RTA_METRICS)
			while (attr_next(&d, &len, &mtype, &md, &mlen) == 1)
				if (mtype == RTAX_ADVMSS)
					get_u32(md, mlen, &rt->mss);
	}
	/* what /proc/net/route shows: the main table, no broadcast/local */
	if (table != RT_TABLE_MAIN || (m.rtm_type != RTN_UNICAST &&
	    m.rtm_type != RTN_BLACKHOLE && !rt->reject))
		return 1;
	return r;
}

/* NLMSG_ERROR: struct nlmsgerr, then the extended ack's attributes. */
static int
ack_decode(unsigned flags, const unsigned char *b, size_t n,
    struct net_reply *r)
{
	struct nlmsgerr e;
	const unsigned char *d;
	unsigned type;
	size_t off, len;

	if (n < sizeof e)
		return -1;
	memcpy(&e, b, sizeof e);
	r->done = 1;
	r->err = e.error > -4096 && e.error <= 0 ? -e.error : EPROTO;
	if (!(flags & NLM_F_ACK_TLVS))
		return 0;
	/* the attributes follow the echoed request, whole unless capped */
	if (!(flags & NLM_F_CAPPED) && e.msg.nlmsg_len > n)
		return -1;
	off = flags & NLM_F_CAPPED ? sizeof e :
	    sizeof e.error + NLMSG_ALIGN(e.msg.nlmsg_len);
	if (off > n)
		return -1;
	b += off;
	n -= off;
	while (attr_next(&b, &n, &type, &d, &len) == 1)
		if (type == NLMSGERR_ATTR_MSG)
			get_str(d, len, r->why, sizeof r->why);
	return 0;
}

int
net_reply_parse(const void *buf, size_t len, unsigned seq, struct net_reply *r)
{
	static const size_t size[] = { sizeof(struct net_link),
	    sizeof(struct net_addr), sizeof(struct net_route) };
	const unsigned char *p = buf, *b;
	struct nlmsghdr h;
	size_t n, step;
	void *slot;
	int e, k;

	k = r->want == RTM_NEWLINK ? 0 : r->want == RTM_NEWADDR ? 1 :
	    r->want == RTM_NEWROUTE ? 2 : -1;
	while (len > 0) {
		if (len < sizeof h)
			return -1;
		memcpy(&h, p, sizeof h);
		if (h.nlmsg_len < sizeof h || h.nlmsg_len > len)
			return -1;
		b = p + sizeof h;
		n = h.nlmsg_len - sizeof h;
		if (h.nlmsg_seq != seq) {
			/* a late reply to an earlier request: not ours */
		} else if (h.nlmsg_type == NLMSG_ERROR) {
			if (ack_decode(h.nlmsg_flags, b, n, r) < 0)
				return -1;
		} else if (h.nlmsg_type == NLMSG_DONE) {
			r->done = 1;
			if (n >= sizeof e) {
				memcpy(&e, b, sizeof e);
				r->err = e > -4096 && e <= 0 ? -e : EPROTO;
			}
		} else if (h.nlmsg_type == r->want && k >= 0) {
			slot = r->n < r->room ? (char *)r->out + r->n * size[k] :
			    NULL;
			e = k == 0 ? link_decode(b, n, slot ? slot :
			    &(struct net_link){ 0 }, r->n == 0 ? r->stats : NULL) :
			    k == 1 ? addr_decode(b, n, slot ? slot :
			    &(struct net_addr){ 0 }) : route_decode(b, n, slot ?
			    slot : &(struct net_route){ 0 });
			if (e < 0)
				return -1;
			if (e == 0)
				r->n++;
		}
		step = NLMSG_ALIGN(h.nlmsg_len) < len ? NLMSG_ALIGN(h.nlmsg_len) :
		    len;
		p += step;
		len -= step;
	}
	return 0;
}

static void
attr(struct req *q, unsigned short type, const void *data, size_t len)
{
	struct rtattr a = { RTA_LENGTH(len), type };
	unsigned char *p = (unsigned char *)q + NLMSG_ALIGN(q->h.nlmsg_len);

	memcpy(p, &a, sizeof a);
	memcpy(p + sizeof a, data, len);
	q->h.nlmsg_len = NLMSG_ALIGN(q->h.nlmsg_len) + RTA_ALIGN(a.rta_len);
}

/*
 * Send Q and read replies to it until the ack or the end of the dump.
 * 0, or -1 with errno (the kernel's, EBADMSG for a malformed reply).
 */
static int
talk(struct req *q, struct net_reply *r)
{
	union {
		struct nlmsghdr h;
		unsigned char b[32768];
	} buf;
	struct sockaddr_nl sa;
	socklen_t sl;
	ssize_t got;
	int one = 1;

	if (nl.fd < 0) {
		nl.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
		    NETLINK_ROUTE);
		if (nl.fd < 0)
			return -1;
		/* older kernels: no ext ack, no capped ack; both optional */
		setsockopt(nl.fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
		setsockopt(nl.fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
	}
	/*
	 * A dump ends in NLMSG_DONE, anything else in an ack. NLM_F_DUMP's
	 * bits mean NLM_F_REPLACE/EXCL on a NEW request: look at the type.
	 */
	q->h.nlmsg_flags |= NLM_F_REQUEST;
	if (q->h.nlmsg_type % 4 != RTM_GETLINK % 4 ||
	    !(q->h.nlmsg_flags & NLM_F_DUMP))
		q->h.nlmsg_flags |= NLM_F_ACK;
	q->h.nlmsg_seq = ++nl.seq;
	r->done = r->err = 0;
	r->why[0] = '\0';
	if (send(nl.fd, q, q->h.nlmsg_len, 0) < 0)
		return -1;
	while (!r->done) {
		sl = sizeof sa;
		got = recvfrom(nl.fd, buf.b, sizeof buf.b, MSG_TRUNC,
		    (struct sockaddr *)&sa, &sl);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if ((size_t)got > sizeof buf.b) {
			errno = EMSGSIZE;
			return -1;
		}
		if (sa.nl_pid != 0)
			continue;	/* only the kernel speaks here */
		if (net_reply_parse(buf.b, got, nl.seq, r) < 0) {
			errno = EBADMSG;
			return -1;
		}
	}
	memcpy(nl.why, r->why, sizeof nl.why);
	if (r->room > 0 && r->n > r->room && r->err == 0) {
		r->n = r->room;
		r->err = ENOBUFS;
	}
	errno = r->err;
	return r->err ? -1 : 0;
}

const char *
net_why(void)
{
	return nl.why;
}

const char *
net_strerror(int e)
{
	static char buf[sizeof nl.why + 64];

	snprintf(buf, sizeof buf, *nl.why ? "%s (%s)" : "%s%s", strerror(e),
	    nl.why);
	return buf;
}

static void
req_init(struct req *q, unsigned short type, unsigned short flags,
    size_t body)
{
	memset(q, 0, sizeof *q);
	q->h.nlmsg_len = NLMSG_LENGTH(body);
	q->h.nlmsg_type = type;
	q->h.nlmsg_flags = flags;
}

/* RTM_GETLINK by index or by name: one link, and its counters if st */
static int
link_get(int index, const char *name, struct net_link *l,
    struct net_stats *st)
{
	struct net_reply r = { RTM_NEWLINK, l, 1, 0, st, 0, 0, "" };
	struct req q;

	req_init(&q, RTM_GETLINK, 0, sizeof q.u.i);
	q.u.i.ifi_index = index;
	if (name != NULL && strlen(name) < IFNAMSIZ)
		attr(&q, IFLA_IFNAME, name, strlen(name) + 1);
	if (name == NULL || strlen(name) < IFNAMSIZ) {
		if (talk(&q, &r) < 0)
			return -1;
		if (r.n == 1)
			return 0;
	}
	errno = ENODEV;
	return -1;
}

int
net_ifindex(const char *name)
{
	struct net_link l = { 0 };

	return link_get(0, name, &l, NULL) < 0 ? -1 : l.index;
}

int
net_link_get(int index, struct net_link *l)
{
	return link_get(index, NULL, l, NULL);
}

int
net_link_stats(int index, struct net_stats *st)
{
	struct net_link l = { 0 };

	memset(st, 0, sizeof *st);
	return link_get(index, NULL, &l, st);
}

static int
dump(unsigned short type, unsigned short want, void *out, size_t *n)
{
	struct net_reply r = { want, out, *n, 0, NULL, 0, 0, "" };
	struct req q;
	int e;

	/* rtgenmsg's family is the first byte of ifinfomsg/ifaddrmsg/rtmsg */
	req_init(&q, type, NLM_F_DUMP, type == RTM_GETLINK ? sizeof q.u.i :
	    type == RTM_GETADDR ? sizeof q.u.a : sizeof q.u.r);
	q.u.r.rtm_family = type == RTM_GETLINK ? AF_UNSPEC : AF_INET;
	e = talk(&q, &r);
	*n = r.n;
	return e;
}

int
net_link_list(struct net_link *l, size_t *n)
{
	return dump(RTM_GETLINK, RTM_NEWLINK, l, n);
}

int
net_addr_list(struct net_addr *a, size_t *n)
{
	return dump(RTM_GETADDR, RTM_NEWADDR, a, n);
}

int
net_route_list(struct net_route *r, size_t *n)
{
	return dump(RTM_GETROUTE, RTM_NEWROUTE, r, n);
}

/* RTM_NEWLINK on an existing link: flags under mask, one attribute */
static int
link_set(int index, unsigned set, unsigned mask, unsigned short type,
    const void *data, size_t len)
{
	struct net_reply r = { 0 };
	struct req q;

	req_init(&q, RTM_NEWLINK, 0, sizeof q.u.i);
	q.u.i.ifi_index = index;
	q.u.i.ifi_flags = set & mask;
	q.u.i.ifi_change = mask;
	if (len > 0)
		attr(&q, type, data, len);
	return talk(&q, &r);
}

int
net_link_set_flags(int index, unsigned set, unsigned mask)
{
	return link_set(index, set, mask, IFLA_UNSPEC, "", 0);
}

int
net_link_set_mtu(int index, unsigned mtu)
{
	return link_set(index, 0, 0, IFLA_MTU, &mtu, sizeof mtu);
}

int
net_link_set_hwaddr(int index, const unsigned char mac[6])
{
	return link_set(index, 0, 0, IFLA_ADDRESS, mac, 6);
}

static int
addr_req(unsigned short type, unsigned short flags, int index,
    struct in_addr addr, unsigned prefix, struct in_addr brd)
{
	struct net_reply r = { 0 };
	struct req q;

	if (prefix > 32) {
		errno = EINVAL;
		return -1;
	}
	req_init(&q, type, flags, sizeof q.u.a);
	q.u.a.ifa_family = AF_INET;
	q.u.a.ifa_prefixlen = prefix;
	q.u.a.ifa_index = index;
	attr(&q, IFA_LOCAL, &addr, 4);
	attr(&q, IFA_ADDRESS, &addr, 4);
	if (brd.s_addr != 0)
		attr(&q, IFA_BROADCAST, &brd, 4);
	return talk(&q, &r);
}

/*
 * NLM_F_REPLACE: adding an address that is there is no error (a renewal);
 * the kernel keeps its old broadcast (devinet.c inet_rtm_newaddr).
 */
int
net_addr_add(int index, struct in_addr addr, unsigned prefix,
    struct in_addr brd)
{
	return addr_req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, index, addr,
	    prefix, brd);
}

int
net_addr_del(int index, struct in_addr addr, unsigned prefix)
{
	return addr_req(RTM_DELADDR, 0, index, addr, prefix,
	    (struct in_addr){ 0 });
}

/*
 * Deleting a primary address also deletes its secondaries (unless
 * promote_secondaries is set), so those are gone already: EADDRNOTAVAIL.
 */
int
net_addr_flush(int index)
{
	struct net_addr a[64];
	size_t i, n = sizeof a / sizeof a[0];

	if (net_addr_list(a, &n) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (a[i].index == index && net_addr_del(index, a[i].addr,
		    a[i].prefix) < 0 && errno != EADDRNOTAVAIL)
			return -1;
	return 0;
}

static int
route_req(unsigned short type, unsigned short flags, const struct net_route *rt)
{
	struct net_reply r = { 0 };
	struct { struct rtattr a; unsigned v; } mss = {
	    { RTA_LENGTH(4), RTAX_ADVMSS }, rt->mss };
	struct req q;

	if (rt->prefix > 32) {
		errno = EINVAL;
		return -1;
	}
	req_init(&q, type, flags, sizeof q.u.r);
	q.u.r.rtm_family = AF_INET;
	q.u.r.rtm_dst_len = rt->prefix;
	q.u.r.rtm_table = RT_TABLE_MAIN;
	if (type == RTM_NEWROUTE) {
		q.u.r.rtm_protocol = RTPROT_BOOT;
		q.u.r.rtm_scope = rt->gw.s_addr || rt->reject ?
		    RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
		q.u.r.rtm_type = RTN_UNICAST;
	} else {
		/* match any scope, type and protocol, as ip route del does */
		q.u.r.rtm_scope = RT_SCOPE_NOWHERE;
	}
	if (rt->reject)
		q.u.r.rtm_type = RTN_UNREACHABLE;
	if (rt->prefix > 0)
		attr(&q, RTA_DST, &rt->dst, 4);
	if (rt->gw.s_addr != 0)
		attr(&q, RTA_GATEWAY, &rt->gw, 4);
	if (rt->index > 0)
		attr(&q, RTA_OIF, &rt->index, 4);
	if (rt->metric > 0)
		attr(&q, RTA_PRIORITY, &rt->metric, 4);
	if (rt->mss > 0)
		attr(&q, RTA_METRICS, &mss, sizeof mss);
	return talk(&q, &r);
}

int
net_route_add(const struct net_route *r)
{
	return route_req(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r);
}

int
net_route_del(const struct net_route *r)
{
	return route_req(RTM_DELROUTE, 0, r);
}

int
net_parse_ip(const char *s, struct in_addr *a, unsigned *prefix)
{
	unsigned char q[4];
	unsigned long n;
	int i, d, v;

	/* four decimal numbers 0-255, no sign, no leading zero (inet_pton) */
	for (i = 0; i < 4; i++) {
		for (d = v = 0; d < 3 && s[d] >= '0' && s[d] <= '9'; d++)
			v = v * 10 + s[d] - '0';
		if (d == 0 || v > 255 || (d > 1 && s[0] == '0'))
			return -1;
		q[i] = v;
		s += d;
		if (i < 3 && *s++ != '.')
			return -1;
	}
	memcpy(a, q, 4);
	if (*s == '/' && prefix != NULL) {
		if (parse_uint(s + 1, 10, 32, &n) < 0)
			return -2;
		*prefix = n;
		return 0;
	}
	return *s == '\0' ? 0 : -1;
}

const char *
net_ntoa(struct in_addr a, char *buf)
{
	const unsigned char *q = (const unsigned char *)&a;

	snprintf(buf, 16, "%u.%u.%u.%u", q[0], q[1], q[2], q[3]);
	return buf;
}

struct in_addr
net_mask(unsigned prefix)
{
	return (struct in_addr){ htonl(prefix ? ~0U << (32 - prefix) : 0) };
}

int
net_mask_len(struct in_addr mask)
{
	unsigned m = ntohl(mask.s_addr), n = 0;

	while (n < 32 && (m & 1U << (31 - n)))
		n++;
	return net_mask(n).s_addr == mask.s_addr ? (int)n : -1;
}

int
net_class_len(struct in_addr a)
{
	unsigned top = ntohl(a.s_addr) >> 29;

	return a.s_addr == 0 ? 0 : top < 4 ? 8 : top < 6 ? 16 : top < 7 ? 24 :
	    -1;
}
