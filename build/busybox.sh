#!/bin/sh
# SPDX-License-Identifier: ISC
# busybox.sh - build busybox from Debian's source package, static with
# musl, twice: with halbox's applets (mknod poweroff reboot halt init cat
# dmesg insmod modprobe ifconfig route udhcpc; no shell, as busybox has
# none as small as halbox's line runner) and the same plus ash, the seed's
# /bin/sh; print both stripped sizes in bytes, "SAME ASH". For make
# bench's size row (build/bench.sh): the
# seed's userspace, measured the way halbox is, not Debian's glibc build
# with every applet. Each applet keeps busybox's default features
# (allnoconfig, the applets set, then olddefconfig).
set -eu
say() { echo "busybox.sh: $*" >&2; }
if [ -z "${WORK:-}" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
else
	work=$WORK	# kept: sources and builds, for a second run
fi
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$work"
[ -d busybox-*/ ] 2>/dev/null || apt-get source -q busybox >/dev/null 2>&1 ||
	{ say "apt-get source busybox failed (deb-src: build/deps.sh)"; exit 1; }
src=$(ls -d "$work"/busybox-*/ | head -n 1)
# musl-gcc does not search /usr/include: the kernel headers halbox uses
[ -d "$here/out/include/linux" ] || make -C "$here" out/include/.done >/dev/null
build() {	# NAME [ASH]
	rm -rf "$work/$1"
	mkdir -p "$work/$1"
	make -C "$src" O="$work/$1" allnoconfig >/dev/null
	for c in STATIC MKNOD POWEROFF REBOOT HALT INIT CAT DMESG INSMOD \
	    MODPROBE IFCONFIG ROUTE UDHCPC ${2:-SH_IS_NONE}; do
		sed -i "s/^# CONFIG_$c is not set\$/CONFIG_$c=y/" "$work/$1/.config"
	done
	# allnoconfig still picks ash for 'sh' (shell/Config.src's default)
	[ -n "${2:-}" ] || sed -i 's/^CONFIG_SH_IS_ASH=y$/# CONFIG_SH_IS_ASH is not set/' \
		"$work/$1/.config"
	make -C "$src" O="$work/$1" olddefconfig >/dev/null 2>&1 ||
		yes '' | make -C "$src" O="$work/$1" oldconfig >/dev/null 2>&1
	nice -n 10 make -C "$src" O="$work/$1" -j"${JOBS:-2}" CC=musl-gcc \
		EXTRA_CFLAGS="-I$here/out/include" busybox >"$work/$1.log" 2>&1 ||
		{ say "$1: build failed, see $work/$1.log"; exit 1; }
	strip -o "$work/$1.bin" "$work/$1/busybox"
	wc -c <"$work/$1.bin"
}
echo "$(build same) $(build ash ASH)"
