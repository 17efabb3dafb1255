#!/bin/sh
# SPDX-License-Identifier: ISC
# bridge.t - net = bridge: the guest on the LAN as itself. The HAL boots
# with vmm.net=bridge on a user-mode e1000 NIC; its vmm -b makes br0 with
# eth0 as its port and takes the HAL's lease on br0 (SLIRP's 10.0.2.15,
# eth0's MAC); vmm opens the tap on br0 for the inner QEMU, whose guest
# (build/demo.sh's, as in run.t: a Linux with halbox's udhcpc) sends its
# own DHCP through the bridge and gets its own lease, 10.0.2.16 (another
# MAC: br0's with the local bit flipped). busybox (a test probe only)
# shows the links in the HAL before vmm; the tap's membership and its
# removal are the kernel's bridge's lines. One boot, the guest nested.
# The HAL's CPU has no SVM (as make run's under TCG, build/run.sh): KVM
# nested in TCG's emulated SVM stalls at random for many minutes (a
# 2-CPU HAL hung here for 15 minutes once), so the guest runs on TCG.
. tests/lib.sh
BOOT_TIMEOUT=${BOOT_TIMEOUT:-1200}
. tests/lib/boot.sh
boot_need_kernel
plan 10
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export KERNEL	# build/demo.sh's

sh build/demo.sh "$t/disk.img"
ok $? "the demo guest's disk builds"
cat >"$t/init.conf" <<EOF2
coldplug -d
vmm -b
-/bin/busybox ip -o link
vmm
EOF2
boot_image "$t/hal.img" "the image" INIT_CONF="$t/init.conf" \
	EXTRA=/bin/busybox:/bin/busybox

boot_qemu "$t/hal.img" "init.norescue vmm.net=bridge vmm.on_exit=poweroff" \
	-cpu qemu64,-svm -m 1024 -smp 2 \
	-drive "file=$t/disk.img,format=raw,if=virtio" \
	-netdev user,id=net0 -device e1000,netdev=net0
rc=$?
tr -d '\r' <"$BOOT_LOG" >"$t/console"
is $rc 0 "the HAL powered off: outer QEMU exit 0"
[ $rc = 0 ] || tail -n 40 "$t/console" | sed 's/^/# /'
grep -q '^halbox vmm: eth0: a port of br0' "$t/console"
ok $? "vmm -b: eth0 a port of br0"
grep -Eq '^[0-9]+: eth0: .* master br0 ' "$t/console" &&
	grep -Eq '^[0-9]+: br0: <[^>]*UP' "$t/console"
ok $? "ip link: eth0's master is br0, br0 is up"
grep -q '^halbox udhcpc: br0: lease 10\.0\.2\.15/24' "$t/console"
ok $? "the HAL's lease on br0: 10.0.2.15"
# the tap exists while vmm runs, after the probe: the kernel's bridge
# names its ports itself
grep -q '^halbox vmm: tap0: a port of br0' "$t/console" &&
	grep -Eq 'br0: port 2\(tap0\) entered forwarding state' "$t/console" &&
	grep -q '^halbox vmm: started /bin/qemu-system-x86_64' "$t/console"
ok $? "vmm: tap0 br0's second port, forwarding; QEMU started on it"
grep -q '^halbox udhcpc: eth0: lease 10\.0\.2\.16/24' "$t/console"
ok $? "the guest's own lease through the bridge: 10.0.2.16"
grep -q '^halbox vmm: QEMU exited with status 0' "$t/console"
ok $? "the guest powered off, the inner QEMU exited 0"
sed -n '/^halbox vmm: QEMU exited/,$p' "$t/console" |
	grep -q 'device tap0 left promiscuous mode'
ok $? "tear-down: tap0 leaves br0 once QEMU and vmm have closed it"
