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
# Under TCG the HAL's KVM runs on TCG's emulated SVM, where a HAL of two
# CPUs stalls for minutes, at random (issue 21): a TLB-shootdown IPI from
# one CPU (soft lockups in smp_call_function_many_cond, in the inner QEMU's
# madvise) waits on the other, which runs the guest and does not take it.
# With the guest on one CPU (vmm.smp=1) it stalls all the same; a HAL of
# one CPU has no other CPU to wait for: under TCG the HAL gets one (-smp
# 1). HAL_SMP=N gives it N instead.
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
smp=${HAL_SMP:-2}
if [ "$accel" = tcg ] && [ -z "${HAL_SMP:-}" ]; then
	smp=1
	say "the HAL gets one CPU (-smp 1): with two, KVM nested in" \
	    "TCG's SVM stalls (HAL_SMP=2 tries)"
fi

say "booting $KERNEL with $INITRD; the demo guest is $DISK" \
    "(Ctrl-a x quits QEMU)"
set +e	# the HAL's status is reported, then returned
qemu-system-x86_64 -accel $accel -m "${MEM:-1024}" -smp "$smp" -nographic \
	-nodefaults -no-reboot -serial mon:stdio \
	-kernel "$KERNEL" -initrd "$INITRD" \
	-append "console=ttyS0 panic=-1${APPEND:+ $APPEND}" \
	-drive "file=$DISK,format=raw,if=virtio" \
	-netdev user,id=net0 -device e1000,netdev=net0
rc=$?
say "the HAL stopped: QEMU exit status $rc"
exit $rc
