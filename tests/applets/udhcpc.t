#!/bin/sh
# SPDX-License-Identifier: ISC
# udhcpc.t - halbox udhcpc against a real DHCP server (dnsmasq) across a
# veth pair between two network namespaces made here (tests/dhcp/netns.sh):
# the lease applied (address, route, MTU, resolv.conf in a private /etc),
# the -s script's events, renewal at T1 in dnsmasq's log, rebinding with
# the server gone, NAK when the server's range changes, -n without a
# server, resolv.conf as a mount point, -b returning once bound, release,
# -r, SIGUSR1/SIGUSR2, -x/-O/-V, option 121, and -a against an ARP owner.
. tests/lib.sh
. tests/dhcp/netns.sh
netns_need dnsmasq out/tools/dhcp-evil
plan 38

cat >"$D/script" <<'SH'
#!/bin/sh
echo "$1 ip=$ip mask=$mask router=$router dns=$dns domain=$domain lease=$lease mtu=$mtu serverid=$serverid interface=$interface" >>"${0%/*}/events"
SH
chmod +x "$D/script"
range() {	# FIRST LAST: (re)start dnsmasq on that range, T1 2 s, T2 4 s
	: >"$D/dnsmasq.log"
	dnsmasq_start --dhcp-range="$1,$2,255.255.255.0,2m" --no-ping \
		--dhcp-authoritative \
		--dhcp-option=option:dns-server,10.9.0.53 \
		--dhcp-option=option:domain-name,test.example \
		--dhcp-option=option:domain-search,a.example,b.a.example \
		--dhcp-option=option:mtu,1400 \
		--dhcp-option=option:T1,2 --dhcp-option=option:T2,4
	wait_for 5 "$D/dnsmasq.log" "DHCP, sockets bound"
}
range 10.9.0.50 10.9.0.60

# -f: stay in the foreground; no -i: eth0, brought up by the client
in_client "$BOX" udhcpc -f -s "$D/script" -p /etc/client.pid \
	>"$D/client.log" 2>&1 &
wait_for 10 "$D/client.log" "eth0: lease"; ok $? "a lease within 10 s"
grep -q '^halbox udhcpc: eth0: lease 10\.9\.0\.[56][0-9]/24 via 10\.9\.0\.1, dns 10\.9\.0\.53, 120 s$' \
	"$D/client.log"; ok $? "one log line: address/prefix, router, dns, lease"
addr=$(ip -n "$C" -4 -o addr show dev eth0 | awk '{print $4}')
case $addr in 10.9.0.5[0-9]/24|10.9.0.60/24) r=0;; *) r=1;; esac
ok $r "address applied: $addr"
ip -n "$C" -4 -o addr show dev eth0 | grep -q 'brd 10\.9\.0\.255'
ok $? "broadcast address applied"
ip -n "$C" route show default | grep -q '^default via 10\.9\.0\.1 dev eth0'
ok $? "default route via the router"
ip -n "$C" link show eth0 | grep -q 'mtu 1400'; ok $? "MTU 1400 applied"
is "$(cat "$D/etc/resolv.conf" 2>/dev/null | tr '\n' '|')" \
	"search test.example a.example b.a.example|nameserver 10.9.0.53|" \
	"resolv.conf written (options 15, 119, 6)"
grep -q "^bound ip=${addr%/*} mask=24 router=10.9.0.1 dns=10.9.0.53 domain=test.example lease=120 mtu=1400 serverid=10.9.0.1 interface=eth0$" \
	"$D/events"; ok $? "-s script: bound, with busybox's variables"
head -n 1 "$D/events" | grep -q '^deconfig '; ok $? "-s script: deconfig first"

# T1 = 2 s: a unicast REQUEST from our address, ACKed
wait_count 6 "$D/dnsmasq.log" "DHCPACK(srv0) ${addr%/*}" 2; ok $? "renewal at T1: a second REQUEST and ACK in dnsmasq's log"
wait_for 3 "$D/client.log" "eth0: renewed"; ok $? "client logs the renewal"
# the log line comes before the script runs: wait for the script's line
wait_for 5 "$D/events" '^renew ip='; ok $? "-s script: renew"

