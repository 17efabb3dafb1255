#!/bin/sh
# SPDX-License-Identifier: ISC
# demo.sh OUT - the demo guest disk for make run, made without root: a FAT
# file system over the whole disk (mtools' mformat), syslinux's boot code
# installed into it (syslinux works on an image file through mtools, no
# mount), and on it Debian's kernel and a tiny initrd in which the same
# halbox is the guest's own init. Its plan (build/demo-init.conf, as
# /etc/init.conf)
# loads its NIC driver, takes a DHCP lease from the inner QEMU's SLIRP and
# ends, so the guest powers off, and with it the HAL.
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
BOX=${BOX:-out/halbox}
MKINITRD=${MKINITRD:-out/mkinitrd}
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
KERNEL=${KERNEL:-/boot/vmlinuz-$KVER}
[ -r "$KERNEL" ] || { echo "demo.sh: no kernel $KERNEL" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The guest's hardware is what vmm gives it: QEMU's rtl8139 is an RTL8139C+,
# which 8139too declines ("use 8139cp"): both drivers go in, mii with them
# from modules.dep. No firmware, no QEMU: FIRMWARE= and QEMU= empty.
QEMU=none FIRMWARE= HW_MODULES= MODULES="8139cp 8139too" \
	INIT_CONF=$here/demo-init.conf VMM_CONF= \
	EXTRA=$here/demo-motd:/etc/motd \
	sh "$here/initrd.sh" "$tmp/initrd.img" 2>"$tmp/log" ||
	{ cat "$tmp/log" >&2; exit 1; }
# init.norescue: a demo guest whose plan fails says why and powers off,
# rather than waiting in a rescue shell. console=tty0 too: its kernel's
# lines on its screen as well (make run's window, display fb).
cat >"$tmp/syslinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT guest
PROMPT 0
TIMEOUT 0
LABEL guest
	KERNEL vmlinuz
	INITRD initrd.img
	APPEND console=tty0 console=ttyS0 quiet panic=-1 init.norescue
EOF
rm -f "$out.tmp"
# 8 MiB kernel + initrd, with room: 32 MiB, FAT16, no partition table
# (SeaBIOS boots the first sector of the disk: syslinux's).
dd if=/dev/zero of="$out.tmp" bs=1M count=0 seek=32 2>/dev/null
mformat -i "$out.tmp" -v HALDEMO ::
syslinux --install "$out.tmp"
mcopy -i "$out.tmp" "$KERNEL" ::/vmlinuz
mcopy -i "$out.tmp" "$tmp/initrd.img" ::/initrd.img
mcopy -i "$out.tmp" "$tmp/syslinux.cfg" ::/syslinux.cfg
mv "$out.tmp" "$out"
echo "demo.sh: $out: syslinux, $KERNEL, a $(wc -c <"$tmp/initrd.img")-byte" \
	"halbox initrd" >&2
