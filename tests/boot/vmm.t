#!/bin/sh
# SPDX-License-Identifier: ISC
# vmm.t - vmm runs Debian's QEMU (TCG) on guests made here: a 512-byte
# boot sector that prints a line on COM1 and powers off through the ACPI
# PM port; the same guest paused (-S) or with a bad QEMU option for the
# exit statuses, QMP quit and on_exit; tests/boot/guest.S printing 16 KiB
# to a terminal whose output is stopped until QEMU ends (nothing may be
# lost); and Debian's kernel with a PID 1
# (out/powerbtn, tests/vmm/powerbtn.c) that powers off on the ACPI power
# button, for SIGTERM -> system_powerdown.
. tests/lib.sh
. tests/lib/boot.sh
QEMU=/usr/bin/qemu-system-x86_64
[ -x $QEMU ] || skip_all "no $QEMU (build/deps.sh installs qemu-system-x86)"
plan 25
d=$(mktemp -d) v=
trap '[ -n "$v" ] && kill -TERM $v 2>/dev/null; rm -rf "$d"' EXIT	# TERM: vmm stops its QEMU
HELLO='boot sector: hello from the guest'

# Real-mode code at 0x7c00: print HELLO on COM1 (0x3f8), then ACPI S5:
# SLP_EN (bit 13) with SLP_TYP 0 to PM1a_CNT, 0x604 on QEMU's pc machine
# (SeaBIOS puts the PIIX4 PM base at 0x600; QEMU's piix4 _S5 is 0).
#   fa cli; 31 c0 xor ax,ax; 8e d8 mov ds,ax; fc cld; be 1e 7c mov si,msg
#   ba f8 03 mov dx,0x3f8; ac lodsb; 84 c0 test al,al; 74 03 jz +3;
#   ee out dx,al; eb f8 jmp lodsb; ba 04 06 mov dx,0x604;
#   b8 00 20 mov ax,0x2000; ef out dx,ax; f4 hlt; eb fd jmp hlt; msg:
printf '\372\061\300\216\330\374\276\036\174\272\370\003\254\204\300\164\003\356\353\370\272\004\006\270\000\040\357\364\353\375%s\r\n\000' \
	"$HELLO" >"$d/bs.img"
head -c $((510 - $(wc -c <"$d/bs.img"))) /dev/zero >>"$d/bs.img"
printf '\125\252' >>"$d/bs.img"
is "$(wc -c <"$d/bs.img")" 512 "a 512-byte boot sector"

mkdir -p "$d/r/run" "$d/r/etc"
cp -R tests/vmm/pc/proc tests/vmm/pc/sys "$d/r/"
conf() {	# vmm.conf: the guest above on the host's QEMU, plus "$@" lines
	# (no NIC: vmm wants its boot ROM under the root, and none needs one)
	printf 'qemu = %s\naccel = tcg\nmem = 64M\ndisk = %s\nnic = none\n' \
		$QEMU "$d/bs.img" >"$d/r/etc/vmm.conf"
	for l; do echo "$l" >>"$d/r/etc/vmm.conf"; done
}
vmm() { timeout -k 5 120 "$BOX" vmm -r "$d/r" "$@" </dev/null >"$d/log" 2>&1; }
# The log is emptied before the background vmm starts, not by its own
# redirection: that runs in the child, and qemu_pid could meanwhile read
# the last run's "started ... pid N" and signal a QEMU long gone (then
# the paused one ran on and `wait $v` never returned).
vmm_bg() { : >"$d/log"; "$BOX" vmm -r "$d/r" "$@" </dev/null >>"$d/log" 2>&1 & v=$!; }
log_has() { tr -d '\r' <"$d/log" | grep -q -- "$1"; }
qemu_pid() {	# wait for vmm's "started ... pid N" line; print N
	i=0; while [ $i -lt 200 ] && ! grep -q 'started .* pid' "$d/log"; do
		sleep 0.1; i=$((i + 1)); done
	sed -n 's/.*started .*, pid \([0-9]*\).*/\1/p' "$d/log"
}

conf
vmm; is $? 0 "the boot sector runs to completion: vmm exits 0"
log_has "$HELLO"; ok $? "its line is on the console"
log_has 'vmm: QEMU exited with status 0$'; ok $? "vmm logs QEMU's status"

# The slowest console: a pty (script(1)) whose output tests/boot/conpause.c
# stops (tcflow TCOOFF) while QEMU runs. The guest prints 256 lines of 64
# bytes without waiting for the UART, then its line, and powers off at
# once. QEMU's stdout is non-blocking: a byte the terminal refuses waits in
# the UART and dies with QEMU, so without vmm's pipe not one line arrived.
# etc/sercon-port 0: SeaBIOS would print on COM1 too, waiting for the UART.
boot_guest "$d/chatty.img" -DFILLER=256 &&
	gcc -DQEMU="\"$QEMU\"" -o "$d/conpause" tests/boot/conpause.c &&
	head -c 2 /dev/zero >"$d/zero2"
