/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: udhcpc's client state machine (applets/udhcpc/state.c)
 * and its ARP conflict check (packet.c), driven as udhcpc.c's loop drives
 * them: the input is a configuration, then events (time passing, a reply
 * whose fields come from the bytes, SIGUSR1, SIGUSR2, an ARP frame, an
 * address found in use); randomness comes from the bytes too. Whenever
 * the deadline is due the loop's timeouts run, as loop() calls them.
 * After every step: what dhcp.h and state.c promise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../applets/udhcpc/packet.c"
#include "../../applets/udhcpc/state.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a broken promise: its line, then a trap (libFuzzer ignores returns) */
#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); __builtin_trap(); } } while (0)

/* the input's bytes, read front to back; 0 once used up */
struct bytes {
	const uint8_t *p;
	size_t left;
};

static uint32_t
get(struct bytes *b, unsigned n)
{
	uint32_t v = 0;

	for (; n > 0 && b->left > 0; n--, b->left--)
		v = v << 8 | *b->p++;
	return v;
}

static uint32_t
fuzz_random(void *ctx)
{
	return get(ctx, 1);	/* a byte: hand-made inputs stay short */
}

static struct in_addr
host(unsigned last)
{
	return (struct in_addr){ htonl(0x0a000000 | last) };
}

static uint64_t
lease_deadline(const struct dhcpc *c, uint32_t s)
{
	return s == DHCP_INFINITE ? NEVER : c->acquired + (uint64_t)s * 1000;
}

/* what holds after any step */
static void
invariants(const struct dhcpc *c, unsigned r)
{
	CHECK(c->state <= S_RELEASED);
	if (c->state == S_SELECTING || c->state == S_REQUESTING ||
	    c->state == S_INIT_REBOOT)
		CHECK(c->tries <= c->maxtries);
	if (c->state == S_RELEASED)
		CHECK(c->deadline == NEVER);
	if (r & (DO_BOUND | DO_RENEW))
		CHECK(c->state == S_BOUND && c->tries == 0 && c->naks == 0 &&
		    c->deadline == lease_deadline(c, c->lease.t1));
	if (r & DO_SEND) {
		CHECK(c->out.type == DHCPDISCOVER ||
		    c->out.type == DHCPREQUEST || c->out.type == DHCPRELEASE ||
		    c->out.type == DHCPDECLINE);
		if (c->out.type == DHCPDISCOVER)
			CHECK(c->state == S_SELECTING && !c->out_unicast);
		/* RFC 2131 4.4.5: only a renewing REQUEST goes unicast */
		if (c->out.type == DHCPREQUEST)
			CHECK(c->out_unicast == (c->state == S_RENEWING));
		/* 4.3.2: a bound client's REQUEST names ciaddr, no 50 or 54 */
		if (c->out.type == DHCPREQUEST && c->state >= S_RENEWING)
			CHECK(c->out.ciaddr.s_addr == c->lease.yiaddr.s_addr &&
			    !c->out.requested.s_addr && !c->out.server.s_addr);
		if (c->out.type == DHCPREQUEST && c->state == S_REQUESTING)
			CHECK(c->out.requested.s_addr ==
			    c->offer.yiaddr.s_addr &&
			    c->out.server.s_addr == c->offer.server.s_addr);
		/* 4.3.2: INIT-REBOOT asks for -r's address, no 54 */
		if (c->out.type == DHCPREQUEST && c->state == S_INIT_REBOOT)
			CHECK(c->out.requested.s_addr == c->requested.s_addr &&
			    !c->out.server.s_addr);
	}
}

/*
 * loop(): the timeouts due at NOW, at most 3 in a row (BOUND, RENEWING,
 * REBINDING, then a DISCOVER), then a deadline ahead or NEVER: loop()
 * polls, never spins. A deadline may be past before: an ACK that came
 * later than T1 after its REQUEST.
 */
