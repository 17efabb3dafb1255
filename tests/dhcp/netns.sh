# SPDX-License-Identifier: ISC
# netns.sh - sourced by the udhcpc tests and bench: two network namespaces
# joined by a veth pair, created directly inside them (nothing ever exists
# in the host's namespace), removed with the temp dir on exit, even on
# failure. Server side: srv0 10.9.0.1/24 in $S; client side: eth0 (down,
# no address) in $C. The client runs in a private mount namespace where
# $D/etc is bound over /etc, so the real /etc/resolv.conf is never touched.
S=hbxs$$ C=hbxc$$
D=$(mktemp -d)
netns_cleanup() {
	for p in $(cat "$D"/*.pid "$D"/etc/*.pid 2>/dev/null); do
		kill "$p" 2>/dev/null
	done
	ip netns pids "$C" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns pids "$S" 2>/dev/null | xargs -r kill 2>/dev/null
	sleep 0.2
	ip netns del "$C" 2>/dev/null
	ip netns del "$S" 2>/dev/null
	[ -n "${KEEP:-}" ] && cp -r "$D" "$KEEP"
	rm -rf "$D"
}
trap netns_cleanup EXIT
trap 'exit 1' INT TERM HUP
netns_setup() {
	ip netns add "$S" && ip netns add "$C" &&
	ip -n "$S" link add srv0 type veth peer name eth0 netns "$C" &&
	ip -n "$S" addr add 10.9.0.1/24 dev srv0 &&
	ip -n "$S" link set lo up && ip -n "$S" link set srv0 up &&
	ip -n "$C" link set lo up && mkdir -p "$D/etc"
}
# netns_need [PROGRAM...]: skip the whole test without root, without one
# of the PROGRAMs (a command, or a path such as out/tools/dhcp-evil), or
# when the namespaces cannot be made; else make them (netns_setup).
netns_need() {
	[ "$(id -u)" = 0 ] || skip_all "network namespaces need root"
	for _p; do
		case $_p in
		*/*) [ -x "$_p" ] || skip_all "no $_p (make check builds it)" ;;
		*) command -v "$_p" >/dev/null || skip_all "no $_p" ;;
		esac
	done
	netns_setup || skip_all "cannot create network namespaces here"
}
# in_client CMD...: run in the client's namespaces with $D/etc as /etc
in_client() {
	ip netns exec "$C" unshare -m --propagation private sh -c \
		'mount --bind "$0/etc" /etc && exec "$@"' "$D" "$@"
}
# dnsmasq_start [ARGS...]: DHCP on srv0 only, no DNS, no ping, logs to $D
dnsmasq_start() {
	ip netns exec "$S" dnsmasq --no-daemon --conf-file=/dev/null \
		--port=0 --interface=srv0 --bind-interfaces --user=root \
		--dhcp-leasefile="$D/leases" --pid-file="$D/dnsmasq.pidf" \
		--log-dhcp --log-facility="$D/dnsmasq.log" "$@" \
		2>>"$D/dnsmasq.err" &
	echo $! >"$D/dnsmasq.pid"
}
dnsmasq_stop() {
	kill "$(cat "$D/dnsmasq.pid")" 2>/dev/null
	wait "$(cat "$D/dnsmasq.pid")" 2>/dev/null
	rm -f "$D/dnsmasq.pid"
}
# wait_for SECONDS FILE PATTERN: until grep finds it (0) or time is up (1)
wait_for() {
	_i=0
	while [ $_i -lt $(($1 * 20)) ]; do
		grep -q -- "$3" "$2" 2>/dev/null && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}
# wait_count SECONDS FILE PATTERN N: until PATTERN is on N lines or more
wait_count() {
	_i=0
	while [ $_i -lt $(($1 * 20)) ]; do
		[ "$(grep -c -- "$3" "$2" 2>/dev/null)" -ge "$4" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}
