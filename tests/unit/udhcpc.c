/* SPDX-License-Identifier: ISC */
/*
 * udhcpc.c - the DHCP codec (applets/udhcpc/packet.c) on well-formed and
 * hostile replies, and the state machine (state.c) driven with injected
 * time and randomness, both also on random input seeded through rng.h.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "../../applets/udhcpc/packet.c"
#include "../../applets/udhcpc/state.c"
#include "../rng.h"
#include "../tap.h"

#define XID	0x12345678u

static const unsigned char mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t std[] = {
	54, 4, 10, 0, 0, 1,  51, 4, 0, 0, 14, 16,  1, 4, 255, 255, 255, 0,
	3, 4, 10, 0, 0, 1,  6, 4, 10, 0, 0, 53,
	15, 11, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm',
	12, 5, 'h', 'o', 's', 't', '1',
};

static struct in_addr
ip(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

/* a BOOTREPLY of TYPE for yiaddr YI with options OPT (END added) */
static size_t
reply(uint8_t *b, unsigned type, const char *yi, const uint8_t *opt,
    size_t n)
{
	struct in_addr a = ip(yi);
	uint32_t x = htonl(XID);

	memset(b, 0, 240);
	b[0] = BOOTREPLY;
	b[1] = 1;
	b[2] = 6;
	memcpy(b + 4, &x, 4);
	memcpy(b + 16, &a, 4);
	memcpy(b + 28, mac, 6);
	memcpy(b + 236, magic, 4);
	b[240] = DHO_MESSAGE_TYPE;
	b[241] = 1;
	b[242] = type;
	memcpy(b + 243, opt, n);
	b[243 + n] = DHO_END;
	return 244 + n;
}

/* the same inside IPv4 + UDP from server port 67 to client port 68 */
static size_t
frame(uint8_t *f, const uint8_t *b, size_t n)
{
	size_t len;
	unsigned s;

	memcpy(f + 28, b, n);
	len = dhcp_wrap_ip(f, n, ip("10.0.0.1"), ip("255.255.255.255"));
	f[21] = 67;
	f[23] = 68;
	f[26] = f[27] = 0;
	s = csum_fold(sum16(sum16(IPPROTO_UDP + n + 8, f + 12, 8), f + 20, n + 8));
	s = s ? s : 0xffff;
	f[26] = s >> 8;
	f[27] = s & 255;
	return len;
}

static int
parse_opts(unsigned type, const char *yi, const uint8_t *opt, size_t n,
    struct dhcp_msg *m)
{
	uint8_t b[1500];

	return dhcp_parse(b, reply(b, type, yi, opt, n), XID, mac, m);
}

