/* SPDX-License-Identifier: ISC */
/* dhcp.h - shared by packet.c (frames), state.c (states), udhcpc.c (I/O) */
#ifndef DHCP_H
#define DHCP_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 2132 option codes, by their protocol names */
#define DHO_PAD			0
#define DHO_SUBNET_MASK		1
#define DHO_ROUTERS		3
#define DHO_DNS			6
#define DHO_HOST_NAME		12
#define DHO_DOMAIN_NAME		15
#define DHO_BROADCAST		28
#define DHO_MTU			26
#define DHO_NTP_SERVERS		42
#define DHO_REQUESTED_ADDR	50
#define DHO_LEASE_TIME		51
#define DHO_OVERLOAD		52
#define DHO_MESSAGE_TYPE	53
#define DHO_SERVER_ID		54
#define DHO_PARAM_REQ		55
#define DHO_MAX_SIZE		57
#define DHO_RENEWAL_TIME	58
#define DHO_REBINDING_TIME	59
#define DHO_VENDOR_CLASS	60
#define DHO_CLIENT_ID		61
#define DHO_FQDN		81
#define DHO_DOMAIN_SEARCH	119
#define DHO_CLASSLESS_ROUTES	121
#define DHO_END			255

enum { DHCPDISCOVER = 1, DHCPOFFER, DHCPREQUEST, DHCPDECLINE, DHCPACK,
	DHCPNAK, DHCPRELEASE };

#define DHCP_MAX_ADDRS	4	/* routers, name servers kept */
#define DHCP_MAX_ROUTES	16	/* option 121 routes kept */
#define DHCP_NAME_MAX	253	/* RFC 1035 2.3.4, as text */
#define DHCP_INFINITE	0xffffffffu	/* RFC 2131 3.3 */

struct dhcp_route {
	struct in_addr dst, gw;
	unsigned prefix;
};

/* fields a reply may lack or that were dropped as invalid */
enum {
	HAVE_MASK = 1, HAVE_MTU = 4,
	DROP_HOSTNAME = 16, DROP_DOMAIN = 32, DROP_ROUTES = 64, DROP_MASK = 128,
	DROP_MTU = 256, DROP_SEARCH = 512,
	CUT_ROUTES = 1024,	/* option 121 had more than DHCP_MAX_ROUTES */
};

/* one checked reply: every field comes from validated bytes only */
struct dhcp_msg {
	unsigned type, flags;
	uint32_t xid;
	struct in_addr yiaddr, server, mask, broadcast;
	unsigned prefix, mtu;
	uint32_t lease, t1, t2;		/* seconds; t1 < t2 < lease */
	struct in_addr routers[DHCP_MAX_ADDRS], dns[DHCP_MAX_ADDRS];
	unsigned nrouters, ndns, nroutes;
	struct dhcp_route routes[DHCP_MAX_ROUTES];
	char hostname[DHCP_NAME_MAX + 1], domain[DHCP_NAME_MAX + 1];
	char search[DHCP_NAME_MAX + 1];	/* option 119: names, space apart */
};

/* what the client puts in a request */
struct dhcp_req {
	unsigned type;
	uint32_t xid;
	uint16_t secs;
	unsigned char chaddr[6];
	struct in_addr ciaddr, requested, server;	/* 0: not sent */
	uint16_t flags;			/* BOOTP_BROADCAST: -B (RFC 2131 4.1) */
#define BOOTP_BROADCAST	0x8000
	const uint8_t *extra;		/* ready-made options (-x, -V, 61) */
	size_t extralen;
	const uint8_t *params;		/* option 55 list */
	size_t nparams;
};

/*
 * The headers before a BOOTP message on the raw socket, their fields by
 * byte offset: IPv4 (RFC 791 3.1) and UDP (RFC 768). udhcpc.c's socket
 * filter reads them too.
 */
enum {
	IPH_VHL = 0,		/* version (4 bits), header length in words */
	IPH_TOTLEN = 2,
	IPH_FRAG = 6,		/* flags (3 bits), fragment offset (13) */
	IPH_TTL = 8,
	IPH_PROTO = 9,
	IPH_SUM = 10,
	IPH_SRC = 12,
	IPH_DST = 16,		/* src, dst: the checksum's pseudo header */
	UDPH_SPORT = 0,
	UDPH_DPORT = 2,
	UDPH_LEN = 4,
	UDPH_SUM = 6,
};
#define IP_HDR		20	/* without options, as we send it */
#define UDP_HDR		8
#define IP_UDP_HDR	(IP_HDR + UDP_HDR)	/* before what we send */
#define IPH_MF		0x2000	/* more fragments */
#define IPH_OFFMASK	0x1fff	/* fragment offset */
#define DHCP_SERVER_PORT	67	/* RFC 2131 4.1 */
#define DHCP_CLIENT_PORT	68

