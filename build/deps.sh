#!/bin/sh
# SPDX-License-Identifier: ISC
# deps.sh - install what building and testing halbox needs on Debian 12.
# Idempotent: installs only the packages that are missing, adds a deb-src
# entry (for QEMU's sources) only when none exists.
set -eu

PKGS="make gcc musl-tools zlib1g-dev libbearssl-dev clang cppcheck perl
cpio iproute2 dnsmasq-base util-linux procps kmod
qemu-system-x86 linux-image-amd64 mtools syslinux syslinux-common
dpkg-dev busybox-static"
# build/qemu.sh: static QEMU, its libslirp and firmware
PKGS="$PKGS meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev"
PKGS="$PKGS libfdt-dev libncurses-dev seabios ipxe-qemu binutils"
PKGS="$PKGS zstd xz-utils"	# the image's compressor; make bench compares
PKGS="$PKGS dhcpcd-base"	# make bench only: udhcpc against dhcpcd
PKGS="$PKGS valgrind"	# make bench only: modprobe's instruction counts
# UEFI guests: OVMF in the image; tests/boot/uefi.t's guest, GPT disk, ISO
PKGS="$PKGS ovmf gnu-efi gdisk xorriso"
# make usb: Debian's signed UEFI chain (shim, GRUB), syslinux's MBR
PKGS="$PKGS shim-signed grub-efi-amd64-signed"
PKGS="$PKGS net-tools"	# tests: route -ne side by side (tests/applets/route.t)

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done

need_src=0
grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list \
	/etc/apt/sources.list.d/ || need_src=1

[ -z "$missing" ] && [ $need_src = 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "deps.sh: run as root to install:$missing" >&2; exit 1; }

if [ $need_src = 1 ]; then
	cat >/etc/apt/sources.list.d/halbox-src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing >/dev/null
