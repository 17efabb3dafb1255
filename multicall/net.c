/* SPDX-License-Identifier: ISC */
/*
 * net.c - links, IPv4 addresses and routes through rtnetlink (RFC 3549).
 * Not the ioctls: one socket does all, and each ack carries the errno and
 * (Linux 4.12+, NETLINK_EXT_ACK) the kernel's reason in words. Replies are
 * untrusted bytes, read with a cursor and a remaining length.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "box.h"
#include "net.h"

#define CARRIER_WAIT_MS	5000	/* a link without carrier after this: none */
#define STATS	offsetof(struct net_stats, txqlen)
#define MAX_ERRNO	4095	/* an ack's error is 0 or -1..-4095 (-errno) */
#define RTT_SHIFT	3	/* RTAX_RTT counts eighths of a ms */
/* RTM_GETx is answered with RTM_NEWx (include/uapi/linux/rtnetlink.h) */
#define RTM_NEW_OF(get)	((get) - (RTM_GETLINK - RTM_NEWLINK))

static int nl_fd = -1;
static unsigned nl_seq;
static char nl_why[128];

struct req {
	struct nlmsghdr h;
	union {
		struct ifinfomsg i;
		struct ifaddrmsg a;
		struct rtmsg r;
	} u;
	unsigned char attr[128];
};

/*
 * One message's attributes by type, up to the highest any decoder reads
 * (IFLA_CARRIER; include/uapi/linux/if_link.h). attrs_parse() skips the
 * types above it; attr_len() gives 0 for them, so a decoder reading a
 * higher type gets nothing rather than a read past the table.
 */
#define ATTRS_MAX	IFLA_CARRIER
struct attrs {
	const unsigned char *data[ATTRS_MAX + 1];
	size_t len[ATTRS_MAX + 1];
};

/* 0, or -1 if an attribute is cut or runs past p[n]. */
static int
attrs_parse(const unsigned char *p, size_t n, struct attrs *t)
{
	struct rtattr a;
	unsigned type;
	size_t step;

	memset(t, 0, sizeof *t);
	while (n > 0) {
		if (n < sizeof a)
			return -1;
		memcpy(&a, p, sizeof a);
		if (a.rta_len < sizeof a || a.rta_len > n)
			return -1;
		type = a.rta_type & NLA_TYPE_MASK;
		if (type < LEN(t->data)) {
			t->data[type] = p + sizeof a;
			t->len[type] = a.rta_len - sizeof a;
		}
		step = RTA_ALIGN(a.rta_len) < n ? RTA_ALIGN(a.rta_len) : n;
		p += step;
		n -= step;
	}
	return 0;
}

/* The length of attribute TYPE: 0 if absent or past the table. */
static size_t
attr_len(const struct attrs *t, unsigned type)
{
	return type < LEN(t->len) ? t->len[type] : 0;
}

/* An attribute of exactly SIZE bytes into v; else v is left alone. */
static void
get(const struct attrs *t, unsigned type, void *v, size_t size)
{
	if (attr_len(t, type) == size)
		memcpy(v, t->data[type], size);
}

static void
get_str(const struct attrs *t, unsigned type, char *s, size_t size)
{
	size_t i, len = attr_len(t, type);

	for (i = 0; i < len && i < size - 1 && t->data[type][i]; i++)
		s[i] = t->data[type][i];
	s[i] = '\0';
}

/* NLMSG_ERROR: struct nlmsgerr, then the extended ack's attributes. */
static int
ack_decode(unsigned flags, const unsigned char *b, size_t n,
    struct net_reply *r)
{
	struct nlmsgerr e;
	struct attrs t;
	size_t off;

	if (n < sizeof e)
		return -1;
	memcpy(&e, b, sizeof e);
	r->done = 1;
	r->err = e.error >= -MAX_ERRNO && e.error <= 0 ? -e.error : EPROTO;
	if (!(flags & NLM_F_ACK_TLVS))
		return 0;
	/* the attributes follow the echoed request, whole unless capped */
	off = flags & NLM_F_CAPPED ? sizeof e :
	    sizeof e.error + NLMSG_ALIGN(e.msg.nlmsg_len);
	if ((!(flags & NLM_F_CAPPED) && e.msg.nlmsg_len > n) || off > n ||
	    attrs_parse(b + off, n - off, &t) < 0)
		return -1;
	get_str(&t, NLMSGERR_ATTR_MSG, r->why, sizeof r->why);
	return 0;
}

