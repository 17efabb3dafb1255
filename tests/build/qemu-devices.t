#!/bin/sh
# SPDX-License-Identifier: ISC
# qemu-devices.t - the static QEMU (build/qemu.sh, built with only the
# devices of build/qemu-devices.mak) has every machine and device that vmm
# can put on a command line: vmm -n runs over the fixture tree with each
# documented nic, display and firmware, every -device and -machine word of
# its argv is collected, and each must be listed by the binary's own
# `-device help` / `-machine help`. So the device list and vmm cannot drift.
. tests/lib.sh
plan 4
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
qdir=$(sh build/qemu.sh 2>"$d/qlog")
ok $? "the static QEMU is built (build/qemu.sh)"
[ -n "$qdir" ] || sed 's/^/# /' "$d/qlog"
qemu=$qdir/bin/qemu-system-x86_64
"$qemu" -device help >"$d/devices" 2>&1 && "$qemu" -machine help >"$d/machines" 2>&1
ok $? "it lists its devices and machines"

# Each configuration vmm documents, as vmm.conf lines.
cp -R tests/vmm/pc "$d/root"
mkdir -p "$d/root/etc" "$d/root/usr/share/qemu"
for rom in rtl8139 e1000 e1000e virtio; do	# vmm checks the NIC's ROM
	: >"$d/root/usr/share/qemu/efi-$rom.rom"
done
for conf in 'nic = rtl8139' 'nic = e1000' 'nic = e1000e' \
    'nic = virtio-net-pci' 'display = curses' 'display = vnc' \
    'display = serial' 'firmware = uefi' 'firmware = uefi|disk_bus = virtio' \
    'cdrom = /dev/sr0' 'firmware = uefi|cdrom = /dev/sr0'; do
	echo "$conf" | tr '|' '\n' >"$d/root/etc/vmm.conf"
	"$BOX" vmm -n -r "$d/root" 2>>"$d/err"
done >"$d/argv"
# -vga std is the device VGA; a machine word may carry properties.
awk 'p == "-device" || p == "-M" || p == "-machine" { split($0, w, ",")
	print p, w[1] } p == "-vga" && $0 == "std" { print "-device VGA" }
	{ p = $0 }' "$d/argv" | sort -u >"$d/used"
grep -q . "$d/used"; ok $? "vmm -n put $(wc -l <"$d/used") devices and machines on its argv"
missing=
while read -r what name; do
	case $what in
	-device) grep -q "^name \"$name\"" "$d/devices" ;;
	*) grep -q "^$name " "$d/machines" ;;
	esac || missing="$missing $name"
done <"$d/used"
is "$missing" "" "every one is in the built QEMU (missing:${missing:- none})"
