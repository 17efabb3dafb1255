/* SPDX-License-Identifier: ISC */
/*
 * evil.c - a hostile DHCP server for tests/applets/udhcpc-evil.t, run in a
 * network namespace on one end of a veth pair. To every DISCOVER and to
 * the first REQUEST for 10.9.0.77 it answers with a flood of broken or
 * misleading raw frames (one per case of issue 4, plus random junk) and
 * only then with one usable reply, which itself carries values a client
 * must correct or drop. It serves one lease only, then stays silent, so
 * the client must rebind and let the lease expire. It writes one line per
 * request it sees on stdout ("REQUEST 10.9.0.77", "DISCOVER", ...).
 * Written independently of applets/udhcpc/ (own checksum, own layout) so
 * that a bug shared with the client cannot hide itself.
 *
 * usage: evil IFACE
 *        evil IFACE arp A.B.C.D   (answer every ARP request for A.B.C.D,
 *                                  as a host that has it: for udhcpc -a)
 *        evil IFACE nak           (a misconfigured server: a plain OFFER
 *                                  of 10.9.0.77 to every DISCOVER, a NAK
 *                                  to every REQUEST; for the NAK storm)
 *        evil IFACE lease SECS    (a plain server: an OFFER and an ACK of
 *                                  10.9.0.77 for SECS to every DISCOVER
 *                                  and REQUEST, for udhcpc-soak.t: the
 *                                  lease dnsmasq gives lasts 2 minutes
 *                                  at least)
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fd, ifindex;
static uint32_t rnd = 12345;

static unsigned
next(void)
{
	rnd = rnd * 1103515245 + 12345;
	return rnd >> 16;
}

static uint32_t
sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (; n > 1; p += 2, n -= 2)
		s += p[0] << 8 | p[1];
	if (n)
		s += p[0] << 8;
	return s;
}

static unsigned
fin(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/* IPv4 + UDP 67 -> 68 around the BOOTP message at f + 28, then send */
static void
emit(uint8_t *f, size_t n, int bad_ip, int bad_udp, int dport)
{
	static const uint8_t src[4] = { 10, 9, 0, 1 };
	struct sockaddr_ll to = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_IP), .sll_ifindex = ifindex,
	    .sll_halen = 6, .sll_addr = { 255, 255, 255, 255, 255, 255 } };
	size_t ul = n + 8, tot = ul + 20;
	unsigned s;

	memset(f, 0, 28);
	f[0] = 0x45;
	f[2] = tot >> 8;
	f[3] = tot;
	f[8] = 64;
	f[9] = 17;
	memcpy(f + 12, src, 4);
	memset(f + 16, 255, 4);
	s = fin(sum(f, 20, 0)) ^ (bad_ip ? 0x0101 : 0);
	f[10] = s >> 8;
	f[11] = s;
	f[21] = 67;
	f[22] = dport >> 8;
	f[23] = dport;
	f[24] = ul >> 8;
	f[25] = ul;
	s = fin(sum(f + 20, ul, sum(f + 12, 8, 17 + ul)));
	s = (s ? s : 0xffff) ^ (bad_udp ? 0x0404 : 0);
	f[26] = s >> 8;
	f[27] = s;
	if (sendto(fd, f, tot, 0, (struct sockaddr *)&to, sizeof to) < 0)
		perror("evil: sendto");
}

/* a BOOTREPLY at b: fixed part and cookie; the caller appends options */
static size_t
head(uint8_t *b, uint32_t xid, const uint8_t *mac, const char *yi)
{
	static const uint8_t cookie[4] = { 99, 130, 83, 99 };

	memset(b, 0, 240);
	b[0] = 2;
	b[1] = 1;
	b[2] = 6;
	memcpy(b + 4, &xid, 4);		/* as received: network order */
	inet_pton(AF_INET, yi, b + 16);
	memcpy(b + 28, mac, 6);
	memcpy(b + 236, cookie, 4);
	return 240;
}

static size_t
add(uint8_t *b, size_t n, const void *o, size_t len)
{
	memcpy(b + n, o, len);
	return n + len;
}

#define OPT(b, n, s)	add(b, n, s, sizeof(s) - 1)

/* the usual options: server id, lease LEASE, mask, router, DNS */
static size_t
usual(uint8_t *b, size_t n, int type, const char *lease, const char *dns)
{
	uint8_t t[3] = { 53, 1, type };

	n = add(b, n, t, 3);
	n = OPT(b, n, "\66\4\12\11\0\1");
	n = add(b, n, "\63\4", 2);
	n = add(b, n, lease, 4);
	n = OPT(b, n, "\1\4\377\377\377\0\3\4\12\11\0\1");
	n = add(b, n, "\6\4", 2);
	return add(b, n, dns, 4);
}

