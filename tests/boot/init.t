#!/bin/sh
# SPDX-License-Identifier: ISC
# init.t - halbox init as the real PID 1 of Debian's kernel under QEMU:
# it runs a plan and powers off (QEMU exits 0, no panic), tells dmesg its
# story, powers off after a broken plan with init.norescue, shuts down
# when a plan line runs `poweroff` (SIGUSR2 to PID 1), and when the power
# button is pressed (QEMU's system_powerdown: ACPI "Power Button").
. tests/lib.sh
. tests/lib/boot.sh
boot_need_kernel
plan 27
d=$(mktemp -d); drain=
trap 'kill $drain 2>/dev/null; rm -rf "$d"' EXIT

# monitor_boot INITRD: boot_qemu in the background ($qemu), its monitor on
# the FIFOs $d/mon.in (fd 3, read-write so it never blocks) and $d/mon.out
monitor_boot() {
	rm -f "$d/mon.in" "$d/mon.out"
	mkfifo "$d/mon.in" "$d/mon.out"
	cat "$d/mon.out" >/dev/null &
	drain="$drain $!"
	exec 3<>"$d/mon.in"
	boot_qemu "$1" "" -monitor "pipe:$d/mon" &
	qemu=$!
	boot_log_next >/dev/null	# the same $BOOT_LOG as the subshell's
}

cat >"$d/good" <<'P'
# the boot plan of a test machine
mknod -m 600 /run/null c 1 3
-mknod /run/null c 1 3
mknod /run/fifo p
P
boot_initrd "$d/img" "$d/good:/etc/init.conf"; ok $? "initrd with a plan packed"
# The kernel passes the words of its command line it does not know to init:
# --help as an argument, HALBOX_INIT_TEST=1 in its environment. Started as
# /bin/halbox (no applet's name), PID 1 is init all the same, takes no
# option of halbox's and no test switch: the machine boots and powers off.
boot_qemu "$d/img" "loglevel=8 rdinit=/bin/halbox --help HALBOX_INIT_TEST=1 -- --help"
is $? 0 "a plan that ends: QEMU exits 0 (powered off)"
boot_log_has 'HALBOX_INIT_TEST: no reboot|usage: halbox'
is $? 1 "PID 1 as /bin/halbox, --help, HALBOX_INIT_TEST=1: no usage, no test mode"
boot_log_has 'init\.conf:4: mknod /run/fifo p'; ok $? "the plan ran to its last line"
boot_log_has 'init\.conf:3: mknod: failed \(exit 111\)'; ok $? "a '-' line failed, reported, and the boot went on"
boot_log_has '\] halbox: init: the plan has ended'; ok $? "the story is in dmesg (kernel timestamps; echoed at loglevel=8)"
boot_log_has '\] halbox: mknod: mknod /run/null: File exists'
ok $? "an applet's own line is in dmesg too, with its name"
boot_log_has 'reboot: Power down'; ok $? "the kernel powered the machine down"
boot_log_has 'Kernel panic|Attempted to kill init'; is $? 1 "no kernel panic"

printf 'mknod /run/a p\n/bin/nonexistent\nmknod /run/b p\n' >"$d/bad"
boot_initrd "$d/img" "$d/bad:/etc/init.conf"
boot_qemu "$d/img" "init.norescue"; is $? 0 "a broken plan with init.norescue powers off"
boot_log_has 'init\.conf:2: /bin/nonexistent: not found \(exit 127\)'
ok $? "the failing line is reported with its number"
boot_log_has 'Kernel panic|Attempted to kill init'; is $? 1 "no kernel panic"

boot_initrd "$d/img"
boot_qemu "$d/img" "init.norescue"; is $? 0 "no /etc/init.conf: a clean poweroff all the same"
boot_log_has 'no /etc/init\.conf: the built-in plan' &&
	boot_log_has 'built-in plan:1: coldplug -d'
