#!/bin/sh
# SPDX-License-Identifier: ISC
# usb.t - the boot medium of make usb (build/usb.sh), booted as a PC's
# firmware boots it: OVMF with Secure Boot enforced (Debian's secboot code
# and its variables with Microsoft's keys, q35, SMM; the medium a USB
# stick on xHCI), OVMF without Secure Boot, SeaBIOS from the stick and
# SeaBIOS from the first IDE disk with the guest's disk second. Each boot
# reaches the test guest (tests/boot/guest.S) on the guest's disk. The
# test edits cmdline.cfg with mtools, as a user would from another OS:
# console on the serial port last (init's console), vmm.mem differing by
# boot, which vmm -n's argv shows; a vmm.conf on the medium (nic = none)
# reaches vmm through init. Built twice: identical; two ELF executables.
. tests/lib.sh
BOOT_TIMEOUT=${BOOT_TIMEOUT:-600}	# before boot.sh, which sets 300
. tests/lib/boot.sh
boot_need_kernel
plan 33
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export MTOOLSRC=$t/mtoolsrc
echo 'mtools_skip_check=1' >"$MTOOLSRC"
OVMF=/usr/share/OVMF

boot_guest "$t/guest.img"

# The plan the image has but for vmm -n first (its argv on the console);
# the medium's vmm.conf is copied before that line, the first vmm one.
printf 'coldplug -d\n-vmm -n\nvmm\n' >"$t/init.conf"
boot_image "$t/hal.img" "the HAL's initrd" INIT_CONF="$t/init.conf"
INITRD=$t/hal.img sh build/usb.sh "$t/usb.img" 2>"$t/made"
ok $? "build/usb.sh writes the medium"
sed 's/^/# /' "$t/made"
sleep 1	# a build one second later: the same bytes
INITRD=$t/hal.img sh build/usb.sh "$t/usb2.img" 2>/dev/null
cmp -s "$t/usb.img" "$t/usb2.img"
ok $? "two builds are byte-identical"
rm -f "$t/usb2.img"
grep -q 'free on the FAT for your files: [0-9]* MiB' "$t/made"
ok $? "it says the room left: $(sed -n 's/.*your files: //p' "$t/made")"

m="$t/usb.img@@1M"
is "$(minfo -i "$m" :: | sed -n 's/^disk label="\(.*\)"/\1/p')" "HALBOX     " \
	"the FAT's label is HALBOX"
mtype -i "$m" ::/cmdline.cfg | grep -qx 'append console=ttyS0 console=tty0 quiet init.medium'
ok $? "cmdline.cfg: the default command line, the screen last"
mdir -i "$m" ::/EFI/BOOT/BOOTX64.EFI >/dev/null 2>&1 &&
	mdir -i "$m" ::/EFI/BOOT/grubx64.efi >/dev/null 2>&1 &&
	mdir -a -i "$m" ::/ldlinux.sys >/dev/null 2>&1
ok $? "shim as BOOTX64.EFI, grubx64.efi next to it, syslinux's ldlinux.sys"

# Exactly two ELF executables (ET_EXEC or ET_DYN: no .ko) outside the
# boot loaders' files (syslinux's .c32 modules are ELF): halbox and QEMU.
mkdir "$t/fat" "$t/cpio"
mcopy -s -i "$m" ::/ "$t/fat/"
(cd "$t/cpio" && uncpio "$t/fat/initrd.img" | cpio -id --quiet 2>/dev/null)
elves=$(find "$t/fat" "$t/cpio" -type f ! -name '*.c32' | while read -r f; do
	case $(od -An -N2 -j16 -tx1 "$f" 2>/dev/null | tr -d ' ') in
	0200|0300) [ "$(head -c 4 "$f")" = "$(printf '\177ELF')" ] &&
		echo "${f#"$t"/*/}" ;;
	esac; done | sort | tr '\n' ' ')
is "$elves" "bin/halbox bin/qemu-system-x86_64 " \
	"two ELF executables: halbox and QEMU"

