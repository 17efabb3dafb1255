/* SPDX-License-Identifier: ISC */
/*
 * packet.c - DHCPv4 frames (RFC 2131, 2132, 3396, 3442): pure functions
 * over (buf, len), unit tested and fuzzed. Layers are peeled outside-in
 * with a cursor, as OpenBSD dhcpleased does, plus option overload (52)
 * and split options (RFC 3396). A refused reply comes back with its
 * reason (enum dhcp_err), a known option with a wrong length among them;
 * an unusable but well-formed value is dropped with a DROP_* flag.
 */
#include <string.h>

#include "../../multicall/net.h"
#include "dhcp.h"

#define BOOTREQUEST	1
#define BOOTREPLY	2
#define HTYPE_ETHER	1	/* RFC 1700 hardware type, ARP's too */
#define ETHER_ALEN	6

/* the BOOTP message's fixed fields by byte offset: RFC 2131 2, figure 1 */
enum {
	BOOTP_OP = 0, BOOTP_HTYPE = 1, BOOTP_HLEN = 2, BOOTP_XID = 4,
	BOOTP_SECS = 8, BOOTP_FLAGS = 10, BOOTP_CIADDR = 12,
	BOOTP_YIADDR = 16, BOOTP_CHADDR = 28,
	BOOTP_SNAME = 44,	/* 64 bytes, options if overloaded (52) */
	BOOTP_FILE = 108,	/* 128 bytes, the same */
	BOOTP_FIXED = 236,	/* op .. file; the magic cookie follows */
};
#define BOOTP_MIN	300	/* RFC 1542 2.1: some relays drop shorter */
#define MIN_LEASE	8	/* s: a shorter lease would renew in a loop */

/* an ARP packet for IPv4 over Ethernet by byte offset: RFC 826 */
enum {
	ARP_HRD = 0, ARP_PRO = 2, ARP_HLN = 4, ARP_PLN = 5, ARP_OP = 6,
	ARP_SHA = 8, ARP_SPA = 14, ARP_THA = 18, ARP_TPA = 24,
	ARP_LEN = 28,
};
#define ARP_REQUEST	1
#define ARP_PRO_IP	0x0800	/* the EtherType of IPv4 */
#define IP_MIN_MTU	576	/* RFC 791 3.1: every host takes this */

static const uint8_t magic[4] = { 99, 130, 83, 99 };	/* RFC 2131 3 */

struct cur { const uint8_t *p, *end; };		/* invariant: p <= end */
struct opt { uint8_t code, len; const uint8_t *data; };

static const uint8_t *
take(struct cur *c, size_t n)	/* n bytes, or NULL and consume nothing */
{
	const uint8_t *p = c->p;

	if ((size_t)(c->end - c->p) < n)
		return NULL;
	c->p += n;
	return p;
}

static unsigned
be16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = v >> 8;
	p[1] = v & 255;
}

static struct in_addr
addr_at(const uint8_t *p)
{
	struct in_addr a;

	memcpy(&a, p, 4);
	return a;
}

/* RFC 1071 one's complement sum, folded; 0 when a checksum verifies */
static uint32_t
sum16(uint32_t s, const uint8_t *p, size_t n)
{
	for (; n > 1; p += 2, n -= 2)
		s += be16(p);
	if (n)
		s += p[0] << 8;
	return s;
}

static unsigned
csum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/* 1: *o is the next option; 0: END reached; -1: malformed or no END. */
static int
opt_next(struct cur *c, struct opt *o)
{
	while (c->p < c->end && *c->p == DHO_PAD)
		c->p++;
	if (c->p == c->end)
		return -1;	/* RFC 2131 4.1: every area ends with END */
	if (*c->p == DHO_END)
		return 0;
	if (c->end - c->p < 2 || c->p[1] > c->end - c->p - 2)
		return -1;	/* no length byte, or value runs off the end */
	*o = (struct opt){ c->p[0], c->p[1], c->p + 2 };
	c->p += 2 + o->len;
	return 1;
}

