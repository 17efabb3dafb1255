#!/bin/sh
# SPDX-License-Identifier: ISC
# bench.sh - make bench: measure, never assert. Writes out/bench.md (and
# prints it): every figure beside its anchor, measured in the same run on
# the same machine.
#  1. Boot timeline, halbox's image against the seed's procedure rebuilt
#     from Debian's packages (build/seed.sh), on one outer machine: TCG,
#     pc, one CPU, the test guest (tests/boot/guest.S) on IDE, a virtio
#     NIC on QEMU's user network. Each console line is stamped by the host
#     as it arrives; the marks are the kernel's "Run /init" line and each
#     image's own lines (drivers, lease, QEMU exec), the guest's line and
#     the kernel's "Power down". Median and range of N boots (5) each,
#     taken in turns. A third image is the floor: the seed's script
#     loading the modules halbox's coldplug -d loads on this machine, by
#     insmod one after another, with no walk and no KVM probe.
#  2. Sizes: both images, QEMU static against Debian's dynamic QEMU and
#     the libraries it loads, halbox, its lines of C.
#  3. The initramfs compressors (gzip -9, xz, zstd -19): size, and the
#     kernel's time to unpack each (its own timestamps, from "Trying to
#     unpack rootfs" to "Freeing initrd memory").
#  4. tests/bench/*.sh, each a section of its own, given the image:
#     modindex (modprobe's instructions through depmod's index and the
#     text tables, against kmod's) and udhcpc (time to lease against
#     busybox and dhcpcd).
set -eu
N=${N:-5}
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
KERNEL=${KERNEL:-/boot/vmlinuz-$KVER}
MKINITRD=${MKINITRD:-out/mkinitrd}
export KVER MKINITRD
md=out/bench.md
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
say() { echo "bench.sh: $*" >&2; }
. tests/lib.sh	# uncpio

say "building both images"
sh build/initrd.sh "$t/hal.img" 2>"$t/build.log" ||
	{ cat "$t/build.log" >&2; exit 1; }
sh build/seed.sh "$t/seed.img" 2>>"$t/build.log"
# The floor's list: what halbox's coldplug -d loads here before it returns
# (kvm_amd: TCG's CPU offers SVM; the virtio NIC; PIIX IDE; sd with the
# CRC chain its t10-pi needs), each with its dependencies. Its insmod
# count is printed beside coldplug's own count, so a drift shows.
SEED_MODULES="kvm kvm_amd virtio_pci virtio_net ata_piix sd_mod
crct10dif_generic crc64_rocksoft" sh build/seed.sh "$t/floor.img" \
	2>>"$t/build.log"
gcc -c -m32 -o "$t/guest.o" tests/boot/guest.S
ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$t/guest.img" "$t/guest.o"

# boot IMG LOG [APPEND]: the outer machine; LOG gets "SECONDS LINE" lines.
boot() {
	cp "$t/guest.img" "$t/disk.img"
	timeout 600 qemu-system-x86_64 -accel tcg -M pc -smp 1 -m 1536 \
		-nographic -nodefaults -no-reboot -serial stdio \
		-kernel "$KERNEL" -initrd "$1" \
		-append "console=ttyS0 panic=-1 ${3:-}" \
		-drive "file=$t/disk.img,format=raw,if=ide" \
		-netdev user,id=n0 -device virtio-net-pci,netdev=n0 </dev/null |
		perl -MTime::HiRes=time -ne 'BEGIN { $t0 = time }
			s/\r//g; printf "%.3f %s", time - $t0, $_' >"$2" || :
}

# marks LOG DRIVERS LEASE EXEC: seconds from /init to each mark, "-" when
# the mark never came: init drivers lease exec guest poweroff.
marks() {
	awk -v d="$2" -v l="$3" -v x="$4" '
		function at(k) { if (!(k in m)) m[k] = $1 }
		{ line = substr($0, index($0, " ") + 1) }	# past the stamp
		/Run \/init as init process/ { at("init") }
		line ~ d { at("drivers") } line ~ l { at("lease") }
		line ~ x { at("exec") }
		/hello from the inner VM/ { at("guest") }
		/reboot: Power down/ { at("poweroff") }
		END { split("init drivers lease exec guest poweroff", k, " ")
			for (i = 1; i <= 6; i++)
				printf "%s ", (k[i] in m) ? \
				    sprintf("%.3f", m[k[i]] - m["init"]) : "-"
			print "" }' "$1"
}

: >"$t/hal.marks"
: >"$t/seed.marks"
: >"$t/floor.marks"
i=1
while [ $i -le "$N" ]; do
	say "boot $i of $N: halbox"
	boot "$t/hal.img" "$t/hal.$i.log"
	marks "$t/hal.$i.log" '^halbox coldplug: ' '^halbox udhcpc: [^ ]+: lease ' \
		'^halbox vmm: started ' >>"$t/hal.marks"
	say "boot $i of $N: seed"
	boot "$t/seed.img" "$t/seed.$i.log"
	marks "$t/seed.$i.log" '^seed: drivers loaded' '^seed: lease taken' \
		'^seed: exec qemu' >>"$t/seed.marks"
	say "boot $i of $N: floor"
	boot "$t/floor.img" "$t/floor.$i.log"
	marks "$t/floor.$i.log" '^seed: drivers loaded' '^seed: lease taken' \
		'^seed: exec qemu' >>"$t/floor.marks"
	i=$((i + 1))
