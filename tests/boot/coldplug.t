#!/bin/sh
# SPDX-License-Identifier: ISC
# coldplug.t - real module loading: Debian's kernel boots under TCG with a
# test initrd of halbox, a trimmed copy of Debian's module tree and a
# test-only PID 1 (out/boot/modinit: mounts, runs "coldplug -d", prints
# what got loaded, powers off). No module list is written anywhere: the
# tree holds more drivers than the machine needs and coldplug picks.
#  1. q35, disk on AHCI (-drive if=ide), virtio-net NIC, CPU with SVM:
#     ahci, sd_mod (through the disk's scsi: alias), virtio_net, kvm_amd;
#     the ACPI power button's driver, which no plan line waits for, is
#     the hotplug child's, after coldplug -d's summary.
#  2. pc, disk on PIIX IDE, CPU without SVM: ata_piix and sd_mod; kvm_amd
#     is not chosen, and loading it by hand says "no hardware" in one
#     line; insmod loads a .ko and a .ko.gz and names EEXIST; then a virtio-net card hot-added through the QEMU monitor gets
#     its drivers from the hotplug child, a console line each.
# TCG cannot emulate VMX, so kvm_intel is chosen only in the dry-run test
# (tests/applets/modules.t); here it is in the tree and must stay out.
. tests/lib.sh
. tests/lib/boot.sh
. tests/lib/modtree.sh
boot_need_kernel
[ -d "$MODSRC" ] || skip_all "no $MODSRC"
[ -x out/boot/modinit ] || skip_all "out/boot/modinit not built (make check builds it)"
plan 22
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
BOOT_TIMEOUT=${BOOT_TIMEOUT_MOD:-120}
truncate -s 8M "$d/disk.img"
gzip -c "$MODSRC/kernel/drivers/net/ethernet/intel/e1000/e1000.ko" >"$d/e1000.ko.gz"
boot_initrd "$d/initrd.gz" out/boot/modinit:modinit "$d/e1000.ko.gz:e1000.ko.gz" \
	$(modtree "$d/tree" \
	virtio_net virtio_pci virtio_blk ahci ata_piix sd_mod e1000 \
	kvm_intel kvm_amd amd64_edac crct10dif_generic button)
ok $? "test initrd: halbox, modinit, $(wc -l <"$d/tree/lib/modules/$MODKVER/list") modules"
loaded() { boot_log_has "^MODINIT mod $1\$"; }
summary='halbox coldplug: [0-9]+ modules loaded, [0-9]+ without hardware( \([a-z0-9_, ]+\))?, 0 failed, [0-9]+\.[0-9]{3} s'

boot_qemu "$d/initrd.gz" "rdinit=/modinit -- -d /sys/block/sda /sys/class/net/eth0 \
/sys/module/button" -M q35 -cpu qemu64,+svm -drive "file=$d/disk.img,if=ide,format=raw" \
	-nic user,model=virtio-net-pci
is $? 0 "q35: QEMU exits 0 (the guest powered off)"
boot_log_has "$summary"; ok $? "q35: coldplug's summary line, nothing failed"
! boot_log_has 'reading the text tables'
ok $? "q35: through depmod's indexes (no line says the text was read)"
echo "# $(tr -d '\r' <"$BOOT_LOG" | grep -E -o 'halbox coldplug: .*')"
loaded ahci && loaded libahci; ok $? "q35: ahci loaded with its chain"
loaded sd_mod && boot_log_has '^MODINIT found /sys/block/sda$'
ok $? "q35: sd_mod loaded through the disk's alias, /sys/block/sda appears"
loaded virtio_net && boot_log_has '^MODINIT found /sys/class/net/eth0$'
ok $? "q35: virtio_net loaded, eth0 appears"
loaded kvm_amd && ! loaded kvm_intel
ok $? "q35: a CPU with SVM gets kvm_amd, not kvm_intel"
! loaded ata_piix && ! loaded e1000 && ! loaded virtio_blk
ok $? "q35: drivers for absent hardware stay out (ata_piix, e1000, virtio_blk)"
tr -d '\r' <"$BOOT_LOG" | grep -E "$summary|^halbox hotplug: loaded button\$" |
	sed -n 2p | grep -q '^halbox hotplug: loaded button$' && loaded button
