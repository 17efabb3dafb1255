#!/bin/sh
# SPDX-License-Identifier: ISC
# udhcpc-soak.t - the DHCP client over time: init's `udhcpc -b` (under its
# seccomp filter) against tests/dhcp/evil.c in lease mode, 8 s leases (the
# shortest udhcpc takes: T1 4 s, T2 7 s), so a renewal every 4 s. Many
# renewals; then the server disappears: the address is kept while the
# lease is valid (renewing, rebinding), removed at expiry; the server
# returns: the address is acquired again; then renewals again. The file
# descriptors (/proc/PID/fd) and the memory (RssAnon, VmRSS of
# /proc/PID/status) do not grow from the cycle after the outage to the
# end. About 60 s; every wait is a state with a generous bound, no timing
# is asserted. Network namespaces as the other udhcpc tests.
. tests/lib.sh
. tests/dhcp/netns.sh
netns_need out/tools/dhcp-evil
EVIL=$PWD/out/tools/dhcp-evil
plan 16

server() {
	ip netns exec "$S" "$EVIL" srv0 lease 8 >>"$D/evil.log" 2>&1 &
	echo $! >"$D/evil.pid"
	wait_count 5 "$D/evil.log" READY "$1" || echo "# server did not start"
}
field() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
fds() { ls "/proc/$pid/fd" | wc -l; }
addr() { ip -n "$C" -4 -o addr show dev eth0 | awk '{print $4}'; }
renewed() { grep -c 'eth0: renewed' "$D/client.log"; }

server 1
# -A 1: after a failed attempt, try again 1 s later (default 20 s)
in_client "$BOX" udhcpc -b -A 1 -p /etc/client.pid >"$D/client.log" 2>&1
ok $? "udhcpc -b: bound"
pid=$(cat "$D/etc/client.pid")
is "$(field Seccomp)" 2 "under its seccomp filter"
is "$(addr)" 10.9.0.77/24 "the address"
fd0=$(fds)

wait_count 60 "$D/client.log" "eth0: renewed" 6; ok $? "6 renewals"
is "$(grep -c 'REQUEST 10.9.0.77 ciaddr' "$D/evil.log")" "$(renewed)" \
	"each a unicast REQUEST answered by the server"

# the server disappears just after a renewal: 8 s of lease left
n=$(renewed)
wait_count 10 "$D/client.log" "eth0: renewed" $((n + 1))
kill "$(cat "$D/evil.pid")"
wait "$(cat "$D/evil.pid")" 2>/dev/null
wait_for 15 "$D/client.log" "eth0: renewing"
is "$(addr)" 10.9.0.77/24 "server gone, renewing: the address is kept"
wait_for 15 "$D/client.log" "eth0: deconfigured"; ok $? "the lease expires"
is "$(addr)" "" "and the address is removed"
is "$(grep -e renewing -e rebinding -e deconfigured "$D/client.log" |
	tail -n 3 | sed 's/.*eth0: //' | tr '\n' ' ')" \
	"renewing rebinding deconfigured " \
	"after renewing at T1 and rebinding at T2, not before"

# the server returns
server 2
wait_count 30 "$D/client.log" "eth0: lease" 2; ok $? "a new lease"
is "$(addr)" 10.9.0.77/24 "the address is back"
n=$(renewed)
wait_count 10 "$D/client.log" "eth0: renewed" $((n + 1))
fd1=$(fds) anon1=$(field RssAnon) rss1=$(field VmRSS)
echo "# after the outage: $fd1 fds, RssAnon $anon1 kB, VmRSS $rss1 kB"

wait_count 40 "$D/client.log" "eth0: renewed" $((n + 5))
ok $? "5 more renewals"
fd2=$(fds) anon2=$(field RssAnon) rss2=$(field VmRSS)
echo "# at the end: $fd2 fds, RssAnon $anon2 kB, VmRSS $rss2 kB"
is "$fd0 $fd1" "$fd2 $fd2" "file descriptors: $fd0 after the first lease, as many after"
[ "$anon2" -le "$anon1" ]; ok $? "RssAnon does not grow ($anon1 kB, then $anon2 kB)"
[ "$rss2" -le "$rss1" ]; ok $? "VmRSS does not grow ($rss1 kB, then $rss2 kB)"
kill -0 "$pid"; ok $? "the same client throughout (pid $pid)"
