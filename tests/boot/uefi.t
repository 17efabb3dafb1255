#!/bin/sh
# SPDX-License-Identifier: ISC
# uefi.t - vmm picks the firmware from the guest's disk and runs Debian's
# QEMU (TCG) on guests made here without root: a GPT disk whose EFI System
# Partition holds \EFI\BOOT\BOOTX64.EFI (out/efiguest.efi: prints where it
# was loaded from and a count kept in a UEFI variable, then powers off),
# the MBR boot-sector guest of vmm.t, and an ISO with El Torito BIOS and
# EFI entries. OVMF under TCG is slow: three OVMF boots share the checks.
. tests/lib.sh
QEMU=/usr/bin/qemu-system-x86_64
OVMF=/usr/share/OVMF
for t in $QEMU $OVMF/OVMF_CODE_4M.fd out/efiguest.efi; do
	[ -r $t ] || skip_all "no $t (build/deps.sh; make out/efiguest.efi)"
done
for t in sgdisk mformat xorriso; do
	command -v $t >/dev/null || skip_all "no $t (build/deps.sh)"
done
plan 29
d=$(mktemp -d)
loop=
trap '[ -z "$loop" ] || losetup -d $loop; rm -rf "$d"' EXIT
T=${BOOT_TIMEOUT:-300}

# Boot sectors (vmm.t's): print a line on COM1, then ACPI S5 on pc.
bootsector() {
	printf '\372\061\300\216\330\374\276\036\174\272\370\003\254\204\300\164\003\356\353\370\272\004\006\270\000\040\357\364\353\375%s\r\n\000' \
		"$2" >"$1"
	head -c $((510 - $(wc -c <"$1"))) /dev/zero >>"$1"
	printf '\125\252' >>"$1"
}
bootsector "$d/bs.img" 'boot sector: hello from the disk'
mkdir "$d/iso"
bootsector "$d/iso/bs.img" 'boot sector: hello from the CD'

# The ESP: FAT, \EFI\BOOT\BOOTX64.EFI; in a GPT disk at 1 MiB, and as the
# El Torito EFI image of the ISO.
mformat -C -i "$d/esp.img" -T 8192 -h 2 -s 16 :: &&
	mmd -i "$d/esp.img" ::/EFI ::/EFI/BOOT &&
	mcopy -i "$d/esp.img" out/efiguest.efi ::/EFI/BOOT/BOOTX64.EFI
ok $? "an ESP image with \\EFI\\BOOT\\BOOTX64.EFI"
truncate -s 8M "$d/gpt.img"
sgdisk -o -n 1:2048:+4M -t 1:EF00 "$d/gpt.img" >/dev/null &&
	dd if="$d/esp.img" of="$d/gpt.img" bs=512 seek=2048 conv=notrunc \
		status=none
ok $? "a GPT disk with it as its EFI System Partition"
GUID=$(sgdisk -p "$d/gpt.img" | sed -n 's/^Disk identifier (GUID): //p')
cp "$d/esp.img" "$d/iso/efi.img"
xorriso -as mkisofs -quiet -o "$d/cd.iso" -b bs.img -no-emul-boot \
	-boot-load-size 1 -eltorito-alt-boot -e efi.img -no-emul-boot "$d/iso" \
		2>/dev/null &&
	xorriso -as mkisofs -quiet -o "$d/bios.iso" -b bs.img -no-emul-boot \
	-boot-load-size 1 "$d/iso" 2>/dev/null
ok $? "ISOs: El Torito BIOS and EFI entries; BIOS only"
truncate -s 8M "$d/empty.img"

mkdir -p "$d/r/run" "$d/r/etc" "$d/r/usr/share/OVMF"
cp -R tests/vmm/pc/proc tests/vmm/pc/sys "$d/r/"
ln -s $OVMF/OVMF_CODE_4M.fd $OVMF/OVMF_VARS_4M.fd "$d/r/usr/share/OVMF/"
R=$d/r run=	# the root vmm runs in, and how
conf() {	# vmm.conf: the host's QEMU, plus "$@" lines
	printf 'qemu = %s\naccel = tcg\nmem = 128M\nshutdown_timeout = 1\n' \
		$QEMU >"$R/etc/vmm.conf"
	for l; do echo "$l" >>"$R/etc/vmm.conf"; done
}
vmm() { timeout -k 10 $T $run "$BOX" vmm -r "$R" "$@" </dev/null >"$d/log" 2>&1; }
log_has() { tr -d '\r' <"$d/log" | grep -q -- "$1"; }
argv() { "$BOX" vmm -n -r "$R" 2>/dev/null | tr '\n' ' '; }

