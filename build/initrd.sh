#!/bin/sh
# SPDX-License-Identifier: ISC
# initrd.sh OUT - write the boot image's initrd: a spec for build/mkinitrd
# (so owners, device nodes and order come from the spec, not from who runs
# this), then the gzip'd cpio. The layout is in README.md, "The boot image".
#
# Environment (the Makefile passes them on):
#   BOX       halbox binary (out/halbox); /init and every /bin applet link
#   MKINITRD  the spec writer (out/mkinitrd)
#   KVER      kernel whose modules go in (default: newest in /lib/modules)
#   MODULES   modules added to the default hardware set below
#   QEMU      a static qemu-system-x86_64 to use instead of build/qemu.sh's;
#             "none" for an image without QEMU (the demo guest's)
#   FIRMWARE_DIR  where the firmware comes from (default: build/qemu.sh's,
#             or /usr/share/qemu with QEMU=)
#   FIRMWARE  files taken from it: what vmm's default machine loads (pc,
#             std VGA, rtl8139), the boot ROMs of the NICs fleets use
#             (e1000, e1000e, virtio: a guest can netboot on them; vmm
#             passes romfile= for others), kvmvapic.bin for KVM, en-us
#             for VNC
#   OVMF      UEFI guests' firmware from Debian's ovmf, in /usr/share/OVMF:
#             OVMF's code and the variable store template vmm copies
#             (not in an image without QEMU)
#   HW_MODULES  the default hardware set below (empty: none)
#   HW        the profile: unset, the default set; "host", the drivers of
#             this machine's devices (its /sys/devices/**/modalias, as
#             dracut's host-only); FILE, those of a list of modaliases
#             captured on the target (coldplug -p); "all", every module of
#             drivers/{net/ethernet,usb,hid,ata,nvme,scsi,mmc} and the set.
#             host and FILE keep the power button and evdev (init's)
#   MODFW     where the firmware the packed modules name comes from
#             (default /lib/firmware: Debian's firmware-* packages)
#   INIT_CONF, VMM_CONF  files installed as /etc/init.conf, /etc/vmm.conf
#   COMPRESS  zstd (default), xz or gzip: make bench measures all three
#             (README.md, "Size")
#   EXTRA     more files, SRC:DEST words (tests use it)
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
say() { echo "initrd.sh: $*" >&2; }
die() { say "$*"; exit 1; }

BOX=${BOX:-out/halbox}
MKINITRD=${MKINITRD:-out/mkinitrd}
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
MODULES=${MODULES:-}
FIRMWARE=${FIRMWARE-"bios-256k.bin vgabios-stdvga.bin kvmvapic.bin
efi-rtl8139.rom efi-e1000.rom efi-e1000e.rom efi-virtio.rom keymaps/en-us"}
OVMF=${OVMF-"/usr/share/OVMF/OVMF_CODE_4M.fd /usr/share/OVMF/OVMF_VARS_4M.fd"}

# The default hardware set, for the PCs people own and for QEMU (README,
# "The boot image", has it by class): NICs, USB NICs, disk controllers,
# USB storage, eMMC/SD, Intel VMD, the virtio PCI transport, KVM for both
# vendors, bridge and tun (vmm's net = bridge), the ACPI power button
# with evdev (init reads KEY_POWER from
# it), USB host controllers with HID and the common vendor HID drivers
# (a USB keyboard for the rescue shell; fbvnc reads input through evdev),
# I2C HID (laptop keyboards and touchpads). Softdeps come with them
# (r8169's realtek PHY driver), and the firmware they name. USB storage
# and vfat with its code pages, for the boot medium (make usb).
HW_MODULES=${HW_MODULES-"e1000 e1000e igb igc ixgbe i40e r8169 8139cp 8139too
tg3 bnx2 bnx2x bnxt_en virtio_net vmxnet3 realtek
r8152 ax88179_178a cdc_ether
ahci ata_piix nvme vmd virtio_blk virtio_scsi sd_mod mptspi megaraid_sas mpt3sas
usb_storage uas sdhci_pci mmc_block
virtio_pci
kvm kvm_intel kvm_amd bridge tun
button evdev
xhci_pci ehci_pci ohci_pci uhci_hcd
psmouse usbhid hid_generic hid_apple hid_logitech hid_logitech_dj
hid_logitech_hidpp hid_microsoft hid_cherry hid_chicony hid_lenovo
hid_kensington hid_a4tech hid_belkin hid_cypress hid_ezkey hid_multitouch
i2c_hid_acpi vfat nls_cp437 nls_ascii"}
MODFW=${MODFW:-/lib/firmware}

[ -x "$BOX" ] || die "$BOX: not built (make)"
[ -x "$MKINITRD" ] || die "$MKINITRD: not built (make out/mkinitrd)"
mods=/lib/modules/$KVER
[ -f "$mods/modules.dep" ] || die "KVER=$KVER: no $mods/modules.dep"

# Profiles: modaliases are resolved below, through the tables, like names
aliases=
case ${HW:-} in
'') ;;
all)	HW_MODULES="$HW_MODULES $(sed -n 's#^kernel/drivers/\(net/ethernet\|usb\|hid\|ata\|nvme\|scsi\|mmc\)/\(.*/\)\{0,1\}\([^/]*\)\.ko[^:]*:.*#\3#p' \
	    "$mods/modules.dep")" ;;
