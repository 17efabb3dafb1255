#!/bin/sh
# SPDX-License-Identifier: ISC
# run.t - make run's whole story, without a terminal: build/run.sh, as
# `make run` runs it (its KVM probe boot, its accelerator, its choice of
# the HAL's CPU), boots the image with the demo guest disk
# (build/demo.sh: syslinux, Debian's kernel, halbox as the guest's init)
# and the console shows the HAL's lease, vmm's KVM probe, the inner QEMU,
# the guest's greeting and lease, both poweroffs. Only the paths and
# init.norescue (a failing plan line powers off rather than waiting for a
# shell no one types into) differ. Needs the static QEMU (build/qemu.sh,
# cached): without it this fails, it does not skip. The console is kept
# (tests/lib/boot.sh).
. tests/lib.sh
# the guest runs under TCG inside TCG: 13 min here under load, not 5
BOOT_TIMEOUT=${BOOT_TIMEOUT:-1200}
. tests/lib/boot.sh
[ -r "$KERNEL" ] ||
	skip_all "no kernel in /boot (build/deps.sh installs linux-image-amd64)"
plan 8
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
KVER=$(basename "$KERNEL" | sed 's/^vmlinuz-//')
export KVER KERNEL BOX MKINITRD="$PWD/out/mkinitrd"

sh build/initrd.sh "$t/initrd.img" 2>"$t/log"
ok $? "the image builds"
boot_log_next
INITRD=$t/initrd.img DISK=$t/disk.img APPEND=init.norescue \
	timeout -k 5 "$BOOT_TIMEOUT" sh build/run.sh \
	</dev/null >"$BOOT_LOG" 2>&1
rc=$?
tr -d '\r' <"$BOOT_LOG" >"$t/console"
is $rc 0 "make run ends with the HAL's QEMU exiting 0"
[ $rc = 0 ] || tail -n 30 "$t/console" | sed 's/^/# /'
grep -Eq '^make run: (KVM|TCG)' "$t/console"
ok $? "it says which accelerator it uses"
if grep -q '^make run: TCG' "$t/console"; then
	grep -q "^make run: the HAL's CPU has no SVM" "$t/console" &&
		grep -q '^halbox vmm: kvm: .*: using TCG' "$t/console"
	ok $? "TCG outside: no SVM for the HAL, it says so, the guest runs on TCG"
else
	skip "KVM outside: the HAL's CPU is host"
fi
grep -Eq '^halbox vmm: kvm: .*: using (KVM|TCG)' "$t/console"
ok $? "vmm's KVM probe says what it found ($(grep -m 1 -o 'vmm: kvm: .*' "$t/console"))"
grep -c '^halbox udhcpc: eth0: lease 10\.0\.2\.15/24' "$t/console" >"$t/n"
is "$(cat "$t/n")" 2 "two leases of 10.0.2.15: the HAL's, then the guest's"
grep -q '^  Hello from the demo guest' "$t/console" &&
	grep -q '^halbox vmm: QEMU exited with status 0' "$t/console"
ok $? "the guest's greeting; it powered off, the inner QEMU exited 0"
grep -c '^halbox init: poweroff$' "$t/console" >"$t/n"
is "$(cat "$t/n")" 2 "two clean poweroffs: the guest's init, then the HAL's"