static unsigned
due(struct dhcpc *c, uint64_t now, unsigned r)
{
	int n;

	for (n = 0; c->deadline != NEVER && now >= c->deadline; n++) {
		CHECK(n < 3);
		r = dhcpc_timeout(c, now);
		invariants(c, r);
	}
	CHECK(c->deadline == NEVER || c->deadline > now);
	return r;
}

/* a reply as packet.c hands it over: checked fields only */
static void
reply(struct bytes *b, const struct dhcpc *c, struct dhcp_msg *m)
{
	static const unsigned types[] = { DHCPOFFER, DHCPACK, DHCPNAK };
	unsigned pick = get(b, 1);

	memset(m, 0, sizeof *m);
	m->type = types[pick % 3];
	m->xid = c->out.xid;
	m->yiaddr = host(7 + (pick >> 2 & 1));
	/* 54 is required in an OFFER or ACK, may lack in a NAK */
	m->server = host(1 + (pick >> 3 & 1));
	if (m->type == DHCPNAK && pick & 0x10) {
		m->server.s_addr = 0;
		m->yiaddr.s_addr = 0;
	}
	m->prefix = 24;
	m->lease = pick & 0x20 ? DHCP_INFINITE : get(b, 4) | 1;
	m->t1 = get(b, 4);
	m->t2 = get(b, 4);
	lease_times(m);
}

/* after dhcpc_input(): RFC 2131 4.4's answers to a reply */
static void
input_checks(const struct dhcpc *b, const struct dhcpc *c,
    const struct dhcp_msg *m, unsigned r, uint64_t now)
{
	/* DO_BOUND, DO_RENEW: only an ACK binds */
	CHECK(!(r & (DO_BOUND | DO_RENEW)) ||
	    (m->type == DHCPACK &&
	    c->lease.yiaddr.s_addr == m->yiaddr.s_addr &&
	    c->lease.t1 == m->t1 && c->lease.lease == m->lease));
	/* DO_RENEW: the same address; a new one: DO_DECONFIG */
	if (r & (DO_BOUND | DO_RENEW))
		CHECK(!(r & DO_RENEW) == !(b->state >=
		    S_BOUND && m->yiaddr.s_addr ==
		    b->lease.yiaddr.s_addr) &&
		    !(r & DO_DECONFIG) == !(b->state >=
		    S_BOUND && (r & DO_BOUND)));
	CHECK(!(r & DO_NAK) || (m->type == DHCPNAK &&
	    c->state == S_INIT && c->deadline > now));
	/*
	 * an ACK binds while requesting only from the selected
	 * server, for the offered (or -r's) address
	 */
	if ((b->state == S_REQUESTING && (!m->server.s_addr ||
	    m->server.s_addr == b->offer.server.s_addr)) ||
	    b->state == S_INIT_REBOOT)
		CHECK(m->type != DHCPACK || (r == DO_BOUND) ==
		    (m->yiaddr.s_addr == (b->state ==
		    S_INIT_REBOOT ? b->requested :
		    b->offer.yiaddr).s_addr));
	if (b->state == S_REQUESTING && m->server.s_addr &&
	    m->server.s_addr != b->offer.server.s_addr)
		CHECK(r == 0 && c->state == S_REQUESTING);
	/* an OFFER while selecting: REQUEST it from its server */
	if (b->state == S_SELECTING && m->type == DHCPOFFER)
		CHECK(r == DO_SEND &&
		    c->state == S_REQUESTING &&
		    c->out.requested.s_addr == m->yiaddr.s_addr);
	/* no exchange open: a reply changes nothing */
	if (b->state == S_INIT || b->state == S_BOUND ||
	    b->state == S_RELEASED)
		CHECK(r == 0 && c->state == b->state &&
		    c->deadline == b->deadline &&
		    c->tries == b->tries &&
		    c->lease.yiaddr.s_addr ==
		    b->lease.yiaddr.s_addr);
}

