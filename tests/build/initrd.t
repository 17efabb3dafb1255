#!/bin/sh
# SPDX-License-Identifier: ISC
# initrd.t - make initrd's image, read back with cpio: the layout the team
# contract names, the static QEMU and its firmware, the kernel modules with
# their whole modules.dep closure and depmod's tables of them; two builds are
# byte-identical; a dynamic QEMU= is refused. Needs the static QEMU
# (build/qemu.sh, cached): when it cannot be built, this fails, it does not
# skip.
. tests/lib.sh
plan 24
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
export KVER BOX MKINITRD="$PWD/out/mkinitrd"
mods=lib/modules/$KVER

sh build/initrd.sh "$t/a.img" 2>"$t/log"
rc=$?
ok $rc "build/initrd.sh builds the image ($(tail -n 1 "$t/log"))"
[ $rc = 0 ] || sed 's/^/# /' "$t/log"
sh build/initrd.sh "$t/b.img" 2>/dev/null
cmp -s "$t/a.img" "$t/b.img"
ok $? "built twice, the image is byte-identical"
uncpio "$t/a.img" | cpio -tv --quiet >"$t/long"
mkdir "$t/root"
(cd "$t/root" && uncpio "$t/a.img" | cpio -id --quiet --no-absolute-filenames)

grep -q '^lrwxrwxrwx .* root *root .* init -> bin/halbox$' "$t/long" &&
	grep -q '^-rwxr-xr-x .* root *root .* bin/halbox$' "$t/long" &&
	grep -q '^crw------- .* root *root *5, *1 .* dev/console$' "$t/long"
ok $? "/init -> bin/halbox, /dev/console, owned by root"
n=0
for a in $("$BOX" --list); do
	[ "$(readlink "$t/root/bin/$a")" = halbox ] || n=$((n + 1))
done
is $n 0 "every applet has its /bin link to halbox"
q=$t/root/bin/qemu-system-x86_64
[ -x "$q" ] && ! readelf -l "$q" | grep -q INTERP
ok $? "/bin/qemu-system-x86_64 is there and static"
"$q" -L "$t/root/usr/share/qemu" -machine pc -accel tcg -nodefaults \
	-display none -netdev user,id=n -device rtl8139,netdev=n -S \
	-qmp stdio </dev/null >/dev/null 2>"$t/qerr" &
sleep 3
kill $! 2>/dev/null
alive=$?
wait $! 2>/dev/null
sed -i '/terminating on signal/d' "$t/qerr"
[ $alive = 0 ] && ! grep -q . "$t/qerr"
ok $? "it runs vmm's machine (pc, rtl8139) on the image's firmware only"
[ -s "$t/qerr" ] && sed 's/^/# /' "$t/qerr"
missing=
for f in bios-256k.bin efi-rtl8139.rom efi-e1000.rom efi-e1000e.rom \
    efi-virtio.rom kvmvapic.bin; do
	[ -f "$t/root/usr/share/qemu/$f" ] || missing="$missing $f"
done
is "$missing" "" "firmware: SeaBIOS, the rtl8139, e1000(e), virtio ROMs, kvmvapic.bin"
# UEFI guests' machine: q35, OVMF from the image, the disk on AHCI.
o=$t/root/usr/share/OVMF
cp "$o/OVMF_VARS_4M.fd" "$t/vars"
truncate -s 1M "$t/disk"
"$q" -L "$t/root/usr/share/qemu" -machine q35 -accel tcg -nodefaults \
	-drive if=pflash,format=raw,readonly=on,file="$o/OVMF_CODE_4M.fd" \
	-drive if=pflash,format=raw,file="$t/vars" -display none \
	-drive file="$t/disk",format=raw,if=none,id=disk0 \
	-device ide-hd,bus=ide.0,drive=disk0,bootindex=1 -S -qmp stdio \
	</dev/null >/dev/null 2>"$t/qerr" &