/* every hostile case, then junk, then the one usable reply */
static void
answer(uint32_t xid, const uint8_t *mac, int type)
{
	static const char *const badyi[] = { "0.0.0.0", "255.255.255.255",
	    "127.0.0.1", "224.0.0.5", "10.9.0.255", "240.1.2.3" };
	static const char evil_dns[4] = { 6, 6, 6, 6 };
	static const char hour[4] = { 0, 0, 14, 16 };
	uint8_t f[1600], *b = f + 28, m2[6];
	size_t n, i, j;
	uint32_t x2;

	/* option length past the end of the packet */
	n = usual(b, head(b, xid, mac, "10.9.0.66"), type, hour, evil_dns);
	n = OPT(b, n, "\6\310\1\2\3\4");
	emit(f, n, 0, 0, 68);
	/* overload 3 with a file field that has no END */
	n = head(b, xid, mac, "10.9.0.66");
	memset(b + 108, 1, 128);
	n = usual(b, n, type, hour, evil_dns);
	n = OPT(b, n, "\64\1\3\377");
	emit(f, n, 0, 0, 68);
	/* overload 3, sname option running past sname */
	n = head(b, xid, mac, "10.9.0.66");
	/* option 15, 64 bytes long, in sname: bytes, no NUL meant */
	memcpy(b + 44, "\17\100abc", 5);	/* NOLINT(bugprone-*) */
	b[108] = 255;			/* file: END */
	n = usual(b, n, type, hour, evil_dns);
	n = OPT(b, n, "\64\1\3\377");
	emit(f, n, 0, 0, 68);
	/* DNS list of 6 bytes */
	n = usual(b, head(b, xid, mac, "10.9.0.66"), type, hour, evil_dns);
	n = OPT(b, n, "\6\6\6\6\6\6\6\6\377");
	emit(f, n, 0, 0, 68);
	/* no END, nothing after the last option */
	n = usual(b, head(b, xid, mac, "10.9.0.66"), type, hour, evil_dns);
	emit(f, n, 0, 0, 68);
	/* short BOOTP */
	usual(b, head(b, xid, mac, "10.9.0.66"), type, hour, evil_dns);
	emit(f, 200, 0, 0, 68);
	/* bad cookie, wrong xid, wrong chaddr, wrong op */
	for (i = 0; i < 4; i++) {
		x2 = xid ^ (i == 1);
		memcpy(m2, mac, 6);
		m2[5] ^= i == 2;
		n = usual(b, head(b, x2, m2, "10.9.0.66"), type, hour,
		    evil_dns);
		n = OPT(b, n, "\377");
		b[237] ^= i == 0;
		b[0] = i == 3 ? 1 : 2;
		emit(f, n, 0, 0, 68);
	}
	/* bad IP checksum, bad UDP checksum, not to port 68 */
	for (i = 0; i < 3; i++) {
		n = usual(b, head(b, xid, mac, "10.9.0.66"), type, hour,
		    evil_dns);
		n = OPT(b, n, "\377");
		emit(f, n, i == 0, i == 1, i == 2 ? 69 : 68);
	}
	/* lease 0 */
	n = usual(b, head(b, xid, mac, "10.9.0.66"), type, "\0\0\0\0",
	    evil_dns);
	n = OPT(b, n, "\377");
	emit(f, n, 0, 0, 68);
	/* addresses that are not a host's */
	for (i = 0; i < sizeof badyi / sizeof badyi[0]; i++) {
		n = usual(b, head(b, xid, mac, badyi[i]), type, hour, evil_dns);
		n = OPT(b, n, "\377");
		emit(f, n, 0, 0, 68);
	}
	/* a flood: right header and random options, then random bytes */
	for (i = 0; i < 1000; i++) {
		n = head(b, xid, mac, "10.9.0.66");
		for (j = next() % 300; j > 0; j--)
			b[n++] = next() % 7 == 0 ? 52 : next();
		if (i >= 500)
			for (j = 0; j < n; j++)
				b[j] = next();
		emit(f, n, 0, 0, 68);
		if (i % 50 == 0)
			usleep(2000);	/* within the backlog: none is lost */
	}
	usleep(50000);
	/*
	 * The usable reply: lease 8 s with T1 100 > T2 50 > lease (to be
	 * corrected), option 121 of width 33 (to be ignored: the router
	 * stays), a domain with a newline and a hostname with shell
	 * metacharacters (to be dropped), MTU 1400.
	 */
	n = usual(b, head(b, xid, mac, "10.9.0.77"), type, "\0\0\0\10",
	    "\12\11\0\65");
	n = OPT(b, n, "\72\4\0\0\0\144\73\4\0\0\0\62\32\2\5\170");
	n = OPT(b, n, "\171\11\41\12\11\0\0\12\11\0\1");
	n = OPT(b, n, "\17\30x.example\nnameserver 6.6\14\11$(reboot)");
	n = OPT(b, n, "\377");
	emit(f, n, 0, 0, 68);
}

