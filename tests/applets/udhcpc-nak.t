#!/bin/sh
# SPDX-License-Identifier: ISC
# udhcpc-nak.t - a misconfigured server that NAKs every REQUEST (tests/dhcp/
# evil.c in its nak mode): udhcpc must back off as after unanswered
# DISCOVERs, not start over every 0.5 s for ever (4 packets a second per
# client, a storm from a fleet). The server counts what it receives in a
# fixed window: with the pause doubling from 0.5 s (0.5, 1, 2, 4, 8 ...
# +- 1/8), 12 s hold 5 or 6 attempts of 2 packets; without, about 48.
. tests/lib.sh
. tests/dhcp/netns.sh
netns_need out/tools/dhcp-evil
EVIL=$PWD/out/tools/dhcp-evil
plan 4

ip netns exec "$S" "$EVIL" srv0 nak >"$D/evil.log" 2>&1 &
echo $! >"$D/evil.pid"
wait_for 5 "$D/evil.log" READY || echo "# evil server did not start"
in_client "$BOX" udhcpc -f -i eth0 -p /etc/client.pid \
	>"$D/client.log" 2>&1 &
sleep 12
kill -0 "$(cat "$D/etc/client.pid")"; ok $? "the client is alive, still trying"
kill "$(cat "$D/etc/client.pid")"; sleep 0.2
n=$(grep -c -e DISCOVER -e REQUEST "$D/evil.log")
echo "# $n packets in 12 s"
[ "$n" -ge 6 ] && [ "$n" -le 14 ]
ok $? "12 s of NAKs: $n packets (6 to 14: backing off, not a storm)"
is "$(grep -c REQUEST "$D/evil.log")" "$(grep -c 'eth0: nak from 10\.9\.0\.1$' "$D/client.log")" \
	"every REQUEST was NAKed and the client said so, naming the NAK's server id"
awk '/REQUEST/ && p != "DISCOVER" { bad = 1 } { p = $1 } END { exit bad }' \
	"$D/evil.log"
ok $? "each attempt is a DISCOVER then a REQUEST"
