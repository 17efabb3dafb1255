#!/bin/sh
# SPDX-License-Identifier: ISC
# bench.sh - make bench: measure, never assert. One "name value unit" line
# each; add a line per thing worth watching. Boots use TCG, as the tests do.
set -eu
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
KERNEL=${KERNEL:-/boot/vmlinuz-$KVER}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
now() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }
line() { printf '%-28s %12s %s\n' "$1" "$2" "$3"; }

line halbox_bytes "$(wc -c <out/halbox)" bytes
a=$(now)
sh build/initrd.sh "$t/hal.img" 2>/dev/null
b=$(now)
line initrd_build "$(ms "$a" "$b")" ms
line initrd_bytes "$(wc -c <"$t/hal.img")" bytes
line initrd_entries "$(zcat "$t/hal.img" | cpio -t --quiet | wc -l)" entries

# modprobe's instructions for 1 and 64 aliases, index and text, and kmod's,
# on Debian's full table and on this image's (tests/bench/modindex.sh).
sh tests/bench/modindex.sh "$t/hal.img"

# The whole image with the boot-sector guest of tests/boot/image.t: from
# QEMU's start to the HAL's poweroff (kernel, coldplug, DHCP, inner QEMU).
gcc -c -m32 -o "$t/guest.o" tests/boot/guest.S
ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$t/guest.img" "$t/guest.o"
a=$(now)
timeout 300 qemu-system-x86_64 -accel tcg -m 768 -nographic -nodefaults \
	-no-reboot -serial "file:$t/console" -kernel "$KERNEL" \
	-initrd "$t/hal.img" -append "console=ttyS0 panic=-1" \
	-drive "file=$t/guest.img,format=raw,if=virtio" \
	-netdev user,id=net0 -device e1000,netdev=net0 </dev/null >/dev/null
b=$(now)
line boot_to_poweroff_tcg "$(ms "$a" "$b")" ms