/* nak and lease modes: one well-formed reply, nothing hostile before */
static void
plain(uint32_t xid, const uint8_t *mac, int type, uint32_t secs)
{
	char lease[4] = { secs >> 24, secs >> 16, secs >> 8, secs };
	uint8_t f[1600], *b = f + 28;
	size_t n;

	if (type == 6) {	/* RFC 2131 table 3: yiaddr 0, no lease */
		n = add(b, head(b, xid, mac, "0.0.0.0"), "\65\1\6", 3);
		n = OPT(b, n, "\66\4\12\11\0\1\377");
	} else {
		n = usual(b, head(b, xid, mac, "10.9.0.77"), type, lease,
		    "\12\11\0\65");
		n = OPT(b, n, "\377");
	}
	emit(f, n, 0, 0, 68);
}

static int
arp_owner(const char *addr)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_ARP), .sll_ifindex = ifindex,
	    .sll_halen = 6, .sll_addr = { 255, 255, 255, 255, 255, 255 } };
	static const uint8_t mac[6] = { 2, 0x77, 0x77, 0x77, 0x77, 0x77 };
	uint8_t b[64], r[28], a[4];
	ssize_t n;

	inet_pton(AF_INET, addr, a);
	if ((fd = socket(AF_PACKET, SOCK_DGRAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		perror("evil: arp socket");
		return 111;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("READY\n");
	while ((n = recv(fd, b, sizeof b, 0)) >= 0) {
		if (n < 28 || b[7] != 1 || memcmp(b + 24, a, 4) != 0)
			continue;
		memcpy(r, b, 6);
		r[6] = 0;
		r[7] = 2;		/* reply: I have it */
		memcpy(r + 8, mac, 6);
		memcpy(r + 14, a, 4);
		memcpy(r + 18, b + 8, 10);
		if (sendto(fd, r, 28, 0, (struct sockaddr *)&sll,
		    sizeof sll) < 0)
			perror("evil: arp reply");
		printf("ARP %s\n", addr);
	}
	return 111;
}

int
main(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_IP) };
	uint8_t buf[2048], *b, type, yi[4] = { 0 }, ci[4];
	char a[INET_ADDRSTRLEN];
	int acked = 0, nak = argc == 3 && strcmp(argv[2], "nak") == 0;
	/* not a number: 0, refused below */
	int secs = argc == 4 && strcmp(argv[2], "lease") == 0 ?
	    (int)strtol(argv[3], NULL, 10) : 0;
	ssize_t n;
	size_t hl, i;

	if ((argc != 2 && argc != 4 && !nak) ||
	    (ifindex = if_nametoindex(argv[1])) == 0) {
		fprintf(stderr, "usage: evil IFACE [arp A.B.C.D | nak | "
		    "lease SECS]\n");
		return 100;
	}
	if (argc == 4 && !secs)
		return arp_owner(argv[3]);
	sll.sll_ifindex = ifindex;
	if ((fd = socket(AF_PACKET, SOCK_DGRAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		perror("evil: socket");
		return 111;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("READY\n");
	while ((n = recv(fd, buf, sizeof buf, 0)) >= 0) {
		if (n < 28 || buf[9] != 17 || (hl = (buf[0] & 15) * 4) < 20 ||
		    (size_t)n < hl + 8 + 244 || buf[hl + 3] != 67)
			continue;
		b = buf + hl + 8;
		if (b[0] != 1)
			continue;
		type = 0;
		memcpy(ci, b + 12, 4);
		for (i = 240; i + 2 <= (size_t)n - hl - 8 && b[i] != 255;
		    i += b[i] ? 2 + b[i + 1] : 1) {
			if (b[i] == 53)
				type = b[i + 2];
			if (b[i] == 50 && b[i + 1] == 4 &&
			    i + 6 <= (size_t)n - hl - 8)
				memcpy(yi, b + i + 2, 4);
		}
		if (nak && (type == 1 || type == 3)) {
			printf("%s\n", type == 1 ? "DISCOVER" : "REQUEST");
			plain(*(uint32_t *)(b + 4), b + 28, type == 1 ? 2 : 6,
			    3600);
		} else if (secs && type == 1) {
			printf("DISCOVER\n");
			plain(*(uint32_t *)(b + 4), b + 28, 2, secs);
		} else if (type == 1) {
			printf("DISCOVER\n");
			if (!acked)
				answer(*(uint32_t *)(b + 4), b + 28, 2);
		} else if (type == 3) {
			inet_ntop(AF_INET, ci[0] ? ci : yi, a, sizeof a);
			printf("REQUEST %s%s\n", a, ci[0] ? " ciaddr" : "");
			if (secs)
				plain(*(uint32_t *)(b + 4), b + 28, 5, secs);
			else if (!acked && !ci[0] && yi[3] == 77) {
				answer(*(uint32_t *)(b + 4), b + 28, 5);
				acked = 1;
			}
		} else if (type == 7) {
			printf("RELEASE\n");
		}
	}
	perror("evil: recv");
	return 111;
}
