#!/bin/sh
# SPDX-License-Identifier: ISC
# deps.sh - install what building and testing halbox needs on Debian 12.
# Idempotent: installs only the packages that are missing, adds a deb-src
# entry (for QEMU's sources) only when none exists.
set -eu

PKGS="make gcc musl-tools zlib1g-dev libbearssl-dev clang cppcheck perl
cpio iproute2 dnsmasq-base util-linux procps kmod
qemu-system-x86 linux-image-amd64 mtools syslinux syslinux-common pxelinux
dpkg-dev busybox-static"
# build/qemu.sh: static QEMU, its libslirp and firmware
PKGS="$PKGS meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev"
PKGS="$PKGS libfdt-dev libncurses-dev nettle-dev seabios ipxe-qemu binutils"
PKGS="$PKGS zstd xz-utils"	# the image's compressor; make bench compares
PKGS="$PKGS dhcpcd-base"	# make bench only: udhcpc against dhcpcd
PKGS="$PKGS valgrind"	# make bench only: modprobe's instruction counts
# UEFI guests: OVMF in the image; tests/boot/uefi.t's guest, GPT disk, ISO
PKGS="$PKGS ovmf gnu-efi gdisk xorriso"
# make usb: Debian's signed UEFI chain (shim, GRUB), syslinux's MBR
PKGS="$PKGS shim-signed grub-efi-amd64-signed"
PKGS="$PKGS clang-tidy"	# make lint: bugprone-* and cert-* checks
PKGS="$PKGS libffi-dev"	# tests/fuzz/fmt.c: typed variadic calls built at run time
PKGS="$PKGS net-tools"	# tests: route -ne side by side (tests/applets/route.t)
PKGS="$PKGS qemu-utils"	# tests/boot/nbd.t: qemu-nbd serves the guest's disk
# the firmware the image's modules name (build/initrd.sh packs only those),
# from Debian's non-free-firmware component, enabled below next to main
PKGS="$PKGS firmware-realtek firmware-bnx2 firmware-bnx2x firmware-misc-nonfree"

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done

need_src=0
grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list \
	/etc/apt/sources.list.d/ || need_src=1

need_fw=0
grep -rqs '^Components:.*non-free-firmware\|^deb .*non-free-firmware' \
	/etc/apt/sources.list /etc/apt/sources.list.d/ || need_fw=1

[ -z "$missing" ] && [ $need_src = 0 ] && [ $need_fw = 0 ] && exit 0
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
if [ $need_fw = 1 ]; then
	cat >/etc/apt/sources.list.d/halbox-firmware.sources <<FW
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: non-free-firmware
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
FW
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
[ -z "$missing" ] || apt-get -o DPkg::Lock::Timeout=1200 install -y -q \
	--no-install-recommends $missing >/dev/null
