#!/bin/sh
# SPDX-License-Identifier: ISC
# route.t - route in a private network namespace with a veth pair, checked
# against what iproute2 reports (and busybox's listing, if there).
. tests/lib.sh
[ "$(id -u)" = 0 ] || skip_all "network namespaces need root"
ns=halbox-route-$$
ip netns add $ns 2>/dev/null || skip_all "no network namespaces here"
err=$(mktemp)
trap 'ip netns del $ns 2>/dev/null; rm -f $err $err.want $err.b' EXIT
trap 'exit 1' INT TERM
n() { ip netns exec $ns "$@"; }
h() { ip netns exec $ns "$BOX" route "$@"; }
n ip link add v0 type veth peer name v1 || { echo "1..0 # SKIP no veth"; exit 0; }
n ip link set v1 up && n ip link set v0 up && n ip addr add 10.9.0.2/24 dev v0
plan 54
r() { n ip -4 route show "$@" | sed 's/ *$//'; }

# -- adding and deleting, read back with iproute2
h add default gw 10.9.0.1; is $? 0 "add default gw"
is "$(r default)" "default via 10.9.0.1 dev v0" "iproute2 sees the default route"
h del default; is "$(r default)" "" "del default"
h add default gw 10.9.0.1 metric 5 dev v0
is "$(r default)" "default via 10.9.0.1 dev v0 metric 5" "metric and dev"
h add -net 10.7.0.0/16 reject; is "$(r 10.7.0.0/16)" "unreachable 10.7.0.0/16" \
	"a reject route"
h add -net 10.6.0.0 netmask 255.255.0.0 dev v0 mss 1300
is "$(r 10.6.0.0/16)" "10.6.0.0/16 dev v0 scope link advmss 1260" \
	"-net with netmask, on-link, mss (less 40, as SIOCADDRT)"
h add 10.5.0.7 gw 10.9.0.1; is "$(r 10.5.0.7)" "10.5.0.7 via 10.9.0.1 dev v0" \
	"a bare TARGET is a host"
h add -host 10.5.0.8 dev v0; is "$(r 10.5.0.8)" "10.5.0.8 dev v0 scope link" \
	"-host on-link"
h add -net 10.3.0.0/16 v0; is "$(r 10.3.0.0/16)" "10.3.0.0/16 dev v0 scope link" \
	"a last bare word is the device"
h add -net 10.0.0.0 gw 10.9.0.1; is "$(r 10.0.0.0/8)" \
	"10.0.0.0/8 via 10.9.0.1 dev v0" "-net without a mask: the class's"
h add 10.4.0.0/16 gw 10.9.0.1; is "$(r 10.4.0.0/16)" \
	"10.4.0.0/16 via 10.9.0.1 dev v0" "TARGET/PREFIX is a network"

# -- the listing, against iproute2's view and busybox's /proc/net/route one
h -n >$err; is $? 0 "route -n"
is "$(sed -n 1,2p $err | tr '\n' '|')" "Kernel IP routing table|Destination     Gateway         Genmask         Flags Metric Ref    Use Iface|" \
	"the header"
