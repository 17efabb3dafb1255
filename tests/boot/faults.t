#!/bin/sh
# SPDX-License-Identifier: ISC
# faults.t - the faults a booted image survives (issue 20), booted: Debian's
# kernel under TCG on a test initrd (tests/lib/boot.sh), busybox from the
# host as a probe. Each fault has a defined outcome in one console line,
# no panic, and a bound (the boot's timeout) past which it is a hang. Five
# boots; the faults that do not interfere share one:
#  1. one plan: a corrupt e1000.ko (truncated) and a missing e1000e.ko
#     (named by modules.dep, file absent) under coldplug and modprobe; a
#     network with no DHCP server (an rtl8139 on a QEMU hub port with no
#     other port: no SLIRP, no DHCP); no disk (vmm waits its 30 s);
#     QEMU missing from the image; the real static QEMU killed by SIGSEGV
#     mid-run, five times, under on_exit = restart; a fork storm of 1,000
#     short-lived orphans (no zombie, PID 1's resident memory flat).
#  2. an init.conf with a syntax error; 3. init.conf= naming no file.
#  4. the console's writer blocked: /dev/console is a serial port whose
#     QEMU chardev is a FIFO nobody reads; a plan line fills it and stays
#     blocked, and PID 1 must still run the plan and power off (progress
#     and PID 1's dmesg lines come out on the other serial port).
#  5. a poweroff while init waits up to 15 s for the boot medium.
# The faults handled inside one applet are in tests/applets/faults.t,
# vmm's QEMU exit and SIGKILL in tests/boot/vmm.t, no NIC in image.t.
. tests/lib.sh
. tests/lib/boot.sh
boot_need_kernel
[ -x /bin/busybox ] || skip_all "no /bin/busybox (build/deps.sh)"
plan 30
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
qdir=$(sh build/qemu.sh 2>/dev/null) || qdir=
has() { grep -Eq -- "$2" "$t/$1"; }
line() { grep -Em 1 -- "$2" "$t/$1"; }
nopanic() { ! has "$1" 'Kernel panic|Attempted to kill init|Oops'; }
# boot NAME IMG APPEND SECS [QEMU ARG...]: boot_qemu bounded to SECS, the
# console in $t/NAME, the status in $rc, the seconds it took in $secs
boot() {
	_b=$1 _i=$2 _a=$3 BOOT_TIMEOUT=$4; shift 4
	_t0=$(date +%s)
	boot_qemu "$_i" "$_a" "$@"
	rc=$? secs=$(($(date +%s) - _t0))
	echo "# $_b: $secs s, QEMU exit $rc"
	tr -d '\r' <"$BOOT_LOG" >"$t/$_b"
	[ $rc = 0 ] || tail -n 30 "$t/$_b" | sed 's/^/# /'
}

# -- 1: one plan, many faults
# A module tree of our own, indexed by Debian's depmod, then damaged: e1000
# cut in half (the kernel refuses it: its section headers are at the end),
# e1000e's file removed. 8139cp and 8139too (and mii) stay whole for the
# no-DHCP NIC (QEMU's rtl8139 is a C+: 8139cp's).
M=/lib/modules/$KVER
N=kernel/drivers/net
mkdir -p "$t/mods"
(cd "$M" && cp --parents $N/ethernet/intel/e1000/e1000.ko \
	$N/ethernet/intel/e1000e/e1000e.ko $N/ethernet/realtek/8139too.ko \
	$N/ethernet/realtek/8139cp.ko $N/mii.ko modules.order modules.builtin \
	modules.builtin.modinfo "$t/mods/")
mkdir -p "$t/root/lib/modules" && mv "$t/mods" "$t/root/lib/modules/$KVER"
PATH=$PATH:/usr/sbin:/sbin depmod -b "$t/root" "$KVER"
r=$t/root/lib/modules/$KVER
e1000=$r/$N/ethernet/intel/e1000/e1000.ko
truncate -s $(($(wc -c <"$e1000") / 2)) "$e1000"
rm "$r/$N/ethernet/intel/e1000e/e1000e.ko"
grep -q "^$N/ethernet/intel/e1000e/e1000e.ko:" "$r/modules.dep" &&
	grep -q 'e1000e$' "$r/modules.alias"
