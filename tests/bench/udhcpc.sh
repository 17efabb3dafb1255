#!/bin/bash
# SPDX-License-Identifier: ISC
# udhcpc.sh - make bench: time from start to address applied (median of
# N=20 runs, ms) and RSS while bound, for halbox udhcpc, busybox udhcpc and
# dhcpcd, against the same dnsmasq (--no-ping) across the same veth pair
# between two network namespaces (tests/dhcp/netns.sh). The link is up
# before each run and its address flushed, so only DHCP is measured. The
# clock is read inside the client's namespaces (bash's EPOCHREALTIME, no
# fork) just before exec and just after the client has exited (-q / -1:
# exit once the lease is applied). Not a test: it asserts nothing.
# busybox applies nothing itself: it is timed with a script that only
# adds the address (its real cost of applying). Daemon mode is init's use
# (udhcpc -b); -q is shown too: its exit pays for releasing the bound
# packet socket (an RCU grace period, ~10 ms), after the address is set.
cd "$(dirname "$0")/../.." || exit 1
BOX=${BOX:-$PWD/out/halbox}
N=${N:-20}
[ "$(id -u)" = 0 ] || { echo "bench: needs root (network namespaces)"; exit 1; }
. tests/dhcp/netns.sh
netns_setup || exit 1
ip -n "$C" link set eth0 up
dnsmasq_start --dhcp-range=10.9.0.50,10.9.0.60,255.255.255.0,1h --no-ping \
	--dhcp-option=option:dns-server,10.9.0.53
wait_for 5 "$D/dnsmasq.log" "DHCP, sockets bound"
mkdir -p "$D/run" "$D/var"
cat >"$D/bb.script" <<'SH'
#!/bin/sh
[ "$1" = bound ] && busybox ip addr add "$ip/$mask" dev "$interface"
exit 0
SH
chmod +x "$D/bb.script"

# leftovers: every process in the client's namespace, gone before a run
reap() {
	for p in $(ip netns pids "$C"); do kill "$p" 2>/dev/null; done
	while [ -n "$(ip netns pids "$C")" ]; do sleep 0.01; done
	ip -n "$C" -4 addr flush dev eth0
}
# time_one CMD...: ms from exec to the command's return (a daemon's parent
# exits once the lease is applied), in the client's namespaces with
# private /etc, /run and /var/lib/dhcpcd
time_one() {
	reap
	ip netns exec "$C" unshare -m --propagation private bash -c '
		mount --bind "$0/etc" /etc && mount --bind "$0/run" /run &&
		mkdir -p /var/lib/dhcpcd &&
		mount --bind "$0/var" /var/lib/dhcpcd || exit 1
		t0=$EPOCHREALTIME; "$@" >/dev/null 2>&1; t1=$EPOCHREALTIME
		echo $(( (${t1/./} - ${t0/./}) ))' "$D" "$@"
}
median() { sort -n | awk '{v[NR]=$1} END {printf "%.2f", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)/1000}'; }
applied() { ip -n "$C" -4 -o addr show dev eth0 | grep -q 'inet 10\.9\.0\.'; }

run() {	# NAME CMD...: median time to lease, RSS of what stays bound
	name=$1; shift
	time_one "$@" >/dev/null
	if ! applied; then echo "$name: no address applied"; return; fi
	for i in $(seq "$N"); do time_one "$@"; done | median >"$D/m"
	rss=$(for p in $(ip netns pids "$C"); do
		awk '/VmRSS/ {print $2}' "/proc/$p/status"; done | head -n 1)
	printf '%-40s %7s ms  RSS %s kB\n' "$name" "$(cat "$D/m")" "${rss:--}"
	echo "$name|$(cat "$D/m")" >>"$D/results"
}

echo "# udhcpc bench: median of $N runs, ms from exec until the client's"
echo "# foreground process returns with the address applied; $(date -u +%FT%TZ)"
run "halbox udhcpc (daemon once bound)" "$BOX" udhcpc -i eth0
run "busybox udhcpc -s SCRIPT(ip addr add)" busybox udhcpc -i eth0 -s "$D/bb.script"
if command -v dhcpcd >/dev/null; then
	run "dhcpcd -4 --noarp --nodelay" dhcpcd -4 --noarp --nodelay \
		-f /dev/null -c /bin/true eth0
else
	echo "dhcpcd: not installed (apt-get install dhcpcd-base)"
fi
run "halbox udhcpc -q (exit: socket release)" "$BOX" udhcpc -q -f -i eth0
reap
h=$(awk -F'|' 'NR == 1 {print $2}' "$D/results")
awk -F'|' -v h="$h" 'NR > 1 {printf "# %s: %.1fx halbox\n", $1, $2 / h}' \
	"$D/results"
echo "# halbox: $(wc -c <"$BOX") bytes"