sleep 3
kill $! 2>/dev/null
alive=$?
wait $! 2>/dev/null
sed -i '/terminating on signal/d' "$t/qerr"
[ $alive = 0 ] && ! grep -q . "$t/qerr"
ok $? "and UEFI guests' (q35, OVMF's code and variables, AHCI disk)"
[ -s "$t/qerr" ] && sed 's/^/# /' "$t/qerr"

# display=curses as vmm asks for it, on the kernel's TERM=linux, in the
# image alone (a chroot: the host's terminfo and gconv modules out of
# reach); script(1) gives it a terminal. Debian's QEMU loads CP437 from a
# gconv module, the static one cannot: without charset= it exits at once.
if [ "$(id -u)" = 0 ] && command -v script >/dev/null; then
	TERM=linux timeout 5 script -qc "chroot $t/root /bin/qemu-system-x86_64 \
		-L /usr/share/qemu -machine pc -accel tcg -nodefaults -vga std \
		-display curses,charset=ASCII -S" /dev/null </dev/null >"$t/curses" 2>&1
	rc=$?
	is $rc 124 "display=curses: the image's QEMU draws on TERM=linux (still running after 5 s)"
	[ $rc = 124 ] || grep -v 'Could not convert' "$t/curses" | head -n 5 | sed 's/^/# /'
else
	skip "display=curses in a chroot of the image needs root and script(1)"
fi

for m in e1000 e1000e igb r8169 virtio_net tg3 bnx2 ahci ata_piix nvme \
    virtio_blk virtio_scsi sd_mod mptspi virtio_pci kvm kvm_intel kvm_amd \
    button evdev xhci_pci ehci_pci ohci_pci uhci_hcd usbhid hid_generic \
    hid_logitech_dj usb_storage uas r8152 ax88179_178a cdc_ether sdhci_pci \
    mmc_block vmd realtek bridge tun; do
	grep -Eq "/$(echo $m | sed 's/_/[-_]/g')\\.ko(\\.[a-z]+)?\$" "$t/long" ||
		echo "# missing $m"
done >"$t/missing"
is "$(cat "$t/missing")" "" "the default hardware set is in /$mods"
# Every module named in the image's modules.dep is in the image.
tr ' ' '\n' <"$t/root/$mods/modules.dep" | sed 's/:$//' | grep . | sort -u |
	while read -r p; do [ -f "$t/root/$mods/$p" ] || echo "$p"; done >"$t/nodep"
is "$(head -n 3 "$t/nodep")" "" "the whole dependency closure is there"
is "$(cut -d: -f1 "$t/root/$mods/modules.dep" | sort)" \
	"$(cd "$t/root/$mods" && find kernel -name '*.ko*' | sort)" \
	"modules.dep has exactly one line per module in the image"
grep -q 'pci:v00008086d0000100Esv' "$t/root/$mods/modules.alias" &&
	! awk '$1 == "alias" { print $3 }' "$t/root/$mods/modules.alias" | sort -u |
	while read -r m; do
		grep -Eq "/$m\\.ko" "$t/root/$mods/modules.dep" ||
			grep -Eq "/$(echo "$m" | tr _ -)\\.ko" \
			    "$t/root/$mods/modules.dep" || echo "$m"
	done | grep -q .
ok $? "modules.alias: e1000's PCI alias, and only modules in the image"
# softdeps and firmware: r8169's realtek PHY driver (a softdep), ext4's
# kind (nvme's crc64 through crc64_rocksoft's), every rtl_nic file r8169
# names and Debian ships; the modules without theirs said in one line
grep -q '^softdep r8169 pre: realtek' "$t/root/$mods/modules.softdep" &&
	grep -Eq '/crc64\.ko$' "$t/long"
ok $? "softdeps: realtek.ko and crc64.ko (crc64_rocksoft's), modules.softdep"
r=$(modinfo -k "$KVER" -F firmware r8169 | while read -r f; do
	[ ! -f "/lib/firmware/$f" ] || [ -f "$t/root/lib/firmware/$f" ] ||
		echo "$f"; done)