ok $? "the module tree: modules.dep and modules.alias name e1000e, its file is gone"
mods=$(cd "$t/root" && find lib -type f | sed "s|.*|$t/root/&:/&|")

# vmm.conf: no disk is probed; then disk = none with the default QEMU path
# (not in this image); then the static QEMU, restarted on exit.
printf 'accel = tcg\nnic = none\nmem = 64M\n' >"$t/vmm.probe"
printf 'accel = tcg\nnic = none\nmem = 64M\ndisk = none\n' >"$t/vmm.noqemu"
printf 'accel = tcg\nnic = none\nmem = 64M\ndisk = none\nqemu = /opt/qemu\non_exit = restart\n' \
	>"$t/vmm.segv"
# The killer: once QEMU is up (2 s after pidof sees it), SIGSEGV; for as
# long as vmm runs. Orphaned to PID 1 at once: the plan goes on to vmm.
cat >"$t/segv.sh" <<'EOF'
(
until pidof vmm >/dev/null; do sleep 0.2; done
n=0
while pidof vmm >/dev/null; do
	p=$(pidof qemu) && sleep 2 && kill -SEGV $p && n=$((n + 1)) &&
		echo "faults: SIGSEGV $n to QEMU, pid $p"
	sleep 0.2
done
) </dev/null >/dev/console 2>&1 &
EOF
# The storm: PID 1's resident set (smaps_rollup's Rss, a walk of its
# pages: VmRSS's counters lag), 5 times 200 children started by a shell
# that exits at once (they end together, orphans of PID 1), the zombies
# left in /proc 3 s later, PID 1's Rss again; the last PID (/proc/loadavg)
# before and after shows that the children were made.
cat >"$t/storm.sh" <<'EOF'
echo "faults: PID 1 before: $(grep ^Rss: /proc/1/smaps_rollup)"
read -r _ _ _ _ a </proc/loadavg
for k in 1 2 3 4 5; do
	busybox sh -c 'i=0; while [ $i -lt 200 ]; do sleep 0.5 & i=$((i + 1)); done'
