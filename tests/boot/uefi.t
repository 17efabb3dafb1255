#!/bin/sh
# SPDX-License-Identifier: ISC
# uefi.t - vmm picks the firmware from the guest's disk and runs Debian's
# QEMU (TCG) on guests made here without root: a GPT disk whose EFI System
# Partition holds \EFI\BOOT\BOOTX64.EFI (out/efiguest.efi: prints where it
# was loaded from and a count kept in a UEFI variable, then powers off),
# the MBR boot-sector guest of vmm.t, and an ISO with El Torito BIOS and
# EFI entries. OVMF under TCG is slow: four OVMF boots share the checks.
. tests/lib.sh
. tests/lib/boot.sh
QEMU=/usr/bin/qemu-system-x86_64
OVMF=/usr/share/OVMF
for t in $QEMU $OVMF/OVMF_CODE_4M.fd out/efiguest.efi; do
	[ -r $t ] || skip_all "no $t (build/deps.sh; make out/efiguest.efi)"
done
for t in sgdisk mformat xorriso; do
	command -v $t >/dev/null || skip_all "no $t (build/deps.sh)"
done
plan 38
d=$(mktemp -d)
loop=
trap '[ -z "$loop" ] || losetup -d $loop; rm -rf "$d" "$BOOT_LOG"' EXIT
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
# vmm refuses a NIC whose boot ROM is not in its firmware directory
mkdir -p "$d/r/usr/share/qemu"
ln -s /usr/lib/ipxe/qemu/efi-rtl8139.rom "$d/r/usr/share/qemu/"
R=$d/r run=	# the root vmm runs in, and how
conf() {	# vmm.conf: the host's QEMU, plus "$@" lines
	printf 'qemu = %s\naccel = tcg\nmem = 128M\nshutdown_timeout = 1\n' \
		$QEMU >"$R/etc/vmm.conf"
	for l; do echo "$l" >>"$R/etc/vmm.conf"; done
}
vmm() { timeout -k 10 $T $run "$BOX" vmm -r "$R" "$@" </dev/null >"$d/log" 2>&1; }
log_has() { tr -d '\r' <"$d/log" | grep -q -- "$1"; }
argv() { "$BOX" vmm -n -r "$R" 2>/dev/null | grep -v '^#' | tr '\n' ' '; }

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

# Boots 1 to 3 see a boot medium, a FAT file system labelled HALBOX on a
# loop device (root), in their own mount namespace: NVRAM is kept there
# when the kernel mounts vfat, else in ROOT/run/vmm (without a medium too).
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null &&
    mformat -C -i "$d/med.img" -T 65536 -v HALBOX :: &&
    loop=$(losetup -f --show "$d/med.img" 2>/dev/null); then
	cp -R "$d/r" "$d/m"
	mkdir -p "$d/m/sys/class/block" "$d/m/dev"
	ln -s "../../devices/virtual/block/${loop#/dev/}" \
		"$d/m/sys/class/block/${loop#/dev/}"
	ln -s $loop "$d/m/dev/${loop#/dev/}"
	R=$d/m run='unshare -m --propagation private'
fi
where=$R/run/vmm
if [ -n "$run" ] && { grep -qw vfat /proc/filesystems ||
    modprobe vfat 2>/dev/null; }; then
	where="the medium"
fi
kept() {	# the kept variables of the GPT disk, in $d/kept
	if [ "$where" = "the medium" ]; then
		mcopy -n -i "$d/med.img" "::/nvram/$GUID.vars" "$d/kept"
	else
		cp "$where/$GUID.vars" "$d/kept"
	fi 2>/dev/null
}

# Boot 1 (OVMF), an install: an empty disk, the CD decides and boots.
cp "$d/empty.img" "$d/inst.img"
conf "disk = $d/inst.img" "cdrom = $d/cd.iso"
vmm; is $? 0 "empty disk, UEFI CD: the guest powers off, vmm exits 0"
log_has "vmm: firmware uefi: $d/inst.img: no partition table; $d/cd.iso: an El Torito EFI entry\$"
ok $? "one line says which firmware and why"
log_has 'efiguest: booted from .*/CDROM('; ok $? "UEFI booted the CD"
log_has 'efiguest: HalboxBoots=0'; ok $? "first boot: no variable yet"

