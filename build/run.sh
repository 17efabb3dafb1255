#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh - make run: boot the HAL image (Debian's kernel + out/initrd.img)
# in QEMU on this terminal, with the demo guest disk (build/demo.sh) as its
# only disk and a user-mode NIC, so the whole story shows: halbox loads the
# drivers, takes a DHCP lease, starts its QEMU on the disk, the guest boots
# and reports, and the HAL powers off when the guest does.
#
# ACCEL=kvm|tcg forces the outer accelerator. Otherwise KVM is tried with a
# short probe boot: on some nested hypervisors /dev/kvm opens and SeaBIOS
# runs, but Linux hangs in its decompressor (and -cpu host fails with
# "failed to set MSR 0x10a"), so a kernel that prints nothing within
# PROBE_TIMEOUT seconds means TCG. MEM (MiB, default 1024) sizes the HAL.
# Under TCG the HAL's CPU is qemu64 (TCG's default) without SVM, so the
# HAL has no KVM and the guest runs under TCG too (vmm says so): KVM
# nested in TCG's emulated SVM stalls at random for many minutes (with
# two HAL CPUs: soft lockups in smp_call_function_many_cond, a
# TLB-shootdown IPI waiting for the CPU that runs the guest; with one, the
# whole HAL stops). NESTED=1 offers SVM anyway.
# INITRD and DISK (default out/initrd.img, out/demo-disk.img) and APPEND
# (more kernel command-line words for the HAL) are for tests.
set -eu
say() { echo "make run: $*" >&2; }
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -n 1)}
KERNEL=${KERNEL:-/boot/vmlinuz-$KVER}
MKINITRD=${MKINITRD:-out/mkinitrd}
INITRD=${INITRD:-out/initrd.img}
DISK=${DISK:-out/demo-disk.img}
[ -r "$KERNEL" ] || { say "no kernel $KERNEL (make deps)"; exit 1; }

sh build/demo.sh "$DISK"

probe_kvm() {
	[ -c /dev/kvm ] && : 2>/dev/null </dev/kvm || return 1
	tmp=$(mktemp -d)
	# The smallest Linux userspace: /init is halbox, run as poweroff -f.
	printf '%s\n' 'dir /bin 755 0 0' 'dir /dev 755 0 0' \
		'nod /dev/console 600 0 0 c 5 1' \
		"file /bin/halbox ${BOX:-out/halbox} 755 0 0" \
		'slink /bin/poweroff halbox 777 0 0' >"$tmp/spec"
	"$MKINITRD" "$tmp/spec" "$tmp/probe.img" 2>/dev/null &&
	timeout -k 2 "${PROBE_TIMEOUT:-20}" qemu-system-x86_64 -accel kvm \
		-cpu host -m 256 -nographic -nodefaults -no-reboot \
		-serial "file:$tmp/log" -kernel "$KERNEL" \
		-initrd "$tmp/probe.img" -append \
		"console=ttyS0 panic=-1 rdinit=/bin/poweroff -- -f" \
		</dev/null >/dev/null 2>&1 &&
	grep -q 'Linux version' "$tmp/log"
	rc=$?
	rm -rf "$tmp"
	return $rc
}

case ${ACCEL:-} in
kvm)	accel="kvm -cpu host"; say "KVM (ACCEL=kvm)";;
tcg)	accel="tcg"; say "TCG (ACCEL=tcg)";;
'')	if probe_kvm; then
		accel="kvm -cpu host"
		say "KVM: a probe boot under it reached the kernel"
	else
		accel=tcg
		say "TCG: KVM is missing or a probe boot under it hung" \
		    "(ACCEL=kvm forces it)"
	fi;;
*)	say "ACCEL=$ACCEL: kvm or tcg"; exit 1;;
esac
if [ "$accel" = tcg ] && [ -z "${NESTED:-}" ]; then
	accel="tcg -cpu qemu64,-svm"
	say "the HAL's CPU has no SVM: KVM nested in TCG stalls, the guest" \
	    "runs under TCG (NESTED=1 offers SVM)"
fi

# With a graphical display (DISPLAY or WAYLAND_DISPLAY, and a QEMU with
# its GTK or SDL module), the HAL gets a std VGA in 1024x768x32 (vesafb)
# and vmm.display=fb: the guest's screen in the window, drawn by fbvnc,
# the HAL's console still on this terminal. GUI=no keeps it off.
graphics=-nographic
if [ "${GUI:-}" != no ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] &&
    qemu-system-x86_64 -display help 2>/dev/null | grep -Eqx 'gtk|sdl'; then
	graphics="-vga std"
	APPEND="${APPEND:+$APPEND }vga=0x344 vmm.display=fb"
	say "the guest's screen in a window (fbvnc on the HAL's vesafb;" \
	    "Ctrl-Alt-Backspace twice there: the HAL's text console)"
fi
say "booting $KERNEL with $INITRD; the demo guest is $DISK" \
    "(Ctrl-a x quits QEMU)"
set +e	# the HAL's status is reported, then returned
qemu-system-x86_64 -accel $accel -m "${MEM:-1024}" -smp 2 $graphics \
	-nodefaults -no-reboot -serial mon:stdio \
	-kernel "$KERNEL" -initrd "$INITRD" \
	-append "console=ttyS0 panic=-1${APPEND:+ $APPEND}" \
	-drive "file=$DISK,format=raw,if=virtio" \
	-netdev user,id=net0 -device e1000,netdev=net0
rc=$?
say "the HAL stopped: QEMU exit status $rc"
exit $rc