host)	aliases=$(find /sys/devices -name modalias -exec cat {} + 2>/dev/null |
	    sort -u)
	HW_MODULES="button evdev bridge tun" ;;
*)	[ -f "$HW" ] || die "HW=$HW: not host, all, nor a file of modaliases"
	aliases=$(grep -v '^#' "$HW" | sort -u)
	HW_MODULES="button evdev bridge tun" ;;
esac

if [ "${QEMU:-}" = none ]; then
	qemu=
	fwdir=
elif [ -n "${QEMU:-}" ]; then
	[ -f "$QEMU" ] || die "QEMU=$QEMU: no such file"
	# The image holds no shared libraries: a dynamic QEMU could not start.
	if readelf -l "$QEMU" 2>/dev/null | grep -q INTERP; then
		die "QEMU=$QEMU is dynamically linked; the image has no" \
		    "libraries: give a static binary or unset QEMU (make qemu)"
	fi
	qemu=$QEMU
	fwdir=${FIRMWARE_DIR:-/usr/share/qemu}
else
	qdir=$(sh "$here/qemu.sh") || die "the static QEMU build failed"
	qemu=$qdir/bin/qemu-system-x86_64
	fwdir=${FIRMWARE_DIR:-$qdir/share/qemu}
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
spec=$tmp/spec

# Modules: each name's line in modules.dep already lists its whole
# dependency closure (depmod writes them transitively, in load order).
# Names compare with '-' and '_' alike, as the kernel does.
echo $HW_MODULES $MODULES | tr ' ' '\n' | grep . | tr - _ >"$tmp/want"
awk -v want="$tmp/want" -v builtin="$mods/modules.builtin" '
	function name(p) { sub(/.*\//, "", p); sub(/\.ko.*/, "", p)
		gsub(/-/, "_", p); return p }
	BEGIN { while ((getline l < want) > 0) w[l] = 1
		while ((getline l < builtin) > 0) b[name(l)] = 1 }
	{ p = $1; sub(/:$/, "", p); n = name(p)
	  if (n in w) { found[n] = 1; print p
		for (i = 2; i <= NF; i++) print $i } }
	END { for (n in w) if (!(n in found) && !(n in b)) print "?" n }
' "$mods/modules.dep" | sort -u >"$tmp/paths"
missing=$(sed -n 's/^?//p' "$tmp/paths" | tr '\n' ' ')
if [ -n "$missing" ]; then
	for m in $missing; do
		echo " $MODULES " | tr - _ | grep -q " $m " &&
			die "MODULES: $m is neither a module nor built into $KVER"
	done
	say "not in $KVER, skipped: $missing"
fi
sed -i '/^?/d' "$tmp/paths"
# Softdeps, recursively, and the profile's modaliases, as halbox's own
# modprobe walks them (kmod's way): r8169's realtek, ext4's crc32c. Only
# the modules' own softdeps (modules.softdep): MODROOT keeps the build
# machine's modprobe.d out. set -f: a modalias is no pattern.
mkdir "$tmp/noconf"
set -f
MODROOT=$tmp/noconf "$BOX" modprobe -q -D -d / -S "$KVER" -a $(cat "$tmp/want") \
    $aliases | sed -n "s|^insmod /*$mods/\([^ ]*\) .*|\1|p" >>"$tmp/paths" || true
set +f
sort -u -o "$tmp/paths" "$tmp/paths"

# Firmware: every file a packed module names (modinfo -F firmware) that
# Debian's firmware packages put in MODFW; the modules whose files are not
# there, in one line (they start without it, or fail with a dmesg line).
: >"$tmp/fw"
nofw=
while read -r p; do
	absent=
	for f in $(modinfo -F firmware "$mods/$p" 2>/dev/null); do
		if [ -f "$MODFW/$f" ]; then echo "$f" >>"$tmp/fw"
		else absent="$absent $f"; fi
	done
	[ -z "$absent" ] || nofw="$nofw ${p##*/}(${absent# })"
done <"$tmp/paths"
sort -u -o "$tmp/fw" "$tmp/fw"
[ -z "$nofw" ] || say "firmware absent from $MODFW for:$nofw"

# The image's tables, by Debian's depmod on a tree of links to exactly the
# modules packed, so that modules.dep/alias and their .bin indexes agree
# and name nothing else. modules.order keeps depmod's module order (the
# order aliases load in) the full table's; modules.builtin stays whole: it
# tells modprobe "built in, nothing to load" for any name the kernel asks.
idx=$tmp/idx/lib/modules/$KVER
mkdir -p "$idx"
sed "s|^|$mods/|" "$tmp/paths" | xargs -r cp -s --parents -t "$tmp/idx"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ ! -f "$mods/$f" ] || cp "$mods/$f" "$idx/"
done
PATH=$PATH:/usr/sbin:/sbin depmod -b "$tmp/idx" "$KVER" ||
	die "depmod -b failed on the image's modules"