conf "qemu = $d/conpause" "disk = $d/chatty.img"
timeout -k 5 120 script -qec "$BOX vmm -r $d/r -- -fw_cfg name=etc/sercon-port,file=$d/zero2" \
	/dev/null </dev/null >"$d/log" 2>&1
is $? 0 "a console stopped while QEMU runs: vmm exits 0"
is "$(tr -d '\r' <"$d/log" | grep -cx 'halbox test guest: filler, .*, 64')" 256 \
	"all the 256 lines the guest printed arrive"
log_has 'halbox test guest: hello from the inner VM'
ok $? "and its last line, printed just before it powered off"
conf

vmm -- -no-such-option; is $? 1 "QEMU exits 1 on a bad option: so does vmm"
log_has 'vmm: QEMU exited with status 1$'; ok $? "logged"

vmm_bg -- -S
p=$(qemu_pid); kill -KILL "$p"
wait $v; is $? 137 "QEMU killed by SIGKILL: vmm exits 128+9"
log_has 'vmm: QEMU killed by signal 9: status 137$'; ok $? "logged"

# A paused guest never sees its power button: QMP quit after the timeout.
conf 'shutdown_timeout = 1'
rm -f "$d/r/run/vmm.qmp"	# the QEMU killed above left its socket
vmm_bg -- -S
# QEMU up means its QMP socket is there: under load that takes seconds
qemu_pid >/dev/null; i=0
while [ ! -S "$d/r/run/vmm.qmp" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $v
wait $v; is $? 0 "SIGTERM, guest deaf: QMP quit, QEMU exits 0"
log_has 'stopping: ACPI power button to the guest, 1 s'; ok $? "power button first"
log_has 'guest still up after 1 s: QMP quit'; ok $? "then quit"
log_has 'SIGKILL'; is $? 1 "no SIGKILL needed"

conf 'on_exit = restart'
vmm; is $? 0 "on_exit = restart: gives up with QEMU's status"
is "$(grep -c 'vmm: started ' "$d/log")" 5 "5 starts in the 60 s window"
is "$(grep -c 'restarting QEMU in' "$d/log")" 4 "4 restarts"
log_has 'restarting QEMU in 8 s'; ok $? "backoff 1, 2, 4, 8 s"
log_has 'QEMU ended 5 times in 60 s: not restarting'; ok $? "then stops, saying why"

conf 'on_exit = rescue'
if "$BOX" --list | grep -qx sh; then
	vmm; is $? 0 "on_exit = rescue: the sh applet runs, then vmm exits"
else
	vmm; log_has 'on_exit=rescue: this halbox has no sh applet'
	ok $? "on_exit = rescue without an sh applet: a clear error"
fi

conf 'on_exit = reboot'
if [ "$(id -u)" = 0 ] && unshare --pid --fork true 2>/dev/null; then
	# PID 1 runs the trap once vmm, in the foreground, has ended.
	got=$(unshare --pid --fork sh -c 'trap "echo TERM" TERM
		"$@" </dev/null >/dev/null 2>&1; echo "vmm $?"' sh "$BOX" vmm -r "$d/r")
	is "$(echo $got)" "TERM vmm 0" "on_exit = reboot: init gets SIGTERM, vmm exits 0"
else
	skip "on_exit = reboot needs a PID namespace"
fi

# SIGTERM -> system_powerdown -> the guest's init powers off, no quit.
M=/lib/modules/$(ls /lib/modules | head -n 1)/kernel
if [ -x out/powerbtn ] && [ -r "$KERNEL" ] && [ -r $M/drivers/acpi/button.ko ]; then
	boot_initrd "$d/pb.img" out/powerbtn:/powerbtn \
		$M/drivers/acpi/button.ko:/button.ko \
		$M/drivers/input/evdev.ko:/evdev.ko
	conf 'disk = none' 'nic = none' 'mem = 256M' 'smp = 1'
	vmm_bg -- -no-reboot -kernel "$KERNEL" -initrd "$d/pb.img" \
		-append 'console=ttyS0 rdinit=/powerbtn panic=-1 quiet'
	i=0; while [ $i -lt 1200 ] && ! log_has 'powerbtn: ready'; do
		sleep 0.1; i=$((i + 1)); done
	kill -TERM $v
	wait $v; is $? 0 "SIGTERM to vmm: the guest powers off, vmm exits 0"
	log_has 'powerbtn: KEY_POWER, powering off'; ok $? "the guest saw KEY_POWER"
	log_has 'QMP quit'; is $? 1 "QEMU ended by itself, before shutdown_timeout"
else
	skip "needs out/powerbtn, $KERNEL and button.ko"
	skip "needs out/powerbtn, $KERNEL and button.ko"
	skip "needs out/powerbtn, $KERNEL and button.ko"
fi