static void
test_codec(void)
{
	uint8_t b[1500], f[1600], o[600];
	struct dhcp_req rq = { .type = DHCPDISCOVER, .xid = XID };
	struct dhcp_msg m;
	size_t n, fn;
	char s[64];

	memcpy(rq.chaddr, mac, 6);
	rq.params = (const uint8_t *)"\1\3\6";
	rq.nparams = 3;
	n = dhcp_build(&rq, b, sizeof b);
	ok(n == BOOTP_MIN && b[0] == BOOTREQUEST && be32(b + 4) == XID &&
	    memcmp(b + 28, mac, 6) == 0 && memcmp(b + 236, magic, 4) == 0,
	    "DISCOVER: 300 bytes, op, xid, chaddr, cookie");
	ok(b[240] == 53 && b[241] == 1 && b[242] == 1 && b[243] == 57 &&
	    b[247] == 55 && b[248] == 3 && b[252] == DHO_END,
	    "DISCOVER options: 53, 57, 55, END");
	ok(dhcp_build(&rq, b, 299) == 0, "a buffer too small builds nothing");
	rq.type = DHCPREQUEST;
	rq.requested = ip("10.0.0.7");
	rq.server = ip("10.0.0.1");
	n = dhcp_build(&rq, b, sizeof b);
	ok(b[242] == 3 && b[243] == 50 && be32(b + 245) == 0x0a000007 &&
	    b[249] == 54, "REQUEST carries 50 and 54");
	fn = dhcp_wrap_ip(f, n, (struct in_addr){ 0 }, ip("255.255.255.255"));
	ok(fn == n + 28 && csum_fold(sum16(0, f, 20)) == 0 &&
	    csum_fold(sum16(sum16(IPPROTO_UDP + n + 8, f + 12, 8), f + 20, n + 8))
	    == 0, "IP and UDP checksums of a sent frame verify");

	n = reply(b, DHCPOFFER, "10.0.0.7", std, sizeof std);
	ok(dhcp_parse(b, n, XID, mac, &m) == 0 && m.type == DHCPOFFER &&
	    m.yiaddr.s_addr == ip("10.0.0.7").s_addr &&
	    m.server.s_addr == ip("10.0.0.1").s_addr, "a good OFFER");
	ok(m.lease == 3600 && m.t1 == 1800 && m.t2 == 3150,
	    "T1 and T2 default to 0.5 and 0.875 of the lease");
	ok(m.prefix == 24 && m.broadcast.s_addr == ip("10.0.0.255").s_addr &&
	    m.nrouters == 1 && m.ndns == 1 &&
	    m.dns[0].s_addr == ip("10.0.0.53").s_addr,
	    "mask, broadcast, router, DNS");
	ok(strcmp(m.domain, "example.com") == 0 &&
	    strcmp(m.hostname, "host1") == 0 && m.flags == HAVE_MASK,
	    "domain and hostname");
	fn = frame(f, b, n);
	ok(dhcp_parse_ip(f, fn, 0, XID, mac, &m) == 0, "the same in IP/UDP");
	f[fn] = 0xee;
	ok(dhcp_parse_ip(f, fn + 18, 0, XID, mac, &m) == 0,
	    "Ethernet padding after the IP packet is ignored");
	f[27] ^= 1;
	ok(dhcp_parse_ip(f, fn, 0, XID, mac, &m) == DHCP_BAD_UDPSUM,
	    "bad UDP checksum");
	ok(dhcp_parse_ip(f, fn, CSUM_PARTIAL, XID, mac, &m) == 0,
	    "unless the kernel says it was never filled in");
	f[27] ^= 1;
	f[10] ^= 1;
	ok(dhcp_parse_ip(f, fn, 0, XID, mac, &m) == DHCP_BAD_IPSUM,
	    "bad IP checksum");
	f[10] ^= 1;
	ok(dhcp_parse_ip(f, fn - 1, 0, XID, mac, &m) == DHCP_BAD_IP,
	    "IP total length past the frame");
	f[0] = 0x65;
	ok(dhcp_parse_ip(f, fn, 0, XID, mac, &m) == DHCP_BAD_IP,
	    "IP version 6 in an IPv4 frame");
	f[0] = 0x45;
	f[9] = IPPROTO_TCP;
	ok(dhcp_parse_ip(f, fn, 0, XID, mac, &m) == DHCP_NOT_OURS,
	    "not UDP: not ours");
	f[9] = IPPROTO_UDP;
	memcpy(s, f + 24, 2);
	memcpy(f + 24, "\0\7", 2);
	ok(dhcp_parse_ip(f, fn, CSUM_PARTIAL, XID, mac, &m) == DHCP_BAD_UDP,
	    "UDP length shorter than its header");
	memcpy(f + 24, s, 2);
	f[24]++;
	ok(dhcp_parse_ip(f, fn, CSUM_PARTIAL, XID, mac, &m) == DHCP_BAD_UDP,
	    "UDP length past the IP packet");
	f[24]--;
	ok(dhcp_parse_ip(f, fn, 0, XID, mac, &m) == DHCP_OK,
	    "the frame restored parses");
	f[23] = 69;
	ok(dhcp_parse_ip(f, fn, CSUM_PARTIAL, XID, mac, &m) == DHCP_NOT_OURS,
	    "not to port 68: not ours");
	f[23] = 68;
	f[21] = 53;
	ok(dhcp_parse_ip(f, fn, CSUM_PARTIAL, XID, mac, &m) == DHCP_NOT_OURS,
	    "not from port 67: not ours");
	f[21] = 67;
	f[6] = 0x20;
	ok(dhcp_parse_ip(f, fn, CSUM_PARTIAL, XID, mac, &m) == DHCP_BAD_IP,
	    "a fragment");
	ok(dhcp_parse_ip(f, 27, 0, XID, mac, &m) == DHCP_BAD_IP,
	    "a short frame");
	ok(dhcp_parse_ip(f, 19, 0, XID, mac, &m) == DHCP_BAD_IP,
	    "shorter than an IP header");

	ok(dhcp_parse(b, n, XID + 1, mac, &m) == DHCP_NOT_OURS,
	    "wrong xid: not ours");
	b[33] ^= 1;
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_NOT_OURS,
	    "wrong chaddr: not ours");
	b[33] ^= 1;
	b[0] = BOOTREQUEST;
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_NOT_OURS,
	    "wrong op: not ours");
	b[0] = BOOTREPLY;
	b[237] ^= 1;
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_BAD_COOKIE, "bad cookie");
	b[237] ^= 1;
	ok(dhcp_parse(b, 239, XID, mac, &m) == DHCP_SHORT,
	    "short BOOTP: no whole cookie");
	ok(dhcp_parse(b, 235, XID, mac, &m) == DHCP_SHORT,
	    "short BOOTP: no whole fixed part");
	ok(dhcp_parse(b, n - 1, XID, mac, &m) == DHCP_BAD_OPTIONS, "no END");
	b[n - 1] = 200;
	b[n] = 9;
	ok(dhcp_parse(b, n + 1, XID, mac, &m) == DHCP_BAD_OPTIONS,
	    "option length past end");
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_BAD_OPTIONS,
	    "option without its length");
	n = reply(b, DHCPOFFER, "10.0.0.7", std, sizeof std);
	b[240] = DHO_PAD;
	b[241] = DHO_PAD;
	b[242] = DHO_PAD;
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_NO_TYPE,
	    "no message type");
	memcpy(o, "\65\2\2\2", 4);
	memcpy(o + 4, std, sizeof std);
	ok(parse_opts(DHCPOFFER, "10.0.0.7", o, 4 + sizeof std, &m) ==
	    DHCP_BAD_LEN, "message type of 1 + 2 bytes (split): wrong length");

	memcpy(o, "\66\3\12\0\0", 5);
	memcpy(o + 5, std + 6, sizeof std - 6);
	ok(parse_opts(DHCPOFFER, "10.0.0.7", o, sizeof std - 1, &m) ==
	    DHCP_BAD_LEN, "server id of 3 bytes: wrong length");
	memcpy(o, std, sizeof std);
	o[1] = 3;
	ok(parse_opts(DHCPOFFER, "10.0.0.7", o, sizeof std, &m) ==
	    DHCP_BAD_OPTIONS, "server id of 3 bytes, then a stray byte");
	memcpy(o, std, sizeof std);
	o[25] = 6;
	o[30] = 12;
	o[31] = 3;
	ok(parse_opts(DHCPOFFER, "10.0.0.7", o, 32, &m) == DHCP_BAD_LEN,
	    "DNS length not a multiple of 4: wrong length");
	ok(parse_opts(DHCPOFFER, "10.0.0.7", std, 24, &m) == 0 &&
	    m.ndns == 0 && m.nrouters == 1, "options absent: none used");
	ok(parse_opts(DHCPOFFER, "10.0.0.7", std, 6, &m) == DHCP_NO_LEASE,
	    "no lease time");
	ok(parse_opts(DHCPOFFER, "10.0.0.7", std + 6, 6, &m) == DHCP_NO_SERVER,
	    "no server id");
	ok(parse_opts(7, "10.0.0.7", std, sizeof std, &m) == DHCP_BAD_TYPE,
	    "not an OFFER, ACK or NAK");
	memcpy(o, "\1\3\377\377\0", 5);
	memcpy(o + 5, std, sizeof std);
	ok(parse_opts(DHCPOFFER, "10.0.0.7", o, 5 + sizeof std, &m) ==
	    DHCP_BAD_LEN, "mask of 3 bytes: wrong length");
	memcpy(o, "\32\1\5", 3);
	memcpy(o + 3, std, sizeof std);
	ok(parse_opts(DHCPOFFER, "10.0.0.7", o, 3 + sizeof std, &m) ==
	    DHCP_BAD_LEN, "MTU of 1 byte: wrong length");
	memcpy(o, std, sizeof std);
	memcpy(o + 2, "\177\0\0\1", 4);
	ok(parse_opts(DHCPOFFER, "10.0.0.7", o, sizeof std, &m) ==
	    DHCP_BAD_ADDR, "server id 127.0.0.1: bad address");
	ok(parse_opts(DHCPNAK, "0.0.0.0", std, 6, &m) == 0 &&
	    m.type == DHCPNAK && m.server.s_addr == ip("10.0.0.1").s_addr,
	    "a NAK");
	{
		static const char *bad[] = { "0.0.0.0", "255.255.255.255",
		    "127.0.0.1", "224.0.0.1", "240.0.0.1", "10.0.0.255",
		    "10.0.0.0", "0.1.2.3" };
		size_t i;

		for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			snprintf(s, sizeof s, "yiaddr %s refused", bad[i]);
			ok(parse_opts(DHCPACK, bad[i], std, sizeof std, &m) ==
			    DHCP_BAD_ADDR, s);
		}
	}

	/* names: no byte outside [A-Za-z0-9.-] reaches resolv.conf */
	memcpy(o, std, 30);
	memcpy(o + 30, "\17\14evil.com\nfoo\14\6a;rm x", 22);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 52, &m) == 0 &&
	    m.domain[0] == '\0' && m.hostname[0] == '\0' &&
	    (m.flags & (DROP_DOMAIN | DROP_HOSTNAME)) ==
	    (DROP_DOMAIN | DROP_HOSTNAME),
	    "newline in domain, ';' in hostname: dropped and flagged");
	memcpy(o + 30, "\17\5a.b.\0\14\4$(x)", 13);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 43, &m) == 0 &&
	    strcmp(m.domain, "a.b.") == 0 && m.hostname[0] == '\0',
	    "a trailing NUL is not the name; '$(' is dropped");

	/* lease times */
	memcpy(o, std, 30);
	memcpy(o + 6, "\63\4\0\0\0\0", 6);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 30, &m) == DHCP_NO_LEASE,
	    "lease 0 refused");
	memcpy(o + 6, "\63\4\377\377\377\377", 6);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 30, &m) == 0 &&
	    m.lease == DHCP_INFINITE && m.t1 == DHCP_INFINITE &&
	    m.t2 == DHCP_INFINITE, "infinite lease: no renewal");
	memcpy(o + 6, "\63\4\0\0\0\24", 6);
	memcpy(o + 30, "\72\4\0\0\0\144\73\4\0\0\0\62", 12);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 42, &m) == 0 && m.lease == 20 &&
	    m.t2 == 18 && m.t1 == 10, "T1 > T2 > lease corrected");
	memcpy(o + 6, "\63\4\0\0\0\1", 6);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 30, &m) == 0 &&
	    m.lease == MIN_LEASE && m.t1 < m.t2 && m.t2 < m.lease,
	    "a 1 s lease is lengthened");

	/* RFC 3396: a lease time and DNS list split in two instances */
	memcpy(o, "\66\4\12\0\0\1\63\2\0\0\63\2\16\20"
	    "\6\2\12\0\6\6\0\65\10\10\10\10",
	    26);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 26, &m) == 0 && m.lease == 3600 &&
	    m.ndns == 2 && m.dns[0].s_addr == ip("10.0.0.53").s_addr &&
	    m.dns[1].s_addr == ip("8.8.8.8").s_addr,
	    "split options are concatenated");

	/* option overload: options continue in file (1) then sname (2) */
	memcpy(o, "\64\1\3\66\4\12\0\0\1", 9);
	n = reply(b, DHCPACK, "10.0.0.7", o, 9);
	memcpy(b + 108, "\63\4\0\0\16\20\6\4\12\0\0\65\377", 13);
	memcpy(b + 44, "\17\3a.b\377", 6);
	ok(dhcp_parse(b, n, XID, mac, &m) == 0 && m.lease == 3600 &&
	    m.ndns == 1 && strcmp(m.domain, "a.b") == 0,
	    "overload 3: file and sname hold options");
	memcpy(b + 44, "\17\3a.b\0", 6);
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_BAD_OPTIONS,
	    "overloaded sname without END");
	memcpy(b + 44, "\17\377a.b", 5);
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_BAD_OPTIONS,
	    "overloaded sname option past its end");
	memcpy(b + 44, "\377", 1);
	b[108 + 12] = 0;
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_BAD_OPTIONS,
	    "truncated file");
	b[108 + 12] = DHO_END;
	b[242 + 3] = 4;
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_BAD_OVERLOAD,
	    "overload value 4");
	b[242 + 3] = 0;
	ok(dhcp_parse(b, n, XID, mac, &m) == DHCP_BAD_OVERLOAD,
	    "overload value 0");

	/* option 121 */
	memcpy(o, std, 24);
	memcpy(o + 24, "\171\15\30\300\250\1\12\0\0\376\0\12\0\0\1", 15);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 39, &m) == 0 && m.nroutes == 2 &&
	    m.routes[0].prefix == 24 &&
	    m.routes[0].dst.s_addr == ip("192.168.1.0").s_addr &&
	    m.routes[1].prefix == 0 &&
	    m.routes[1].gw.s_addr == ip("10.0.0.1").s_addr,
	    "option 121: a /24 and a default route");
	o[26] = 33;
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 39, &m) == 0 && m.nroutes == 0 &&
	    (m.flags & DROP_ROUTES), "option 121 width 33: ignored");
	memcpy(o + 24, "\171\5\7\377\12\0\0", 7);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 31, &m) == 0 &&
	    (m.flags & DROP_ROUTES), "option 121 truncated route: ignored");
	memcpy(o + 24, "\171\7\11\12\377\12\0\0\1", 9);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 33, &m) == 0 && m.nroutes == 1 &&
	    m.routes[0].dst.s_addr == ip("10.128.0.0").s_addr,
	    "option 121: bits past the width are cleared");
	o[24] = 121;
	o[25] = 17 * 6;
	for (n = 0; n < 17; n++)	/* 10.0.0.0/8 ... 26.0.0.0/8 via 10.0.0.1 */
		memcpy(o + 26 + 6 * n, (uint8_t[]){ 8, 10 + n, 10, 0, 0, 1 },
		    6);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 26 + 17 * 6, &m) == 0 &&
	    m.nroutes == DHCP_MAX_ROUTES && (m.flags & CUT_ROUTES) &&
	    !(m.flags & DROP_ROUTES),
	    "option 121: 17 routes, the first 16 kept, the cut flagged");

	memcpy(o, std, 12);
	memcpy(o + 12, "\1\4\377\0\377\0\32\2\0\24", 10);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 22, &m) == 0 && m.prefix == 8 &&
	    (m.flags & DROP_MASK) && (m.flags & DROP_MTU) && m.mtu == 0,
	    "non-contiguous mask: classful /8; MTU 20 dropped");
	memcpy(o + 12, "\34\4\1\2\3\4\32\2\5\334", 10);
	ok(parse_opts(DHCPACK, "192.168.3.7", o, 22, &m) == 0 &&
	    m.prefix == 24 &&
	    m.broadcast.s_addr == ip("192.168.3.255").s_addr &&
	    m.mtu == 1500, "broadcast outside the subnet ignored; MTU 1500");

	/* option 119: RFC 1035 names, compression pointers only backwards */
	memcpy(o, std, 24);
	memcpy(o + 24, "\167\21\1a\7example\0\3sub\300\2", 19);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 43, &m) == 0 &&
	    strcmp(m.search, "a.example sub.example") == 0,
	    "option 119: two names, one compressed");
	memcpy(o + 24, "\167\4\1a\300\0", 6);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 30, &m) == 0 &&
	    m.search[0] == '\0' && (m.flags & DROP_SEARCH),
	    "option 119: a pointer to itself is refused");
	memcpy(o + 24, "\167\2\300\1", 4);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 28, &m) == 0 &&
	    (m.flags & DROP_SEARCH),
	    "option 119: a forward pointer is refused");
	memcpy(o + 24, "\167\5\3a;b\0", 7);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 31, &m) == 0 &&
	    (m.flags & DROP_SEARCH), "option 119: ';' in a label is dropped");
	memcpy(o + 24, "\167\3\5ab", 5);
	ok(parse_opts(DHCPACK, "10.0.0.7", o, 29, &m) == 0 &&
	    (m.flags & DROP_SEARCH), "option 119: a label past the end");

	/* ARP (-a) */
	{
		static const unsigned char other[6] = { 2, 0, 0, 0, 0, 9 };
		struct in_addr a = ip("10.0.0.7");
		uint8_t arp[28];

		ok(arp_probe(arp, mac, a) == 28 && be16(arp + 6) == 1 &&
		    be32(arp + 14) == 0 && memcmp(arp + 24, &a, 4) == 0,
		    "ARP probe: request from 0.0.0.0 for the address");
		ok(!arp_conflict(arp, 28, mac, a),
		    "our own probe: no conflict");
		ok(arp_conflict(arp, 28, other, a),
		    "another host's probe for it: conflict");
		memcpy(arp + 14, &a, 4);
		arp[7] = 2;
		ok(arp_conflict(arp, 28, other, a),
		    "a host that has it answers: conflict");
		ok(!arp_conflict(arp, 27, other, a) &&
		    !arp_conflict(arp, 28, other, ip("10.0.0.8")),
		    "short packet, other address: no conflict");
	}

	ok(dhcp_name_ok("a-b.c9", 6) && !dhcp_name_ok("-a", 2) &&
	    !dhcp_name_ok("a..b", 4) && !dhcp_name_ok("a b", 3) &&
	    !dhcp_name_ok("", 0) && !dhcp_name_ok(".a", 2),
	    "name syntax");
}

