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
#endif
