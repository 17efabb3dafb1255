/* SPDX-License-Identifier: ISC */
/*
 * net.h - links, addresses and routes (multicall/net.c): the only way
 * ifconfig, route and udhcpc change them. Calls return 0, or -1 with the
 * kernel's errno, and print nothing. Addresses are in network byte order.
 * Lists: *n in: room, out: how many are stored, never more than room
 * (more there: -1, ENOBUFS).
 */
#ifndef NET_H
#define NET_H

#include <netinet/in.h>
#include <stddef.h>

struct net_link {
	int index;
	char name[16];			/* IFNAMSIZ */
	unsigned flags;			/* IFF_* */
	unsigned mtu;
	unsigned short type;		/* ARPHRD_* */
	unsigned char hwaddr[6];
	int carrier;			/* 1: link detected */
};

struct net_stats {	/* IFLA_STATS64's first fields, the kernel's order */
	unsigned long long rx_packets, tx_packets, rx_bytes, tx_bytes,
	    rx_errors, tx_errors, rx_dropped, tx_dropped, multicast,
	    collisions, rx_length_errors, rx_over_errors, rx_crc_errors,
	    rx_frame_errors, rx_fifo_errors, rx_missed_errors,
	    tx_aborted_errors, tx_carrier_errors, tx_fifo_errors,
	    tx_heartbeat_errors, tx_window_errors;
	unsigned txqlen;
};

struct net_addr {
	int index;
	struct in_addr addr, brd;	/* brd.s_addr == 0: none */
	unsigned prefix;
	char label[16];			/* "" in requests: the link's name */
	struct in_addr peer;		/* point-to-point peer, or 0 */
};

struct net_route {
	struct in_addr dst, gw;		/* gw.s_addr == 0: on-link */
	unsigned prefix;		/* 0: default route */
	unsigned metric, mss;		/* 0: not set; mss: RTAX_ADVMSS */
	unsigned window, irtt;		/* RTAX_WINDOW; RTAX_RTT in ms */
	int index;			/* 0: the kernel chooses by gw */
	int reject;			/* 1: RTN_UNREACHABLE */
};

int net_ifindex(const char *name);		/* -1 and ENODEV if none */
int net_link_get(int index, struct net_link *l);
int net_link_stats(int index, struct net_stats *st);
int net_link_list(struct net_link *l, size_t *n);	/* in index order */
/* flags in mask become those in set */
int net_link_set_flags(int index, unsigned set, unsigned mask);
int net_link_set_mtu(int index, unsigned mtu);
int net_link_set_hwaddr(int index, const unsigned char mac[6]);
int net_link_set_txqlen(int index, unsigned qlen);
int net_link_set_master(int index, int master);	/* 0: none */
int net_bridge_add(const char *name);		/* and if it is there */
/*
 * The link a DHCP client takes: NAME, else eth0, else the first Ethernet
 * link to get carrier; each is brought up, carrier waited for 5 s at most
 * (ENODEV: none had it).
 */
int net_link_pick(const char *name, struct net_link *l);
int net_addr_put(const struct net_addr *a);	/* added, or replaced */
int net_addr_del(const struct net_addr *a);
int net_addr_flush(int index);
int net_addr_list(struct net_addr *a, size_t *n);	/* IPv4 */
int net_route_add(const struct net_route *r);
int net_route_del(const struct net_route *r);
int net_route_list(struct net_route *r, size_t *n);	/* IPv4, main table */

/* The kernel's reason for the last failure (extended ack), or "". */
const char *net_why(void);
const char *net_strerror(int e);	/* strerror(e) (net_why()) */

/*
 * The reply parser, pure (tests/fuzz/netlink.c). Messages of sequence SEQ
 * and type WANT (RTM_NEWLINK, RTM_NEWADDR, RTM_NEWROUTE) go to out[n++]
 * while n < room (n counts on); the first link's counters to *stats if
 * not NULL. NLMSG_DONE or NLMSG_ERROR set done, err and why. 0, or -1 if
 * malformed.
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
 * Its decoders, pure too: one RTM_NEWLINK, RTM_NEWADDR or RTM_NEWROUTE
 * message after its struct nlmsghdr, N bytes. 1: decoded, and one that
 * ifconfig and route list; 0: decoded, not listed (not IPv4, not the main
 * table); -1: malformed. st, if not NULL, gets the link's counters.
 */
int net_link_decode(const void *buf, size_t n, struct net_link *l,
    struct net_stats *st);
int net_addr_decode(const void *buf, size_t n, struct net_addr *a);
int net_route_decode(const void *buf, size_t n, struct net_route *rt);

/*
 * Words (pure). net_parse_ip: "A.B.C.D", "/N" too if prefix is not NULL:
 * 0, -1 bad address, -2 bad prefix. net_ntoa: into buf[16]. net_mask_len:
 * of a contiguous mask, else -1. net_class_len: the classful prefix the
 * kernel's inet_abc_len() gives (0 for 0.0.0.0), -1 for class D and E.
 */
int net_parse_ip(const char *s, struct in_addr *a, unsigned *prefix);
const char *net_ntoa(struct in_addr a, char *buf);
int net_mask_len(struct in_addr mask);
struct in_addr net_mask(unsigned prefix);
int net_class_len(struct in_addr a);
#endif