n ip -4 route show table main | awk '
function mask(p,  s, k, b) {
	for (k = 0; k < 4; k++) {
		b = p - 8 * k; b = b < 0 ? 0 : b > 8 ? 8 : b
		s = s (k ? "." : "") (256 - 2 ^ (8 - b))
	}
	return s
}
{
	rej = $1 == "unreachable" || $1 == "prohibit"
	if (rej) { $1 = ""; $0 = $0 }
	gw = "0.0.0.0"; dev = "*"; m = 0; d = $1
	for (i = 2; i < NF; i++) {
		if ($i == "via") gw = $(i + 1)
		if ($i == "dev") dev = $(i + 1)
		if ($i == "metric") m = $(i + 1)
	}
	if (d == "default") d = "0.0.0.0/0"
	if (d !~ /\//) d = d "/32"
	split(d, a, "/")
	f = rej ? "!" : "U" (gw != "0.0.0.0" ? "G" : "") (a[2] == 32 ? "H" : "")
	printf "%-15s %-15s %-16s%-6s%-6d %-2d %7d %s\n", a[1], gw, mask(a[2]), \
	    f, m, 0, 0, dev
}' >$err.want
sed 1,2d $err | diff $err.want - >/dev/null; ok $? "every route as iproute2 reports it"
[ "$(wc -l <$err.want)" -ge 9 ]; ok $? "... and there are $(wc -l <$err.want) of them"
rm -f $err.want
h >$err.b; sed 's/^0\.0\.0\.0 /default /; s/^\(.\{16\}\)0\.0\.0\.0 /\1*       /' \
	$err | diff - $err.b >/dev/null; ok $? "without -n: 'default' and '*' in place of 0.0.0.0"
if command -v busybox >/dev/null; then
	n busybox route -n | diff $err - >/dev/null
	ok $? "the listing is busybox's (from /proc/net/route), byte for byte"
else
	skip "no busybox to compare with"
fi

# -- errors: one line naming the word, non-zero, nothing changed
before=$(r table main)
h add 10.2.0.0/16 gw 10.8.0.1 2>$err; is $? 111 "unreachable gateway: 111"
grep -q 'add 10.2.0.0/16: Network unreachable' $err
ok $? "the kernel's reason in words: $(cat $err)"
h add -net 10.2.0.1/16 gw 10.9.0.1 2>$err; is $? 100 "host part set in a -net target"
grep -q '10.2.0.1/16: host part set' $err; ok $? "named"
h add -net 10.2.0.1 netmask 255.255.0.0 dev v0 2>/dev/null
is $? 100 "host part set, with netmask"
h add default gw 10.9.0.1 metric 5 2>$err; is $? 111 "an existing route: 111"
grep -q 'add default: route exists' $err; ok $? "EEXIST in words"
h del -net 10.2.0.0/16 2>$err; is $? 111 "del of a missing route: 111"
grep -q 'del 10.2.0.0/16: no such route' $err; ok $? "ESRCH in words"
h add -net 10.2.0.0/16 dev nosuch0 2>$err; is $? 100 "unknown interface"
grep -q 'nosuch0: unknown interface' $err; ok $? "named"
h add -net 10.2.0/16 dev v0 2>$err; is $? 100 "malformed address"
grep -q "bad address '10.2.0/16'" $err; ok $? "named"
h add -net 10.2.0.0/33 dev v0 2>$err; is $? 100 "prefix > 32"
grep -q "bad prefix in '10.2.0.0/33'" $err; ok $? "named"
h add -net 10.2.0.0/16 gw 10.9.0.1 metric 1 bogus v0 2>$err; is $? 100 "trailing garbage"
grep -q "unexpected 'bogus'" $err; ok $? "named"
h add -net 10.2.0.0/16 gw 10.9.0.300 2>$err; is $? 100 "malformed gateway"
h add -net 10.2.0.0/16 dev v0 mss 12 2>$err; is $? 100 "mss out of range"
grep -q "bad mss '12' (64-65535)" $err; ok $? "named with its range"
h add -host 10.2.0.0/16 dev v0 2>$err; is $? 100 "-host with a prefix"
h add -net 10.2.0.0/16 netmask 255.255.255.0 dev v0 2>$err; is $? 100 \
	"prefix and netmask disagree"
h add -net 10.2.0.0/16 gw 2>$err; is $? 100 "gw without a value"
h flush 2>$err; is $? 100 "unknown command"
is "$(r table main)" "$before" "after every error: the table unchanged"

h del -net 10.7.0.0/16 reject; is "$(r 10.7.0.0/16)" "" "del a reject route"
h del 10.5.0.7; is "$(r 10.5.0.7)" "" "del a host route"
h del default gw 10.9.0.1 metric 5; is "$(r default)" "" "del with gw and metric"

# -- drop-in: the same commands through busybox and net-tools, side by side
# (their name lookups see an empty /etc/hosts and a name server on the
# namespace's lo that refuses at once)
n ip link set lo up
nb() { ip netns exec $ns unshare -m sh -c 'mount --bind /dev/null /etc/hosts &&
	mount --bind /dev/null /etc/resolv.conf && mount --bind /dev/null /etc/networks &&
	exec "$@"' sh "$@"; }
h add default gw 10.9.0.1 window 1000 irtt 50 mss 1300 mod dyn reinstate
is "$(r default)" "default via 10.9.0.1 dev v0 window 1000 rtt 50ms advmss 1260" \
	"window, irtt, mss; mod dyn reinstate accepted"
h -A inet add -host 10.5.0.9 reject; is $? 0 "-A inet add -host ... reject"
h add -net 10.4.0.0/16 dev v0 metric 3
if command -v busybox >/dev/null; then
	for o in "" -e -ne "-A inet"; do
		h $o >$err; nb busybox route $o | diff - $err >/dev/null
		ok $? "'route $o' is busybox's, byte for byte"
	done
else
	for o in 1 2 3 4; do skip "no busybox to compare with"; done
fi
if [ -x /usr/sbin/route ]; then
	h -ne | grep -v '!' >$err
	nb /usr/sbin/route -ne | grep -v '!' | diff - $err >/dev/null
	ok $? "'route -ne' is net-tools' (but for reject routes: README)"
else
	skip "no net-tools to compare with"
fi
h -x 2>$err; is "$? $(cat $err)" "100 halbox route: unknown option '-x'" \
	"a bad option: one line"
h -A inet6 2>$err; is $? 100 "-A inet6: IPv4 only, said"