ok $? "no /etc/init.conf: the built-in plan runs, coldplug -d first"
is "$(tr -d '\r' <"$BOOT_LOG" | grep -c 'halbox:\? coldplug: ')" 1 \
	"at the default loglevel an applet's line is on the console once (kmsg's copy is level 7)"

printf 'poweroff\nmknod /run/never p\n' >"$d/off"
boot_initrd "$d/img" "$d/off:/etc/init.conf"
boot_qemu "$d/img" ""; is $? 0 "a plan line running poweroff: QEMU exits 0"
boot_log_has 'signal 12 from pid [0-9]+: poweroff'; ok $? "init took SIGUSR2"
boot_log_has 'init\.conf:2:'; is $? 1 "the plan stopped there"

# The rescue shell on the real console (a serial port QEMU reads from a
# FIFO): the test types once the prompt is there, with a DEL to erase.
printf 'mknod /run/a p\n/bin/nonexistent\n' >"$d/bad"
boot_initrd "$d/img" "$d/bad:/etc/init.conf"
mkfifo "$d/typed"
exec 3<>"$d/typed"
boot_qemu_typed "$d/img" "" "$d/typed" &
qemu=$!
boot_log_next >/dev/null
boot_wait_for '^halbox# ' 120
printf 'cat /proc/cmdlinx\177e\r' >&3
sleep 2
printf 'exit\r' >&3
wait $qemu; is $? 0 "after the rescue shell exits, the machine powers off"
exec 3>&-
boot_log_has '^halbox# ' && boot_log_has 'cat /proc/cmdlinx. .e$'
ok $? "a prompt on the console; typing echoed, DEL erasing a character"
boot_log_has '^console=ttyS0 panic=-1 ?$'
ok $? "the rescue shell ran 'cat /proc/cmdline', typed with a DEL"

# Ctrl-Alt-Del, pressed on the (emulated) keyboard through QEMU's monitor
# on a pair of FIFOs: with RB_DISABLE_CAD the kernel sends PID 1 SIGINT,
# and init powers off in order (without it the kernel would reboot at once).
printf 'sh\n' >"$d/cad"
boot_initrd "$d/img" "$d/cad:/etc/init.conf"
monitor_boot "$d/img"
boot_wait_for 'init\.conf:1: sh' 120
sleep 1
echo sendkey ctrl-alt-delete >&3
wait $qemu; is $? 0 "Ctrl-Alt-Del: QEMU exits 0"
boot_log_has 'signal 2 from pid [0-9]+: poweroff' &&
	boot_log_has 'poweroff: SIGTERM to pid'
ok $? "Ctrl-Alt-Del came as SIGINT: an orderly poweroff"

# The power key. The ACPI button and evdev drivers are modules, loaded by
# plan lines after init started: init must find the new /dev/input device
# itself. The last line, sh, waits on the console for ever; QEMU's monitor
# presses the button once init has logged the key.
if ! "$BOX" --list | grep -qx insmod; then
	for i in 1 2 3 4; do skip "no insmod applet to load the button driver"; done
	exit 0
fi
m=/lib/modules/${KERNEL#*/vmlinuz-}/kernel/drivers
printf 'insmod /lib/evdev.ko\ninsmod /lib/button.ko\nsh\n' >"$d/key"
boot_initrd "$d/img" "$d/key:/etc/init.conf" \
	"$m/input/evdev.ko:/lib/evdev.ko" "$m/acpi/button.ko:/lib/button.ko"
monitor_boot "$d/img"
boot_wait_for 'power key: /dev/input/event[0-9]+ \(Power Button\)' 120
boot_log_has 'init\.conf:3: sh'; ok $? "the drivers were loaded by the plan, sh is waiting"
echo system_powerdown >&3
wait $qemu; is $? 0 "the power button powers off: QEMU exits 0"
boot_log_has 'power key pressed: poweroff'; ok $? "init read KEY_POWER from the new input device"
boot_log_has 'poweroff: SIGTERM to pid'; ok $? "the running line (sh) got SIGTERM first"
