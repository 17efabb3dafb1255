#!/bin/sh
# SPDX-License-Identifier: ISC
# init.t - halbox init as the real PID 1 of Debian's kernel under QEMU:
# it runs a plan and powers off (QEMU exits 0, no panic), tells dmesg its
# story, powers off after a broken plan with init.norescue, and shuts down
# when a plan line runs `poweroff` (SIGUSR2 to PID 1).
. tests/lib.sh
. tests/lib/boot.sh
[ -r "$KERNEL" ] || skip_all "no kernel in /boot (build/deps.sh installs linux-image-amd64)"
plan 13
d=$(mktemp -d); trap 'rm -rf "$d" "$BOOT_LOG"' EXIT

cat >"$d/good" <<'P'
# the boot plan of a test machine
mknod -m 600 /run/null c 1 3
-mknod /run/null c 1 3
mknod /run/fifo p
P
boot_initrd "$d/img" "$d/good:/etc/init.conf"; ok $? "initrd with a plan packed"
boot_qemu "$d/img" ""; is $? 0 "a plan that ends: QEMU exits 0 (powered off)"
boot_log_has 'init\.conf:4: mknod /run/fifo p'; ok $? "the plan ran to its last line"
boot_log_has 'init\.conf:3: mknod: failed \(exit 111\)'; ok $? "a '-' line failed, reported, and the boot went on"
boot_log_has '\] halbox: init: the plan has ended'; ok $? "the story is in dmesg (kernel timestamps)"
boot_log_has 'reboot: Power down'; ok $? "the kernel powered the machine down"
boot_log_has 'Kernel panic|Attempted to kill init'; is $? 1 "no kernel panic"

printf 'mknod /run/a p\n/bin/nonexistent\nmknod /run/b p\n' >"$d/bad"
boot_initrd "$d/img" "$d/bad:/etc/init.conf"
boot_qemu "$d/img" "init.norescue"; is $? 0 "a broken plan with init.norescue powers off"
boot_log_has 'init\.conf:2: /bin/nonexistent: not found \(exit 127\)'
ok $? "the failing line is reported with its number"
boot_log_has 'Kernel panic|Attempted to kill init'; is $? 1 "no kernel panic"

printf 'poweroff\nmknod /run/never p\n' >"$d/off"
boot_initrd "$d/img" "$d/off:/etc/init.conf"
boot_qemu "$d/img" ""; is $? 0 "a plan line running poweroff: QEMU exits 0"
boot_log_has 'signal 12 from pid [0-9]+: poweroff'; ok $? "init took SIGUSR2"
boot_log_has 'init\.conf:2:'; is $? 1 "the plan stopped there"