static void
arp(struct bytes *b, const struct dhcpc *c, const unsigned char mac[6],
    int *conflict)
{
	static const unsigned char other[6] = { 2, 0, 0, 0, 0, 9 };
	struct in_addr a = c->lease.yiaddr;
	size_t len = get(b, 1) % 64, i;
	uint8_t probe[ARP_LEN], *f;

	if (len > b->left)
		len = b->left;
	/* exactly the frame's bytes: a read past them is ASan's */
	if ((f = malloc(len + 1)) == NULL)
		return;
	for (i = 0; i < len; i++)
		f[i] = get(b, 1);
	*conflict = arp_conflict(f, len, mac, a);
	/* RFC 5227 2.1.1: another host at A, or probing for A */
	if (*conflict)
		CHECK(len >= ARP_LEN && be16(f + ARP_HRD) == 1 &&
		    be16(f + ARP_PRO) == 0x0800 &&
		    memcmp(f + ARP_SHA, mac, 6) != 0 &&
		    (memcmp(f + ARP_SPA, &a, 4) == 0 ||
		    memcmp(f + ARP_TPA, &a, 4) == 0));
	free(f);
	/* our own probe is no conflict; another host's for A is */
	CHECK(arp_probe(probe, mac, a) == ARP_LEN &&
	    !arp_conflict(probe, ARP_LEN, mac, a));
	CHECK(arp_conflict(probe, ARP_LEN, other, a));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct bytes b = { data, size };
	struct dhcpc c, before;
	struct dhcp_msg m;
	uint64_t now = 1000;
	unsigned r = 0, cfg = get(&b, 2), op;
	int conflict, steps;

	/* udhcpc's -t 1-1000, -T 1-3600 s, -A 0-86400 s, -r */
	memset(&c, 0, sizeof c);
	c.maxtries = 1 + cfg % 8;
	c.timeout_ms = 1000 * (1 + (cfg >> 3) % 8);
	c.failwait_ms = 10000 * ((cfg >> 6) % 4);
	c.requested = cfg & 0x100 ? host(7) : (struct in_addr){ 0 };
	c.random = fuzz_random;
	c.ctx = &b;
	dhcpc_init(&c, now);
	CHECK(c.state == (cfg & 0x100 ? S_INIT_REBOOT : S_INIT) &&
	    c.deadline == now);
	r = due(&c, now, 0);
	for (steps = 0; b.left > 0 && steps < 1000; steps++) {
		op = get(&b, 1);
		memcpy(&before, &c, sizeof c);
		switch (op % 8) {
		case 0:
			now += get(&b, 2);
			r = 0;
			break;
		case 1:
			now += (uint64_t)get(&b, 4) * 1000;
			r = 0;
			break;
		case 2:
		case 3:
			reply(&b, &c, &m);
			now += get(&b, 1);
			r = dhcpc_input(&c, &m, now);
			invariants(&c, r);
			input_checks(&before, &c, &m, r, now);
			break;
		case 4:		/* SIGUSR1 */
			r = dhcpc_renew(&c, now);
			invariants(&c, r);
			CHECK((r & DO_SEND) && (c.state == S_SELECTING ||
			    c.state == S_RENEWING || c.state == S_REBINDING));
			break;
		case 5:		/* SIGUSR2 */
			r = dhcpc_release(&c);
			invariants(&c, r);
			CHECK(c.state == S_RELEASED && (r & DO_DECONFIG) &&
			    !(r & DO_SEND) == (before.state < S_BOUND ||
			    before.state == S_RELEASED));
			CHECK(dhcpc_timeout(&c, now) == 0 &&
			    c.deadline == NEVER);
			r = 0;
			break;
		case 6:
		case 7:
			/* -a: the new address answered ARP (act()) */
			conflict = op & 1;
			if ((op & 7) == 6)
				arp(&b, &c, mac, &conflict);
			if (!(r & DO_BOUND) || !conflict)
				break;
			r = dhcpc_decline(&c, now);
			invariants(&c, r);
			CHECK(r == DO_SEND && c.state == S_INIT &&
			    c.out.type == DHCPDECLINE &&
			    c.out.requested.s_addr ==
			    c.lease.yiaddr.s_addr && c.deadline == now + 10000);
			break;
		}
		r = due(&c, now, r);
	}
	return 0;
}