done
sleep 3
z=0
for f in /proc/[0-9]*/stat; do
	read -r s <$f && st=${s##*) } && case $st in Z*) z=$((z + 1));; esac
done 2>/dev/null
read -r _ _ _ _ b </proc/loadavg
echo "faults: zombies: $z, pids: $a to $b"
echo "faults: PID 1 after: $(grep ^Rss: /proc/1/smaps_rollup)"
EOF
cat >"$t/plan1" <<'EOF'
-coldplug
-modprobe e1000
-modprobe e1000e
-udhcpc -n -t 3 -T 1
udhcpc -b -t 2 -T 1
-vmm
busybox cp /etc/vmm.noqemu /etc/vmm.conf
-vmm
busybox cp /etc/vmm.segv /etc/vmm.conf
busybox sh /etc/segv.sh
-vmm -- -S
busybox sh /etc/storm.sh
EOF
if [ -n "$qdir" ]; then
	fw=$qdir/share/qemu
	boot_initrd "$t/img1" $mods /bin/busybox:/bin/busybox \
		"$qdir/bin/qemu-system-x86_64:/opt/qemu" \
		"$fw/bios-256k.bin:/usr/share/qemu/bios-256k.bin" \
		"$fw/vgabios-stdvga.bin:/usr/share/qemu/vgabios-stdvga.bin" \
		"$fw/kvmvapic.bin:/usr/share/qemu/kvmvapic.bin" \
		"$fw/linuxboot_dma.bin:/usr/share/qemu/linuxboot_dma.bin" \
		"$t/plan1:/etc/init.conf" "$t/vmm.probe:/etc/vmm.conf" \
		"$t/vmm.noqemu:/etc/vmm.noqemu" "$t/vmm.segv:/etc/vmm.segv" \
		"$t/segv.sh:/etc/segv.sh" "$t/storm.sh:/etc/storm.sh"
fi
ok $? "the image builds (the static QEMU: ${qdir:-none})"
boot one "$t/img1" "init.norescue" 420 -m 768 \
	-device e1000 -device e1000e \
	-netdev hubport,id=hub0,hubid=0 -device rtl8139,netdev=hub0
is $rc 0 "one boot, many faults: the HAL powered off (QEMU exit 0, $secs s)"
nopanic one; ok $? "no panic, no oops"
has one '^halbox coldplug: [1-9][0-9]* modules loaded, .*, 2 failed: .*e1000e \(No such file or directory\)' &&
	has one '^halbox coldplug: .* failed: .*e1000 \(invalid module format'
ok $? "coldplug: 2 failed, named ($(line one '^halbox coldplug: [0-9]'))"
has one '^halbox modprobe: .*/e1000\.ko: invalid module format' &&
	has one 'init\.conf:2: modprobe: failed \(exit 111\)'
ok $? "a corrupt e1000.ko: one line, exit 111 ($(line one '^halbox modprobe: .*e1000\.ko'))"
has one '^halbox modprobe: .*e1000e\.ko: No such file or directory$' &&
	has one 'init\.conf:3: modprobe: failed \(exit 111\)'
ok $? "e1000e.ko named by modules.dep, absent: one line, exit 111"
has one '^halbox udhcpc: eth0: no lease after 3 tries$' &&
	has one 'init\.conf:4: udhcpc: failed \(exit 1\)'
ok $? "no DHCP server, -n: 'no lease after 3 tries', exit 1"
has one 'init\.conf:6: -vmm$' && ! has one 'init\.conf:5: udhcpc: '
ok $? "no DHCP server, -b: udhcpc went on in the background, the plan with it"
has one '^halbox vmm: /sys/block: no fixed disk for the guest \(set disk\)$' &&
	has one 'init\.conf:6: vmm: failed \(exit 111\)'
ok $? "no disk: vmm waits its 30 s, then one line, exit 111"
has one '^halbox vmm: qemu = /bin/qemu-system-x86_64: No such file or directory$' &&
	has one 'init\.conf:8: vmm: not found \(exit 127\)'
ok $? "QEMU missing from the image: one line naming it, exit 127"
is "$(grep -c '^faults: SIGSEGV [0-9] to QEMU' "$t/one")" 5 \
	"SIGSEGV mid-run: QEMU killed 5 times"
is "$(grep -c '^halbox vmm: QEMU killed by signal 11: status 139$' "$t/one")" 5 \
	"... each death one vmm line"
is "$(grep '^halbox vmm: restarting QEMU in' "$t/one" | tr -dc '0-9\n' | tr '\n' ,)" \
	"1,2,4,8," "... on_exit = restart: restarted after 1, 2, 4, 8 s"
has one '^halbox vmm: QEMU ended 5 times in 60 s: not restarting$' &&
	has one 'init\.conf:11: vmm: failed \(exit 139\)'
ok $? "... then 'not restarting', vmm exits 139, the plan goes on"
p=$(sed -n 's/^faults: zombies: 0, pids: \([0-9]*\) to \([0-9]*\)$/\1 \2/p' "$t/one")
[ -n "$p" ] && [ $((${p#* } - ${p% *})) -ge 1000 ]
ok $? "1,000 short-lived orphans: no zombie left ($(line one '^faults: zombies'))"
a=$(sed -n 's/^faults: PID 1 before: Rss:[[:space:]]*\([0-9]*\) kB/\1/p' "$t/one")
b=$(sed -n 's/^faults: PID 1 after: Rss:[[:space:]]*\([0-9]*\) kB/\1/p' "$t/one")
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -le $((a + 64)) ]
ok $? "... PID 1's resident memory flat ($a kB, then $b kB)"
has one '^halbox init: the plan has ended$'
ok $? "the plan ran to its end"

# -- 2, 3: a broken init.conf, a missing init.conf=
printf 'mknod /run/a p\nmknod "/run/b p\nmknod /run/c p\n' >"$t/broken"
boot_initrd "$t/img2" "$t/broken:/etc/init.conf"
boot broken "$t/img2" "quiet init.norescue" 120
is $rc 0 "a broken init.conf: powered off (QEMU exit 0, $secs s)"
has broken '^halbox init: /etc/init\.conf:2: unterminated quote$' &&
	! has broken 'init\.conf:1: mknod'
ok $? "... one line, file and line; no line of it ran"
has broken 'init\.norescue: no rescue shell' && nopanic broken
ok $? "... init.norescue: poweroff, no panic"
boot missing "$t/img2" "quiet init.norescue init.conf=/etc/nope" 120
is $rc 0 "init.conf= naming no file: powered off (QEMU exit 0, $secs s)"
has missing '^halbox init: init\.conf=/etc/nope: No such file or directory$' &&
	! has missing 'built-in plan'
ok $? "... one line naming it, not the built-in plan"
nopanic missing; ok $? "... no panic"

# -- 4: the console's writer blocked. ttyS0, the console, is a chardev
# pipe on FIFOs nobody reads (QEMU opens them read-write: it never blocks,
# the UART stays full); ttyS1 is the log here: the marks and dmesg go there
# (one 8250 console driver: the kernel's console can be on one ttyS only).
cat >"$t/fill.sh" <<'EOF'
(while :; do echo "faults: filling the console, 64 bytes a line ........"; done) \
	</dev/null >/dev/console 2>&1 &
EOF
cat >"$t/plan4" <<'EOF'
busybox sh -c "echo faults: mark 1 >/dev/ttyS1"
busybox sh /etc/fill.sh
busybox sh -c "sleep 5; echo faults: mark 2 >/dev/ttyS1"
mknod /run/fifo p
busybox sh -c "echo faults: mark 3 >/dev/ttyS1; dmesg | grep halbox: >/dev/ttyS1"
EOF
boot_initrd "$t/img4" /bin/busybox:/bin/busybox "$t/plan4:/etc/init.conf" \
	"$t/fill.sh:/etc/fill.sh"
mkfifo "$t/stuck.in" "$t/stuck.out"
exec 4<>"$t/stuck.out"	# ours too: what QEMU wrote outlives it
boot_log_next
t0=$(date +%s)
timeout -k 5 180 qemu-system-x86_64 -accel tcg -m 512 -nographic -no-reboot \
	-nodefaults -chardev "pipe,id=stuck,path=$t/stuck" \
	-serial chardev:stuck -serial stdio -kernel "$KERNEL" -initrd "$t/img4" \
	-append "console=ttyS0 panic=-1 quiet init.norescue" \
	</dev/null >"$BOOT_LOG" 2>&1
rc=$? secs=$(($(date +%s) - t0))
tr -d '\r' <"$BOOT_LOG" >"$t/stuck"
is $rc 0 "a blocked console: the HAL still powered off (QEMU exit 0, $secs s)"
[ $rc = 0 ] || tail -n 30 "$t/stuck" | sed 's/^/# /'
n=$(timeout 3 cat <&4 | wc -c)
exec 4>&-
has stuck '^faults: mark 2$' && [ "$n" = 65536 ]
ok $? "the console was stuck: its FIFO full ($n bytes), the filler blocked"
has stuck '^faults: mark 3$' &&
	has stuck '\] halbox: init: /etc/init\.conf:5: busybox sh -c "echo faults: mark 3'
ok $? "PID 1 ran the plan to its end past it (its lines in dmesg)"
nopanic stuck; ok $? "... no panic"

# -- 5: a power signal while init waits for the boot medium (init.medium,
# before the plan's first vmm line: up to 15 s). The plan's first line
# leaves a `poweroff` to run 2 s later; there is no medium (no disk).
printf '%s\n' 'busybox sh -c "(sleep 2; /bin/poweroff) </dev/null >/dev/null 2>&1 &"' \
	vmm >"$t/plan5"
boot_initrd "$t/img5" /bin/busybox:/bin/busybox "$t/plan5:/etc/init.conf"
boot medium "$t/img5" "quiet init.norescue init.medium" 120
is $rc 0 "poweroff during the medium's wait: powered off (QEMU exit 0, $secs s)"
has medium 'signal 12 from pid [0-9]+: poweroff' &&
	! has medium 'no HALBOX medium after|init\.conf:2: vmm: ' &&
	nopanic medium
ok $? "... at once: the wait cut short, vmm never ran, no panic"
