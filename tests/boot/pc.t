#!/bin/sh
# SPDX-License-Identifier: ISC
# pc.t - a PC's USB, in one boot of the default image (build/initrd.sh,
# the PC hardware set) under TCG: an xHCI controller with a USB keyboard.
# With init.rescue the rescue shell starts first, on the VT (console=tty0
# last, so /dev/console is the screen the keyboard types into); keys sent
# through QMP input-send-event to the USB keyboard (bound to the VGA's
# console: "device": "video0", so not to PS/2) run a command that copies /proc/modules to the serial line, where
# the test reads it: xhci_pci and usbhid were loaded before the shell
# started. Then exit: the plan's coldplug -d starts hotplug, a usb-storage
# stick is added through QMP, hotplug loads usb_storage and /dev/sda
# appears; the image's realtek.ko and rtl_nic firmware are checked too.
. tests/lib.sh
. tests/lib/boot.sh
boot_need_kernel
[ -x /bin/busybox ] || skip_all "no /bin/busybox (build/deps.sh)"
plan 9
t=$(mktemp -d) qemu=
trap '[ -z "$qemu" ] || kill $qemu 2>/dev/null; rm -rf "$t"' EXIT
trap 'exit 1' INT TERM
Q="perl tests/lib/qmp.pl $t/qmp"

# The plan after the rescue shell: hotplug, a mark on the serial line,
# then wait for the stick's disk and show it, with the modules and
# hotplug's lines (they are in the kernel log at user.debug)
cat >"$t/init.conf" <<'EOF'
coldplug -d
busybox sh -c "echo PLAN-HOTPLUG-UP >/dev/ttyS0"
busybox sh -c "i=0; while [ ! -b /dev/sda ] && [ $i -lt 300 ]; do sleep 1; i=$((i+1)); done; sleep 2; ls -l /dev/sda >/dev/ttyS0; cat /proc/modules >/dev/ttyS0; dmesg | grep 'halbox: hotplug' >/dev/ttyS0"
EOF
boot_image "$t/hal.img" "the default image" INIT_CONF="$t/init.conf" \
	EXTRA=/bin/busybox:/bin/busybox
uncpio "$t/hal.img" | cpio -t --quiet >"$t/list" 2>/dev/null
grep -Eq '/realtek\.ko$' "$t/list" && grep -q '^lib/firmware/rtl_nic/' "$t/list"
ok $? "it holds realtek.ko (r8169's softdep) and rtl_nic firmware"
truncate -s 8M "$t/stick.img"

boot_qemu "$t/hal.img" "init.rescue console=tty0" -m 768 -device VGA,id=video0 \
	-device qemu-xhci,id=xhci -device usb-kbd,id=kbd,bus=xhci.0,display=video0 \
	-drive "if=none,id=stick,file=$t/stick.img,format=raw" \
	-qmp "unix:$t/qmp,server=on,wait=off" &
qemu=$!
boot_log_next >/dev/null	# the same $BOOT_LOG as the subshell's

# type TEXT: each character as the USB keyboard's key press (a qcode).
# input-send-event's "device" names a display (QEMU 7.2 refuses "kbd":
# "not bound to a QemuConsole"); the events go to the input device bound
# to it, the usb-kbd with display=video0, not the PS/2 keyboard.
type_kbd() {
	printf '%s' "$1" | perl -ne 'my %q = (" " => "spc", "-" => "minus",
	    "/" => "slash", "\"" => "shift,apostrophe", ">" => "shift,dot",
	    "\n" => "ret", "." => "dot");
	    for my $c (split //) { my $k = $q{$c} // ($c =~ /[A-Z]/ ?
	    "shift," . lc $c : $c); print "keys\n\@video0:$k\n" }' >"$t/keys"
	tr '\n' '\0' <"$t/keys" | xargs -0 $Q >/dev/null
}

boot_wait_for 'QEMU USB Keyboard'
rc=$?
ok $rc "the USB keyboard is there (usbhid, hid-generic)"
[ $rc = 0 ] || tail -n 30 "$BOOT_LOG" | tr -d '\r' | sed 's/^/# /'
# The shell's start is on the VT only, and its line editing drops keys
# typed before it (TCSAFLUSH): type the line until its output comes.
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	type_kbd 'busybox sh -c "cat /proc/modules >/dev/ttyS0"
'
	boot_wait_for '^usbhid [0-9]' 20 && break
done
boot_log_has '^usbhid [0-9]'
ok $? "a command typed on the USB keyboard ran in the rescue shell"
boot_log_has '^xhci_pci [0-9]' && boot_log_has '^usbhid [0-9]'
ok $? "xhci_pci and usbhid were loaded before the shell (coldplug)"
for i in 1 2 3; do
	type_kbd 'exit
'
	boot_wait_for 'PLAN-HOTPLUG-UP' 60 && break
done
boot_log_has 'PLAN-HOTPLUG-UP'
ok $? "after the shell, the plan: coldplug -d"
$Q raw '{"execute":"device_add","arguments":{"driver":"usb-storage","id":"st","bus":"xhci.0","drive":"stick"}}' >/dev/null
ok $? "a usb-storage stick is plugged in (QMP device_add)"
boot_wait_for '/dev/sda$'
ok $? "hotplug: its disk appears as /dev/sda"
boot_wait_for 'halbox: hotplug: loaded usb[-_]storage'
rc=$?
ok $rc "hotplug logged usb_storage"
[ $rc = 0 ] || tail -n 40 "$BOOT_LOG" | tr -d '\r' | sed 's/^/# /'
wait $qemu
qemu=