/* A message's fixed header into h (HSIZE bytes), its attributes into t. */
static int
msg_parse(const void *buf, size_t n, void *h, size_t hsize, struct attrs *t)
{
	if (n < hsize || attrs_parse((const unsigned char *)buf + hsize,
	    n - hsize, t) < 0)
		return -1;
	memcpy(h, buf, hsize);
	return 0;
}

/* RTM_NEWLINK: struct ifinfomsg, then IFLA_* (include/uapi/linux/if_link.h) */
int
net_link_decode(const void *buf, size_t n, struct net_link *l,
    struct net_stats *st)
{
	struct ifinfomsg h;
	struct attrs t;
	unsigned char carrier = 0;
	size_t len;

	if (msg_parse(buf, n, &h, sizeof h, &t) < 0)
		return -1;
	memset(l, 0, sizeof *l);
	l->index = h.ifi_index;
	l->flags = h.ifi_flags;
	l->type = h.ifi_type;
	get_str(&t, IFLA_IFNAME, l->name, sizeof l->name);
	get(&t, IFLA_MTU, &l->mtu, 4);
	get(&t, IFLA_ADDRESS, l->hwaddr, 6);
	get(&t, IFLA_CARRIER, &carrier, 1);
	l->carrier = carrier != 0;
	if (st != NULL) {
		get(&t, IFLA_TXQLEN, &st->txqlen, 4);
		/* struct rtnl_link_stats64; an older kernel's may be shorter */
		len = attr_len(&t, IFLA_STATS64);
		if (len > 0)
			memcpy(st, t.data[IFLA_STATS64], len < STATS ? len :
			    STATS);
	}
	return 1;
}

/* RTM_NEWADDR: struct ifaddrmsg, then IFA_* (include/uapi/linux/if_addr.h) */
int
net_addr_decode(const void *buf, size_t n, struct net_addr *a)
{
	struct ifaddrmsg h;
	struct attrs t;

	if (msg_parse(buf, n, &h, sizeof h, &t) < 0)
		return -1;
	memset(a, 0, sizeof *a);
	a->index = h.ifa_index;
	a->prefix = h.ifa_prefixlen;
	/* IFA_LOCAL is the address, IFA_ADDRESS the peer if ptp */
	get(&t, IFA_ADDRESS, &a->addr, 4);
	get(&t, IFA_ADDRESS, &a->peer, 4);
	get(&t, IFA_LOCAL, &a->addr, 4);
	if (a->peer.s_addr == a->addr.s_addr)
		a->peer.s_addr = 0;
	get(&t, IFA_BROADCAST, &a->brd, 4);
	get_str(&t, IFA_LABEL, a->label, sizeof a->label);
	return h.ifa_family == AF_INET && h.ifa_prefixlen <= 32;
}

/*
 * RTM_NEWROUTE: struct rtmsg, then RTA_* and RTA_METRICS' nested RTAX_*
 * (include/uapi/linux/rtnetlink.h). Listed: IPv4 routes of the main
 * table, no local or broadcast ones (/proc/net/route's).
 */
int
net_route_decode(const void *buf, size_t n, struct net_route *rt)
{
	struct rtmsg h;
	struct attrs t, metrics;
	unsigned table;

	if (msg_parse(buf, n, &h, sizeof h, &t) < 0)
		return -1;
	memset(rt, 0, sizeof *rt);
	table = h.rtm_table;
	rt->prefix = h.rtm_dst_len;
	rt->reject = h.rtm_type == RTN_UNREACHABLE ||
	    h.rtm_type == RTN_PROHIBIT;
	get(&t, RTA_DST, &rt->dst, 4);
	get(&t, RTA_GATEWAY, &rt->gw, 4);
	get(&t, RTA_OIF, &rt->index, 4);
	get(&t, RTA_PRIORITY, &rt->metric, 4);
	get(&t, RTA_TABLE, &table, 4);
	if (attrs_parse(t.data[RTA_METRICS], attr_len(&t, RTA_METRICS),
	    &metrics) == 0) {
		get(&metrics, RTAX_ADVMSS, &rt->mss, 4);
		get(&metrics, RTAX_WINDOW, &rt->window, 4);
		get(&metrics, RTAX_RTT, &rt->irtt, 4);
		rt->irtt >>= RTT_SHIFT;
	}
	return h.rtm_family == AF_INET && h.rtm_dst_len <= 32 &&
	    table == RT_TABLE_MAIN && (h.rtm_type == RTN_UNICAST ||
	    h.rtm_type == RTN_BLACKHOLE || rt->reject);
}

