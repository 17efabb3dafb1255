#!/bin/sh
# SPDX-License-Identifier: ISC
# ifconfig.t - ifconfig in a private network namespace with a veth pair,
# checked against what iproute2 reports (and busybox's listing, if there).
. tests/lib.sh
[ "$(id -u)" = 0 ] || skip_all "network namespaces need root"
ns=halbox-ifconfig-$$
ip netns add $ns 2>/dev/null || skip_all "no network namespaces here"
err=$(mktemp)
trap 'ip netns del $ns 2>/dev/null; rm -f $err $err.want' EXIT
trap 'exit 1' INT TERM
n() { ip netns exec $ns "$@"; }
h() { ip netns exec $ns "$BOX" ifconfig "$@"; }
n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
n ip link add v0 type veth peer name v1 || { echo "1..0 # SKIP no veth"; exit 0; }
plan 67
addr() { n ip -4 -o addr show dev v0 | awk '{print $4, $5, $6}' | tr '\n' ';'; }
link() { n ip -o link show v0 | sed 's/qdisc.*link.ether/ether/; s/ brd.*//'; }
state() { addr; link; }

# -- setting, read back with iproute2
h v0 10.9.0.2 netmask 255.255.255.0; is $? 0 "ADDR netmask M"
is "$(addr)" "10.9.0.2/24 brd 10.9.0.255;" "address, mask, derived broadcast"
link | grep -q ',UP'; ok $? "an address brings v0 up"
h v0 10.9.0.2/20; is "$(addr)" "10.9.0.2/20 brd 10.9.15.255;" \
	"ADDR/PREFIX replaces the mask, broadcast derived again"
h v0 172.16.1.1; is "$(addr)" "172.16.1.1/16 brd 172.16.255.255;" \
	"no mask: the class's (B), the old address replaced"
h v0 10.1.2.3; is "$(addr)" "10.1.2.3/8 brd 10.255.255.255;" "class A"
h v0 192.168.7.9 broadcast 192.168.7.7
is "$(addr)" "192.168.7.9/24 brd 192.168.7.7;" "an explicit broadcast"
h v0 192.168.7.9 -broadcast; is "$(addr)" "192.168.7.9/24 scope global;" \
	"-broadcast: none"
h v0 netmask 255.255.0.0; is "$(addr)" "192.168.7.9/16 brd 192.168.255.255;" \
	"netmask alone changes the present address"
h v0 broadcast 192.168.1.255; is "$(addr)" "192.168.7.9/16 brd 192.168.1.255;" \
	"broadcast alone"
n ip route add 10.66.0.0/16 via 192.168.0.1
h v0 192.168.7.9/16 broadcast 192.168.1.255
is "$(n ip -4 route show 10.66.0.0/16 | grep -c via)" 1 \
	"the same again changes nothing: a route through it stays"
h v0 mtu 1400; link | grep -q 'mtu 1400'; ok $? "mtu 1400"
h v0 hw ether 02:00:00:0a:0B:7; link | grep -q 'ether 02:00:00:0a:0b:07'
ok $? "hw ether, hex digits of either case, one or two"
h v0 promisc; link | grep -q 'PROMISC'; ok $? "promisc"
h v0 -promisc; link | grep -q 'PROMISC'; is $? 1 "-promisc"
h v0 -arp; link | grep -q 'NOARP'; ok $? "-arp"
h v0 arp; link | grep -q 'NOARP'; is $? 1 "arp"
h v0 down; link | grep -q ',UP'; is $? 1 "down"
h v0 up; link | grep -q ',UP'; ok $? "up"
h v0 down 10.7.7.7/30 mtu 1300 promisc
is "$(addr)" "10.7.7.7/30 brd 10.7.7.7;" "several at once: address"
link | grep -q 'MULTICAST,PROMISC[,>].* mtu 1300'
ok $? "several at once: down stays down, mtu, promisc"
h v0 -promisc up 10.9.0.2/24 >/dev/null

# -- listing, against iproute2 and busybox. IPv6 on for a moment makes a few
# packets (router and multicast listener messages), then the counters stop.
n ip link set v1 up
n sysctl -qw net.ipv6.conf.v0.disable_ipv6=0 net.ipv6.conf.v1.disable_ipv6=0
sleep 2
n sysctl -qw net.ipv6.conf.v0.disable_ipv6=1 net.ipv6.conf.v1.disable_ipv6=1
h v0 >$err; is $? 0 "ifconfig v0"
mac=$(n ip -o link show v0 | sed 's/.*ether \([^ ]*\).*/\1/' | tr a-f A-F)
is "$(sed -n 1p $err)" "v0        Link encap:Ethernet  HWaddr $mac  " \
	"line 1: name, encapsulation, HWaddr as iproute2's"
is "$(sed -n 2p $err)" "          inet addr:10.9.0.2  Bcast:10.9.0.255  Mask:255.255.255.0" \
	"line 2: address, broadcast, mask"
is "$(sed -n 3p $err)" "          UP BROADCAST RUNNING MULTICAST  MTU:1300  Metric:1" \
	"line 3: flags and MTU"
