/* SPDX-License-Identifier: ISC */
/*
 * route - show or change the IPv4 routing table, as busybox and net-tools.
 * The listing is /proc/net/route's in busybox's layout: "default" and "*"
 * name the zero address unless -n (no other name is looked up: no
 * resolver here), -e shows MSS, window and irtt instead of metric, ref
 * and use. TARGET is a host (/32) unless -net, "default", /PREFIX or
 * netmask say otherwise; a network's host part must be zero. A last bare
 * word is the device.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../multicall/box.h"
#include "../multicall/net.h"

const char route_usage[] =
	"route [-ne] [-A inet]\n"
	"route [-A inet] add|del [-net|-host] TARGET[/PREFIX] [netmask M]\n"
	"    [gw G] [metric N] [mss N] [window N] [irtt MS] [reject]\n"
	"    [mod] [dyn] [reinstate] [[dev] IF]\n"
	"route add|del default [gw G] ...";

static const char *
addr(struct in_addr a, const char *zero, char *buf)
{
	return a.s_addr == 0 && zero != NULL ? zero : net_ntoa(a, buf);
}

static int
list(int numeric, int extended)
{
	struct net_route r[256];
	struct net_link l;
	size_t n = LEN(r), i;
	char dst[16], gw[16], mask[16], flags[4];

	if (net_route_list(r, &n) < 0 && errno != ENOBUFS)
		die("list routes");
	printf("Kernel IP routing table\nDestination     Gateway         "
	    "Genmask         Flags %s Iface\n", extended ?
	    "  MSS Window  irtt" : "Metric Ref    Use");
	for (i = 0; i < n; i++) {
		if (r[i].reject || net_link_get(r[i].index, &l) < 0)
			strcpy(l.name, "*");
		snprintf(flags, sizeof flags, "%s%s", r[i].reject ? "!" :
		    r[i].gw.s_addr ? "UG" : "U", r[i].prefix == 32 ? "H" : "");
		printf("%-15s %-15s %-16s%-6s", addr(r[i].dst, numeric ? NULL :
		    "default", dst), addr(r[i].gw, numeric ? NULL : "*", gw),
		    net_ntoa(net_mask(r[i].prefix), mask), flags);
		/* /proc/net/route's MTU column is the advertised MSS + 40 */
		if (extended)
			printf("%5u %-5u %6u %s\n", r[i].mss ? r[i].mss + 40 :
			    0, r[i].window, r[i].irtt, l.name);
		else
			printf("%-6u %-2d %7d %s\n", r[i].metric, 0, 0, l.name);
	}
	return 0;
}

static int
dev(const char *name)
{
	int index = net_ifindex(name);

	if (index < 0 && errno == ENODEV)
		diex(EXIT_USAGE, "%s: unknown interface", name);
	if (index < 0)
		die("%s", name);
	return index;
}

/* Every word checked before the kernel is asked: TARGET, or exit 100. */
static const char *
parse(char **w, struct net_route *r)
{
	struct in_addr mask;
	unsigned prefix = 33;
	int kind = 0, e, mlen = -1;	/* kind: 'n' -net, 'h' -host */
	const char *v, *target;

	if (*w && (!strcmp(*w, "-net") || !strcmp(*w, "-host")))
		kind = (unsigned char)(*w++)[1];
	if (*w == NULL)
		usage();
	target = *w;
	if (!strcmp(*w, "default"))
		prefix = 0;
	else if ((e = net_parse_ip(*w, &r->dst, &prefix)) == -2)
		diex(EXIT_USAGE, "bad prefix in '%s' (0-32)", *w);
	else if (e < 0)
		diex(EXIT_USAGE, "bad address '%s'", *w);
	for (w++; *w != NULL; w++) {
		if (!strcmp(*w, "reject")) {
			r->reject = 1;
		} else if (!strcmp(*w, "netmask")) {
			v = word_value(w++);
			if (net_parse_ip(v, &mask, NULL) < 0 ||
			    (mlen = net_mask_len(mask)) < 0)
				diex(EXIT_USAGE, "bad netmask '%s'", v);
		} else if (!strcmp(*w, "gw")) {
			v = word_value(w++);
			if (net_parse_ip(v, &r->gw, NULL) < 0)
				diex(EXIT_USAGE, "bad gateway '%s'", v);
		} else if (!strcmp(*w, "metric")) {
			r->metric = arg_uint("metric", word_value(w++), 0,
			    4294967295UL);
		} else if (!strcmp(*w, "mss")) {
			/* SIOCADDRT's rt_mtu: the kernel keeps it less 40 */
			r->mss = arg_uint("mss", word_value(w++), 64, 65535) -
			    40;
		} else if (!strcmp(*w, "window")) {
			r->window = arg_uint("window", word_value(w++), 1,
			    2147483647);
		} else if (!strcmp(*w, "irtt")) {
			r->irtt = arg_uint("irtt", word_value(w++), 1, 65535);
		} else if (span_is(span_str(*w), "mod dyn reinstate")) {
			/* RTF_MODIFIED, RTF_DYNAMIC, RTF_REINSTATE: the kernel
			 * ignores them (fib_convert_rtentry); so do we */
		} else if (!strcmp(*w, "dev")) {
			r->index = dev(word_value(w++));
		} else if (w[1] == NULL && r->index == 0) {
			r->index = dev(*w);
		} else {
			diex(EXIT_USAGE, "unexpected '%s'", *w);
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
	return target;
}

int
route_main(int argc, char **argv)
{
	struct net_route r;
	const char *target;
	int add, opt, numeric = 0, extended = 0;

	while ((opt = getopt_box(argc, argv, "A:ne")) != -1)
		if (opt == 'n')
			numeric = 1;
		else if (opt == 'e')
			extended = 1;
		else if (strcmp(optarg, "inet") != 0)
			diex(EXIT_USAGE, "-A %s: IPv4 only (inet)", optarg);
	argv += optind - 1;
	if (argv[1] == NULL)
		return list(numeric, extended);
	if (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "del") != 0)
		diex(EXIT_USAGE, "unknown command '%s' (add, del)", argv[1]);
	add = argv[1][0] == 'a';
	memset(&r, 0, sizeof r);
	target = parse(argv + 2, &r);
	if ((add ? net_route_add(&r) : net_route_del(&r)) == 0)
		return 0;
	if (errno == ESRCH)
		diex(EXIT_SYSCALL, "del %s: no such route", target);
	if (errno == EEXIST)
		diex(EXIT_SYSCALL, "add %s: route exists", target);
	diex(EXIT_SYSCALL, "%s %s: %s", argv[1], target, net_strerror(errno));
}
