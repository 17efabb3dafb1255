#!/bin/sh
# SPDX-License-Identifier: ISC
# modindex.sh [IMAGE] - make bench: instructions (valgrind's callgrind:
# every instruction the process runs, its start included; repeatable)
# that a dry-run modprobe spends on one alias and on the 64 aliases of
# tests/bench/modaliases in one process: halbox through depmod's indexes,
# halbox on the text tables alone (the fallback), and kmod's modprobe, on
# Debian's full table and on the default image's (IMAGE's, or one built
# here without QEMU). Not a test: it asserts nothing.
set -eu
cd "$(dirname "$0")/../.."
BOX=${BOX:-$PWD/out/halbox}
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
PATH=$PATH:/usr/sbin:/sbin
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
line() { printf '%-28s %12s %s\n' "$1" "$2" "$3"; }
. tests/lib.sh	# uncpio
one=pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00
all=$(cat tests/bench/modaliases)

img=${1:-}
if [ -z "$img" ]; then
	img=$t/hal.img
	QEMU=none FIRMWARE= sh build/initrd.sh "$img" 2>/dev/null
fi
mkdir -p "$t/image"
(cd "$t/image" && uncpio "$img" | cpio -id --quiet --no-absolute-filenames \
	"lib/modules/*")

# root NAME DIR FILES: MODROOT $t/NAME whose modules dir has DIR's FILES
root() {
	r=$t/$1/lib/modules/$(uname -r)
	mkdir -p "$r" "$t/$1/proc" "$t/$1/etc/modprobe.d"
	: >"$t/$1/proc/modules"
	: >"$t/$1/proc/cmdline"
	for f in $3; do ln -s "$2/$f" "$r/$f"; done
}
count() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 \
		>/dev/null | sed -n 's/.*Collected : //p'
}
for table in full image; do
	dir=/lib/modules/$KVER
	[ $table = full ] || dir=$t/image/lib/modules/$KVER
	root "$table-idx" "$dir" "modules.dep modules.alias modules.builtin
		modules.dep.bin modules.alias.bin kernel"
	root "$table-txt" "$dir" "modules.dep modules.alias modules.builtin kernel"
	for how in idx txt; do
		MODROOT=$t/$table-$how
		export MODROOT
		m="$BOX modprobe -n -q"
		line "modprobe_${table}_${how}_1" "$(count $m "$one")" instr
		line "modprobe_${table}_${how}_64" "$(count $m -a $all)" instr
	done
	root "$table-kmod" "$dir" ""
	rmdir "$t/$table-kmod/lib/modules/$(uname -r)"
	ln -s "$dir" "$t/$table-kmod/lib/modules/$KVER"
	m="modprobe -d $t/$table-kmod -S $KVER -C $t/$table-kmod/etc/modprobe.d -n -q"
	line "modprobe_${table}_kmod_1" "$(count $m "$one")" instr
	line "modprobe_${table}_kmod_64" "$(count $m -a $all)" instr
done