set -- $(n ip -s link show v0 | awk '/RX:/ {getline; rb=$1; rp=$2}
	/TX:/ {getline; print rp, rb, $2, $1}')
[ "${1:-0}" -gt 0 ]; ok $? "iproute2 counts RX packets ($1)"
grep -q "RX packets:$1 errors:0" $err; ok $? "RX packets as iproute2's"
grep -q "TX packets:$3 errors:0" $err; ok $? "TX packets as iproute2's"
grep -q "RX bytes:$2 (.*)  TX bytes:$4 (" $err; ok $? "RX and TX bytes"
if command -v busybox >/dev/null; then
	n busybox ifconfig v0 | diff - $err >/dev/null
	ok $? "the listing is busybox's, byte for byte"
else
	skip "no busybox to compare with"
fi
is "$(h | grep -c '^[^ ]')" "$(n ip -o link show up | wc -l)" \
	"ifconfig: as many interfaces as iproute2 sees up"
is "$(h -a | grep -o '^[^ ]*' | tr '\n' ' ')" "lo v0 v1 " \
	"ifconfig -a: all, by name (busybox's and net-tools' order)"
h lo | grep -q '^lo        Link encap:Local Loopback  $'; ok $? "loopback"

# -- errors: one line naming the word, non-zero, nothing changed
before=$(state)
h nosuch0 up 2>$err; is $? 100 "unknown interface: 100"
grep -q 'nosuch0: unknown interface' $err; ok $? "the interface is named"
h nosuch0 2>/dev/null; is $? 100 "unknown interface, listing"
h v0 10.9.0.256 up 2>$err; is $? 100 "malformed address"
grep -q "bad address '10.9.0.256'" $err; ok $? "the address is named"
h v0 10.9.0.3/33 2>$err; is $? 100 "prefix > 32"
grep -q "bad prefix in '10.9.0.3/33'" $err; ok $? "the prefix is named"
h v0 mtu 67 2>$err; is $? 100 "mtu 67 out of range"
grep -q "bad mtu '67' (68-65535)" $err; ok $? "mtu is named with its range"
h v0 10.9.0.3 mtu 65536 up 2>/dev/null; is $? 100 "mtu 65536 out of range"
h v0 10.9.0.3 up bogus 2>$err; is $? 100 "trailing garbage"
grep -q "unexpected 'bogus'" $err; ok $? "the word is named"
h v0 10.9.0.3 netmask 255.0.255.0 2>$err; is $? 100 "non-contiguous netmask"
h v0 hw ether 01:00:00:00:00:01 2>$err; is $? 100 "multicast MAC refused"
is "$(state)" "$before" "after every error: addresses and link unchanged"
h v0 0.0.0.0; is "$(addr)" "" "0.0.0.0 deletes the address, as SIOCSIFADDR does"
h v0 netmask 255.0.0.0 2>$err; is $? 100 "netmask without an address"


# -- drop-in: the same words through busybox, side by side
bb() { n busybox ifconfig "$@"; }
h v0 10.9.0.2/24 txqueuelen 500 up; is $? 0 "txqueuelen"
n ip -o link show v0 | grep -q 'qlen 500'; ok $? "... set, as iproute2 sees"
h v0 metric 2 2>$err; is "$? $(cat $err)" \
	"0 halbox ifconfig: v0: metric ignored (Linux has none per interface)" \
	"metric: accepted, said to be ignored (busybox: SIOCSIFMETRIC fails, 1)"
h v0:1 10.9.1.2; is $? 0 "IF:1 ADDR: an alias"
h v0:2 10.9.2.2 netmask 255.255.0.0
is "$(addr)" "10.9.0.2/24 brd 10.9.0.255;10.9.1.2/8 brd 10.255.255.255;10.9.2.2/16 brd 10.9.255.255;" \
	"aliases: secondary addresses, mask and broadcast as for the link"
is "$(n ip -4 -o addr show dev v0 | sed 's|.* scope global \([^ \\]*\).*|\1|' | tr '\n' ' ')" "v0 v0:1 v0:2 " \
	"... labelled IF:N"
n ip link add eth10 type veth peer name eth2 && n ip link set eth10 up &&
	n ip link set eth2 up
if command -v busybox >/dev/null; then
	h -a >$err; bb -a | diff - $err >/dev/null
	ok $? "ifconfig -a, aliases listed, is busybox's, byte for byte"
	h v0:1 >$err; bb v0:1 | diff - $err >/dev/null; ok $? "ifconfig IF:1 too"
else
	skip "no busybox to compare with"; skip "no busybox to compare with"
fi
is "$(h | grep -o '^[^ ]*' | tr '\n' ' ')" "eth10 eth2 v0 v0:1 v0:2 v1 " \
	"aliases after their link; by name as busybox (eth10 before eth2)"
h v0:1 down; is "$(addr)" "10.9.0.2/24 brd 10.9.0.255;10.9.2.2/16 brd 10.9.255.255;" \
	"IF:1 down deletes that address only"
n ip -o link show v0 | grep -q ',UP'; ok $? "... the link stays up"
h v0 pointopoint 10.9.0.9; is $? 0 "pointopoint A"
n ip -4 -o addr show dev v0 | grep -q 'inet 10.9.0.2 peer 10.9.0.9/24'
ok $? "... the peer set, the address kept (as SIOCSIFDSTADDR)"
if command -v busybox >/dev/null; then
	h v0 >$err; bb v0 | diff - $err >/dev/null; ok $? "listed as busybox lists it"
else
	skip "no busybox to compare with"
fi
h v0 10.9.0.2/24; n ip -4 -o addr show dev v0 | grep -q peer; is $? 1 \
	"a new address without pointopoint has no peer"
h v0 txqueuelen x 2>$err; is "$? $(cat $err)" "100 halbox ifconfig: bad txqueuelen 'x'" \
	"a bad value is named, not taken for an address"
h v0:7 2>$err; is $? 100 "an alias that is not there: unknown"
