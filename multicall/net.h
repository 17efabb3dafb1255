/* SPDX-License-Identifier: ISC */
/*
 * net.h - the one layer that talks to the kernel's network configuration
 * (multicall/net.c). ifconfig, route and udhcpc set addresses, links and
 * routes only through these calls. All return 0 or -1 with errno (the
 * kernel's reason), and print nothing: policy stays with the caller.
 * Addresses are in network byte order (struct in_addr).
 */
#ifndef NET_H
#define NET_H

#include <netinet/in.h>
#include <stddef.h>

struct net_link {
	int index;
	char name[16];			/* IFNAMSIZ */
	unsigned flags;			/* IFF_UP, IFF_RUNNING, IFF_PROMISC, ... */
	unsigned mtu;
	unsigned short type;		/* ARPHRD_ETHER, ARPHRD_LOOPBACK, ... */
	unsigned char hwaddr[6];
	int carrier;			/* 1: link detected */
};

int net_ifindex(const char *name);		/* >0, or -1 (ENODEV) */
int net_link_get(int index, struct net_link *l);
/* every link, in index order; *n in: room in l[], out: how many */
int net_link_list(struct net_link *l, size_t *n);
/* flags &= ~mask; flags |= set & mask (IFF_UP, IFF_PROMISC, IFF_NOARP) */
int net_link_set_flags(int index, unsigned set, unsigned mask);
int net_link_set_mtu(int index, unsigned mtu);
int net_link_set_hwaddr(int index, const unsigned char mac[6]);

/* brd.s_addr == 0: no broadcast address */
int net_addr_add(int index, struct in_addr addr, unsigned prefix,
    struct in_addr brd);
int net_addr_del(int index, struct in_addr addr, unsigned prefix);
int net_addr_flush(int index);			/* every IPv4 address */

struct net_route {
	struct in_addr dst, gw;		/* gw.s_addr == 0: on-link */
	unsigned prefix;		/* 0: default route */
	unsigned metric, mss;		/* 0: not set */
	int index;			/* 0: let the kernel choose by gw */
	int reject;			/* 1: RTN_UNREACHABLE */
};
int net_route_add(const struct net_route *r);
int net_route_del(const struct net_route *r);

/*
 * Additions for the listings of ifconfig and route. net_addr_list and
 * net_route_list follow net_link_list: *n in: room, out: how many; more
 * than room: the first room entries and -1 (ENOBUFS).
 */
struct net_stats {	/* IFLA_STATS64's first fields, the kernel's order */
	unsigned long long rx_packets, tx_packets, rx_bytes, tx_bytes,
	    rx_errors, tx_errors, rx_dropped, tx_dropped, multicast,
	    collisions, rx_length_errors, rx_over_errors, rx_crc_errors,
	    rx_frame_errors, rx_fifo_errors, rx_missed_errors,
	    tx_aborted_errors, tx_carrier_errors, tx_fifo_errors,
	    tx_heartbeat_errors, tx_window_errors;
	unsigned txqlen;
};
int net_link_stats(int index, struct net_stats *st);

struct net_addr {
	int index;
	struct in_addr addr, brd;	/* brd.s_addr == 0: none */
	unsigned prefix;
	char label[16];
};
int net_addr_list(struct net_addr *a, size_t *n);	/* every IPv4 address */
int net_route_list(struct net_route *r, size_t *n);	/* IPv4, main table */

/*
 * The kernel's own words for the last failure (extended ack), or "";
 * net_strerror: strerror(e) followed by them in parentheses, if any.
 */
const char *net_why(void);
const char *net_strerror(int e);

/*
 * The reply parser, a pure function over one datagram (for the unit tests
 * and tests/fuzz/netlink.c). Messages of sequence SEQ whose type is WANT
 * (RTM_NEWLINK, RTM_NEWADDR, RTM_NEWROUTE) are decoded into out[n++] while
 * n < room (n counts on past room); the first link's counters go to *stats
 * if not NULL. NLMSG_DONE or NLMSG_ERROR sets done, err (an errno) and
 * why. 0, or -1 if the bytes are malformed.
 */
struct net_reply {
	unsigned short want;
	void *out;
	size_t room, n;
	struct net_stats *stats;
	int done, err;
	char why[128];
};
int net_reply_parse(const void *buf, size_t len, unsigned seq,
    struct net_reply *r);

/*
 * Words, for ifconfig, route and udhcpc (pure). net_parse_ip: dotted quad
 * "A.B.C.D", with "/N" (0-32) when prefix is not NULL (*prefix is left
 * alone without it): 0, -1 bad address, -2 bad prefix. net_ntoa: the
 * dotted quad in buf (16 bytes). net_mask_len: the prefix length of a
 * contiguous mask, or -1. net_class_len: the classful prefix (RFC 791; 0
 * for 0.0.0.0) that the kernel's inet_abc_len() gives an address set
 * without a mask, -1 for class D and E.
 */
int net_parse_ip(const char *s, struct in_addr *a, unsigned *prefix);
const char *net_ntoa(struct in_addr a, char *buf);
int net_mask_len(struct in_addr mask);
struct in_addr net_mask(unsigned prefix);
int net_class_len(struct in_addr a);
#endif