ok $? "q35: the power button's driver is hotplug's, after coldplug's summary"

mkfifo "$d/mon.in" "$d/mon.out"
timeout "$BOOT_TIMEOUT" cat "$d/mon.out" >/dev/null &
k=/lib/modules/$MODKVER/kernel
boot_qemu "$d/initrd.gz" "rdinit=/modinit -- -d -i $k/virt/lib/irqbypass.ko -i /e1000.ko.gz \
-i $k/lib/crc64.ko -m kvm_amd /sys/block/sda /sys/class/net/eth0" \
	-M pc -cpu qemu64,-svm -drive "file=$d/disk.img,if=ide,format=raw" \
	-netdev user,id=n0 -monitor "pipe:$d/mon" &
qemu=$!
boot_log_next >/dev/null	# the same $BOOT_LOG as the subshell's
for i in $(seq 600); do
	boot_log_has '^MODINIT ready' || ! kill -0 $qemu 2>/dev/null && break
	sleep 0.2
done
# A FIFO open blocks until QEMU reads it: bounded, in case QEMU is gone.
timeout 10 sh -c "echo device_add virtio-net-pci,id=hot0,netdev=n0 >'$d/mon.in'"
wait $qemu
is $? 0 "pc: QEMU exits 0 (the guest powered off)"
boot_log_has "$summary"; ok $? "pc: coldplug's summary line, nothing failed"
echo "# $(tr -d '\r' <"$BOOT_LOG" | grep -E -o 'halbox coldplug: .*')"
boot_log_has 'without hardware \(.*edac_mce_amd.*\)'
ok $? "pc: a driver whose hardware is absent (ENODEV) is named, not failed"
loaded ata_piix && loaded sd_mod && boot_log_has '^MODINIT found /sys/block/sda$'
ok $? "pc: ata_piix and sd_mod loaded, /sys/block/sda appears"
! loaded kvm_amd && ! loaded kvm_intel
ok $? "pc: a CPU without SVM or VMX gets neither kvm_amd nor kvm_intel"
boot_log_has '^halbox modprobe: /lib/modules/.*/kvm-amd.ko: not supported by this hardware$' &&
	boot_log_has '^MODINIT /bin/modprobe exit 111$'
ok $? "pc: modprobe kvm_amd there: one line in words, exit 111"
[ "$(tr -d '\r' <"$BOOT_LOG" | grep -c '^MODINIT /bin/insmod exit 0$')" = 2 ] &&
	loaded irqbypass && loaded e1000
ok $? "pc: insmod loads a .ko (finit_module) and a .ko.gz (inflated, init_module)"
boot_log_has '^halbox insmod: /lib/modules/.*/crc64.ko: already loaded$' &&
	boot_log_has '^MODINIT /bin/insmod exit 111$'
ok $? "pc: insmod of a loaded module: 'already loaded', exit 111"
! boot_log_has '^halbox (coldplug|hotplug|modprobe): .*(unknown symbol|invalid module)'
ok $? "pc: no module refused for a bad format or a missing symbol"
boot_log_has '^halbox hotplug: loaded virtio_pci$' &&
	boot_log_has '^halbox hotplug: loaded virtio_net$'
ok $? "pc: hot-added virtio-net: hotplug loads virtio_pci, virtio_net (a line each)"
loaded virtio_net && boot_log_has '^MODINIT found /sys/class/net/eth0$'
ok $? "pc: the hot-added card is eth0"
boot_log_has 'Kernel panic|Attempted to kill init'
is $? 1 "no kernel panic in either boot"
