#!/bin/sh
# SPDX-License-Identifier: ISC
# faults.t - the faults a booted image survives (issue 20), where the
# behaviour lives in an applet, without booting a kernel: QEMU missing,
# QEMU killed by SIGKILL and SIGSEGV (on_exit followed, restart included),
# a broken and a missing init.conf, a fork storm under PID 1 (no zombies,
# RSS flat), a corrupt and a missing module (nothing loaded: each fails
# before init_module). Each has a defined outcome in one line and a bound
# (timeout -k) past which it counts as a hang.
. tests/lib.sh
plan 33
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

# -- vmm: a fake root and a fake QEMU (qemu = PATH in ROOT/etc/vmm.conf)
cp -R tests/vmm/pc "$d/r"; mkdir -p "$d/r/etc"; : >"$d/r/proc/cmdline"
conf() {	# QEMU ON_EXIT
	printf 'qemu = %s\non_exit = %s\ndisk = none\naccel = tcg\nnic = none\n' \
		"$1" "$2" >"$d/r/etc/vmm.conf"
}
vmm() { timeout -k 5 "$1" "$BOX" vmm -r "$d/r" </dev/null >/dev/null 2>"$d/err"; }

conf "$d/nope" restart
vmm 10; is "$?:$(cat "$d/err")" "127:halbox vmm: qemu = $d/nope: No such file or directory" \
	"QEMU missing: exit 127, one line naming the path, no restart"

# A "QEMU" that counts its starts, then dies of SIG after 0.2 s.
for sig in KILL:9 SEGV:11; do
	n=${sig#*:}; s=${sig%:*}
	printf '#!/bin/sh\necho >>%s/starts\nsleep 0.2\nkill -%s $$\n' "$d" "$s" >"$d/q"
	chmod +x "$d/q"
	conf "$d/q" poweroff; : >"$d/starts"
	vmm 20; is $? $((128 + n)) "SIG$s, on_exit = poweroff: vmm returns 128+$n"
	grep -qx "halbox vmm: QEMU killed by signal $n: status $((128 + n))" "$d/err"
	ok $? "... 'QEMU killed by signal $n' in one line"
	is "$(wc -l <"$d/starts")" 1 "... started once"
done
# default on_exit is poweroff
printf 'qemu = %s\ndisk = none\naccel = tcg\nnic = none\n' "$d/q" >"$d/r/etc/vmm.conf"
: >"$d/starts"
vmm 20; is "$?:$(wc -l <"$d/starts")" "139:1" "SIGSEGV, on_exit unset: poweroff, status returned"

# restart: 1, 2, 4, 8 s between starts, the 5th within 60 s is the last
conf "$d/q" restart; : >"$d/starts"
vmm 60; is $? 139 "SIGSEGV, on_exit = restart: after the last start, QEMU's status"
is "$(wc -l <"$d/starts")" 5 "... QEMU started 5 times"
is "$(grep -c 'QEMU killed by signal 11' "$d/err")" 5 "... each death one line"
is "$(grep 'restarting QEMU in' "$d/err" | tr -dc '0-9\n' | tr '\n' ,)" "1,2,4,8," \
	"... backing off 1, 2, 4, 8 s"
grep -qx "halbox vmm: QEMU ended 5 times in 60 s: not restarting" "$d/err"
ok $? "... then one line: not restarting"

# -- init as PID 1 of a PID namespace (HALBOX_INIT_TEST=1, see init.t)
if [ "$(id -u)" = 0 ] && unshare --pid --fork --mount --mount-proc true 2>/dev/null; then
	boot() {
		HALBOX_INIT_TEST=1 HALBOX_INIT_CMDLINE="$1 init.norescue" \
			timeout -k 5 "${2:-30}" unshare --fork --pid --mount --mount-proc \
			"$BOX" init </dev/null >"$d/out" 2>"$d/err"
	}
	has() { grep -qF -- "$2" "$d/$1"; }
	printf '/bin/echo one\n-/bin/false\nnosuchcommand x\n/bin/echo never\n' >"$d/p"
	boot "init.conf=$d/p"; is $? 0 "a plan with a failing line: init ends cleanly"
	has err "p:2: /bin/false: failed (exit 1)" && has err "p:2: '-': going on"
	ok $? "a '-' line failing: file and line, and the plan goes on"
	has err "p:3: nosuchcommand: not found (exit 127)"
	ok $? "an unknown command: file, line, not found (exit 127)"
	has out never; is $? 1 "... and the plan stops there"
	has err "would reboot: poweroff"; ok $? "... init.norescue: poweroff"
	{ echo /bin/echo ran; printf '/bin/echo %05000d\n' 0; } >"$d/p"
	boot "init.conf=$d/p"; is $? 0 "a line too long: init ends cleanly"
	has err "p:2: line too long"; ok $? "... file, line and reason"
	has out ran; is $? 1 "... and no line of the plan runs"
	head -c 70000 /dev/zero | tr '\0' '#' >"$d/p"
	boot "init.conf=$d/p"; is $? 0 "an init.conf over 64 KiB: init ends cleanly"
	has err "init.conf=$d/p: File too large"; ok $? "... named in one line"
	boot "init.conf=$d/none"; is $? 0 "a missing init.conf=: init ends cleanly"
	has err "init.conf=$d/none: No such file or directory"; ok $? "... named in one line"

	# A fork storm: 5 times a shell starts 200 children and exits at once;
	# they end together, orphans of PID 1. Then: no zombie, PID 1's RSS
	# no more than 64 KiB above its value before.
	rss="/bin/sh -c 'grep VmRSS /proc/1/status'"
	storm="/bin/sh -c 'i=0; while [ \$i -lt 200 ]; do sleep 0.3 & i=\$((i + 1)); done; exit 0'"
	zomb="/bin/sh -c 'sleep 1; n=0; for f in /proc/[0-9]*/stat; do read -r s <\$f; case \${s#*) } in Z*) n=\$((n + 1));; esac; done; echo zombies \$n'"
	printf '%s\n' "$rss" "$storm" "$storm" "$storm" "$storm" "$storm" "$zomb" "$rss" >"$d/p"
	boot "init.conf=$d/p" 60; is $? 0 "1000 short-lived orphans: init ends cleanly"
	has out "zombies 0"; ok $? "... no zombie left in the namespace"
	a=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "$d/out" | head -n 1)
	b=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "$d/out" | tail -n 1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$b" -le $((a + 64)) ]
	ok $? "... PID 1's VmRSS flat ($a kB, then $b kB)"
