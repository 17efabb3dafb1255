#!/bin/sh
# SPDX-License-Identifier: ISC
# udhcpc-evil.t - halbox udhcpc against a hostile server (tests/dhcp/evil.c)
# that answers every DISCOVER and the first REQUEST with broken frames of
# every kind in issue 4 (option past the end, overload with truncated
# sname/file, DNS of 6 bytes, no END, short BOOTP, bad cookie, wrong
# xid/chaddr/op, bad checksums, wrong port, lease 0, yiaddr 0/broadcast/
# loopback/multicast/class E/subnet broadcast, 1000 junk frames) before one
# usable reply that carries a domain with a newline, a hostname with shell
# metacharacters, option 121 of width 33 and T1 > T2 > lease (8 s). The
# client must take only the usable reply, drop what is invalid in it, and
# then renew, rebind and let the 8 s lease expire, alive throughout, and
# say once per reason why it refused the others.
. tests/lib.sh
. tests/dhcp/netns.sh
netns_need out/tools/dhcp-evil
EVIL=$PWD/out/tools/dhcp-evil
plan 26

cat >"$D/script" <<'SH'
#!/bin/sh
echo "$1 ip=$ip dns=$dns domain=$domain hostname=$hostname staticroutes=$staticroutes router=$router" >>"${0%/*}/events"
echo "$1 V1=$V1 V40=$V40 interface=$interface" >>"${0%/*}/env"
SH
chmod +x "$D/script"
ip netns exec "$S" "$EVIL" srv0 >"$D/evil.log" 2>&1 &
echo $! >"$D/evil.pid"
wait_for 5 "$D/evil.log" READY || echo "# evil server did not start"

# 40 variables in udhcpc's environment: the script gets them all
# shellcheck disable=SC2046 # one word a variable
in_client env $(seq 40 | sed 's/.*/V&=&/') "$BOX" udhcpc -f -s "$D/script" \
	-p /etc/client.pid >"$D/client.log" 2>&1 &
wait_for 20 "$D/client.log" "eth0: lease"; ok $? "a lease despite the flood"
grep -q '^halbox udhcpc: eth0: lease 10\.9\.0\.77/24 via 10\.9\.0\.1, dns 10\.9\.0\.53, 8 s$' \
	"$D/client.log"; ok $? "from the one usable reply"
grep -q 'REQUEST 10\.9\.0\.66' "$D/evil.log"; [ $? = 1 ]
ok $? "no hostile OFFER was taken (no REQUEST for 10.9.0.66)"
is "$(ip -n "$C" -4 -o addr show dev eth0 | awk '{print $4}' | tr '\n' ' ')" \
	"10.9.0.77/24 " "only the usable address is configured"
is "$(ip -n "$C" route show | sort | tr '\n' '|')" \
	"10.9.0.0/24 dev eth0 proto kernel scope link src 10.9.0.77 |default via 10.9.0.1 dev eth0 |" \
	"option 121 of width 33 ignored: the router's default route only"
ip -n "$C" link show eth0 | grep -q 'mtu 1400'; ok $? "MTU applied"
is "$(tr '\n' '|' <"$D/etc/resolv.conf")" "nameserver 10.9.0.53|" \
	"resolv.conf: no injected line, no search from a bad domain"
grep -q 'dropped invalid hostname domain option 121 from 10\.9\.0\.1' \
	"$D/client.log"; ok $? "a warning names what was dropped"
# "Why no lease?": each broken reply that may be ours is logged with its
# reason and sender, once per reason in the exchange (the DISCOVER's and
# the REQUEST's floods share an xid); other hosts' (xid, chaddr, op) not
for why in "bad options" "wrong length" "truncated" "magic cookie" \
	"IP checksum" "UDP checksum" "no lease time" "bad address"; do
	is "$(grep -c "^halbox udhcpc: eth0: bad reply from 10\.9\.0\.1: $why\$" \
		"$D/client.log")" 1 "logged once: $why"
done
grep -q 'bad reply' "$D/client.log" &&
	[ -z "$(grep 'bad reply' "$D/client.log" | sort | uniq -d)" ]
ok $? "no reason logged twice in one exchange"
grep -q '^bound ip=10.9.0.77 dns=10.9.0.53 domain= hostname= staticroutes= router=10.9.0.1$' \
	"$D/events"; ok $? "the script sees no dropped value"
grep -c . "$D/events" | grep -q '^2$'; ok $? "script: deconfig and bound, nothing else"
grep -q '^bound V1=1 V40=40 interface=eth0$' "$D/env"
ok $? "the script has all 40 variables of udhcpc's environment, then its own"

# T1 100, T2 50, lease 8: corrected to T1 4, T2 7
wait_for 6 "$D/evil.log" "REQUEST 10.9.0.77 ciaddr"
ok $? "renewing at the corrected T1 (unicast, ciaddr set)"
wait_for 5 "$D/client.log" "eth0: rebinding"; ok $? "rebinding at T2"
wait_for 5 "$D/client.log" "eth0: deconfigured"; ok $? "the lease expires"
ip -n "$C" -4 -o addr show dev eth0 | grep -q inet; [ $? = 1 ]
ok $? "and its address is removed"
wait_for 3 "$D/evil.log" "DISCOVER" && [ "$(grep -c DISCOVER "$D/evil.log")" -ge 2 ]
ok $? "then the client starts over with DISCOVER"
kill -0 "$(cat "$D/etc/client.pid")"; ok $? "the client is alive throughout"