/* One RTM_NEW* message for R: into out[r->n] while there is room. */
static int
decode(struct net_reply *r, const unsigned char *b, size_t n)
{
	struct net_link l;
	struct net_addr a;
	struct net_route rt;
	const void *one;
	size_t size;
	int keep;

	if (r->want == RTM_NEWLINK) {
		keep = net_link_decode(b, n, &l, r->n == 0 ? r->stats : NULL);
		one = &l;
		size = sizeof l;
	} else if (r->want == RTM_NEWADDR) {
		keep = net_addr_decode(b, n, &a);
		one = &a;
		size = sizeof a;
	} else {
		keep = net_route_decode(b, n, &rt);
		one = &rt;
		size = sizeof rt;
	}
	if (keep < 0)
		return -1;
	if (keep && r->n < r->room)
		memcpy((char *)r->out + r->n * size, one, size);
	r->n += keep;
	return 0;
}

int
net_reply_parse(const void *buf, size_t len, unsigned seq, struct net_reply *r)
{
	const unsigned char *p = buf, *b;
	struct nlmsghdr h;
	size_t n, step;
	int e;

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
				r->err = e >= -MAX_ERRNO && e <= 0 ? -e : EPROTO;
			}
		} else if (h.nlmsg_type == r->want && (r->want == RTM_NEWLINK ||
		    r->want == RTM_NEWADDR || r->want == RTM_NEWROUTE)) {
			if (decode(r, b, n) < 0)
				return -1;
		}
		step = NLMSG_ALIGN(h.nlmsg_len) < len ? NLMSG_ALIGN(h.nlmsg_len) :
		    len;
		p += step;
		len -= step;
	}
	return 0;
}

