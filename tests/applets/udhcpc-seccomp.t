#!/bin/sh
# SPDX-License-Identifier: ISC
# udhcpc-seccomp.t - udhcpc's least privilege (README.md, "udhcpc"): once
# its sockets are open, init's `udhcpc -b` keeps CAP_NET_ADMIN only (and
# CAP_NET_RAW with -a), has no_new_privs and a seccomp filter; a system
# call outside its list kills it (SIGSYS), one on the list is answered and
# the client goes on. The calls are made by udhcpc's own code under its
# own filter: tests/dhcp/inject.c points the waiting process at its
# `syscall` instruction with another number (execve; read through the
# i386 entry, whose number is close's on x86_64; gettid's x32 number).
# With -s nothing is confined (the script may need any privilege).
# dnsmasq in a network namespace, as udhcpc.t.
. tests/lib.sh
. tests/dhcp/netns.sh
netns_need dnsmasq out/tools/syscall-inject
INJECT=$PWD/out/tools/syscall-inject
plan 21

dnsmasq_start --dhcp-range=10.9.0.50,10.9.0.60,255.255.255.0,2m --no-ping \
	--dhcp-authoritative --dhcp-option=option:dns-server,10.9.0.53 \
	--dhcp-option=option:T1,2 --dhcp-option=option:T2,4
wait_for 5 "$D/dnsmasq.log" "DHCP, sockets bound" || echo "# no dnsmasq"
# no core file in the test's directory when SIGSYS kills the client
client() {
	in_client sh -c 'ulimit -c 0 && exec "$0" "$@"' "$BOX" udhcpc "$@"
}
field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
gone() {	# PID: it has exited within 5 s
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	! kill -0 "$1" 2>/dev/null
}

# init's form: -b, to the background once bound
client -b -p /etc/c1.pid >"$D/c1.log" 2>&1; ok $? "udhcpc -b: bound"
pid=$(cat "$D/etc/c1.pid")
kill -0 "$pid"; ok $? "-b returned with the daemon's pid in the pid file"
is "$(field "$pid" Seccomp)" 2 "a seccomp filter"
is "$(field "$pid" NoNewPrivs)" 1 "no_new_privs"
is "$(field "$pid" CapEff)" 0000000000001000 "CapEff: CAP_NET_ADMIN only"
is "$(field "$pid" CapPrm)" 0000000000001000 "CapPrm: CAP_NET_ADMIN only"
is "$(field "$pid" CapInh)$(field "$pid" CapAmb)" \
	00000000000000000000000000000000 "nothing inheritable, nothing ambient"
wait_for 10 "$D/c1.log" "eth0: renewed"; ok $? "renewed under the filter"
is "$("$INJECT" "$pid" 186)" "returned $pid" \
	"gettid, on the list, made by udhcpc: answered"
n=$(grep -c 'eth0: renewed' "$D/c1.log")
kill -USR1 "$pid"
wait_count 10 "$D/c1.log" "eth0: renewed" $((n + 1))
ok $? "the client goes on after it (SIGUSR1: renewed)"
is "$("$INJECT" "$pid" 59)" "killed by signal 31" \
	"execve, not on the list: killed by SIGSYS"
gone "$pid"; ok $? "the client is gone"

# -a keeps CAP_NET_RAW (a packet socket per probe); the i386 entry
client -f -a100 -p /etc/c2.pid >"$D/c2.log" 2>&1 &
wait_for 10 "$D/c2.log" "eth0: lease"; ok $? "udhcpc -a: bound"
pid=$(cat "$D/etc/c2.pid")
is "$(field "$pid" CapEff)" 0000000000003000 \
	"-a: CapEff CAP_NET_ADMIN and CAP_NET_RAW"
is "$("$INJECT" "$pid" i386 3)" "killed by signal 31" \
	"i386's read (3, x86_64's close) through int \$0x80: killed by SIGSYS"
gone "$pid"; ok $? "the client is gone"

# x32's numbers (bit 30) are not x86_64's
client -f -p /etc/c3.pid >"$D/c3.log" 2>&1 &
wait_for 10 "$D/c3.log" "eth0: lease"; ok $? "udhcpc -f: bound"
pid=$(cat "$D/etc/c3.pid")
is "$("$INJECT" "$pid" $((0x40000000 + 186)))" "killed by signal 31" \
	"gettid's x32 number: killed by SIGSYS"
gone "$pid"; ok $? "the client is gone"

# -s: the script may need any privilege; udhcpc confines nothing
printf '#!/bin/sh\n' >"$D/script"
chmod +x "$D/script"
client -f -s "$D/script" -p /etc/c4.pid >"$D/c4.log" 2>&1 &
wait_for 10 "$D/c4.log" "eth0: lease"
pid=$(cat "$D/etc/c4.pid")
is "$(field "$pid" Seccomp)$(field "$pid" NoNewPrivs)" 00 \
	"-s: no filter, no no_new_privs"
is "$("$INJECT" "$pid" 59)" "returned -14" \
	"-s: execve(NULL) is made and fails (EFAULT), the client lives"