/* random mutations of a good frame: never a crash, only checked values */
static void
test_random(void)
{
	uint8_t b[1500], f[1600];
	struct dhcp_msg m;
	size_t n, fn, len;
	int i, j, bad = 0, accepted = 0;

	n = reply(b, DHCPACK, "10.0.0.7", std, sizeof std);
	for (i = 0; i < 20000; i++) {
		fn = frame(f, b, n);
		for (j = rng_below(6); j >= 0; j--)
			f[28 + 240 + rng_below(n - 240)] = rng_below(256);
		if (rng_below(4) == 0)
			f[28 + 240 + rng_below(n - 240)] = rng_below(4) ?
			    DHO_OVERLOAD : DHO_END;
		len = rng_below(4) ? fn : rng_below(fn + 1);
		if (dhcp_parse_ip(f, len, CSUM_PARTIAL, XID, mac, &m) != 0 ||
		    m.type == DHCPNAK)
			continue;
		accepted++;
		if (!unicast(m.yiaddr) || m.prefix > 32 ||
		    m.nroutes > DHCP_MAX_ROUTES || m.ndns > DHCP_MAX_ADDRS ||
		    !(m.lease == DHCP_INFINITE ||
		    (m.t1 < m.t2 && m.t2 < m.lease)) ||
		    (m.domain[0] &&
		    !dhcp_name_ok(m.domain, strlen(m.domain))) ||
		    (m.hostname[0] &&
		    !dhcp_name_ok(m.hostname, strlen(m.hostname))) ||
		    strchr(m.search, '\n') || strchr(m.search, ';'))
			bad++;
	}
	printf("# %d of 20000 mutated frames accepted\n", accepted);
	ok(bad == 0 && accepted > 0,
	    "20000 mutated frames: every accepted one holds checked values");
}

