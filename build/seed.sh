#!/bin/sh
# SPDX-License-Identifier: ISC
# seed.sh OUT - the procedure halbox replaces, rebuilt for make bench:
# the seed document's initramfs (an ash /init on busybox that insmods a
# hand-ordered module list, takes a lease with udhcpc and runs QEMU on
# /dev/sda, then powers off), made from Debian's packages only:
# busybox-static, Debian's dynamic qemu-system-x86_64 with the shared
# libraries it links and the firmware its command line loads, and the
# modules of KVER. Changes from the seed, each forced by this setting:
# kvm_amd (TCG's CPU offers SVM, not VMX), the disk's modules (Fedora's
# kernel had them built in, Debian's does not), Debian's paths, and
# -nographic for the seed's -display fbdev (an unmerged QEMU patch), so
# the guest's line reaches the console. The insmod order is the one
# modules.dep needs; "seed:" lines mark the timeline for build/bench.sh.
set -eu
out=$1
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
MKINITRD=${MKINITRD:-out/mkinitrd}
mods=/lib/modules/$KVER
qemu=/usr/bin/qemu-system-x86_64
# The seed's list, in its order, plus the disk: kvm, the display stack for
# its fbdev QEMU, virtio for the NIC, PIIX IDE and sd for /dev/sda. Another
# list in SEED_MODULES (make bench's floor: halbox's modules) replaces it.
SEED_MODULES=${SEED_MODULES:-"kvm kvm_amd drm drm_kms_helper ttm qxl virtio
virtio_ring virtio_pci virtio_net ata_piix sd_mod"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Each module after its dependencies (modules.dep lists a module's whole
# closure, the deepest last), each once.
for m in $SEED_MODULES; do
	awk -v m="$m" '{ p = $1; sub(/:$/, "", p); n = p; sub(/.*\//, "", n)
		sub(/\.ko.*/, "", n); gsub(/-/, "_", n)
		if (n == m) { for (i = NF; i > 1; i--) print $i; print p; exit } }' \
		"$mods/modules.dep"
done | awk '!seen[$0]++' >"$tmp/order"

{
	echo '#!/bin/ash -e'
	echo "abort() { echo 'Init failed!' 1>&2 ; exec ash ; } ; trap abort EXIT"
	echo 'echo seed: init'
	sed 's|.*/|insmod /lib/|' "$tmp/order"
	cat <<'EOF'
mknod -m 666 /dev/kvm c 10 232
mknod -m 600 /dev/input/mice c 13 63
echo seed: drivers loaded
ifconfig eth0 up
udhcpc
echo seed: lease taken
mknod -m 666 /dev/random c 1 8
mknod -m 660 /dev/sda b 8 0
echo seed: exec qemu
qemu-system-x86_64 -nodefaults \
    -machine accel=kvm -enable-kvm \
    -cpu host -smp cores=1 -m 256M \
    -nographic \
    -netdev user,id=eth0 -device rtl8139,netdev=eth0 \
    -device virtio-rng-pci \
    -drive file=/dev/sda,format=raw,if=ide,index=0,media=disk
exec poweroff -f
EOF
} >"$tmp/init"
cat >"$tmp/script" <<'EOF'
#!/bin/ash -e
[ "$1" = bound -o "$1" = deconfig -o "$1" = renew ] || exit 0

ifconfig "${interface:=eth0}" "${ip:-0.0.0.0}" \
    ${subnet:+netmask "$subnet"} \
    ${broadcast:+broadcast "$broadcast"}

for gateway in $router
do route add default gw "$gateway" dev "$interface"
done

echo -n ${domain:+search "$domain"$'\n'} > /etc/resolv.conf
for nameserver in $dns
do echo nameserver "$nameserver" >> /etc/resolv.conf
done
EOF
chmod 755 "$tmp/init" "$tmp/script"

# QEMU and what the dynamic loader needs for it, at their own paths.
libs=$(ldd "$qemu" | awk '/=>/ { print $3 } /^\t\/.*ld-linux/ { print $1 }')
{
	for d in bin dev dev/input etc lib usr usr/share usr/share/qemu \
	    usr/share/udhcpc usr/bin; do
		echo "dir /$d 755 0 0"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "nod /dev/null 666 0 0 c 1 3"	# QEMU 7.2 opens it (OFD lock probe)
	echo "file /init $tmp/init 755 0 0"
	echo "file /bin/busybox /bin/busybox 755 0 0"
	for a in ash ifconfig insmod mknod poweroff route udhcpc; do
		echo "slink /bin/$a busybox 777 0 0"
	done
	echo "file /usr/share/udhcpc/default.script $tmp/script 755 0 0"
	echo "file /usr/bin/qemu-system-x86_64 $qemu 755 0 0"
	echo "slink /bin/qemu-system-x86_64 /usr/bin/qemu-system-x86_64 777 0 0"
	# Debian's QEMU looks in its packages' directories too
	for f in /usr/share/seabios/bios-256k.bin \
	    /usr/lib/ipxe/qemu/efi-rtl8139.rom /usr/share/qemu/kvmvapic.bin; do
		d=$(dirname "$f")
		while [ "$d" != / ]; do echo "dir $d 755 0 0"; d=$(dirname "$d"); done
		echo "file $f $(readlink -f "$f") 644 0 0"
	done | sort -u
	for l in $libs; do
		d=$(dirname "$l")
		while [ "$d" != / ]; do echo "dir $d 755 0 0"; d=$(dirname "$d"); done
		echo "file $l $(readlink -f "$l") 755 0 0"
	done
	while read -r p; do
		echo "file /lib/$(basename "$p") $mods/$p 644 0 0"
	done <"$tmp/order"
} | awk '!seen[$0]++' >"$tmp/spec"
"$MKINITRD" "$tmp/spec" "$out"
echo "seed.sh: $out: $(wc -c <"$out") bytes, $(wc -l <"$tmp/order")" \
	"insmods, $(echo "$libs" | wc -w) libraries" >&2