/* RFC 3396 3: all instances of CODE joined; length, -1 absent, -2 > cap */
static int
opt_get(const struct cur *area, int nareas, unsigned code, uint8_t *out,
    size_t cap)
{
	struct cur c;
	struct opt o;
	size_t n = 0;
	int i, found = 0;

	for (i = 0; i < nareas; i++)
		for (c = area[i]; opt_next(&c, &o) == 1;) {
			if (o.code != code)
				continue;
			if (o.len > cap - n)
				return -2;
			memcpy(out + n, o.data, o.len);
			n += o.len;
			found = 1;
		}
	return found ? (int)n : -1;
}

/* a host address a server may hand out: not 0/8, loopback, class D or E */
static int
unicast(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return h >> 24 != 0 && h >> 24 != 127 && h < 0xe0000000u;
}

/* RFC 1035 2.3.1 labels (letters, digits, '-') joined by '.' */
int
dhcp_name_ok(const char *s, size_t len)
{
	size_t i;
	char ch;

	if (len == 0 || len > DHCP_NAME_MAX || s[0] == '.' || s[0] == '-')
		return 0;
	for (i = 0; i < len; i++) {
		ch = s[i];
		if (!(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') &&
		    !(ch >= '0' && ch <= '9') && ch != '-' && ch != '.')
			return 0;
		if (ch == '.' && i + 1 < len &&
		    (s[i + 1] == '.' || s[i + 1] == '-'))
			return 0;
	}
	return 1;
}

/* text options: trailing NULs (some servers add one) are not the name */
static int
get_name(const uint8_t *v, int n, char *out)
{
	while (n > 0 && v[n - 1] == '\0')
		n--;
	if (!dhcp_name_ok((const char *)v, n))
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

/*
 * RFC 3397: DNS names (RFC 1035 3.1), pointers relative to the data; a
 * pointer must go back before the last one, so every walk ends.
 */
static int
get_search(const uint8_t *v, int n, char *out)
{
	char name[DHCP_NAME_MAX + 2];
	int pos = 0, p, limit, jumped, c;
	size_t len = 0, nl;

	while (pos < n) {
		for (p = limit = pos, nl = 0, jumped = 0; v[p] != 0;) {
			if ((v[p] & 0xc0) == 0xc0) {
				if (p + 1 >= n ||
				    ((v[p] & 0x3f) << 8 | v[p + 1]) >= limit)
					return -1;
				if (!jumped)
					pos = p + 2;
				jumped = 1;
				p = limit = (v[p] & 0x3f) << 8 | v[p + 1];
				continue;
			}
			c = v[p];
			if ((c & 0xc0) || p + 1 + c >= n ||
			    nl + c + 1 > sizeof name - 1)
				return -1;
			memcpy(name + nl, v + p + 1, c);
			nl += c;
			name[nl++] = '.';
			p += 1 + c;
		}
		if (!jumped)
			pos = p + 1;
		if (nl == 0)
			continue;
		if (!dhcp_name_ok(name, --nl))
			return -1;
		if (len + nl + 2 > DHCP_NAME_MAX + 1)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, name, nl);
		len += nl;
		out[len] = '\0';
	}
	return 0;
}

/* address lists: a multiple of 4, non-empty; only unicast ones are kept */
static int
get_addrs(const uint8_t *v, int n, struct in_addr *out, unsigned *count)
{
	int i;

	if (n <= 0 || n % 4 != 0)
		return -1;
	for (i = 0; i < n && *count < DHCP_MAX_ADDRS; i += 4)
		if (unicast(addr_at(v + i)))
			out[(*count)++] = addr_at(v + i);
	return 0;
}

/*
 * RFC 3442: width, significant octets, router (0: on-link); malformed is
 * ignored whole (p5). Host bits are cleared: the kernel refuses them.
 */
static int
get_routes(const uint8_t *v, int n, struct dhcp_msg *m)
{
	struct cur c = { v, v + n };
	const uint8_t *w, *dst, *gw;
	uint8_t d[4];

	if (n == 0)
		return -1;
	while (c.p < c.end) {
		w = take(&c, 1);
		if (*w > 32 || (dst = take(&c, (*w + 7) / 8)) == NULL ||
		    (gw = take(&c, 4)) == NULL)
			return -1;
		if (be32(gw) != 0 && !unicast(addr_at(gw)))
			return -1;
		if (m->nroutes == DHCP_MAX_ROUTES) {
			m->flags |= CUT_ROUTES;	/* said, not silent */
			continue;
		}
		memset(d, 0, 4);
		memcpy(d, dst, (*w + 7) / 8);
		m->routes[m->nroutes].dst.s_addr = addr_at(d).s_addr &
		    net_mask(*w).s_addr;
		m->routes[m->nroutes].gw = addr_at(gw);
		m->routes[m->nroutes++].prefix = *w;
	}
	return 0;
}

/* the 4-byte option CODE: 1 and *v, 0 absent, -1 wrong length */
static int
get4(const struct cur *a, int na, unsigned code, uint32_t *v)
{
	uint8_t b[4];
	int n = opt_get(a, na, code, b, sizeof b);

	if (n == 4)
		*v = be32(b);
	return n == -1 ? 0 : n == 4 ? 1 : -1;
}

/*
 * RFC 2131 4.4.5: T1 0.5, T2 0.875 of the lease unless given and
 * consistent; a tiny lease is lengthened so we never renew in a loop.
 */
static void
lease_times(struct dhcp_msg *m)
{
	if (m->lease == DHCP_INFINITE) {
		m->t1 = m->t2 = DHCP_INFINITE;
		return;
	}
	if (m->lease < MIN_LEASE)
		m->lease = MIN_LEASE;
	if (m->t2 < 2 || m->t2 >= m->lease)
		m->t2 = m->lease - m->lease / 8;
	if (m->t1 == 0 || m->t1 >= m->t2)
		m->t1 = m->lease / 2 < m->t2 ? m->lease / 2 : m->t2 / 2;
}

/* the options of an OFFER or ACK that udhcpc uses, or why not */
static enum dhcp_err
get_lease(const struct cur *a, int na, const uint8_t *h, struct dhcp_msg *m)
{
	uint8_t v[1500];
	uint32_t mask = 0, brd, hostbits, server;
	int n, have_srv, have_lease, have_brd, prefix;

	if ((have_srv = get4(a, na, DHO_SERVER_ID, &server)) < 0 ||
	    (have_lease = get4(a, na, DHO_LEASE_TIME, &m->lease)) < 0 ||
	    get4(a, na, DHO_RENEWAL_TIME, &m->t1) < 0 ||
	    get4(a, na, DHO_REBINDING_TIME, &m->t2) < 0 ||
	    get4(a, na, DHO_SUBNET_MASK, &mask) < 0 ||
	    (have_brd = get4(a, na, DHO_BROADCAST, &brd)) < 0)
		return DHCP_BAD_LEN;
	if (!have_srv)
		return DHCP_NO_SERVER;
	if (!have_lease || m->lease == 0)
		return DHCP_NO_LEASE;
	m->yiaddr = addr_at(h + BOOTP_YIADDR);
	m->server.s_addr = htonl(server);
	if (!unicast(m->yiaddr) || !unicast(m->server))
		return DHCP_BAD_ADDR;
	lease_times(m);

	/* 0: absent or 0.0.0.0, -1: not contiguous */
	prefix = net_mask_len((struct in_addr){ htonl(mask) });
	if (prefix > 0) {
		m->flags |= HAVE_MASK;
	} else {
		if (prefix < 0)
			m->flags |= DROP_MASK;
		/* RFC 950 classful default, as busybox and dhcpcd do */
		prefix = net_class_len(m->yiaddr);
	}
	m->prefix = prefix;
	m->mask = net_mask(prefix);
	mask = ntohl(m->mask.s_addr);
	hostbits = ~mask;
	/* the network or broadcast address of its own subnet: not a host */
	if (m->prefix <= 30 && ((ntohl(m->yiaddr.s_addr) & hostbits) == 0 ||
	    (ntohl(m->yiaddr.s_addr) & hostbits) == hostbits))
		return DHCP_BAD_ADDR;
	/* not the broadcast address of our subnet: use the one that is */
	if (have_brd != 1 || ((brd ^ ntohl(m->yiaddr.s_addr)) & mask) != 0 ||
	    (brd & hostbits) != hostbits)
		brd = ntohl(m->yiaddr.s_addr) | hostbits;
	m->broadcast.s_addr = htonl(brd);

	if ((n = opt_get(a, na, DHO_MTU, v, 2)) != -1) {
		if (n != 2)
			return DHCP_BAD_LEN;
		/* RFC 2132 5.1 allows 68; below 576 cuts us off */
		m->flags |= be16(v) >= IP_MIN_MTU ? HAVE_MTU : DROP_MTU;
		m->mtu = be16(v) >= IP_MIN_MTU ? be16(v) : 0;
	}
	if ((n = opt_get(a, na, DHO_ROUTERS, v, sizeof v)) == -2 ||
	    (n >= 0 && get_addrs(v, n, m->routers, &m->nrouters) < 0))
		return DHCP_BAD_LEN;
	if ((n = opt_get(a, na, DHO_DNS, v, sizeof v)) == -2 ||
	    (n >= 0 && get_addrs(v, n, m->dns, &m->ndns) < 0))
		return DHCP_BAD_LEN;
	if ((n = opt_get(a, na, DHO_HOST_NAME, v, sizeof v)) == -2 ||
	    (n >= 0 && get_name(v, n, m->hostname) < 0))
		m->flags |= DROP_HOSTNAME;
	if ((n = opt_get(a, na, DHO_DOMAIN_NAME, v, sizeof v)) == -2 ||
	    (n >= 0 && get_name(v, n, m->domain) < 0))
		m->flags |= DROP_DOMAIN;
	if ((n = opt_get(a, na, DHO_DOMAIN_SEARCH, v, sizeof v)) == -2 ||
	    (n >= 0 && get_search(v, n, m->search) < 0)) {
		m->flags |= DROP_SEARCH;
		m->search[0] = '\0';
	}
	if ((n = opt_get(a, na, DHO_CLASSLESS_ROUTES, v, sizeof v)) == -2 ||
	    (n >= 0 && get_routes(v, n, m) < 0)) {
		m->flags |= DROP_ROUTES;
		m->nroutes = 0;
	}
	return DHCP_OK;
}

/* a BOOTP reply for us (op, htype, hlen, xid, chaddr): DHCP_OK and *m */
enum dhcp_err
dhcp_parse(const uint8_t *buf, size_t len, uint32_t xid,
    const unsigned char chaddr[6], struct dhcp_msg *m)
{
	struct cur c = { buf, buf + len }, area[3];
	const uint8_t *h, *cookie;
	struct opt o;
	uint8_t v[2];
	uint32_t server;
	int i, n, na = 1, r;

	if ((h = take(&c, BOOTP_FIXED)) == NULL)
		return DHCP_SHORT;
	if (h[BOOTP_OP] != BOOTREPLY || h[BOOTP_HTYPE] != HTYPE_ETHER ||
	    h[BOOTP_HLEN] != ETHER_ALEN || be32(h + BOOTP_XID) != xid ||
	    memcmp(h + BOOTP_CHADDR, chaddr, ETHER_ALEN) != 0)
		return DHCP_NOT_OURS;
	if ((cookie = take(&c, 4)) == NULL)
		return DHCP_SHORT;
	if (memcmp(cookie, magic, 4) != 0)
		return DHCP_BAD_COOKIE;
	area[0] = c;
	/* RFC 2131 4.1: option 52 says file (1), sname (2) or both hold more */
	if ((n = opt_get(area, 1, DHO_OVERLOAD, v, sizeof v)) != -1) {
		if (n != 1 || v[0] < 1 || v[0] > 3)
			return DHCP_BAD_OVERLOAD;
		if (v[0] & 1)
			area[na++] = (struct cur){ h + BOOTP_FILE,
			    h + BOOTP_FIXED };
		if (v[0] & 2)
			area[na++] = (struct cur){ h + BOOTP_SNAME,
			    h + BOOTP_FILE };
	}
	/* every area well-formed: opt_get's walks below cannot fail */
	for (i = 0; i < na; i++) {
		for (c = area[i]; (r = opt_next(&c, &o)) == 1;)
			;
		if (r < 0)
			return DHCP_BAD_OPTIONS;
	}
	memset(m, 0, sizeof *m);
	m->xid = xid;
	if ((n = opt_get(area, na, DHO_MESSAGE_TYPE, v, 1)) != 1)
		return n == -1 ? DHCP_NO_TYPE : DHCP_BAD_LEN;
	m->type = v[0];
	if (m->type == DHCPNAK) {
		if ((r = get4(area, na, DHO_SERVER_ID, &server)) < 0)
			return DHCP_BAD_LEN;
		m->server.s_addr = r ? htonl(server) : 0;
		return DHCP_OK;
	}
	if (m->type != DHCPOFFER && m->type != DHCPACK)
		return DHCP_BAD_TYPE;
	return get_lease(area, na, h, m);
}

/* IPv4+UDP 67->68 from the raw socket; CSUM_PARTIAL: no UDP sum (veth) */
enum dhcp_err
dhcp_parse_ip(const uint8_t *buf, size_t len, unsigned flags, uint32_t xid,
    const unsigned char chaddr[6], struct dhcp_msg *m)
{
	struct cur c = { buf, buf + len };
	const uint8_t *ip, *udp;
	size_t hl, tot, ulen;

	if ((ip = take(&c, IP_HDR)) == NULL)
		return DHCP_BAD_IP;
	if (ip[IPH_PROTO] != IPPROTO_UDP)
		return DHCP_NOT_OURS;
	hl = (ip[IPH_VHL] & 15) * 4;
	tot = be16(ip + IPH_TOTLEN);
	if (ip[IPH_VHL] >> 4 != 4 || hl < IP_HDR || tot > len ||
	    tot < hl + UDP_HDR ||
	    (be16(ip + IPH_FRAG) & (IPH_MF | IPH_OFFMASK)) != 0)
		return DHCP_BAD_IP;
	if (csum_fold(sum16(0, ip, hl)) != 0)
		return DHCP_BAD_IPSUM;
	c.end = buf + tot;	/* Ethernet padding is not ours */
	/* tot >= hl + UDP_HDR above; checked again, each take() on its own */
	if (take(&c, hl - IP_HDR) == NULL || (udp = take(&c, UDP_HDR)) == NULL)
		return DHCP_BAD_IP;
	if (be16(udp + UDPH_SPORT) != DHCP_SERVER_PORT ||
	    be16(udp + UDPH_DPORT) != DHCP_CLIENT_PORT)
		return DHCP_NOT_OURS;
	ulen = be16(udp + UDPH_LEN);
	if (ulen < UDP_HDR || ulen > tot - hl)
		return DHCP_BAD_UDP;
	/* the pseudo header (RFC 768): source, destination, protocol, length */
	if (!(flags & CSUM_PARTIAL) && be16(udp + UDPH_SUM) != 0 &&
	    csum_fold(sum16(sum16(IPPROTO_UDP + ulen, ip + IPH_SRC, 8), udp,
	    ulen)) != 0)
		return DHCP_BAD_UDPSUM;
	return dhcp_parse(udp + UDP_HDR, ulen - UDP_HDR, xid, chaddr, m);
}

static uint8_t *
put_opt(uint8_t *p, const uint8_t *end, unsigned code, const void *v,
    size_t n)
{
	if (p == NULL || n > 255 || (size_t)(end - p) < n + 2)
		return NULL;
	*p++ = code;
	*p++ = n;
	memcpy(p, v, n);
	return p + n;
}

/* a BOOTREQUEST with RFC 2131 table 5's options; length, 0: cap short */
size_t
dhcp_build(const struct dhcp_req *r, uint8_t *buf, size_t cap)
{
	/* RFC 2132 9.10: the whole IP datagram we accept */
	static const uint8_t maxsize[2] = { (DHCP_UDP_MAX + IP_UDP_HDR) >> 8,
	    (DHCP_UDP_MAX + IP_UDP_HDR) & 255 };
	uint8_t *p = buf + BOOTP_FIXED + 4, *end = buf + cap, type = r->type;
	uint32_t xid = htonl(r->xid);

	if (cap < BOOTP_MIN)
		return 0;
	memset(buf, 0, BOOTP_MIN);
	buf[BOOTP_OP] = BOOTREQUEST;
	buf[BOOTP_HTYPE] = HTYPE_ETHER;
	buf[BOOTP_HLEN] = ETHER_ALEN;
	memcpy(buf + BOOTP_XID, &xid, 4);
	put16(buf + BOOTP_SECS, r->secs);
	put16(buf + BOOTP_FLAGS, r->flags);
	memcpy(buf + BOOTP_CIADDR, &r->ciaddr, 4);
	memcpy(buf + BOOTP_CHADDR, r->chaddr, ETHER_ALEN);
	memcpy(buf + BOOTP_FIXED, magic, 4);
	p = put_opt(p, end, DHO_MESSAGE_TYPE, &type, 1);
	if (r->requested.s_addr)
		p = put_opt(p, end, DHO_REQUESTED_ADDR, &r->requested, 4);
	if (r->server.s_addr)
		p = put_opt(p, end, DHO_SERVER_ID, &r->server, 4);
	if (r->type == DHCPDISCOVER || r->type == DHCPREQUEST) {
		p = put_opt(p, end, DHO_MAX_SIZE, maxsize, 2);
		if (r->nparams)
			p = put_opt(p, end, DHO_PARAM_REQ, r->params,
			    r->nparams);
	}
	if (p == NULL || (size_t)(end - p) < r->extralen + 1)
		return 0;
	if (r->extralen)
		memcpy(p, r->extra, r->extralen);
	p += r->extralen;
	*p++ = DHO_END;
	return p - buf < BOOTP_MIN ? BOOTP_MIN : (size_t)(p - buf);
}

/* IPv4 and UDP headers (68 to 67) before the BOOTP message at buf + 28 */
size_t
dhcp_wrap_ip(uint8_t *buf, size_t len, struct in_addr src,
    struct in_addr dst)
{
	uint8_t *udp = buf + IP_HDR;
	size_t ulen = len + UDP_HDR, tot = ulen + IP_HDR;
	unsigned s;

	memset(buf, 0, IP_UDP_HDR);
	buf[IPH_VHL] = 4 << 4 | IP_HDR / 4;
	put16(buf + IPH_TOTLEN, tot);
	buf[IPH_TTL] = 64;
	buf[IPH_PROTO] = IPPROTO_UDP;
	memcpy(buf + IPH_SRC, &src, 4);
	memcpy(buf + IPH_DST, &dst, 4);
	put16(buf + IPH_SUM, csum_fold(sum16(0, buf, IP_HDR)));
	put16(udp + UDPH_SPORT, DHCP_CLIENT_PORT);
	put16(udp + UDPH_DPORT, DHCP_SERVER_PORT);
	put16(udp + UDPH_LEN, ulen);
	s = csum_fold(sum16(sum16(IPPROTO_UDP + ulen, buf + IPH_SRC, 8), udp,
	    ulen));
	put16(udp + UDPH_SUM, s ? s : 0xffff);	/* RFC 768: 0 means none */
	return tot;
}

/* RFC 826 / RFC 5227 2.1.1: "who has A?" from 0.0.0.0, ARP_LEN bytes */
size_t
arp_probe(uint8_t *buf, const unsigned char mac[6], struct in_addr a)
{
	/* hrd Ethernet, pro IPv4 (0x0800), hln, pln, op request */
	static const uint8_t head[ARP_SHA] = { 0, HTYPE_ETHER,
	    ARP_PRO_IP >> 8, ARP_PRO_IP & 255, ETHER_ALEN, 4, 0, ARP_REQUEST };

	memcpy(buf, head, ARP_SHA);
	memcpy(buf + ARP_SHA, mac, ETHER_ALEN);
	memset(buf + ARP_SPA, 0, ARP_TPA - ARP_SPA);	/* spa, tha */
	memcpy(buf + ARP_TPA, &a, 4);
	return ARP_LEN;
}

/* RFC 5227 2.1.1: another host sends from A, or probes for A too */
int
arp_conflict(const uint8_t *buf, size_t len, const unsigned char mac[6],
    struct in_addr a)
{
	if (len < ARP_LEN || be16(buf + ARP_HRD) != HTYPE_ETHER ||
	    be16(buf + ARP_PRO) != ARP_PRO_IP || buf[ARP_HLN] != ETHER_ALEN ||
	    buf[ARP_PLN] != 4 || memcmp(buf + ARP_SHA, mac, ETHER_ALEN) == 0)
		return 0;
	return memcmp(buf + ARP_SPA, &a, 4) == 0 ||
	    (be32(buf + ARP_SPA) == 0 && be16(buf + ARP_OP) == ARP_REQUEST &&
	    memcmp(buf + ARP_TPA, &a, 4) == 0);
}