static uint32_t
fake_random(void *ctx)
{
	(void)ctx;
	return rng_below(0xffffffffu);
}

static void
client(struct dhcpc *c, const char *requested)
{
	memset(c, 0, sizeof *c);
	c->maxtries = 3;
	c->timeout_ms = 3000;
	c->failwait_ms = 20000;
	c->random = fake_random;
	c->requested = ip(requested);
	dhcpc_init(c, 1000);
}

/* a parsed reply as packet.c would give it */
static struct dhcp_msg
msg(const struct dhcpc *c, unsigned type, const char *yi, const char *srv)
{
	struct dhcp_msg m;

	memset(&m, 0, sizeof m);
	m.type = type;
	m.xid = c->out.xid;
	m.yiaddr = ip(yi);
	m.server = ip(srv);
	m.lease = 100;
	m.t1 = 50;
	m.t2 = 87;
	m.prefix = 24;
	return m;
}

static void
test_states(void)
{
	struct dhcpc c;
	struct dhcp_msg m;
	uint64_t t = 1000, d;
	unsigned r;
	int i, sends;

	client(&c, "0.0.0.0");
	ok(c.state == S_INIT && c.deadline == t,
	    "the first DISCOVER is due at once");
	r = dhcpc_timeout(&c, t);
	ok(r == DO_SEND && c.out.type == DHCPDISCOVER &&
	    c.state == S_SELECTING &&
	    c.deadline >= t + 437 && c.deadline <= t + 563,
	    "DISCOVER, retry after 0.5 s +- 1/8");
	d = c.deadline - t;
	r = dhcpc_timeout(&c, t += d);
	ok(r == DO_SEND && c.deadline - t >= 875 && c.deadline - t <= 1125,
	    "second retry doubles");
	r = dhcpc_timeout(&c, t = c.deadline);
	ok(r == DO_SEND && c.deadline - t >= 1750, "third doubles again");
	r = dhcpc_timeout(&c, t = c.deadline);
	ok(r == DO_LEASEFAIL && c.state == S_INIT && c.deadline == t + 20000,
	    "after -t 3 tries: leasefail, wait -A");
	r = dhcpc_timeout(&c, t = c.deadline);
	ok(r == DO_SEND && c.out.type == DHCPDISCOVER && c.tries == 1,
	    "then start over");

	m = msg(&c, DHCPOFFER, "10.0.0.7", "10.0.0.1");
	r = dhcpc_input(&c, &m, t += 2);
	ok(r == DO_SEND && c.state == S_REQUESTING &&
	    c.out.type == DHCPREQUEST &&
	    c.out.requested.s_addr == ip("10.0.0.7").s_addr &&
	    c.out.server.s_addr == ip("10.0.0.1").s_addr &&
	    c.out.ciaddr.s_addr == 0 && !c.out_unicast,
	    "OFFER: broadcast REQUEST with 50 and 54");
	m = msg(&c, DHCPACK, "10.0.0.7", "10.0.0.9");
	ok(dhcpc_input(&c, &m, t + 1) == 0 && c.state == S_REQUESTING,
	    "an ACK from another server is ignored");
	m = msg(&c, DHCPACK, "10.0.0.8", "10.0.0.1");
	ok(dhcpc_input(&c, &m, t + 1) == 0, "an ACK for another address too");
	m = msg(&c, DHCPACK, "10.0.0.7", "10.0.0.1");
	r = dhcpc_input(&c, &m, t + 1);
	ok(r == DO_BOUND && c.state == S_BOUND && c.deadline == t + 50000,
	    "ACK: bound, T1 counted from the REQUEST");
	t = c.deadline;
	r = dhcpc_timeout(&c, t);
	ok(r == DO_SEND && c.state == S_RENEWING && c.out_unicast &&
	    c.out.ciaddr.s_addr == ip("10.0.0.7").s_addr &&
	    c.out.requested.s_addr == 0 && c.out.server.s_addr == 0,
	    "T1: unicast REQUEST with ciaddr, no 50/54");
	ok(c.deadline > t && c.deadline <= t + 37000,
	    "renewal retry before T2");
	m = msg(&c, DHCPACK, "10.0.0.7", "10.0.0.1");
	r = dhcpc_input(&c, &m, t + 5);
	ok(r == DO_RENEW && c.state == S_BOUND, "ACK while renewing: renewed");
	t = c.deadline;
	dhcpc_timeout(&c, t);
	for (sends = 0; c.state == S_RENEWING && sends < 100; sends++)
		dhcpc_timeout(&c, t = c.deadline);
	ok(c.state == S_REBINDING && !c.out_unicast && t == c.acquired + 87000,
	    "no answer: rebinding at T2, broadcast");
	for (sends = 0; c.state == S_REBINDING && sends < 100; sends++)
		r = dhcpc_timeout(&c, t = c.deadline);
	ok((r & DO_DECONFIG) && (r & DO_SEND) && c.state == S_SELECTING &&
	    t == c.acquired + 100000 && sends < 100,
	    "lease end: deconfigure and DISCOVER");

	m = msg(&c, DHCPOFFER, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	m = msg(&c, DHCPNAK, "0.0.0.0", "10.0.0.1");
	r = dhcpc_input(&c, &m, t);
	ok(r == DO_NAK && c.state == S_INIT && c.deadline >= t + 437 &&
	    c.deadline <= t + 563,
	    "NAK while requesting: start over, after 0.5 s +- 1/8");
	/* a server that NAKs every REQUEST: the pause doubles up to 64 s */
	for (i = 1, d = 1; i < 12 && d; i++) {
		dhcpc_timeout(&c, t = c.deadline);
		m = msg(&c, DHCPOFFER, "10.0.0.7", "10.0.0.1");
		dhcpc_input(&c, &m, t);
		m = msg(&c, DHCPNAK, "0.0.0.0", "10.0.0.1");
		dhcpc_input(&c, &m, t);
		r = 500u << (i < 7 ? i : 7);
		if (r > 64000)
			r = 64000;
		d = c.deadline >= t + r - r / 8 && c.deadline <= t + r + r / 8;
	}
	ok(d, "NAKs in a row: 1, 2, 4 ... 64 s, 64 s between attempts");
	dhcpc_timeout(&c, t = c.deadline);
	m = msg(&c, DHCPOFFER, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	m = msg(&c, DHCPACK, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	dhcpc_timeout(&c, t = c.deadline);
	m = msg(&c, DHCPNAK, "0.0.0.0", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	ok(c.state == S_INIT && c.deadline >= t + 437 && c.deadline <= t + 563,
	    "a lease resets it: the next NAK pauses 0.5 s again");
	dhcpc_timeout(&c, t = c.deadline);
	m = msg(&c, DHCPOFFER, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	m = msg(&c, DHCPACK, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	dhcpc_timeout(&c, t = c.deadline);
	m = msg(&c, DHCPNAK, "0.0.0.0", "10.0.0.1");
	r = dhcpc_input(&c, &m, t);
	ok(r == (DO_DECONFIG | DO_NAK) && c.state == S_INIT,
	    "NAK while renewing: deconfigure");
	dhcpc_timeout(&c, t = c.deadline);
	m = msg(&c, DHCPOFFER, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	m = msg(&c, DHCPACK, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	r = dhcpc_renew(&c, t + 10);
	ok(r == DO_SEND && c.state == S_RENEWING && c.out_unicast,
	    "SIGUSR1 when bound: renew now");
	m = msg(&c, DHCPACK, "10.0.0.9", "10.0.0.1");
	r = dhcpc_input(&c, &m, t + 11);
	ok(r == (DO_DECONFIG | DO_BOUND) && c.state == S_BOUND,
	    "a renewal ACK with a new address: deconfigure, then bound");
	r = dhcpc_release(&c);
	ok(r == (DO_DECONFIG | DO_SEND) && c.out.type == DHCPRELEASE &&
	    c.out.ciaddr.s_addr == ip("10.0.0.9").s_addr && c.out_unicast &&
	    c.state == S_RELEASED && c.deadline == NEVER, "release");
	ok(dhcpc_timeout(&c, t + 99999) == 0 && c.deadline == NEVER,
	    "released: nothing until SIGUSR1");
	ok(dhcpc_renew(&c, t + 100000) == DO_SEND &&
	    c.out.type == DHCPDISCOVER, "SIGUSR1 after release: DISCOVER");

	dhcpc_renew(&c, t);
	m = msg(&c, DHCPOFFER, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	m = msg(&c, DHCPACK, "10.0.0.7", "10.0.0.1");
	dhcpc_input(&c, &m, t);
	r = dhcpc_decline(&c, t);
	ok(r == DO_SEND && c.out.type == DHCPDECLINE && !c.out_unicast &&
	    c.out.requested.s_addr == ip("10.0.0.7").s_addr &&
	    c.out.server.s_addr == ip("10.0.0.1").s_addr &&
	    c.out.ciaddr.s_addr == 0 && c.state == S_INIT &&
	    c.deadline == t + 10000, "DECLINE, then start over after 10 s");

	client(&c, "10.0.0.7");
	r = dhcpc_timeout(&c, t = 1000);
	ok(r == DO_SEND && c.state == S_INIT_REBOOT &&
	    c.out.type == DHCPREQUEST &&
	    c.out.requested.s_addr == ip("10.0.0.7").s_addr &&
	    c.out.server.s_addr == 0, "-r: INIT-REBOOT REQUEST, 50 without 54");
	m = msg(&c, DHCPNAK, "0.0.0.0", "10.0.0.1");
	r = dhcpc_input(&c, &m, t);
	ok(r == DO_NAK && c.state == S_INIT && c.requested.s_addr == 0,
	    "NAK to INIT-REBOOT: forget the address, DISCOVER");
	client(&c, "10.0.0.7");
	dhcpc_timeout(&c, 1000);
	m = msg(&c, DHCPACK, "10.0.0.7", "10.0.0.1");
	m.lease = m.t1 = m.t2 = DHCP_INFINITE;
	ok(dhcpc_input(&c, &m, 1000) == DO_BOUND && c.deadline == NEVER,
	    "infinite lease: no timer");

	/* random events: never a timer in the past, never a tight loop */
	client(&c, "0.0.0.0");
	t = 1000;
	for (i = 0; i < 20000; i++) {
		static const unsigned types[] = { DHCPOFFER, DHCPACK, DHCPNAK };

		if (rng_below(3) == 0 && c.deadline != NEVER) {
			t = c.deadline > t ? c.deadline : t;
			dhcpc_timeout(&c, t);
			if (c.deadline <= t)
				break;
		} else {
			m = msg(&c, types[rng_below(3)],
			    rng_below(2) ? "10.0.0.7" : "10.0.0.8",
			    rng_below(2) ? "10.0.0.1" : "10.0.0.2");
			t += rng_below(2000);
			r = dhcpc_input(&c, &m, t);
			if ((r & DO_BOUND) && m.type != DHCPACK)
				break;
			if ((r & DO_SEND) && c.deadline <= t)
				break;
			if (c.state == S_RELEASED || rng_below(500) == 0)
				dhcpc_renew(&c, t);
		}
	}
	ok(i == 20000, "20000 random events: timers always ahead, "
	    "binding only on ACK");
}

int
main(void)
{
	rng_init();
	test_codec();
	test_random();
	test_states();
	return done();
}