else
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do skip "init needs root and PID namespaces"; done
fi

# -- modules: fixtures under MODROOT, never the host's kernel; strace
# (when there) shows that no init_module or finit_module was made.
t=$d/mods; m=$t/lib/modules/$(uname -r)
mkdir -p "$m/kernel" "$t/proc"; : >"$t/proc/modules"; : >"$t/proc/cmdline"
printf 'kernel/bad.ko.gz:\nkernel/gone.ko:\n' >"$m/modules.dep"
{ printf '\037\213\010\000\000\000\000\000\000\003'; head -c 64 /dev/zero | tr '\0' '\377'; } \
	>"$m/kernel/bad.ko.gz"
# traced CMD...: CMD, its init_module calls appended to $d/sys
if command -v strace >/dev/null; then
	traced() { strace -f -qq -e signal=none -e trace=init_module,finit_module -o "$d/s" "$@"; }
else
	traced() { : >"$d/s"; "$@"; }
fi
: >"$d/sys"
mod() {
	traced timeout -k 5 20 env MODROOT="$t" "$BOX" "$@" 2>"$d/err"
	set -- $?; cat "$d/s" >>"$d/sys"; return "$1"
}
mod insmod "$m/kernel/bad.ko.gz"
is "$?:$(cat "$d/err")" "100:halbox insmod: $m/kernel/bad.ko.gz: corrupt or truncated gzip data" \
	"insmod of a corrupt .ko.gz: exit 100, one line"
mod modprobe bad
is "$?:$(cat "$d/err")" "111:halbox modprobe: $m/kernel/bad.ko.gz: corrupt or truncated gzip data" \
	"modprobe of a corrupt module: exit 111, one line"
mod modprobe gone
is "$?:$(cat "$d/err")" "111:halbox modprobe: $m/kernel/gone.ko: No such file or directory" \
	"modprobe, a module in modules.dep with no file: exit 111, one line"
mod modprobe nosuch
is "$?:$(cat "$d/err")" "1:halbox modprobe: nosuch: not found in $m" \
	"modprobe of a module that does not exist: exit 1, one line"
is "$(cat "$d/sys")" "" "no module was loaded: no init_module, no finit_module"
