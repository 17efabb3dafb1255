/* SPDX-License-Identifier: ISC */
/*
 * state.c - RFC 2131 4.4 (figure 5) client states without I/O: the caller
 * gives the time (ms) and randomness and performs the DO_* returned.
 */
#include <string.h>

#include "dhcp.h"

#define FIRST_RETRY_MS	500	/* early retries fast: boot time matters */
#define NAK_MAX_MS	64000	/* RFC 2131 4.1's cap on retransmission */
#define RENEW_MIN_MS	60000	/* RFC 2131 4.4.5: at least 60 s apart */

static const uint64_t ms = 1000;

/* 0.5 s doubled K times, at most MAX ms, jitter +-1/8: RFC 2131 4.1 */
static uint64_t
doubled(struct dhcpc *c, uint64_t now, unsigned k, uint64_t max)
{
	uint64_t t = (uint64_t)FIRST_RETRY_MS << (k < 8 ? k : 8);

	if (t > max)
		t = max;
	return now + t - t / 8 + c->random(c->ctx) % (t / 4 + 1);
}

/* RFC 2131 4.1 backoff, from 0.5 s (not 4 s) up to -T */
static uint64_t
backoff(struct dhcpc *c, uint64_t now)
{
	return doubled(c, now, c->tries > 0 ? c->tries - 1 : 0,
	    c->timeout_ms);		/* tries: sent already */
}

/*
 * A NAK: start over after 0.5 s, doubled with every NAK in a row up to
 * 64 s, until a lease. A server that NAKs every REQUEST would otherwise
 * draw 4 packets a second from every client: a storm from a fleet.
 */
static uint64_t
nak_wait(struct dhcpc *c, uint64_t now)
{
	return doubled(c, now, c->naks++, NAK_MAX_MS);
}

/* lease.t1/t2/lease seconds from acquired, or NEVER for an infinite one */
static uint64_t
lease_at(const struct dhcpc *c, uint32_t s)
{
	return s == DHCP_INFINITE ? NEVER : c->acquired + s * ms;
}

/* RFC 2131 4.4.5: retry at half the time left until the limit, >= 60 s */
static uint64_t
halfway(uint64_t now, uint64_t limit)
{
	uint64_t left = limit > now ? limit - now : 0;

	if (left / 2 > RENEW_MIN_MS)
		return now + left / 2;
	return now + (left < RENEW_MIN_MS ? left : RENEW_MIN_MS);
}

static unsigned
out_msg(struct dhcpc *c, unsigned type, int unicast, uint64_t now)
{
	uint64_t secs = (now - c->started) / ms;

	memset(&c->out, 0, sizeof c->out);
	c->out.type = type;
	c->out.xid = c->offer.xid;
	c->out.secs = secs > 0xffff ? 0xffff : secs;
	c->out_unicast = unicast;
	c->tries++;
	/* resent with backoff until bound; a bound client's: request() */
	if (c->state < S_BOUND)
		c->deadline = backoff(c, now);
	if (type == DHCPREQUEST)
		c->sent = now;
	if (type == DHCPDISCOVER)
		c->out.requested = c->requested;
	return DO_SEND;
}

/* RELEASE or DECLINE of the lease: no retransmission, no secs */
static void
out_final(struct dhcpc *c, unsigned type, uint32_t xid)
{
	memset(&c->out, 0, sizeof c->out);
	c->out.type = type;
	c->out.xid = xid;
	c->out.server = c->lease.server;
	c->out_unicast = type == DHCPRELEASE;
}

static unsigned
discover(struct dhcpc *c, uint64_t now)
{
	memset(&c->offer, 0, sizeof c->offer);
	c->offer.xid = c->random(c->ctx);
	c->state = S_SELECTING;
	c->started = now;
	c->tries = 0;
	return out_msg(c, DHCPDISCOVER, 0, now);
}

static unsigned
request(struct dhcpc *c, uint64_t now)
{
	int renewing = c->state == S_RENEWING, bound = c->state >= S_BOUND;

	out_msg(c, DHCPREQUEST, renewing, now);
	if (bound) {		/* RFC 2131 4.3.2: ciaddr, no 50, no 54 */
		c->out.xid = c->lease.xid;
		c->out.ciaddr = c->lease.yiaddr;
		c->deadline = halfway(now, lease_at(c, renewing ?
		    c->lease.t2 : c->lease.lease));
	} else {
		/* RFC 2131 4.3.2: INIT-REBOOT sends 50 without 54 */
		c->out.requested = c->requested;
		if (c->state != S_INIT_REBOOT) {
			c->out.requested = c->offer.yiaddr;
			c->out.server = c->offer.server;
		}
	}
	return DO_SEND;
}