# stick IMG MEM: the test's command line on medium IMG, vmm.mem=MEM; its
# vmm.conf sets nic = none. vmm.accel=tcg: KVM nested in TCG can stall
# for minutes (build/run.sh).
stick() {
	printf 'append console=tty0 console=ttyS0 init.medium init.norescue panic=-1 vmm.accel=tcg vmm.mem=%s\n' \
		"$2" >"$t/cmdline.cfg"
	printf '# a vmm.conf on the medium\nnic = none\n' >"$t/vmm.conf"
	cp --sparse=always "$t/usb.img" "$1" &&
		mcopy -o -i "$1@@1M" "$t/cmdline.cfg" "$t/vmm.conf" ::/
}
# boot NAME QEMU_ARGS...: boot under TCG, the console in $t/NAME
boot() {
	_name=$1; shift
	boot_log_next
	_t0=$(date +%s)
	timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -m 1024 \
		-nographic -no-reboot -nodefaults -serial stdio "$@" \
		</dev/null >"$BOOT_LOG" 2>&1
	_rc=$?
	echo "# $_name: $(($(date +%s) - _t0)) s from power on to power off"
	tr -d '\r' <"$BOOT_LOG" >"$t/$_name"
	return $_rc
}
has() { grep -Eq -- "$2" "$t/$1"; }
# the checks every boot makes: NAME MEM (vmm.mem) GUESTDISK (an ERE)
reached() {
	is $? 0 "$1: the HAL powered off (QEMU exit 0)"
	[ "$_rc" = 0 ] || tail -n 30 "$t/$1" | sed 's/^/# /'
	has "$1" '^halbox init: /etc/vmm.conf: from /dev/sd[a-z]1$' &&
		has "$1" '^# nic = none: /etc/vmm.conf:2$'
	ok $? "$1: the medium's vmm.conf copied, and vmm took it"
	has "$1" "^# mem = $2: /proc/cmdline vmm.mem\$" &&
		grep -A1 -x -- -m "$t/$1" | grep -qx "$2"
	ok $? "$1: cmdline.cfg's vmm.mem=$2 in vmm's argv"
	has "$1" "^halbox vmm: sd[a-z]: the HALBOX boot medium's disk, not the guest's\$" &&
		has "$1" "^# disk = $3: probed" &&
		! has "$1" "^# disk = /dev/$(sed -n "s/^halbox vmm: \(sd[a-z]\): the HALBOX.*/\1/p" "$t/$1" | head -n 1):"
	ok $? "$1: vmm skips the medium's disk, says so, takes $3"
	boot_guest_has 'halbox test guest: hello from the inner VM' "$t/$1"
	ok $? "$1: the guest's line on the console"
}

# 1: Secure Boot enforced: shim (Microsoft's signature), GRUB and the
# kernel (Debian's), the kernel's modules (Debian's, under lockdown).
stick "$t/sb.img" 200M
cp $OVMF/OVMF_VARS_4M.ms.fd "$t/vars.fd"
boot sb -M q35,smm=on -global driver=cfi.pflash01,property=secure,value=on \
	-drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF/OVMF_CODE_4M.secboot.fd \
	-drive if=pflash,format=raw,unit=1,file="$t/vars.fd" \
	-device qemu-xhci -drive if=none,id=stick,format=raw,file="$t/sb.img" \
	-device usb-storage,drive=stick,bootindex=0 \
	-drive if=virtio,format=raw,file="$t/guest.img"
reached sb 200M /dev/vda
has sb '^\[ *[0-9.]*\] secureboot: Secure boot enabled'
ok $? "sb: the kernel says: secureboot: Secure boot enabled"
has sb 'Kernel is locked down from EFI Secure Boot' &&
	has sb '^halbox coldplug: [1-9][0-9]* modules loaded, .* 0 failed'
ok $? "sb: locked down, and Debian's signed modules load"

# 2: OVMF without Secure Boot, the same stick.
stick "$t/efi.img" 240M
cp $OVMF/OVMF_VARS_4M.fd "$t/vars.fd"
boot efi -M q35 \
	-drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF/OVMF_CODE_4M.fd \
	-drive if=pflash,format=raw,unit=1,file="$t/vars.fd" \
	-device qemu-xhci -drive if=none,id=stick,format=raw,file="$t/efi.img" \
	-device usb-storage,drive=stick,bootindex=0 \
	-drive if=virtio,format=raw,file="$t/guest.img"
reached efi 240M /dev/vda
has efi 'secureboot: Secure boot disabled' && ! has efi 'Secure boot enabled'
ok $? "efi: the kernel says Secure Boot is off"

# 3: SeaBIOS, the stick on xHCI: syslinux.
stick "$t/bios.img" 260M
boot bios -M pc \
	-device qemu-xhci -drive if=none,id=stick,format=raw,file="$t/bios.img" \
	-device usb-storage,drive=stick,bootindex=0 \
	-drive if=virtio,format=raw,file="$t/guest.img"
reached bios 260M /dev/vda
has bios '^SYSLINUX 6' && has bios 'BOOT_IMAGE=/?vmlinuz'
ok $? "bios: syslinux booted the kernel"

# 4: SeaBIOS, the medium the first IDE disk (an internal disk), the guest's
# the second: both fixed disks, named in the order their probes end (the
# one-sector guest's often first: sda), so by label only.
stick "$t/ide.img" 280M
boot ide -M pc -drive if=ide,index=0,format=raw,file="$t/ide.img" \
	-drive if=ide,index=1,format=raw,file="$t/guest.img"
reached ide 280M '/dev/sd[ab]'
g=$(sed -n 's/.*\[\(sd[ab]\)\] 1 512-byte logical blocks.*/\1/p' "$t/ide" | head -n 1)
has ide "^# disk = /dev/$g: probed"
ok $? "ide: vmm's disk is the one-sector guest's (${g:-none}), whatever its name"