# checked here: die in the loop below would end only its pipeline's subshell
for f in ${qemu:+$FIRMWARE}; do
	[ -f "$fwdir/$f" ] || die "firmware $fwdir/$f: no such file"
done

{
	for d in bin dev etc lib lib/modules "lib/modules/$KVER" proc run sys \
	    usr usr/share usr/share/qemu; do
		echo "dir /$d 755 0 0"
	done
	echo "dir /tmp 1777 0 0"
	# The kernel opens /dev/console for init before init mounts devtmpfs.
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "file /bin/halbox $BOX 755 0 0"
	echo "slink /init bin/halbox 777 0 0"
	for a in $("$BOX" --list); do
		echo "slink /bin/$a halbox 777 0 0"
	done
	[ -z "$qemu" ] || echo "file /bin/qemu-system-x86_64 $qemu 755 0 0"
	# display=curses: the kernel gives init TERM=linux; the static
	# QEMU's ncurses reads its description from /lib/terminfo
	if [ -n "$qemu" ]; then
		[ -f /lib/terminfo/l/linux ] || die "/lib/terminfo/l/linux: missing (ncurses-base)"
		printf 'dir /lib/terminfo 755 0 0\ndir /lib/terminfo/l 755 0 0\n'
		echo "file /lib/terminfo/l/linux /lib/terminfo/l/linux 644 0 0"
	fi
	for f in ${qemu:+$FIRMWARE}; do
		case $f in */*) echo "dir /usr/share/qemu/${f%/*} 755 0 0";; esac
		echo "file /usr/share/qemu/$f $fwdir/$f 644 0 0"
	done | sort -u
	[ -z "$qemu" ] || [ -z "$OVMF" ] || echo "dir /usr/share/OVMF 755 0 0"
	for f in ${qemu:+$OVMF}; do
		[ -f "$f" ] || die "OVMF: $f: no such file (build/deps.sh)"
		echo "file /usr/share/OVMF/${f##*/} $f 644 0 0"
	done
	awk -F/ '{ d = ""; for (i = 1; i < NF; i++) { d = d "/" $i; print d } }' \
		"$tmp/paths" | sort -u |
		sed "s|^|dir /lib/modules/$KVER|; s|\$| 755 0 0|"
	sed "s|.*|file /lib/modules/$KVER/& $mods/& 644 0 0|" "$tmp/paths"
	for f in modules.dep modules.alias modules.builtin modules.dep.bin \
	    modules.alias.bin modules.softdep; do
		echo "file /lib/modules/$KVER/$f $idx/$f 644 0 0"
	done
	[ ! -s "$tmp/fw" ] || echo "dir /lib/firmware 755 0 0"
	awk -F/ '{ d = ""; for (i = 1; i < NF; i++) { d = d "/" $i; print d } }' \
		"$tmp/fw" | sort -u | sed "s|^|dir /lib/firmware|; s|\$| 755 0 0|"
	sed "s|.*|file /lib/firmware/& $MODFW/& 644 0 0|" "$tmp/fw"
	[ -z "${INIT_CONF:-}" ] || echo "file /etc/init.conf $INIT_CONF 644 0 0"
	[ -z "${VMM_CONF:-}" ] || echo "file /etc/vmm.conf $VMM_CONF 644 0 0"
	for x in ${EXTRA:-}; do
		mode=644
		[ ! -x "${x%%:*}" ] || mode=755
		echo "file ${x#*:} ${x%%:*} $mode 0 0"
	done
} >"$spec"
c=initrd.cpio
[ "${COMPRESS:-zstd}" != gzip ] || c=initrd.cpio.gz
"$MKINITRD" "$spec" "$tmp/$c"
# zstd by the numbers (README, "Size"): 17 % smaller than gzip -9 and
# unpacked faster; xz is 9 % smaller still but the kernel takes ten times
# as long to unpack it. xz checks with CRC32, the one check the kernel's
# decoder knows (Documentation/staging/xz.rst); -T1 keeps the bytes the
# same everywhere.
case ${COMPRESS:-zstd} in
gzip)	cp "$tmp/initrd.cpio.gz" "$out.tmp" ;;
xz)	xz -9 --check=crc32 -T1 -c "$tmp/initrd.cpio" >"$out.tmp" ;;
zstd)	zstd -19 -q -c "$tmp/initrd.cpio" >"$out.tmp" ;;
*)	die "COMPRESS=$COMPRESS: want zstd, xz or gzip" ;;
esac
mv "$out.tmp" "$out"
say "$out: $(wc -c <"$out") bytes, $(grep -c . "$spec") entries:" \
	"$(grep -c '^file' "$spec") files, $(grep -c '\.ko$' "$tmp/paths")" \
	"modules for $KVER, $(grep -c . "$tmp/fw") firmware files"
