#!/bin/sh
# SPDX-License-Identifier: ISC
# init.t - init as PID 1 of a new PID + mount namespace, with the test-only
# HALBOX_INIT_TEST=1: no mounts, no /dev, no /proc/sys, and "would reboot:
# HOW" instead of reboot(2). Plans are real files; signals come from plan
# lines (the poweroff/reboot/halt applets, kill) inside the namespace; the
# rescue shell reads the test's pipe. tests/boot/init.t boots it for real.
. tests/lib.sh
[ "$(id -u)" = 0 ] || skip_all "PID namespaces need root"
unshare --pid --fork --mount --mount-proc true 2>/dev/null ||
	skip_all "no PID namespaces here"
plan 49
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

# boot CMDLINE [STDIN]: run init; stdout in $d/out, stderr in $d/err
boot() {
	printf '%b' "${2:-}" | HALBOX_INIT_TEST=1 HALBOX_INIT_CMDLINE="$1" \
		timeout -k 5 60 unshare --fork --pid --mount --mount-proc \
		"$BOX" init >"$d/out" 2>"$d/err"
}
has() { grep -qF -- "$2" "$d/$1"; }
order() {	# FILE A B: line A comes before line B
	a=$(grep -nF -- "$2" "$d/$1" | head -n 1 | cut -d: -f1)
	b=$(grep -nF -- "$3" "$d/$1" | head -n 1 | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

is "$("$BOX" init --print-default | tr '\n' ,)" "coldplug -d,vmm -b,vmm," \
	"--print-default prints the built-in plan"
"$BOX" init 2>"$d/err"; is $? 100 "init refuses to run when not PID 1"
has err "not PID 1"; ok $? "... and says why"

# A plan: comments, quoting, a '-' line failing, an orphan to reap.
cat >"$d/plan" <<'P'
# comment line

/bin/echo "one  two" 'three'four
-/bin/false
- /bin/sh -c 'exit 3'
/bin/sh -c 'sleep 0.2 & exit 0'
/bin/sh -c 'sleep 1; for f in /proc/[0-9]*/stat; do read -r s <$f; case ${s#*) } in Z*) echo "zombie $s"; exit 1;; esac; done; echo no-zombie'
P
boot "init.conf=$d/plan"; is $? 0 "a plan runs, init ends the namespace"
is "$(head -n 1 "$d/out")" "one  two threefour" "quoting: blanks kept, quotes removed"
has err "plan:4: /bin/false: failed (exit 1)"; ok $? "a '-' line failing is reported with its number"
has err "plan:5: /bin/sh: failed (exit 3)"; ok $? "'- COMMAND' is a '-' line too"
has out no-zombie; ok $? "the orphaned grandchild was reaped: no zombie in /proc"
has err "would reboot: poweroff"; ok $? "the plan ended: poweroff"

# A failing line: reported, the plan stops, the rescue shell runs.
printf '/bin/echo first\n/bin/sh -c "exit 7"\n/bin/echo never\n' >"$d/fail"
boot "init.conf=$d/fail" 'cd /proc\n/bin/pwd\n"/bin/echo" rescued\nexit\n/bin/echo after-exit\n'
is $? 0 "a failing plan: init still ends cleanly"
has err "fail:2: /bin/sh: failed (exit 7)"; ok $? "init.conf:LINE: COMMAND: reason (exit N)"
has out never; is $? 1 "the lines after a failing line do not run"
has out rescued; ok $? "the rescue shell ran commands from the console"
has out /proc; ok $? "... cd is a builtin"
has out after-exit; is $? 1 "... exit ends it"
has err "would reboot: poweroff"; ok $? "after the rescue shell: poweroff"

boot "init.norescue init.conf=$d/fail" '/bin/echo rescued\n'
is $? 0 "init.norescue: ends cleanly"
has out rescued; is $? 1 "init.norescue: no rescue shell"
has err "would reboot: poweroff"; ok $? "init.norescue: poweroff at once"

printf '/bin/echo second\n' >"$d/two"
boot "init.rescue init.conf=$d/two" '/bin/echo first\n'
order out first second; ok $? "init.rescue: the shell runs before the plan"

# Power signals from inside the namespace; the plan stops there.
for a in poweroff:poweroff reboot:reboot halt:halt; do
	printf '%s\n/bin/sleep 2\n/bin/echo never\n' "${a%%:*}" >"$d/sig"
	boot "init.conf=$d/sig"
	has err "would reboot: ${a#*:}" && ! has out never
	ok $? "the ${a%%:*} applet (signals PID 1): ${a#*:}, plan stopped"
done
cat >"$d/int" <<'P'
/bin/sh -c 'trap "echo line-got-term; exit 0" TERM; kill -INT 1; while :; do sleep 0.1; done'
P
boot "init.conf=$d/int"
has err "signal 2 from pid"; ok $? "SIGINT (Ctrl-Alt-Del) is taken"
has out line-got-term; ok $? "the running line gets SIGTERM first"
order err "SIGTERM to pid" "SIGTERM to every process"; ok $? "... before everyone else"
has err "would reboot: poweroff"; ok $? "SIGINT: poweroff"

# vmm's on_exit reboot: SIGTERM to PID 1, then the last line ends at once.
printf "/bin/sh -c 'kill -TERM 1; exit 0'\n" >"$d/vmm"
boot "init.conf=$d/vmm"
has err "would reboot: reboot"; ok $? "the last line sends SIGTERM and ends: reboot, not poweroff"

# A process that ignores SIGTERM gets SIGKILL after the bounded wait.
printf "/bin/sh -c 'trap \"\" TERM; sleep 60 >/dev/null & exit 0'\n" >"$d/stub"
boot "init.conf=$d/stub"; is $? 0 "a process ignoring SIGTERM does not stop the shutdown"
has err "SIGKILL to every process"; ok $? "... it gets SIGKILL"

# Bad plans: a clear error, never a crash.
boot "init.conf=$d/none init.norescue"; is $? 0 "a missing init.conf: clean end"
has err "init.conf=$d/none: No such file"; ok $? "... named in the error"
[ -e /etc/init.conf ] || {
	boot "init.norescue"
	has err "no /etc/init.conf: the built-in plan is not for a test host"
	ok $? "test mode never runs the built-in plan on the host"
}
[ -e /etc/init.conf ] && skip "this host has an /etc/init.conf"
printf '/bin/echo ran\n\n/bin/echo "open\n' >"$d/bad"
boot "init.conf=$d/bad init.norescue"
has err "bad:3: unterminated quote"; ok $? "a malformed line: file, line and reason"
has out ran; is $? 1 "a malformed plan runs none of its lines"
printf -- '-\n' >"$d/bad"
boot "init.conf=$d/bad init.norescue"
has err "bad:1: '-' and no command"; ok $? "a lone '-' is an error"
printf '/nonexistent/x\n' >"$d/bad"
boot "init.conf=$d/bad init.norescue"
has err "bad:1: /nonexistent/x: not found (exit 127)"; ok $? "a missing program: not found (exit 127)"
grep -nE '(^|[^_a-z])(die|exit|usage)\(' applets/init.c
is $? 1 "init.c calls no die(), exit() or usage(): PID 1 never exits"
printf '/bin/echo ran\n' >"$d/two"
HALBOX_INIT_TEST=1 HALBOX_INIT_CMDLINE="init.conf=$d/two" unshare --fork \
	--pid --mount --mount-proc "$BOX" init unknown --words </dev/null \
	>"$d/out" 2>"$d/err"
is "$?:$(cat "$d/out")" 0:ran "as PID 1, words the kernel passes on are ignored"

# The kernel hands init the words of its command line it does not know
# (--help, -- --help): as PID 1, halbox takes none of its own options, and a
# name that is no applet (init=/bin/halbox) is init, never an exit.
for args in "--help" "init --help" "-- --help" "--list" "nosuchapplet" ""; do
	# shellcheck disable=SC2086 # the words are the point
	HALBOX_INIT_TEST=1 HALBOX_INIT_CMDLINE="init.conf=$d/two" unshare --fork \
		--pid --mount --mount-proc "$BOX" $args </dev/null \
		>"$d/out" 2>"$d/err"
	is "$?:$(cat "$d/out")" 0:ran "as PID 1, 'halbox $args' is init"
done

# A FIFO or a terminal as init.conf= would block PID 1 for ever in open or
# read: regular files only.
mkfifo "$d/fifo"
for f in "$d/fifo" /dev/ptmx; do
	boot "init.conf=$f init.norescue"
	is $? 0 "init.conf=$f: no hang"
	has err "init.conf=$f: Invalid argument"; ok $? "... refused as not a regular file"
done
