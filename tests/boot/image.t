#!/bin/sh
# SPDX-License-Identifier: ISC
# image.t - the boot image, whole: Debian's kernel boots build/initrd.sh's
# image (halbox, static QEMU, firmware, modules) in QEMU/TCG with a test
# guest disk (tests/boot/guest.S: a boot sector that prints a line on COM1
# and powers off) and a user-mode e1000 NIC. From the console: coldplug
# loads the drivers, udhcpc takes SLIRP's lease 10.0.2.15 with its route
# and resolv.conf, vmm starts the inner QEMU with the expected argv, the
# guest's line appears, and the HAL powers off cleanly (QEMU exit 0, no
# panic). Then the built-in plan with no NIC at all. Needs the static QEMU
# (build/qemu.sh, cached): when it cannot be built this fails, not skips.
. tests/lib.sh
. tests/lib/boot.sh
boot_need_kernel
plan 18
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

boot_guest "$t/guest.img"
is "$(wc -c <"$t/guest.img")" 512 "the test guest is one 512-byte boot sector"

# The plan of the first boot: the built-in one, with a look at the lease's
# route and resolv.conf (busybox from the host, as a test probe only) and
# vmm -n, the argv vmm is about to run, one word a line. init.norescue: a
# failing line powers off at once instead of waiting in the rescue shell.
cat >"$t/init.conf" <<EOF
coldplug -d
udhcpc -b
-/bin/busybox cat /etc/resolv.conf
-/bin/busybox route -n
-vmm -n
vmm
EOF
boot_image "$t/hal.img" "the image" INIT_CONF="$t/init.conf" \
	EXTRA=/bin/busybox:/bin/busybox

boot_qemu "$t/hal.img" "init.norescue" -m 768 \
	-drive "file=$t/guest.img,format=raw,if=virtio" \
	-netdev user,id=net0 -device e1000,netdev=net0
rc=$?
tr -d '\r' <"$BOOT_LOG" >"$t/console"
is $rc 0 "the HAL powered off: outer QEMU exit 0"
[ $rc = 0 ] || tail -n 40 "$t/console" | sed 's/^/# /'
boot_log_has 'Kernel panic|Attempted to kill init'
is $? 1 "no kernel panic"
boot_log_has '^halbox coldplug: .*[0-9]'
ok $? "coldplug: its summary line"
boot_log_has 'e1000 .*eth0: .*Link|e1000: eth0|e1000 0000:00:..\.0 eth0'
ok $? "the e1000 driver (a module) bound the NIC"
boot_log_has '^halbox udhcpc: .*10\.0\.2\.15'
ok $? "udhcpc: the lease 10.0.2.15"
grep -Eq '^0\.0\.0\.0 +10\.0\.2\.2 +0\.0\.0\.0 +UG .*eth0' "$t/console"
ok $? "the default route via 10.0.2.2 on eth0"
grep -Eq '^nameserver 10\.0\.2\.3' "$t/console"
ok $? "resolv.conf names SLIRP's DNS, 10.0.2.3"
sed -n '/^\/bin\/qemu-system-x86_64$/,/^halbox init/p' "$t/console" \
	>"$t/argv"
# The accelerator is the HAL's to probe: TCG's default CPU offers SVM, so
# kvm_amd may load in the HAL and give the inner QEMU a working /dev/kvm.
grep -A1 -x -- '-accel' "$t/argv" | grep -Eqx 'kvm|tcg' &&
	grep -qx -- '-nographic' "$t/argv" &&
	grep -A1 -x -- '-L' "$t/argv" | grep -qx '/usr/share/qemu'
ok $? "vmm -n: -accel kvm or tcg, -nographic, -L /usr/share/qemu"
# vmm's KVM probe ran a guest on the HAL's nested KVM (or said why not),
# and the argv follows its verdict.
v=$(grep -m 1 -E '^halbox vmm: kvm: .*: using (KVM|TCG)' "$t/console")
case $v in
*'probe guest ran in '*' ms: using KVM') a=kvm;;
*': using TCG'*) a=tcg;;
*) a=none;;
esac
grep -A1 -x -- '-accel' "$t/argv" | grep -qx $a
ok $? "vmm -n: the KVM probe's verdict, followed (${v#halbox vmm: })"
grep -Eqx 'file=/dev/vda,format=raw,.*' "$t/argv" &&
	grep -qx 'rtl8139,netdev=net0' "$t/argv"
ok $? "vmm -n: the virtio disk /dev/vda raw, an rtl8139 NIC"
[ -s "$t/argv" ] || tail -n 30 "$t/console" | sed 's/^/# /'
boot_log_has '^halbox vmm: started /bin/qemu-system-x86_64'
ok $? "vmm started the inner QEMU"
boot_guest_has 'halbox test guest: hello from the inner VM'
ok $? "the guest's line on the console"
boot_log_has '^halbox vmm: QEMU exited with status 0'
ok $? "the inner QEMU exited 0 when the guest powered off"

# No NIC: the built-in plan (no /etc/init.conf). udhcpc (run by vmm -b)
# finds no Ethernet interface and says so; init.norescue: the plan's
# failure powers off.
sh build/initrd.sh "$t/plain.img" 2>/dev/null
boot_qemu "$t/plain.img" "init.norescue" -m 768 \
	-drive "file=$t/guest.img,format=raw,if=virtio"
rc=$?
tr -d '\r' <"$BOOT_LOG" >"$t/console2"
is $rc 0 "no NIC: the HAL still powers off cleanly (exit 0)"
[ $rc = 0 ] || tail -n 30 "$t/console2" | sed 's/^/# /'
grep -Eiq '^halbox udhcpc: .*(no|not).*(interface|ethernet|eth)' "$t/console2"
ok $? "no NIC: udhcpc says so ($(grep '^halbox udhcpc' "$t/console2"))"
grep -Eq '^halbox init: built-in plan:2: vmm: .*(fail|exit)' "$t/console2" &&
	grep -q '^halbox init: init.norescue' "$t/console2" &&
	! grep -q 'started /bin/qemu-system-x86_64' "$t/console2" &&
	! grep -Eq 'Kernel panic|Attempted to kill init' "$t/console2"
ok $? "no NIC: the plan stops before vmm, no rescue shell, no panic"
