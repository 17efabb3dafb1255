#!/bin/sh
# SPDX-License-Identifier: ISC
# poweroff.t - the kernel runs halbox's poweroff -f as PID 1: the machine
# powers off (QEMU exits 0) and the kernel does not panic.
. tests/lib.sh
. tests/lib/boot.sh
boot_need_kernel
plan 3
img=$(mktemp)
boot_initrd "$img"; ok $? "test initrd packed"
boot_qemu "$img" "rdinit=/bin/poweroff -- -f"
is $? 0 "QEMU exits 0: the guest powered off"
boot_log_has 'Kernel panic|Attempted to kill init'
is $? 1 "no kernel panic on the console"
rm -f "$img"
