#!/bin/sh
# SPDX-License-Identifier: ISC
# qemu.sh - build a fully static qemu-system-x86_64 from Debian's QEMU source
# package, once per machine, and print the directory that holds it:
#
#   DIR/bin/qemu-system-x86_64      static, stripped
#   DIR/share/qemu/                 firmware: SeaBIOS (Debian's seabios), the
#                                   iPXE NIC ROMs (ipxe-qemu), linuxboot_dma.bin
#                                   and kvmvapic.bin built from the source's
#                                   pc-bios/optionrom recipe, VNC keymaps
#   DIR/build-time                  seconds per step, measured here
#
# DIR is $HALBOX_CACHE/qemu-VERSION-KEY (default /var/cache/halbox, or
# ~/.cache/halbox when that is not writable), outside the work tree: a
# fresh clone reuses it. VERSION is the source package's; KEY hashes this
# script (its configure line) and the device list, so a change to either
# never reuses a stale build.
# libslirp comes from its own Debian source package, built static with meson.
# The configure line is the seed's, modernised: --without-default-features,
# then only KVM, TCG, slirp, fdt (system libfdt: the dfsg tarball has no
# dtc), curses (with the iconv it needs) and VNC; --without-default-devices
# with build/qemu-devices.mak, the devices vmm can ask for. JOBS (default 2) and
# nice keep a shared machine usable.
set -eu

cache=${HALBOX_CACHE:-/var/cache/halbox}
# Not root and no cache there yet: the user's own cache instead.
mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] ||
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/halbox
jobs=${JOBS:-2}
say() { echo "qemu.sh: $*" >&2; }
die() { say "$*"; exit 1; }

sh "$(dirname "$0")/deps.sh"
ver=$(apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' |
	sort -V | tail -n 1)
[ -n "$ver" ] ||
	die "no qemu source package (no deb-src? run build/deps.sh as root)"
here=$(cd "$(dirname "$0")" && pwd)
key=$(cat "$here/qemu.sh" "$here/qemu-devices.mak" | sha256sum | cut -c1-12)
dir=$cache/qemu-$(echo "$ver" | tr ':~' '__')-$key
if [ -f "$dir/.done" ]; then
	echo "$dir"
	exit 0
fi
mkdir -p "$cache"
# One build at a time: make run and make check may both get here.
exec 9>"$cache/qemu.lock"
flock 9
if [ -f "$dir/.done" ]; then
	echo "$dir"
	exit 0
fi

work=$cache/build-qemu
log=$cache/qemu-build.log
rm -rf "$work" "$dir"
mkdir -p "$work" "$dir/bin" "$dir/share/qemu"
: >"$log"
say "building static QEMU $ver in $work (log: $log)"
t0=$(date +%s)

step() {
	now=$(date +%s)
	echo "$1 $((now - t0))" >>"$dir/build-time.tmp"
	say "$1 done after $((now - t0)) s"
}

cd "$work"
apt-get source -q libslirp qemu >>"$log" 2>&1 ||
	die "apt-get source failed, see $log"
step sources

cd "$work"/libslirp-*/
meson setup --default-library=static --buildtype=release \
	--prefix="$work/slirp" --libdir=lib _build >>"$log" 2>&1 ||
	die "libslirp: meson setup failed, see $log"
nice -n 10 ninja -j"$jobs" -C _build install >>"$log" 2>&1 ||
	die "libslirp: build failed, see $log"
step libslirp

cd "$work"/qemu-*/
cp "$here/qemu-devices.mak" configs/devices/x86_64-softmmu/halbox.mak
mkdir -p _build
cd _build
PKG_CONFIG_PATH=$work/slirp/lib/pkgconfig ../configure --static \
	--target-list=x86_64-softmmu --without-default-features \
	--without-default-devices --with-devices-x86_64=halbox \
	--enable-kvm --enable-tcg --enable-slirp --enable-fdt=system \
	--enable-curses --enable-iconv --enable-vnc --enable-nettle \
	--disable-werror >>"$log" 2>&1 ||
	die "QEMU configure failed, see $log"
step configure

# Only the one binary: the plain ninja target also builds ~850 tests.
# Progress: every 100th of ninja's [done/total] lines (all are in the log).
nice -n 10 ninja -j"$jobs" qemu-system-x86_64 2>&1 | tee -a "$log" |
	awk '/^\[[0-9]+\/[0-9]+\]/ && ++n % 100 == 0 {
		print "qemu.sh: ninja " $1; fflush() }' >&2
[ -x qemu-system-x86_64 ] || die "QEMU build failed, see $log"
step ninja

# The option ROMs' own recipe, pc-bios/optionrom/Makefile. QEMU 7.2's
# configure writes its config.mak only when i386-softmmu is in the target
# list (probe_target_compiler matches the list by name), so write it here:
# the host compiler, as configure would for an x86 host.
cat >pc-bios/optionrom/config.mak <<EOF
TOPSRC_DIR=$(cd .. && pwd)
EXTRA_CFLAGS=-m32
CC=cc
CCAS=cc
LD=ld
OBJCOPY=objcopy
PYTHON=python3
EOF
nice -n 10 make -C pc-bios/optionrom linuxboot_dma.bin kvmvapic.bin \
	>>"$log" 2>&1 || die "option ROMs failed, see $log"
step optionrom

readelf -l qemu-system-x86_64 | grep -q INTERP &&
	die "the QEMU binary is dynamically linked, see $log"
strip -o "$dir/bin/qemu-system-x86_64" qemu-system-x86_64
share=$dir/share/qemu
cp pc-bios/optionrom/linuxboot_dma.bin pc-bios/optionrom/kvmvapic.bin "$share/"
cp -r ../pc-bios/keymaps "$share/keymaps"
rm -f "$share/keymaps/meson.build"
cp /usr/share/seabios/bios-256k.bin /usr/share/seabios/vgabios-stdvga.bin \
	"$share/"
for nic in e1000 e1000e virtio rtl8139 ne2k_pci pcnet vmxnet3 eepro100; do
	cp "/usr/lib/ipxe/qemu/efi-$nic.rom" "$share/" 2>/dev/null || :
done
mv "$dir/build-time.tmp" "$dir/build-time"
echo "$ver" >"$dir/version"
touch "$dir/.done"
cd /
rm -rf "$work"
say "done: $dir ($(wc -c <"$dir/bin/qemu-system-x86_64") bytes," \
	"$(($(date +%s) - t0)) s)"
echo "$dir"