done
mkdir -p out/bench
rm -f out/bench/*.log
cp "$t"/hal.*.log "$t"/seed.*.log "$t"/floor.*.log out/bench/ 2>/dev/null || :

# column FILE K: "median (min-max)" of column K, "-" if a mark was missing.
column() {
	awk -v k="$2" '$k == "-" { miss = 1 } $k != "-" { print $k }
		END { if (miss) print "miss" }' "$1" | sort -g | awk '
		/miss/ { miss = 1; next } { v[++n] = $1 }
		END { if (miss || n == 0) { print "-"; exit }
			printf "%.2f (%.2f-%.2f)", v[int((n + 1) / 2)], v[1], v[n] }'
}
ratio() {
	awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN {
		if (a == "-" || b == "-" || b == 0) print "-"
		else printf "%.2f", a / b }'
}

bytes() { wc -c <"$1" | tr -d ' '; }
entries() { uncpio "$1" | cpio -t --quiet | wc -l | tr -d ' '; }
qdir=$(sh build/qemu.sh)
qs=$(bytes "$qdir/bin/qemu-system-x86_64")
qd=$(($(bytes /usr/bin/qemu-system-x86_64) + $(ldd /usr/bin/qemu-system-x86_64 |
	awk '/=>/ { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
	xargs readlink -f | xargs cat | wc -c)))
lines=$(cat multicall/*.[ch] applets/*.c applets/*/*.[ch] | grep -cv '^[[:space:]]*$')

# Compressors: the same cpio, three ways; the kernel unpacks each once.
uncpio "$t/hal.img" >"$t/hal.cpio"
gzip -9n <"$t/hal.cpio" >"$t/z.gzip"
xz -9e --check=crc32 <"$t/hal.cpio" >"$t/z.xz"
zstd -19 -q <"$t/hal.cpio" >"$t/z.zstd"
for z in gzip xz zstd; do
	say "unpacking the $z image"
	boot "$t/z.$z" "$t/unpack.$z.log" "rdinit=/bin/poweroff -- -f"
	awk '/Trying to unpack rootfs/ { gsub(/[][]/, "", $3); a = $3 }
		/Freeing initrd memory/ { gsub(/[][]/, "", $3); b = $3 }
		END { if (a != "" && b != "") printf "%.0f\n", (b - a) * 1000
			else print "-" }' "$t/unpack.$z.log" >"$t/unpack.$z"
done

{
	echo "# make bench"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) CPUs, $(uname -r) host;" \
	    "guest kernel $KVER under TCG, $N boots each."
	echo
	echo "## Boot timeline: seconds after /init starts"
	echo
	echo "| mark | halbox | seed procedure | halbox/seed | floor | halbox/floor |"
	echo "|---|---|---|---|---|---|"
	k=2
	for m in "drivers loaded" "lease taken" "QEMU exec" \
	    "guest's first line" "power off"; do
		h=$(column "$t/hal.marks" $k)
		s=$(column "$t/seed.marks" $k)
		f=$(column "$t/floor.marks" $k)
		echo "| $m | $h | $s | $(ratio "$h" "$s") | $f | $(ratio "$h" "$f") |"
		k=$((k + 1))
	done
	echo
	echo "Median (min-max); \"-\": the mark did not come in every boot" \
	    "(consoles: out/bench/). Floor: the seed's script with halbox's" \
	    "modules, $(sed -n 's/.*floor.img: .* bytes, \([0-9]*\) insmods.*/\1/p' \
	    "$t/build.log") insmods (halbox's coldplug: $(grep -o \
	    '[0-9]* modules loaded' "$t/hal.1.log" | head -n 1))."
	echo
	echo "## Sizes"
	echo
	echo "| what | halbox | seed procedure | halbox/seed |"
	echo "|---|---|---|---|"
	echo "| image, bytes (halbox ${COMPRESS:-zstd}, seed gzip -9) | $(bytes "$t/hal.img") |" \
	    "$(bytes "$t/seed.img") | $(ratio "$(bytes "$t/hal.img")" \
	    "$(bytes "$t/seed.img")") |"
	echo "| image, entries | $(entries "$t/hal.img") |" \
	    "$(entries "$t/seed.img") | |"
	echo "| QEMU, bytes (static; Debian's with its libraries) | $qs |" \
	    "$qd | $(ratio "$qs" "$qd") |"
	echo "| userspace besides QEMU, bytes (halbox; busybox-static) |" \
	    "$(bytes out/halbox) | $(bytes /bin/busybox) |" \
	    "$(ratio "$(bytes out/halbox)" "$(bytes /bin/busybox)") |"
	bb=$(sh build/busybox.sh 2>"$t/busybox.err") || bb="- -"
	echo "| the same applets, bytes (halbox; busybox from Debian's source, musl static: build/busybox.sh) |" \
	    "$(bytes out/halbox) | ${bb% *} | $(ratio "$(bytes out/halbox)" "${bb% *}") |"
	echo "| the same applets and the seed's ash (busybox) |" \
	    "$(bytes out/halbox) | ${bb#* } | $(ratio "$(bytes out/halbox)" "${bb#* }") |"
	echo "| halbox's own C, non-blank lines | $lines | | |"
	echo
	echo "## Initramfs compression (halbox's image)"
	echo
	echo "| compressor | bytes | kernel unpack, ms |"
	echo "|---|---|---|"
	for z in gzip xz zstd; do
		echo "| $z | $(bytes "$t/z.$z") | $(cat "$t/unpack.$z") |"
	done
	for b in tests/bench/*.sh; do
		echo
		echo "## $(basename "$b" .sh)"
		echo
		echo '```'
		bash "$b" "$t/hal.img" 2>&1 || echo "($b failed)"
		echo '```'
	done
} >"$md"
cat "$md"
