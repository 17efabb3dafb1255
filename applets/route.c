/* SPDX-License-Identifier: ISC */
/*
 * route - show or change the IPv4 routing table, as busybox and net-tools
 *
 * usage: route [-n]
 *        route add|del [-net|-host] TARGET[/PREFIX] [netmask M] [gw G]
 *            [metric N] [mss N] [reject] [[dev] IF]
 *        route add|del default [gw G] [metric N] [[dev] IF]
 * Listing: the main table, as /proc/net/route shows it, in net-tools'
 * numeric layout (-n is accepted; there is no resolver to skip).
 * TARGET is a host (/32) unless -net, "default", /PREFIX or netmask say it
 * is a network, whose host part must be zero. A last bare word is the
 * device, as net-tools reads it. mss is the advertised MSS (RTAX_ADVMSS).
 * Exit: 0 ok, 100 bad word or unknown interface, 111 the kernel refused.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../multicall/box.h"
#include "../multicall/net.h"

const char route_usage[] =
	"route [-n]\n"
	"route add|del [-net|-host] TARGET[/PREFIX] [netmask M] [gw G]\n"
	"    [metric N] [mss N] [reject] [[dev] IF]\n"
	"route add|del default [gw G] [metric N] [[dev] IF]";

static int
list(void)
{
	struct net_route r[256];
	struct net_link l[64];
	size_t nr = LEN(r), nl = LEN(l), i, j;
	char dst[16], gw[16], mask[16];
	const char *dev;
	struct in_addr m;

	if (net_link_list(l, &nl) < 0 && errno != ENOBUFS)
		die("list interfaces");
	if (net_route_list(r, &nr) < 0 && errno != ENOBUFS)
		die("list routes");
	printf("Kernel IP routing table\nDestination     Gateway         "
	    "Genmask         Flags Metric Ref    Use Iface\n");
	for (i = 0; i < nr; i++) {
		for (dev = "*", j = 0; j < nl && !r[i].reject; j++)
			if (l[j].index == r[i].index)
				dev = l[j].name;
		m = net_mask(r[i].prefix);
		printf("%-15s %-15s %-16s%-6s%-6u %-2d %7d %s\n",
		    net_ntoa(r[i].dst, dst), net_ntoa(r[i].gw, gw),
		    net_ntoa(m, mask),
		    r[i].reject ? "!" : r[i].gw.s_addr == 0 ?
		    (r[i].prefix == 32 ? "UH" : "U") :
		    (r[i].prefix == 32 ? "UGH" : "UG"), r[i].metric, 0, 0, dev);
	}
	return 0;
}

static void
number(const char *k, const char *v, unsigned long lo, unsigned long hi,
    unsigned *n)
{
	unsigned long u;

	if (parse_uint(v, 10, hi, &u) < 0 || u < lo)
		diex(EXIT_USAGE, "bad %s '%s' (%lu-%lu)", k, v, lo, hi);
	*n = u;
}

/* Every word checked before the kernel is asked: bad input exits here. */
static void
parse(char **w, struct net_route *r, char *target, size_t size)
{
	struct in_addr mask;
	unsigned prefix = 33;
	int kind = 0, e, mlen = -1;	/* kind: 'n' -net, 'h' -host */

	if (*w && (!strcmp(*w, "-net") || !strcmp(*w, "-host")))
		kind = (*w++)[1];
	if (*w == NULL)
		usage();
	snprintf(target, size, "%s", *w);
	if (!strcmp(*w, "default"))
		prefix = 0;
	else if ((e = net_parse_ip(*w, &r->dst, &prefix)) == -2)
		diex(EXIT_USAGE, "bad prefix in '%s' (0-32)", *w);
	else if (e < 0)
		diex(EXIT_USAGE, "bad address '%s'", *w);
	for (w++; *w != NULL; w++) {
		const char *k = *w, *v = w[1];

		if (!strcmp(k, "reject")) {
			r->reject = 1;
			continue;
		}
		if (v == NULL && (!strcmp(k, "netmask") || !strcmp(k, "gw") ||
		    !strcmp(k, "metric") || !strcmp(k, "mss") ||
		    !strcmp(k, "dev")))
			diex(EXIT_USAGE, "'%s' needs a value", k);
		if (v == NULL && r->index == 0) {
			v = k;		/* net-tools: a last bare word is the dev */
			k = "dev";
		} else if (v == NULL) {
			diex(EXIT_USAGE, "unexpected '%s'", k);
		}
		w += w[1] != NULL;
		if (!strcmp(k, "netmask")) {
			if (net_parse_ip(v, &mask, NULL) < 0 ||
			    (mlen = net_mask_len(mask)) < 0)
				diex(EXIT_USAGE, "bad netmask '%s'", v);
		} else if (!strcmp(k, "gw")) {
			if (net_parse_ip(v, &r->gw, NULL) < 0)
				diex(EXIT_USAGE, "bad gateway '%s'", v);
		} else if (!strcmp(k, "metric")) {
			number(k, v, 0, 4294967295UL, &r->metric);
		} else if (!strcmp(k, "mss")) {
			number(k, v, 64, 65535, &r->mss);
		} else if (!strcmp(k, "dev")) {
			if ((r->index = net_ifindex(v)) < 0 && errno == ENODEV)
				diex(EXIT_USAGE, "%s: unknown interface", v);
			if (r->index < 0)
				die("%s", v);
		} else {
			diex(EXIT_USAGE, "unexpected '%s'", k);
		}
	}
	if (mlen >= 0 && prefix <= 32 && mlen != (int)prefix)
		diex(EXIT_USAGE, "%s and netmask disagree", target);
	if (mlen >= 0)
		prefix = mlen;
	if (kind == 'h' && prefix <= 31)
		diex(EXIT_USAGE, "-host %s with a netmask", target);
	if (prefix > 32 && kind == 'n' &&
	    (prefix = net_class_len(r->dst)) > 32)
		diex(EXIT_USAGE, "-net %s needs a /PREFIX or netmask", target);
	r->prefix = prefix <= 32 ? prefix : 32;
	if (r->dst.s_addr & ~net_mask(r->prefix).s_addr)
		diex(EXIT_USAGE, "%s: host part set in a network (/%u)",
		    target, r->prefix);
}

int
route_main(int argc, char **argv)
{
	struct net_route r;
	char target[64];
	int add;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "-n")))
		return list();
	if (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "del") != 0)
		usage();
	add = argv[1][0] == 'a';
	memset(&r, 0, sizeof r);
	parse(argv + 2, &r, target, sizeof target);
	if ((add ? net_route_add(&r) : net_route_del(&r)) == 0)
		return 0;
	if (errno == ESRCH)
		diex(EXIT_SYSCALL, "del %s: no such route", target);
	if (errno == EEXIST)
		diex(EXIT_SYSCALL, "add %s: route exists", target);
	diex(EXIT_SYSCALL, "%s %s: %s", argv[1], target, net_strerror(errno));
}