static void
req_init(struct req *q, unsigned short type, unsigned short flags,
    size_t body)
{
	memset(q, 0, sizeof *q);
	q->h.nlmsg_len = NLMSG_LENGTH(body);
	q->h.nlmsg_type = type;
	q->h.nlmsg_flags = NLM_F_REQUEST | flags;
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
 * Send Q, read the replies (into R, if not NULL: a request that changes
 * things has only the ack) until the ack or NLMSG_DONE: 0, or -1 with
 * errno (the kernel's, EBADMSG for a malformed reply).
 */
static int
talk(struct req *q, struct net_reply *r)
{
	struct net_reply ack = { 0 };
	union {
		struct nlmsghdr h;
		unsigned char b[32768];
	} buf;
	struct sockaddr_nl sa;
	socklen_t sl;
	ssize_t got;
	int one = 1;

	if (nl_fd < 0) {
		nl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
		    NETLINK_ROUTE);
		if (nl_fd < 0)
			return -1;
		/* both optional: older kernels have neither */
		setsockopt(nl_fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
		setsockopt(nl_fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
	}
	if (r == NULL)
		r = &ack;
	q->h.nlmsg_seq = ++nl_seq;
	if (send(nl_fd, q, q->h.nlmsg_len, 0) < 0)
		return -1;
	while (!r->done) {
		sl = sizeof sa;
		sa.nl_pid = ~0U;	/* no sender until recvfrom() names one */
		got = recvfrom(nl_fd, buf.b, sizeof buf.b, MSG_TRUNC,
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
		if (net_reply_parse(buf.b, got, nl_seq, r) < 0) {
			errno = EBADMSG;
			return -1;
		}
	}
	memcpy(nl_why, r->why, sizeof nl_why);
	errno = r->err;
	return r->err ? -1 : 0;
}

const char *
net_why(void)
{
	return nl_why;
}

const char *
net_strerror(int e)
{
	static char buf[sizeof nl_why + 64];

	snprintf(buf, sizeof buf, *nl_why ? "%s (%s)" : "%s%s", strerror(e),
	    nl_why);
	return buf;
}

/* RTM_GETLINK by index or by name: one link, and its counters if st */
static int
link_get(int index, const char *name, struct net_link *l,
    struct net_stats *st)
{
	/* cppcheck-suppress ctuuninitvar ; *l is written, never read */
	struct net_reply r = { RTM_NEWLINK, l, 1, 0, st, 0, 0, "" };
	struct req q;

	req_init(&q, RTM_GETLINK, NLM_F_ACK, sizeof q.u.i);
	q.u.i.ifi_index = index;
	if (name != NULL && strlen(name) >= IFNAMSIZ) {
		errno = ENODEV;
		return -1;
	}
	if (name != NULL)
		attr(&q, IFLA_IFNAME, name, strlen(name) + 1);
	if (talk(&q, &r) < 0)
		return -1;
	errno = ENODEV;
	return r.n == 1 ? 0 : -1;
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

/* A dump of every object of one kind: see net.h for *n and ENOBUFS. */
static int
dump(unsigned short type, size_t body, void *out, size_t *n)
{
	struct net_reply r = { RTM_NEW_OF(type), out, *n, 0, NULL, 0, 0, "" };
	struct req q;
	int e;

	req_init(&q, type, NLM_F_DUMP, body);
	/* rtgenmsg's family is the first byte of ifinfomsg/ifaddrmsg/rtmsg */
	q.u.r.rtm_family = type == RTM_GETLINK ? AF_UNSPEC : AF_INET;
	e = talk(&q, &r);
	/* even on failure: a caller may use what came (ENOBUFS, overrun) */
	*n = r.n < r.room ? r.n : r.room;
	if (e == 0 && r.n > r.room) {
		errno = ENOBUFS;
		return -1;
	}
	return e;
}

int
net_link_list(struct net_link *l, size_t *n)
{
	return dump(RTM_GETLINK, sizeof(struct ifinfomsg), l, n);
}

int
net_addr_list(struct net_addr *a, size_t *n)
{
	return dump(RTM_GETADDR, sizeof(struct ifaddrmsg), a, n);
}

int
net_route_list(struct net_route *r, size_t *n)
{
	return dump(RTM_GETROUTE, sizeof(struct rtmsg), r, n);
}

/* RTM_NEWLINK on an existing link: the flags under mask, one attribute */
static int
link_set(int index, unsigned set, unsigned mask, unsigned short type,
    const void *data, size_t len)
{
	struct req q;

	req_init(&q, RTM_NEWLINK, NLM_F_ACK, sizeof q.u.i);
	q.u.i.ifi_index = index;
	q.u.i.ifi_flags = set & mask;
	q.u.i.ifi_change = mask;
	if (len > 0)
		attr(&q, type, data, len);
	return talk(&q, NULL);
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

int
net_link_set_txqlen(int index, unsigned qlen)
{
	return link_set(index, 0, 0, IFLA_TXQLEN, &qlen, sizeof qlen);
}

int
net_link_set_master(int index, int master)
{
	return link_set(index, 0, 0, IFLA_MASTER, &master, sizeof master);
}

/* ip link add NAME type bridge; one there already is no error */
int
net_bridge_add(const char *name)
{
	struct { struct rtattr a; char kind[RTA_ALIGN(sizeof "bridge")]; } info
	    = { { RTA_LENGTH(sizeof "bridge"), IFLA_INFO_KIND }, "bridge" };
	struct req q;

	req_init(&q, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE, sizeof q.u.i);
	attr(&q, IFLA_IFNAME, name, strlen(name) + 1);
	attr(&q, IFLA_LINKINFO, &info, sizeof info);
	return talk(&q, NULL);
}

int
net_link_pick(const char *name, struct net_link *l)
{
	struct net_link all[32];
	size_t n = LEN(all), i;
	long end = now_ms() + CARRIER_WAIT_MS;
	int index = net_ifindex(name ? name : "eth0");

	/* index 0 is no link (a reply that says so is not believed) */
	if ((name != NULL && index <= 0) ||
	    (index <= 0 && net_link_list(all, &n) < 0))
		return -1;
	for (;;) {
		if (index > 0) {
			if (net_link_get(index, l) < 0 || (!(l->flags & IFF_UP)
			    && net_link_set_flags(index, IFF_UP, IFF_UP) < 0))
				return -1;
			if (l->carrier || now_ms() >= end)
				return 0;
		} else {
			for (i = 0; i < n; i++) {
				if (all[i].type != ARPHRD_ETHER)
					continue;
				/* a link that cannot come up is not the one */
				if (!(all[i].flags & IFF_UP))
					net_link_set_flags(all[i].index,
					    IFF_UP, IFF_UP);
				all[i].flags |= IFF_UP;	/* once is enough */
				if (net_link_get(all[i].index, l) == 0 &&
				    l->carrier)
					return 0;
			}
			if (now_ms() >= end) {
				errno = ENODEV;
				return -1;
			}
		}
		usleep(10000);
	}
}

static int
addr_req(unsigned short type, unsigned short flags, const struct net_addr *a)
{
	struct req q;

	if (a->prefix > 32) {
		errno = EINVAL;
		return -1;
	}
	req_init(&q, type, NLM_F_ACK | flags, sizeof q.u.a);
	q.u.a.ifa_family = AF_INET;
	q.u.a.ifa_prefixlen = a->prefix;
	q.u.a.ifa_index = a->index;
	/* IFA_LOCAL is ours, IFA_ADDRESS the peer's on a point-to-point link */
	attr(&q, IFA_LOCAL, &a->addr, 4);
	attr(&q, IFA_ADDRESS, a->peer.s_addr ? &a->peer : &a->addr, 4);
	if (a->brd.s_addr != 0)
		attr(&q, IFA_BROADCAST, &a->brd, 4);
	if (a->label[0] != '\0')
		attr(&q, IFA_LABEL, a->label, strlen(a->label) + 1);
	return talk(&q, NULL);
}

/* NLM_F_REPLACE: an address that is there is no error (a renewal). */
int
net_addr_put(const struct net_addr *a)
{
	return addr_req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, a);
}

int
net_addr_del(const struct net_addr *a)
{
	return addr_req(RTM_DELADDR, 0, a);
}

/*
 * Deleting a primary address deletes its secondaries too (unless
 * promote_secondaries), so those are gone already: EADDRNOTAVAIL.
 */
int
net_addr_flush(int index)
{
	struct net_addr a[64];
	size_t i, n = LEN(a);

	if (net_addr_list(a, &n) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (a[i].index == index && net_addr_del(&a[i]) < 0 &&
		    errno != EADDRNOTAVAIL)
			return -1;
	return 0;
}

static int
route_req(unsigned short type, unsigned short flags, const struct net_route *rt)
{
	/* the metrics given, nested in RTA_METRICS (rtnetlink.rst) */
	struct { struct rtattr a; unsigned v; } mx[3], want[3] = {
	    { { RTA_LENGTH(4), RTAX_ADVMSS }, rt->mss },
	    { { RTA_LENGTH(4), RTAX_WINDOW }, rt->window },
	    { { RTA_LENGTH(4), RTAX_RTT }, rt->irtt << RTT_SHIFT } };
	size_t i, nmx = 0;
	struct req q;

	for (i = 0; i < LEN(want); i++)
		if (want[i].v > 0)
			mx[nmx++] = want[i];

	if (rt->prefix > 32) {
		errno = EINVAL;
		return -1;
	}
	req_init(&q, type, NLM_F_ACK | flags, sizeof q.u.r);
	q.u.r.rtm_family = AF_INET;
	q.u.r.rtm_dst_len = rt->prefix;
	q.u.r.rtm_table = RT_TABLE_MAIN;
	/* to delete, match any scope, type and protocol (ip route del) */
	q.u.r.rtm_scope = RT_SCOPE_NOWHERE;
	if (type == RTM_NEWROUTE) {
		q.u.r.rtm_protocol = RTPROT_BOOT;
		q.u.r.rtm_scope = rt->gw.s_addr || rt->reject ?
		    RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
		q.u.r.rtm_type = RTN_UNICAST;
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
	if (nmx > 0)
		attr(&q, RTA_METRICS, mx, nmx * sizeof mx[0]);
	return talk(&q, NULL);
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
	struct span cur = span_str(s);
	unsigned char q[4];
	unsigned long n;

	if (span_ipv4(&cur, q) < 0)
		return -1;
	memcpy(a, q, 4);
	if (prefix != NULL && span_skip(&cur, "/")) {
		if (span_uint(cur, 10, 32, &n) < 0)
			return -2;
		*prefix = n;
		return 0;
	}
	return cur.len == 0 ? 0 : -1;
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
	int n = __builtin_popcount(mask.s_addr);

	return net_mask(n).s_addr == mask.s_addr ? n : -1;
}

int
net_class_len(struct in_addr a)
{
	unsigned top = ntohl(a.s_addr) >> 29;

	return a.s_addr == 0 ? 0 : top < 4 ? 8 : top < 6 ? 16 : top < 7 ? 24 :
	    -1;
}