# The "install" writes a GPT with an ESP. Boot 2 (OVMF): the disk picks
# UEFI and gets the variables the install's boot wrote.
dd if="$d/gpt.img" of="$d/inst.img" conv=notrunc status=none
conf "disk = $d/inst.img"
vmm; is $? 0 "the installed disk, firmware = auto: vmm exits 0"
log_has "vmm: firmware uefi: $d/inst.img: GPT with an EFI System Partition\$"
ok $? "GPT with an ESP: UEFI, and why"
log_has 'efiguest: booted from .*/HD(1,GPT,'; ok $? "BOOTX64.EFI ran from the ESP"
log_has "$GUID.vars: the install's variables, from .*/new.vars"
ok $? "the install's variables (new.vars) become the disk's"
log_has 'efiguest: HalboxBoots=1'; ok $? "the variable the install's boot wrote is seen"
kept; [ -s "$d/kept" ]; ok $? "the variables kept as <disk GUID>.vars in $where"
if [ "$where" = "the medium" ]; then
	log_has 'NVRAM in'; is $? 1 "on the medium: no warning"
elif [ -n "$run" ]; then
	log_has "medium HALBOX: mount $R/dev/${loop#/dev/} read-write: " &&
		log_has "NVRAM in $R/run/vmm: no writable HALBOX medium"
	ok $? "a medium the kernel cannot mount (no vfat): /run/vmm, said"
else
	skip "no boot medium: needs root, unshare and a loop device"
fi

# Boot 3 (OVMF): kept again.
vmm; is $? 0 "third boot"
log_has 'efiguest: HalboxBoots=2'; ok $? "it sees the variable the second wrote"

# Boot 4 (OVMF), no medium: corrupt variables set aside; the CD first.
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

# The medium mounted for real: Debian's kernel (TCG) with halbox as PID 1,
# vfat from its modules, a HALBOX FAT disk and the GPT disk; vmm keeps
# the variables on the medium around a "QEMU" that is dmesg (it exits at
# once, refusing QEMU's options): no OVMF boot needed.
M=/lib/modules/$(ls /lib/modules | sort -V | tail -n 1)/kernel
mods="virtio/virtio_ring virtio/virtio virtio/virtio_pci_legacy_dev
virtio/virtio_pci_modern_dev virtio/virtio_pci ../drivers/block/virtio_blk
../fs/fat/fat ../fs/fat/vfat ../fs/nls/nls_cp437 ../fs/nls/nls_ascii"
files= plan=
for m in $mods; do
	files="$files $M/drivers/$m.ko:/m/${m##*/}.ko"
	plan="${plan}insmod /m/${m##*/}.ko
"
done
if [ -r "$KERNEL" ] && [ -x "$MKINITRD" ] &&
    [ -r $M/fs/fat/vfat.ko ] && [ -r $M/drivers/block/virtio_blk.ko ]; then
	printf '%svmm\n' "$plan" >"$d/init.conf"
	printf 'qemu = /bin/dmesg\naccel = tcg\nmem = 64M\nsmp = 1\nnic = none
disk = /dev/vda\nfirmware = uefi\n' >"$d/vmm.conf"
	rm -f "$d/med.img"
	mformat -C -i "$d/med.img" -T 65536 -v HALBOX ::
	boot_initrd "$d/hal.img" "$d/init.conf:/etc/init.conf" \
		"$d/vmm.conf:/etc/vmm.conf" \
		$OVMF/OVMF_VARS_4M.fd:/usr/share/OVMF/OVMF_VARS_4M.fd $files
	boot_qemu "$d/hal.img" init.norescue -drive \
		"file=$d/gpt.img,format=raw,if=virtio" \
		-drive "file=$d/med.img,format=raw,if=virtio"
	is $? 0 "Debian's kernel, halbox init, vmm: powers off"
	boot_log_has "vmm: firmware uefi \\(set\\): /dev/vda: GPT with an EFI"
	ok $? "vmm picked UEFI for /dev/vda"
	! boot_log_has 'NVRAM in|medium HALBOX'
	ok $? "no warning: the medium on /dev/vdb mounted read-write"
	mcopy -n -i "$d/med.img" "::/nvram/$GUID.vars" "$d/kept" 2>/dev/null &&
		cmp -s "$d/kept" $OVMF/OVMF_VARS_4M.fd
	r=$?
	ok $r "the variables kept on it as nvram/<disk GUID>.vars"
	[ $r = 0 ] || tr -d '\r' <"$BOOT_LOG" | grep -a halbox | sed 's/^/# /'
else
	for i in 1 2 3 4; do skip "needs $KERNEL, out/mkinitrd, vfat.ko"; done
fi