# The argv, without booting.
conf "disk = $d/gpt.img"
a=$(argv)
case $a in *"-L /usr/share/qemu -machine q35 -drive if=pflash,format=raw,readonly=on,file=$d/r/usr/share/OVMF/OVMF_CODE_4M.fd -drive if=pflash,format=raw,file=$d/r/run/vmm.vars -accel tcg "*) r=0;; *) r=1;; esac
ok $r "GPT with an ESP: q35, OVMF's code read-only, the variables"
case $a in *"-drive file=$d/gpt.img,format=raw,if=none,id=disk0 -device ide-hd,bus=ide.0,drive=disk0,bootindex=1 "*) r=0;; *) r=1;; esac
ok $r "the disk on q35's AHCI"
conf "disk = $d/gpt.img" 'disk_bus = virtio'
case $(argv) in *" -device virtio-blk-pci,drive=disk0,bootindex=1 "*) r=0;; *) r=1;; esac
ok $r "disk_bus = virtio: virtio-blk"
conf "disk = $d/empty.img" "cdrom = $d/cd.iso"
case $(argv) in *"-machine q35 "*"-drive file=$d/cd.iso,format=raw,if=none,id=cd0,media=cdrom,readonly=on -device ide-cd,drive=cd0,bus=ide.1,bootindex=0 "*) r=0;; *) r=1;; esac
ok $r "an empty disk follows the CD: El Torito EFI entry, UEFI; CD first"
conf "disk = $d/empty.img" "cdrom = $d/bios.iso"
case $(argv) in *"-machine q35"*) r=1;; *"-drive file=$d/empty.img,format=raw,if=ide,index=0,media=disk "*) r=0;; *) r=1;; esac
ok $r "a BIOS-only CD: pc, the disk as today"

# Boots 1 and 2 keep NVRAM on a boot medium, a FAT file system labelled
# HALBOX on a loop device, that vmm mounts in its own mount namespace
# (root); else in ROOT/run/vmm.
where="$d/r/run/vmm"
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null &&
    { grep -qw vfat /proc/filesystems || modprobe vfat 2>/dev/null; } &&
    mformat -C -i "$d/med.img" -T 65536 -v HALBOX :: &&
    loop=$(losetup -f --show "$d/med.img" 2>/dev/null); then
	cp -R "$d/r" "$d/m"
	mkdir -p "$d/m/sys/class/block" "$d/m/dev"
	ln -s "../../devices/virtual/block/${loop#/dev/}" \
		"$d/m/sys/class/block/${loop#/dev/}"
	ln -s $loop "$d/m/dev/${loop#/dev/}"
	R=$d/m run='unshare -m --propagation private' where="the medium"
fi
kept() {	# the kept variables of the GPT disk, in $d/kept
	if [ -n "$run" ]; then
		mcopy -n -i "$d/med.img" "::/nvram/$GUID.vars" "$d/kept"
	else
		cp "$d/r/run/vmm/$GUID.vars" "$d/kept"
	fi 2>/dev/null
}

# Boot 1 (OVMF): the disk picks UEFI; the guest finds no variable yet.
conf "disk = $d/gpt.img"
vmm; is $? 0 "GPT disk, firmware = auto: the UEFI guest powers off, vmm exits 0"
log_has "vmm: firmware uefi: $d/gpt.img: GPT with an EFI System Partition\$"
ok $? "one line says which firmware and why"
log_has 'efiguest: booted from .*/HD(1,GPT,'; ok $? "BOOTX64.EFI ran from the ESP"
log_has 'efiguest: HalboxBoots=0'; ok $? "first boot: no variable yet"
kept; [ -s "$d/kept" ]; ok $? "the variables kept as <disk GUID>.vars in $where"
if [ -n "$run" ]; then
	log_has 'NVRAM in'; is $? 1 "on the medium: no warning"
else
	skip "no boot medium: needs root, unshare, vfat and a loop device"
fi

# Boot 2 (OVMF): the variable the first boot wrote is there.
vmm; is $? 0 "second boot"
log_has 'efiguest: HalboxBoots=1'; ok $? "it sees the variable the first boot wrote"

# Boot 3 (OVMF), no medium: corrupt variables set aside; the CD first.
R=$d/r run=
mkdir -p "$d/r/run/vmm"
echo 'not a variable store' >"$d/r/run/vmm/$GUID.vars"
conf "disk = $d/gpt.img" "cdrom = $d/cd.iso"
vmm; is $? 0 "corrupt variables, cdrom = ISO: the guest still boots"
log_has "NVRAM in $d/r/run/vmm: no writable HALBOX medium"
ok $? "no medium: NVRAM in /run, one warning line"
log_has "$GUID.vars: not a UEFI variable store: set aside as .*$GUID.vars.bad, the guest starts with fresh variables"
ok $? "the corrupt file is named, set aside, in one line"
[ -f "$d/r/run/vmm/$GUID.vars.bad" ]; ok $? "as .bad"
log_has 'efiguest: booted from .*/CDROM('; ok $? "UEFI booted the CD first"
log_has 'efiguest: HalboxBoots=0'; ok $? "with fresh variables"

# SeaBIOS: the MBR guest under auto; the CD first; the GPT disk fails.
conf "disk = $d/bs.img"
vmm; is $? 0 "MBR boot-sector guest, firmware = auto"
log_has "vmm: firmware bios: $d/bs.img: MBR with boot code\$"; ok $? "BIOS, why"
log_has 'hello from the disk'; ok $? "it booted on pc/SeaBIOS"
conf "disk = $d/bs.img" "cdrom = $d/cd.iso"
vmm; log_has 'hello from the CD'; ok $? "cdrom = ISO on BIOS: the CD boots first"
log_has 'hello from the disk'; is $? 1 "not the disk"
# SeaBIOS jumps to the protective MBR's boot code, all zeros: the guest
# hangs with nothing on the console (README.md, "Guests").
conf "disk = $d/gpt.img" 'firmware = bios'
T=20 vmm
log_has "vmm: firmware bios (set): $d/gpt.img: GPT with an EFI System Partition\$"
ok $? "firmware = bios on a UEFI disk: the line shows the mismatch"
log_has 'efiguest'; is $? 1 "and the guest does not boot"
