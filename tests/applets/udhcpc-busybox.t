#!/bin/sh
# SPDX-License-Identifier: ISC
# udhcpc-busybox.t - halbox udhcpc and busybox udhcpc side by side against
# dnsmasq (tests/dhcp/netns.sh): busybox's flags and long options take the
# same effect on the wire (dnsmasq's log), and with -e a busybox script
# that configures the interface itself leaves what busybox leaves.
. tests/lib.sh
. tests/dhcp/netns.sh
netns_need dnsmasq busybox
plan 12

# busybox's simple.script in short: the script does all the configuring
cat >"$D/script" <<'SH'
#!/bin/sh
echo "$1 ip=$ip mask=$mask router=$router dns=$dns" >>"${0%/*}/events"
case $1 in
deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up ;;
bound|renew)
	ip addr add "$ip/$mask" broadcast "$broadcast" dev "$interface" || exit 1
	for r in $router; do ip route add default via "$r" dev "$interface"; done
	for d in $dns; do echo "nameserver $d"; done >/etc/resolv.conf ;;
esac
SH
chmod +x "$D/script"
dnsmasq_start --dhcp-range=10.9.0.50,10.9.0.60,255.255.255.0,2m --no-ping \
	--dhcp-option=option:dns-server,10.9.0.53 --dhcp-host=fqdn-host,10.9.0.57
wait_for 5 "$D/dnsmasq.log" "DHCP, sockets bound"
state() {
	ip -n "$C" -4 -o addr show dev eth0 | awk '{print $4, $5, $6}'
	ip -n "$C" -4 route show; cat "$D/etc/resolv.conf"
}
reset() {
	ip -n "$C" addr flush dev eth0; : >"$D/events"; rm -f "$D/etc/resolv.conf"
	: >"$D/dnsmasq.log"
}

# -- the script configures (busybox's way): the same end state, events
reset; in_client busybox udhcpc -f -q -i eth0 -s "$D/script" >/dev/null 2>&1
is $? 0 "busybox udhcpc -f -q -s SCRIPT: a lease"
bb=$(state); bbev=$(cat "$D/events"); ip=${bb%%/*}
reset; in_client "$BOX" udhcpc -f -q -e -i eth0 -s "$D/script" -r "$ip" 2>/dev/null
is $? 0 "halbox udhcpc -e -f -q -s SCRIPT: the same script, a lease"
is "$(state)" "$bb" "the same addresses, routes and resolv.conf as busybox's"
is "$(cat "$D/events")" "$bbev" "the same events with the same variables"
reset; in_client "$BOX" udhcpc -f -q -i eth0 -s "$D/script" -r "$ip" 2>/dev/null
grep -q "^bound ip=$ip" "$D/events"; ok $? "without -e halbox applies the lease first"
ip -n "$C" -4 -o addr show dev eth0 | grep -q "$ip/24"
ok $? "... and the script's own 'ip addr add' finds it there (README: the two modes)"

# -- busybox's flags and long options: the same requests on the wire
flags='-B -S -o -O dns -C -F fqdn-host -V test-vendor'
wire() {	# what dnsmasq logged of the first exchange, without xid and MAC
	x=$(grep -m1 DHCPDISCOVER "$D/dnsmasq.log" | sed 's/.*]: \([0-9]*\) .*/\1/')
	grep "]: $x " "$D/dnsmasq.log" |
		sed 's/.*]: [0-9]* //; s/ *[0-9a-f:]\{17\}//g; s/ *$//' | sort -u
}
reset; in_client busybox udhcpc -f -q -i eth0 -s /bin/true $flags >/dev/null 2>&1
is $? 0 "busybox udhcpc $flags"
bbwire=$(wire)
reset; in_client "$BOX" udhcpc -f -q -i eth0 -s /bin/true $flags 2>/dev/null
is $? 0 "halbox udhcpc $flags"
is "$(wire)" "$bbwire" "dnsmasq logs the same exchange for both"
echo "$bbwire" | grep -q 'broadcast response' &&
	echo "$bbwire" | grep -q 'client provides name: fqdn-host' &&
	echo "$bbwire" | grep -q '^requested options: 6:dns-server$'
ok $? "... the broadcast flag, the name, only the option asked for"
reset
in_client "$BOX" udhcpc --foreground --quit --interface=eth0 --script=/bin/true \
	--retries 2 --no-default-options --request-option=dns --broadcast \
	--clientid-none --fqdn=fqdn-host --vendorclass=test-vendor 2>/dev/null
is "$? $(wire)" "0 $bbwire" "busybox's long options, '=' or a separate word: the same"
in_client "$BOX" udhcpc --frobnicate 2>"$D/err"
is "$? $(cat "$D/err")" "100 halbox udhcpc: unknown option '--frobnicate'" \
	"an unknown long option is named"