# server gone: renewing fails, rebinding at T2 (broadcast)
dnsmasq_stop
wait_for 8 "$D/client.log" "eth0: rebinding"; ok $? "server stopped: rebinding at T2"
ip -n "$C" -4 -o addr show dev eth0 | grep -q "${addr%/*}"
ok $? "the address is kept while rebinding"

# the server comes back with another range: our address is refused
range 10.9.0.100 10.9.0.110
kill -USR1 "$(cat "$D/etc/client.pid")"
wait_for 5 "$D/dnsmasq.log" "DHCPNAK"; ok $? "dnsmasq NAKs the old address"
wait_for 5 "$D/client.log" "eth0: nak from"; ok $? "client logs the NAK"
wait_for 8 "$D/client.log" "eth0: lease 10\.9\.0\.1[01][0-9]/24"
ok $? "and takes a lease in the new range"
n=$(ip -n "$C" -4 -o addr show dev eth0 | wc -l)
ip -n "$C" -4 -o addr show dev eth0 | grep -q '10\.9\.0\.1[01][0-9]/24' &&
	[ "$n" = 1 ]; ok $? "only the new address is left"

# SIGTERM with -R: RELEASE seen by the server, address removed
pid=$(cat "$D/etc/client.pid")
kill "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
: >"$D/dnsmasq.log"
# /etc/resolv.conf a bind mount (rename(2) would fail): rewritten in place
: >"$D/rc"
ip netns exec "$C" unshare -m --propagation private sh -c \
	'mount --bind "$0/etc" /etc && mount --bind "$0/rc" /etc/resolv.conf &&
	exec "$@"' "$D" "$BOX" udhcpc -b -R -p /etc/udhcpc.pid \
	>"$D/client2.log" 2>&1
r=$?
ip -n "$C" -4 -o addr show dev eth0 | grep -q '10\.9\.0\.1[01][0-9]/24'
[ $r = 0 ] && [ $? = 0 ]; ok $? "-b returns 0 once the lease is applied"
is "$(tr '\n' '|' <"$D/rc")" \
	"search test.example a.example b.a.example|nameserver 10.9.0.53|" \
	"resolv.conf on a mount point rewritten in place"
pid=$(cat "$D/etc/udhcpc.pid" 2>/dev/null)
kill -0 "$pid" 2>/dev/null; ok $? "and the daemon keeps it (pid file $pid)"
kill "$pid"
wait_for 5 "$D/dnsmasq.log" "DHCPRELEASE"; ok $? "-R: SIGTERM sends a RELEASE"
sleep 0.2
ip -n "$C" -4 -o addr show dev eth0 | grep -q inet; [ $? = 1 ]
ok $? "and removes the address"

# no server: -n exits 1 after -t tries
dnsmasq_stop
in_client "$BOX" udhcpc -n -q -t 2 -T 1 >"$D/client3.log" 2>&1
is $? 1 "-n -t 2: no lease, exit 1"

# no eth0: the first Ethernet link with carrier, brought up by the client
ip -n "$C" link set eth0 down && ip -n "$C" link set eth0 name ens3
range 10.9.0.50 10.9.0.60
in_client "$BOX" udhcpc -q -f -t 3 -x hostname:box1 -O ntpsrv -V halbox \
	-x 0x4d:6869 >"$D/client4.log" 2>&1
is $? 0 "without eth0 and -i: a lease on the Ethernet link found"
grep -q 'udhcpc: ens3: lease 10\.9\.0\.' "$D/client4.log"; ok $? "named ens3"
grep -q 'client provides name: box1' "$D/dnsmasq.log"; ok $? "-x hostname:box1 sent"
grep -q 'requested options:.*42:ntp-server' "$D/dnsmasq.log"
ok $? "-O ntpsrv requested"
grep -q 'vendor class: halbox' "$D/dnsmasq.log" &&
	grep -q 'user class: hi' "$D/dnsmasq.log"; ok $? "-V and -x 0x4d:HEX sent"