/*
 * Why packet.c refused a reply. DHCP_NOT_OURS is other hosts' traffic
 * (another op, xid, chaddr or port): silent. Every other reason is a
 * reply that may be ours but is broken; udhcpc.c logs it ("Why no
 * lease?"), as dhcpleased does.
 */
enum dhcp_err {
	DHCP_OK,
	DHCP_BAD_IP,		/* IP header: version, lengths, fragment */
	DHCP_BAD_IPSUM,
	DHCP_BAD_UDP,		/* UDP length */
	DHCP_BAD_UDPSUM,
	DHCP_SHORT,		/* BOOTP fixed part or cookie cut short */
	DHCP_BAD_COOKIE,
	DHCP_BAD_OPTIONS,	/* an option past its area, no END */
	DHCP_BAD_OVERLOAD,	/* option 52 */
	DHCP_BAD_LEN,		/* a known option with a wrong length */
	DHCP_NO_TYPE,		/* no option 53 */
	DHCP_BAD_TYPE,		/* not OFFER, ACK or NAK */
	DHCP_NO_SERVER,		/* no option 54 in an OFFER or ACK */
	DHCP_NO_LEASE,		/* option 51 absent or 0 */
	DHCP_BAD_ADDR,		/* yiaddr or server id not a host's */
	DHCP_NOT_OURS,
};

/* packet.c: pure functions, no I/O, no globals */
#define DHCP_UDP_MAX	1472	/* 1500 - IP - UDP: our receive limit */
enum { CSUM_PARTIAL = 1 };	/* PACKET_AUXDATA said: checksum not filled */
enum dhcp_err dhcp_parse_ip(const uint8_t *buf, size_t len, unsigned flags,
    uint32_t xid, const unsigned char chaddr[6], struct dhcp_msg *m);
enum dhcp_err dhcp_parse(const uint8_t *buf, size_t len, uint32_t xid,
    const unsigned char chaddr[6], struct dhcp_msg *m);
size_t dhcp_build(const struct dhcp_req *r, uint8_t *buf, size_t cap);
size_t dhcp_wrap_ip(uint8_t *buf, size_t len, struct in_addr src,
    struct in_addr dst);
int dhcp_name_ok(const char *s, size_t len);
size_t arp_probe(uint8_t *buf, const unsigned char mac[6], struct in_addr a);
int arp_conflict(const uint8_t *buf, size_t len, const unsigned char mac[6],
    struct in_addr a);

/* state.c: RFC 2131 4.4 client states */
enum dhcp_state { S_INIT, S_SELECTING, S_REQUESTING, S_INIT_REBOOT,
	S_BOUND, S_RENEWING, S_REBINDING, S_RELEASED };

/* what the caller must do after a step: a bit set, in this order */
enum {
	DO_DECONFIG = 1,	/* remove the address of the old lease */
	DO_NAK = 2,		/* a NAK ended the lease or the request */
	DO_BOUND = 4,		/* apply lease: a new address */
	DO_RENEW = 8,		/* lease renewed, same address */
	DO_LEASEFAIL = 16,	/* -t tries without a lease */
	DO_SEND = 32,		/* out: to lease.server if out_unicast */
};
#define NEVER	UINT64_MAX

struct dhcpc {
	enum dhcp_state state;
	uint64_t deadline;		/* ms, the caller's clock; NEVER */
	uint64_t started;		/* ms: first packet of an exchange */
	uint64_t sent;			/* ms: last REQUEST (RFC 2131 4.4.1) */
	uint64_t acquired;		/* ms: the lease's time zero */
	unsigned tries, maxtries, timeout_ms, failwait_ms;
	unsigned naks;			/* NAKs in a row, since the last lease */
	struct in_addr nak_from;	/* the last NAK's server id, or 0 */
	int out_unicast;
	struct dhcp_req out;		/* caller adds chaddr and options */
	struct in_addr requested;	/* -r (INIT-REBOOT) */
	struct dhcp_msg offer, lease;
	uint32_t (*random)(void *ctx);	/* xids and backoff jitter */
	void *ctx;
};

void dhcpc_init(struct dhcpc *c, uint64_t now);
unsigned dhcpc_timeout(struct dhcpc *c, uint64_t now);
unsigned dhcpc_input(struct dhcpc *c, const struct dhcp_msg *m, uint64_t now);
unsigned dhcpc_renew(struct dhcpc *c, uint64_t now);
unsigned dhcpc_release(struct dhcpc *c);
unsigned dhcpc_decline(struct dhcpc *c, uint64_t now);
#endif