n=$(find "$t/root/lib/firmware/rtl_nic" -type f 2>/dev/null | wc -l)
[ -z "$r" ] && [ "$n" -ge 20 ]
ok $? "firmware: the rtl_nic files r8169 names ($n files with r8152's)${r:+, missing $r}"
[ "$(grep -c 'firmware absent' "$t/log")" -le 1 ]
ok $? "modules without their firmware: at most one line ($(grep 'firmware absent' "$t/log" | cut -c1-60))"
cmp -s "$t/root/$mods/modules.builtin" "/$mods/modules.builtin"
ok $? "modules.builtin is the kernel's"
# depmod's indexes in the image describe its modules: kmod reads them,
# and halbox uses them (no line says it fell back to the text)
a=pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00
mkdir -p "$t/mr/lib/modules" "$t/mr/proc"
: >"$t/mr/proc/modules"
: >"$t/mr/proc/cmdline"
ln -s "$t/root/$mods" "$t/mr/lib/modules/$(uname -r)"
is "$(modprobe -d "$t/root" -S "$KVER" -R "$a"):$(MODROOT=$t/mr "$BOX" \
	modprobe -n -v "$a" 2>&1 | sed 's|.*/||; s/ *$//')" "e1000:e1000.ko" \
	"modules.alias.bin, modules.dep.bin: e1000's alias, by kmod and halbox"

HW=host sh build/initrd.sh "$t/h.img" 2>"$t/hlog"
[ $? = 0 ] && [ "$(wc -c <"$t/h.img")" -lt "$(wc -c <"$t/a.img")" ]
ok $? "HW=host: $(wc -c <"$t/h.img") bytes, less than the default's $(wc -c <"$t/a.img")"
# HW=FILE: a q35 machine's modaliases (e1000e, AHCI), as coldplug -p
# prints them there: their drivers, not the default set's other NICs
printf '%s\n' 'pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00' \
	'pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01' >"$t/hw.txt"
HW=$t/hw.txt sh build/initrd.sh "$t/f.img" 2>/dev/null
uncpio "$t/f.img" | cpio -t --quiet >"$t/flist"
grep -q '/e1000e\.ko$' "$t/flist" && grep -q '/ahci\.ko$' "$t/flist" &&
	grep -q '/evdev\.ko$' "$t/flist" && ! grep -q '/r8169\.ko$' "$t/flist"
ok $? "HW=FILE: e1000e and ahci for those modaliases, evdev, no r8169 ($(wc -c <"$t/f.img") bytes)"
MODULES=dummy sh build/initrd.sh "$t/c.img" 2>/dev/null &&
	uncpio "$t/c.img" | cpio -t --quiet | grep -q '/dummy\.ko$'
ok $? "MODULES=dummy adds a module"
q=$(sh build/qemu.sh)
QEMU=$q/bin/qemu-system-x86_64 FIRMWARE_DIR=$q/share/qemu \
	sh build/initrd.sh "$t/e.img" 2>/dev/null &&
	cmp -s "$t/e.img" "$t/a.img"
ok $? "QEMU= a static binary (here the same one): the same image"
cp /bin/ls "$t/ls"
QEMU=$t/ls sh build/initrd.sh "$t/d.img" 2>"$t/err"
[ $? != 0 ] && grep -q 'dynamically linked' "$t/err" && [ ! -e "$t/d.img" ]
ok $? "a dynamic QEMU= is refused: $(cat "$t/err")"
FIRMWARE="bios-256k.bin nope.bin" sh build/initrd.sh "$t/g.img" 2>"$t/err"
[ $? != 0 ] && grep -q 'nope\.bin: no such file' "$t/err" && [ ! -e "$t/g.img" ]
ok $? "a FIRMWARE= file that is missing stops the build, no image"
