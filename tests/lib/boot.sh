# SPDX-License-Identifier: ISC
# boot.sh - boot Debian's kernel on a test initrd, for tests/boot/*.t.
#
#   boot_initrd OUT [SRC:DEST...]   pack out/halbox as /bin/halbox, /init and
#                                   one /bin link per applet, plus each SRC
#                                   file at DEST, into the gzip'd cpio OUT
#                                   (with out/mkinitrd: make check builds it)
#   boot_qemu INITRD APPEND [QEMU ARG...]
#                                   boot it under TCG, console on serial;
#                                   the log goes to $BOOT_LOG; returns QEMU's
#                                   status (124: timed out after $BOOT_TIMEOUT)
#   boot_log_next                   point $BOOT_LOG at this test's next log
#                                   (boot_qemu does; after `boot_qemu ... &`
#                                   call it too: the subshell's is not ours)
#   boot_wait_for ERE [SECS]        until the log of the background boot
#                                   ($qemu) has ERE (below)
#   boot_guest_has ERE [LOG]        the inner guest's output (in LOG, default
#                                   $BOOT_LOG) has ERE (below)
#   boot_need_kernel                skip the whole test without $KERNEL
#   boot_guest OUT [CC_ARG...]      tests/boot/guest.S as a 512-byte boot
#                                   sector, the test guest of vmm's disk
#   boot_image OUT WHAT [VAR=VALUE...]
#                                   build/initrd.sh OUT (the whole image)
#                                   with VARs, and one TAP line: WHAT builds
#
# KVER (the kernel's release), BOX and MKINITRD are exported: the build
# scripts read them.
#
# Every boot's console is kept, never deleted, so a failure that does not
# come back on a rerun can still be read: boot N of tests/boot/T.t goes to
# $BOOT_LOGS/T.PID.N.log (default out/boot-logs/), removed only when T runs
# again, and its path is printed as a TAP comment before the boot.
#
# TCG, never KVM: on these machines /dev/kvm opens but a Linux guest hangs
# in its decompressor under it. -no-reboot and panic=-1 make a clean
# poweroff exit 0 and a panic exit at once, so a hang is the only timeout.
KERNEL=${KERNEL:-$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}
MKINITRD=${MKINITRD:-$PWD/out/mkinitrd}
KVER=${KVER:-$(basename "${KERNEL:-none}" | sed 's/^vmlinuz-//')}
export KVER BOX MKINITRD
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
BOOT_LOGS=${BOOT_LOGS:-$PWD/out/boot-logs}
_boot_n=0
rm -f "$BOOT_LOGS/$(basename "$0" .t)".*.log	# an earlier run's

boot_need_kernel() {
	[ -r "$KERNEL" ] ||
		skip_all "no kernel in /boot (build/deps.sh installs linux-image-amd64)"
}

boot_guest() {
	_out=$1; shift
	gcc -c -m32 "$@" -o "$_out.o" tests/boot/guest.S &&
		ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$_out" "$_out.o"
}

# boot_image: build/initrd.sh's last line (the image's size and contents)
# in the TAP line; all it said, as comments, when it fails.
boot_image() {
	_out=$1 _what=$2; shift 2
	env "$@" sh build/initrd.sh "$_out" 2>"$_out.log"
	_rc=$?
	ok $_rc "$_what builds ($(tail -n 1 "$_out.log"))"
	[ $_rc = 0 ] || sed 's/^/# /' "$_out.log"
	return $_rc
}

boot_log_next() {
	_boot_n=$((_boot_n + 1))
	mkdir -p "$BOOT_LOGS"
	BOOT_LOG=$BOOT_LOGS/$(basename "$0" .t).$$.$_boot_n.log
	echo "# console: $BOOT_LOG"
}

boot_initrd() {
	_out=$1; shift
	_spec=$(mktemp)
	{
		for _d in bin dev etc proc run sys tmp; do
			echo "dir /$_d 755 0 0"
		done
		echo "nod /dev/console 600 0 0 c 5 1"
		echo "file /bin/halbox $BOX 755 0 0"
		echo "slink /init bin/halbox 777 0 0"
		for _a in $("$BOX" --list); do
			echo "slink /bin/$_a halbox 777 0 0"
		done
		for _f in "$@"; do
			_dst=$(echo "/${_f#*:}" | sed 's|//*|/|g')
			_d=$(dirname "$_dst")
			while [ "$_d" != / ]; do
				echo "dir $_d 755 0 0"
				_d=$(dirname "$_d")
			done
			_m=644
			[ ! -x "${_f%%:*}" ] || _m=755
			echo "file $_dst ${_f%%:*} $_m 0 0"
		done
	} | awk '!seen[$0]++' >"$_spec"
	# build/mkinitrd: owners and /dev/console from the spec, no root
	_err=$("$MKINITRD" "$_spec" "$_out" 2>&1)
	_rc=$?
	[ $_rc = 0 ] || echo "# $_err"
	rm -f "$_spec"
	return $_rc
}

boot_qemu() {
	_initrd=$1 _append=$2; shift 2
	boot_log_next
	timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -m 512 \
		-nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$KERNEL" -initrd "$_initrd" \
		-append "console=ttyS0 panic=-1 $_append" "$@" \
		</dev/null >"$BOOT_LOG" 2>&1
}

# boot_qemu_typed INITRD APPEND FIFO [QEMU ARG...]: boot_qemu, but the
# console reads what the test writes to FIFO (keep it open read-write,
# `exec 3<>FIFO`, so QEMU never sees an end of file).
boot_qemu_typed() {
	_initrd=$1 _append=$2 _in=$3; shift 3
	boot_log_next
	timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -m 512 \
		-nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$KERNEL" -initrd "$_initrd" \
		-append "console=ttyS0 panic=-1 $_append" "$@" \
		<"$_in" >"$BOOT_LOG" 2>&1
}

# boot_wait_for ERE [SECS]: until the console log has ERE; 1 if the
# background boot ($qemu, its PID) ended first or SECS (BOOT_TIMEOUT)
# passed.
boot_wait_for() {
	_i=0
	until boot_log_has "$1"; do
		kill -0 $qemu 2>/dev/null &&
			[ $_i -lt $((${2:-$BOOT_TIMEOUT} * 5)) ] || return 1
		sleep 0.2
		_i=$((_i + 1))
	done
}

# boot_log_has PATTERN: the console log holds a line matching PATTERN (ERE).
boot_log_has() { [ -f "$BOOT_LOG" ] && tr -d '\r' <"$BOOT_LOG" | grep -Eq -- "$1"; }

# boot_guest_has ERE [LOG]: the inner guest's serial output, which shares
# the console with the outer kernel and halbox, has ERE. Their lines land
# in the middle of a guest's line (coldplug -d leaves USB, input and their
# kernel messages to hotplug, while the guest runs): they are left out.
boot_guest_has() {
	tr -d '\r' <"${2:-$BOOT_LOG}" |
		perl -0pe 's/(\[ *\d+\.\d+\]|halbox [a-z]+:) [^\n]*\n//g' |
		grep -Eq -- "$1"
}
