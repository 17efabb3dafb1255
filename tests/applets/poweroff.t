#!/bin/sh
# SPDX-License-Identifier: ISC
# poweroff.t - poweroff/reboot/halt, each in a new PID namespace only.
# Without -f the applet signals PID 1 (a shell trap records which signal);
# with -f, reboot(2) in a child PID namespace kills that namespace's init
# with SIGINT (power off, halt) or SIGHUP (restart): pid_namespaces(7).
. tests/lib.sh
[ "$(id -u)" = 0 ] || skip_all "PID namespaces need root"
unshare --pid --fork true 2>/dev/null || skip_all "no PID namespaces here"
plan 12
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

asks() {	# APPLET ARGS...: the signal PID 1 receives
	unshare --pid --fork sh -c '
		trap "echo USR1; exit" USR1; trap "echo USR2; exit" USR2
		trap "echo TERM; exit" TERM
		"$@" & wait; sleep 5 & wait' sh "$BOX" "$@"
}
is "$(asks poweroff)" USR2 "poweroff asks init with SIGUSR2"
is "$(asks reboot)" TERM "reboot asks init with SIGTERM"
is "$(asks halt)" USR1 "halt asks init with SIGUSR1"
t0=$(date +%s); s=$(asks poweroff -d 1); t1=$(date +%s)
[ "$s" = USR2 ] && [ $((t1 - t0)) -ge 1 ]; ok $? "-d 1 waits a second first"

unshare --pid --fork "$BOX" poweroff -f; is $? 130 "poweroff -f as PID 1: RB_POWER_OFF"
unshare --pid --fork "$BOX" reboot -f -n; is $? 129 "reboot -f -n as PID 1: RB_AUTOBOOT"
unshare --pid --fork "$BOX" halt -f; is $? 130 "halt -f as PID 1"
unshare --pid --fork "$BOX" poweroff; is $? 130 "as PID 1 there is nobody to ask: -f implied"

"$BOX" poweroff -x 2>"$d/err"; is $? 100 "unknown option is a usage error"
grep -qx "halbox poweroff: unknown option '-x'" "$d/err"; ok $? "one line naming the option"
"$BOX" reboot -d soon 2>"$d/err"; is $? 100 "bad delay"
"$BOX" halt extra 2>/dev/null; is $? 100 "stray argument"
