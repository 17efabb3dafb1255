#!/bin/sh
# SPDX-License-Identifier: ISC
# usb.sh OUT - write the boot medium (make usb, README.md "On a real
# machine"): a disk image to dd onto a USB stick that boots
#   UEFI, Secure Boot on or off: Debian's signed chain, shim as the
#     removable-media path \EFI\BOOT\BOOTX64.EFI, then grubx64.efi (next to
#     it, where shim looks), then Debian's signed kernel;
#   legacy BIOS: syslinux's MBR code, then syslinux in the FAT's boot
#     sector (ldlinux.sys).
# One MBR partition (type 0x0c FAT32 LBA, active: what BIOS MBR code
# boots and every OS mounts; UEFI takes any FAT on removable media), FAT32
# labelled HALBOX, holding the kernel, the initrd and cmdline.cfg, the
# kernel command line both loaders read (GRUB sources it with `append`
# defined as a function, syslinux INCLUDEs it as its APPEND line).
# Built without root: mtools writes the FAT, syslinux installs through
# mtools, the MBR is written with dd. Reproducible: FAT times from
# SOURCE_DATE_EPOCH (default: the kernel's mtime), fixed volume id and
# disk signature.
#
# Environment:
#   KVER     kernel (default: newest in /lib/modules); /boot/vmlinuz-KVER
#   INITRD   the initrd (default out/initrd.img, make initrd)
#   USB_MIB  the image's size in MiB (default 256)
#   CMDLINE  the default command line's words
set -eu
out=$1
say() { echo "usb.sh: $*" >&2; }
die() { say "$*"; exit 1; }

KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
kernel=/boot/vmlinuz-$KVER
INITRD=${INITRD:-out/initrd.img}
USB_MIB=${USB_MIB:-256}
CMDLINE=${CMDLINE:-"console=ttyS0 console=tty0 quiet init.medium"}
shim=/usr/lib/shim/shimx64.efi.signed
mm=/usr/lib/shim/mmx64.efi.signed
grub=/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed
mbr=/usr/lib/SYSLINUX/mbr.bin
for f in "$kernel" "$INITRD" "$shim" "$mm" "$grub" "$mbr"; do
	[ -r "$f" ] || die "$f: missing (make deps, make initrd)"
done
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$kernel")}
export SOURCE_DATE_EPOCH

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# mtools reads no user's ~/.mtoolsrc; this one lets it take an image whose
# geometry is not a floppy's
export MTOOLSRC=$tmp/mtoolsrc
echo 'mtools_skip_check=1' >"$MTOOLSRC"

# The partition starts at 1 MiB (sector 2048), as partitioning tools align.
start=2048
sectors=$((USB_MIB * 2048 - start))
fat=$tmp/fat.img
# -H: the hidden sectors before the FAT, which syslinux's boot sector adds
# to find itself; -N, -v: the volume id and label, fixed
mformat -C -i "$fat" -F -T $sectors -h 64 -s 32 -H $start \
	-N 48414c42 -v HALBOX ::
syslinux --install "$fat"

cat >"$tmp/cmdline.cfg" <<EOF
# The HAL's kernel command line: the words after "append" on the one
# line below. Read at every boot by GRUB (UEFI) and syslinux (BIOS);
# README.md, "On a real machine". init.medium: copy vmm.conf from here.
append $CMDLINE
EOF
cat >"$tmp/grub.cfg" <<'EOF'
# GRUB (UEFI) on the HALBOX medium: edit cmdline.cfg, not this file.
# cmdline.cfg is one "append WORDS" line, the syslinux keyword: here a
# function that keeps the words.
function append {
	set cmdline="$*"
}
source /cmdline.cfg
set timeout=0
menuentry halbox {
	linux /vmlinuz $cmdline
	initrd /initrd.img
}
EOF
cat >"$tmp/syslinux.cfg" <<'EOF'
# syslinux (BIOS) on the HALBOX medium: edit cmdline.cfg, not this file.
SERIAL 0 115200
DEFAULT halbox
PROMPT 0
TIMEOUT 0
LABEL halbox
	KERNEL /vmlinuz
	INITRD /initrd.img
	INCLUDE /cmdline.cfg
EOF
cp "$kernel" "$tmp/vmlinuz"
cp "$INITRD" "$tmp/initrd.img"
cp "$shim" "$tmp/BOOTX64.EFI"
cp "$mm" "$tmp/mmx64.efi"
cp "$grub" "$tmp/grubx64.efi"
touch -d "@$SOURCE_DATE_EPOCH" "$tmp"/*
mmd -i "$fat" ::/EFI ::/EFI/BOOT ::/EFI/debian
mcopy -m -i "$fat" "$tmp/BOOTX64.EFI" "$tmp/mmx64.efi" "$tmp/grubx64.efi" \
	::/EFI/BOOT/
# grubx64.efi's built-in prefix is /EFI/debian: its grub.cfg there
mcopy -m -i "$fat" "$tmp/grub.cfg" ::/EFI/debian/
mcopy -m -i "$fat" "$tmp/vmlinuz" "$tmp/initrd.img" "$tmp/cmdline.cfg" \
	"$tmp/syslinux.cfg" ::/

# The MBR: syslinux's boot code, disk signature, one active partition.
img=$tmp/disk.img
dd if=/dev/zero of="$img" bs=1M count=0 seek="$USB_MIB" 2>/dev/null
dd if="$mbr" of="$img" conv=notrunc 2>/dev/null
# le32 N: N as four bytes, little-endian, as the MBR stores numbers
le32() {
	for _s in 0 8 16 24; do
		printf "\\$(printf %03o $(($1 >> _s & 255)))"
	done
}
{
	le32 0x48414c42; printf '\000\000'
	# active, CHS start/end 0xfe 0xff 0xff (use LBA), type 0x0c
	printf '\200\376\377\377\014\376\377\377'
	le32 $start; le32 $sectors
	dd if=/dev/zero bs=48 count=1 2>/dev/null
	printf '\125\252'
} | dd of="$img" bs=1 seek=440 conv=notrunc 2>/dev/null
dd if="$fat" of="$img" bs=1M seek=1 conv=notrunc,sparse 2>/dev/null
mv "$img" "$out"

# what make usb prints: the size, what is on the FAT, the room left
free=$(mdir -i "$out@@1M" :: | sed -n 's/ bytes free//p' | tr -d ' ')
say "$out: $USB_MIB MiB, MBR, one FAT32 partition labelled HALBOX at 1 MiB:"
mdir -/ -a -i "$out@@1M" :: |
	grep -Ev '^ *$|^\.|^Total|files .* bytes$|bytes free$|^ Volume' >&2
say "free on the FAT for your files: $((free / 1048576)) MiB ($free bytes)"
