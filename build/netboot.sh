#!/bin/sh
# SPDX-License-Identifier: ISC
# netboot.sh - make netboot: write out/netboot/, what a TFTP server hands a
# fleet of PCs that boot the HAL from the network (README.md, "Fleets"):
# the kernel, the initrd, pxelinux from Debian's pxelinux and
# syslinux-common, and pxelinux's configuration. The DHCP server names
# pxelinux.0 as the boot file.
#
# Environment (the Makefile passes them on):
#   KVER     kernel, as build/initrd.sh's (default: newest in /lib/modules)
#   KERNEL   its image (default: /boot/vmlinuz-$KVER)
#   INITRD   the boot image (default: out/initrd.img, make initrd)
#   APPEND   every machine's kernel command line, written once, in
#            pxelinux.cfg/default (default below)
#   FLEET    a file of per-machine lines "MAC WORD...": the machine with
#            that MAC boots with APPEND and its WORDs (vmm.KEY=VALUE ...:
#            later words win), in pxelinux.cfg/01-MAC, the file pxelinux
#            reads first; '#' starts a comment line
#   OUT      the directory written (default: out/netboot), replaced whole
set -eu
say() { echo "netboot.sh: $*" >&2; }
die() { say "$*"; exit 1; }

KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
KERNEL=${KERNEL:-/boot/vmlinuz-$KVER}
INITRD=${INITRD:-out/initrd.img}
APPEND=${APPEND:-console=tty0 console=ttyS0 quiet}
FLEET=${FLEET:-}
OUT=${OUT:-out/netboot}
PXE=/usr/lib/PXELINUX/pxelinux.0
LDLINUX=/usr/lib/syslinux/modules/bios/ldlinux.c32

[ -r "$KERNEL" ] || die "KERNEL=$KERNEL: no such file (make deps)"
[ -r "$INITRD" ] || die "INITRD=$INITRD: no such file (make initrd)"
for f in "$PXE" "$LDLINUX"; do
	[ -r "$f" ] || die "$f: no such file (make deps: pxelinux," \
	    "syslinux-common)"
done
[ -z "$FLEET" ] || [ -r "$FLEET" ] || die "FLEET=$FLEET: no such file"
# pxelinux's APPEND is one line
case $APPEND in *'
'*) die "APPEND: one line, please";; esac

tmp=$OUT.tmp
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pxelinux.cfg"
cp "$KERNEL" "$tmp/vmlinuz"
cp "$INITRD" "$tmp/initrd.img"
cp "$PXE" "$LDLINUX" "$tmp/"

# cfg FILE WORDS...: a configuration booting the HAL with those words.
cfg() {
	_f=$1; shift
	printf '%s\n' "# written by build/netboot.sh (make netboot)" \
	    "DEFAULT halbox" "LABEL halbox" "  KERNEL vmlinuz" \
	    "  INITRD initrd.img" "  APPEND $*" >"$tmp/pxelinux.cfg/$_f"
}
cfg default "$APPEND"

# Per MAC: pxelinux asks for 01-aa-bb-cc-dd-ee-ff (01: Ethernet), in
# lower case, before default.
n=0
if [ -n "$FLEET" ]; then
	line=0
	while IFS= read -r l || [ -n "$l" ]; do
		line=$((line + 1))
		set -f
		set -- $l
		set +f
		case ${1:-#} in '#'*) continue;; esac
		mac=$(echo "$1" | tr 'A-F:' 'a-f-')
		echo "$mac" | grep -Eqx '([0-9a-f]{2}-){5}[0-9a-f]{2}' ||
			die "$FLEET:$line: '$1': want a MAC address" \
			    "(aa:bb:cc:dd:ee:ff)"
		[ $# -gt 1 ] || die "$FLEET:$line: $1: no words to add"
		[ ! -e "$tmp/pxelinux.cfg/01-$mac" ] ||
			die "$FLEET:$line: $1: a second line for this MAC"
		shift
		cfg "01-$mac" "$APPEND" "$@"
		n=$((n + 1))
	done <"$FLEET"
fi
rm -rf "$OUT"
mv "$tmp" "$OUT"
say "$OUT: boot file pxelinux.0, kernel $KVER, $n per-MAC configs" \
	"($(du -sk "$OUT" | cut -f 1) KiB)"
