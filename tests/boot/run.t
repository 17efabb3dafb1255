#!/bin/sh
# SPDX-License-Identifier: ISC
# run.t - make run's whole story, without a terminal: build/run.sh boots
# the image with the demo guest disk (build/demo.sh: syslinux, Debian's
# kernel, halbox as the guest's init) and the console shows the HAL's
# lease, the inner QEMU, the guest's greeting and lease, both poweroffs.
# ACCEL=tcg: the KVM probe is not what is tested here; init.norescue: a
# failing plan line powers off rather than waiting for a shell. Needs the static
# QEMU (build/qemu.sh, cached): without it this fails, it does not skip.
. tests/lib.sh
KERNEL=${KERNEL:-$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}
[ -r "$KERNEL" ] ||
	skip_all "no kernel in /boot (build/deps.sh installs linux-image-amd64)"
plan 7
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
KVER=$(basename "$KERNEL" | sed 's/^vmlinuz-//')
export KVER KERNEL BOX MKINITRD="$PWD/out/mkinitrd"

sh build/initrd.sh "$t/initrd.img" 2>"$t/log"
ok $? "the image builds"
ACCEL=tcg INITRD=$t/initrd.img DISK=$t/disk.img APPEND=init.norescue \
	timeout -k 5 "${BOOT_TIMEOUT:-300}" sh build/run.sh \
	</dev/null >"$t/out" 2>&1
rc=$?
tr -d '\r' <"$t/out" >"$t/console"
is $rc 0 "make run ends with the HAL's QEMU exiting 0"
[ $rc = 0 ] || tail -n 30 "$t/console" | sed 's/^/# /'
grep -q '^make run: TCG (ACCEL=tcg)' "$t/console"
ok $? "it says which accelerator it uses"
grep -c '^halbox udhcpc: eth0: lease 10\.0\.2\.15/24' "$t/console" >"$t/n"
is "$(cat "$t/n")" 2 "two leases of 10.0.2.15: the HAL's, then the guest's"
grep -q '^  Hello from the demo guest' "$t/console"
ok $? "the guest's greeting (its halbox init ran cat /etc/motd)"
grep -q '^halbox vmm: QEMU exited with status 0' "$t/console"
ok $? "the guest powered off: the inner QEMU exited 0"
grep -c '^halbox init: poweroff$' "$t/console" >"$t/n"
is "$(cat "$t/n")" 2 "two clean poweroffs: the guest's init, then the HAL's"