# -r: INIT-REBOOT, a REQUEST for the old address and no DISCOVER at all
old=$(ip -n "$C" -4 -o addr show dev ens3 | awk '{print $4}')
ip -n "$C" -4 addr flush dev ens3
: >"$D/dnsmasq.log"
in_client "$BOX" udhcpc -f -i ens3 -r "${old%/*}" -p /etc/client.pid \
	>"$D/client5.log" 2>&1 &
wait_for 5 "$D/client5.log" "ens3: lease ${old%/*}/24"
ok $? "-r ${old%/*}: that lease again"
grep -q DHCPDISCOVER "$D/dnsmasq.log"; [ $? = 1 ]; ok $? "without a DISCOVER"
# SIGUSR2 releases and waits; SIGUSR1 starts over
pid=$(cat "$D/etc/client.pid")
kill -USR2 "$pid"
wait_for 5 "$D/dnsmasq.log" DHCPRELEASE &&
	! ip -n "$C" -4 -o addr show dev ens3 | grep -q inet
ok $? "SIGUSR2: released, address removed"
kill -USR1 "$pid"
wait_for 5 "$D/dnsmasq.log" DHCPDISCOVER &&
	wait_count 5 "$D/client5.log" "ens3: lease" 2
ok $? "SIGUSR1: a new lease"
kill "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done

# option 121 replaces option 3 (RFC 3442): its routes, no other default
dnsmasq_stop
: >"$D/dnsmasq.log"
dnsmasq_start --dhcp-range=10.9.0.50,10.9.0.60,255.255.255.0,2m --no-ping \
	--dhcp-option=option:classless-static-route,192.168.7.0/24,10.9.0.1,0.0.0.0/0,10.9.0.254
wait_for 5 "$D/dnsmasq.log" "DHCP, sockets bound"
in_client "$BOX" udhcpc -q -f -i ens3 -a200 >"$D/client6.log" 2>&1
is $? 0 "a lease with option 121 (and -a: the address is free)"
is "$(ip -n "$C" route show | grep -v 'proto kernel' | sort | tr '\n' '|')" \
	"192.168.7.0/24 via 10.9.0.1 dev ens3 |default via 10.9.0.254 dev ens3 |" \
	"option 121's routes, not option 3's router"

# -a: another host answers ARP for the offered address: DECLINE
# (that host is tests/dhcp/evil.c in its ARP mode, on the server's side)
mac=$(ip -n "$C" link show ens3 | awk '/link\/ether/ {print $2}')
ip netns exec "$S" "$PWD/out/tools/dhcp-evil" srv0 arp 10.9.0.77 \
	>"$D/arp.log" 2>&1 &
echo $! >"$D/arp.pid"
wait_for 5 "$D/arp.log" READY
dnsmasq_stop
: >"$D/dnsmasq.log"
dnsmasq_start --dhcp-range=10.9.0.50,10.9.0.60,255.255.255.0,2m --no-ping \
	--dhcp-host="$mac,10.9.0.77"
wait_for 5 "$D/dnsmasq.log" "DHCP, sockets bound"
in_client "$BOX" udhcpc -f -i ens3 -a500 -p /etc/client.pid \
	>"$D/client7.log" 2>&1 &
wait_for 5 "$D/dnsmasq.log" "DHCPDECLINE(srv0) 10.9.0.77"
ok $? "-a: dnsmasq receives a DECLINE for 10.9.0.77"
grep -q 'ens3: 10\.9\.0\.77 is in use: declined' "$D/client7.log"
ok $? "the client says why"
ip -n "$C" -4 -o addr show dev ens3 | grep -q inet; [ $? = 1 ]
ok $? "and configures nothing"
kill "$(cat "$D/etc/client.pid")"