void
dhcpc_init(struct dhcpc *c, uint64_t now)
{
	c->state = c->requested.s_addr ? S_INIT_REBOOT : S_INIT;
	c->deadline = now;
	c->started = now;
	c->tries = c->naks = 0;
	c->offer.xid = c->random(c->ctx);
}

/* the deadline has passed: retransmit, give up, or move on */
unsigned
dhcpc_timeout(struct dhcpc *c, uint64_t now)
{
	switch (c->state) {
	case S_INIT:
		return discover(c, now);
	case S_SELECTING:
		if (c->tries < c->maxtries)
			return out_msg(c, DHCPDISCOVER, 0, now);
		c->state = S_INIT;
		c->deadline = now + c->failwait_ms;
		return DO_LEASEFAIL;
	case S_REQUESTING:
	case S_INIT_REBOOT:
		if (c->tries < c->maxtries)
			return request(c, now);
		return discover(c, now);
	case S_BOUND:
		c->state = S_RENEWING;
		c->started = now;
		c->tries = 0;
		return request(c, now);
	case S_RENEWING:
		if (now >= lease_at(c, c->lease.t2)) {
			c->state = S_REBINDING;
			c->tries = 0;
		}
		return request(c, now);
	case S_REBINDING:
		if (now < lease_at(c, c->lease.lease))
			return request(c, now);
		return DO_DECONFIG | discover(c, now);
	case S_RELEASED:
		break;
	}
	c->deadline = NEVER;
	return 0;
}

static unsigned
bind_lease(struct dhcpc *c, const struct dhcp_msg *m)
{
	int same = c->state >= S_BOUND &&
	    m->yiaddr.s_addr == c->lease.yiaddr.s_addr;

	c->lease = *m;
	c->acquired = c->sent;
	c->state = S_BOUND;
	c->tries = 0;
	c->naks = 0;
	c->deadline = lease_at(c, m->t1);
	return same ? DO_RENEW : DO_BOUND;
}

/* a parsed reply with our xid and chaddr */
unsigned
dhcpc_input(struct dhcpc *c, const struct dhcp_msg *m, uint64_t now)
{
	unsigned r;

	switch (c->state) {
	case S_SELECTING:
		if (m->type != DHCPOFFER)
			return 0;
		c->offer = *m;
		c->state = S_REQUESTING;
		c->tries = 0;
		return request(c, now);
	case S_REQUESTING:
		/* the selected server's answer for the offered address only */
		if (m->server.s_addr &&
		    m->server.s_addr != c->offer.server.s_addr)
			return 0;
		/* fall through */
	case S_INIT_REBOOT:
		if (m->type == DHCPACK && (c->state == S_INIT_REBOOT ?
		    m->yiaddr.s_addr == c->requested.s_addr :
		    m->yiaddr.s_addr == c->offer.yiaddr.s_addr))
			return bind_lease(c, m);
		break;
	case S_RENEWING:
	case S_REBINDING:
		if (m->type == DHCPACK) {
			r = bind_lease(c, m);
			return r == DO_BOUND ? DO_DECONFIG | DO_BOUND : r;
		}
		if (m->type == DHCPNAK) {
			c->nak_from = m->server;
			c->state = S_INIT;
			c->deadline = nak_wait(c, now);
			return DO_DECONFIG | DO_NAK;
		}
		return 0;
	default:
		return 0;
	}
	if (m->type != DHCPNAK)
		return 0;
	c->nak_from = m->server;
	c->state = S_INIT;
	c->requested.s_addr = 0;
	c->deadline = nak_wait(c, now);
	return DO_NAK;
}

/* SIGUSR1: renew now when bound, else start over at once */
unsigned
dhcpc_renew(struct dhcpc *c, uint64_t now)
{
	if (c->state == S_BOUND || c->state == S_RENEWING)
		c->state = S_BOUND;
	else if (c->state != S_REBINDING)
		c->state = S_INIT;
	return dhcpc_timeout(c, now);
}

/* SIGUSR2, or exit with -R: RFC 2131 4.4.6, then wait for SIGUSR1 */
unsigned
dhcpc_release(struct dhcpc *c)
{
	unsigned r = DO_DECONFIG;

	if (c->state >= S_BOUND && c->state <= S_REBINDING) {
		out_final(c, DHCPRELEASE, c->random(c->ctx));
		c->out.ciaddr = c->lease.yiaddr;
		r |= DO_SEND;
	}
	c->state = S_RELEASED;
	c->deadline = NEVER;
	return r;
}

/* -a found the address in use: RFC 2131 3.1 step 5, retry in 10 s */
unsigned
dhcpc_decline(struct dhcpc *c, uint64_t now)
{
	out_final(c, DHCPDECLINE, c->lease.xid);
	c->out.requested = c->lease.yiaddr;
	c->state = S_INIT;
	c->requested.s_addr = 0;
	c->deadline = now + 10000;
	return DO_SEND;
}
