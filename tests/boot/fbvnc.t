#!/bin/sh
# SPDX-License-Identifier: ISC
# fbvnc.t - the physical console, end to end, in one boot: Debian's kernel
# boots the image under TCG on a std VGA with vga=0x344 (vesafb,
# 1024x768x32) and display = fb; the inner guest (tests/boot/fbguest.S)
# fills VGA text mode with blue, echoes every i8042 byte to its serial
# port (the HAL's console) and on Enter switches to mode 13h, red | green.
# The outer machine's screen is read with QMP screendump and its keyboard
# and mouse driven with input-send-event (tests/lib/qmp.pl): the picture
# centred with its colours, both sizes, the scancodes, the mouse, a USB
# keyboard added after boot, the escape chord both ways, and fbvnc killed
# (from a shell on the outer ttyS1) giving the text console back. First,
# without a boot: display = vnc with a password, the static QEMU on TCP in
# a network namespace: a client without the password refused, one with it
# let in.
. tests/lib.sh
. tests/lib/boot.sh
boot_need_kernel
plan 30
t=$(mktemp -d) qemu= v=
trap '[ -z "$qemu" ] || kill $qemu 2>/dev/null; rm -rf "$t"' EXIT
trap 'exit 1' INT TERM
Q="perl tests/lib/qmp.pl $t/qmp"

gcc -c -m32 -o "$t/guest.o" tests/boot/fbguest.S &&
	ld -m elf_i386 -Ttext 0x7c00 --oformat binary -o "$t/guest.img" "$t/guest.o"
is "$(wc -c <"$t/guest.img")" 512 "the test guest is one 512-byte boot sector"

# display = vnc: the password from vnc_password, VNC authentication only,
# with the static QEMU the image carries (DES from nettle, build/qemu.sh).
# A client answering the challenge with zeros gets SecurityResult 1
# (failed); one that knows the password (DES as RFC 6143 7.2.2 and every
# VNC server does it: the key's bits reversed, openssl's legacy DES) 0.
QDIR=$(sh build/qemu.sh 2>"$t/qemu.err")
ok $? "the static QEMU is built ($QDIR)"
mkdir -p "$t/r/run" "$t/r/etc"
printf '%s\n' "qemu = $QDIR/bin/qemu-system-x86_64" 'accel = tcg' 'mem = 32' \
	'smp = 1' "disk = $t/guest.img" 'nic = none' 'display = vnc' \
	'vnc_password = s3cret' 'shutdown_timeout = 1' \
	"args = -L $QDIR/share/qemu" >"$t/r/etc/vmm.conf"
cat >"$t/rfb.pl" <<'EOF'
use IO::Socket::INET;
my ($pw, $tmp) = @ARGV;
my $s;
for (1..300) { last if $s = IO::Socket::INET->new('127.0.0.1:5900');
	select(undef, undef, undef, 0.1) }
$s or die "no VNC server\n";
read($s, my $v, 12); print $s "RFB 003.008\n";
read($s, my $n, 1); read($s, my $types, ord $n);
print "types ", join(',', unpack('C*', $types)), "\n";
print $s "\2"; read($s, my $chal, 16);
my $resp = "\0" x 16;
if ($pw ne '') {
	my $key = join '', map { unpack 'H2', pack 'b8', unpack 'B8', $_ }
	    split //, substr($pw . "\0" x 8, 0, 8);
	open(my $f, '>', "$tmp/chal") or die; print $f $chal; close $f;
	$resp = `openssl enc -des-ecb -nopad -K $key -provider legacy -provider default -in $tmp/chal`;
}
print $s $resp;
read($s, my $r, 4); print "result ", unpack('N', $r), "\n";
EOF
unshare -n sh -c "ip link set lo up &&
	{ '$BOX' vmm -r '$t/r' </dev/null >'$t/vnc.log' 2>&1 & v=\$!;
	perl '$t/rfb.pl' '' '$t' >'$t/rfb.out' 2>&1;
	perl '$t/rfb.pl' s3cret '$t' >>'$t/rfb.out' 2>&1;
	kill -TERM \$v; wait \$v; }"
is "$(head -n 2 "$t/rfb.out" | tr '\n' ' ')" "types 2 result 1 " \
	"display = vnc: VNC authentication only; a client without the password is refused"
is "$(tail -n 2 "$t/rfb.out" | tr '\n' ' ')" "types 2 result 0 " \
	"a client with the password is let in"
is "$(stat -c %a "$t/r/run/vmm.vncpw" 2>&1) $(cat "$t/r/run/vmm.vncpw")" \
	"600 s3cret" "the password is in a file only root reads, not in QEMU's argv"

# The outer machine: the image with busybox (a shell on ttyS1 for the
# test, and its pidof), psmouse and USB HID for the input, display = fb.
cat >"$t/init.conf" <<EOF
coldplug -d
-/bin/busybox sh -c "/bin/busybox sh </dev/ttyS1 >/dev/ttyS1 2>&1 &"
vmm
EOF
printf '%s\n' 'display = fb' 'accel = tcg' 'mem = 32' 'nic = none' \
	>"$t/vmm.conf"
boot_image "$t/hal.img" "the image" INIT_CONF="$t/init.conf" \
	VMM_CONF="$t/vmm.conf" EXTRA=/bin/busybox:/bin/busybox

boot_qemu "$t/hal.img" "vga=0x344 init.norescue" -m 768 -device VGA,id=video0 \
	-device qemu-xhci,id=xhci \
	-drive "file=$t/guest.img,format=raw,if=virtio" \
	-qmp "unix:$t/qmp,server=on,wait=off" \
	-serial "unix:$t/s1,server=on,wait=off" &
qemu=$!
boot_log_next >/dev/null	# the same $BOOT_LOG as the subshell's

# screen X Y "R G B": screendumps until that pixel has that colour (the
# inner QEMU redraws at its own pace under TCG); 1 if it never does.
screen() {
	for _i in $(seq 120); do
		kill -0 $qemu 2>/dev/null || return 1
		$Q dump "$t/s.ppm" 2>/dev/null &&
			[ "$($Q pixel "$t/s.ppm" "$1" "$2")" = "$3" ] && return 0
		sleep 1
	done
	return 1
}
px() { perl tests/lib/qmp.pl - pixel "$t/s.ppm" "$1" "$2"; }
# sh1 LINE: run LINE in the outer machine's shell on ttyS1; its output.
sh1() {
	timeout 60 perl -MIO::Socket::UNIX -e '
		my $s = IO::Socket::UNIX->new(shift) or die "ttyS1: $!\n";
		print $s shift, "; echo SH1-DONE\n";
		while (<$s>) { s/\r//g; last if /^SH1-DONE$/; print }' \
		"$t/s1" "$1"
}
# guest_wait ERE: up to 60 s for the inner guest's ERE; 1 if it never comes.
guest_wait() {
	for _i in $(seq 300); do
		boot_guest_has "$1" && return 0
		kill -0 $qemu 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}
BLUE="0 0 168" RED="168 0 0" GREEN="0 168 0" BLACK="0 0 0"

boot_wait_for 'fbguest: ready'
rc=$?
ok $rc "the inner guest runs"
[ $rc = 0 ] || tail -n 40 "$BOOT_LOG" | tr -d '\r' | sed 's/^/# /'
boot_log_has '^halbox fbvnc: /dev/fb0: VESA VGA, 1024x768, 32 bpp'
ok $? "fbvnc: vesafb 1024x768x32"
boot_log_has '^halbox fbvnc: /dev/input/event[0-9]+: AT Translated Set 2 keyboard \(keyboard\)' &&
	boot_log_has '^halbox fbvnc: /dev/input/event[0-9]+: .*PS/2.* \(mouse\)'
ok $? "fbvnc: the PS/2 keyboard and mouse"

# Text mode, 720x400, centred on 1024x768: at (152, 184).
screen 156 188 "$BLUE"
ok $? "text mode: blue from (152,184)"
is "$($Q size "$t/s.ppm")" "1024 768" "the outer screen is 1024x768"
screen 871 583 "$BLUE"
ok $? "text mode: blue to (871,583)"
is "$(px 151 300) $(px 872 300) $(px 500 183) $(px 500 584)" \
	"$BLACK $BLACK $BLACK $BLACK" "text mode: black around it: centred"

$Q keys a keys shift,b keys up keys kp_8
guest_wait 'k1e k9e k2a k30 kb0 kaa ke0 k48 ke0 kc8 k48 kc8'
ok $? "keys: a, Shift-B, Up, keypad 8 reach the guest as set-1 scancodes"

t0=$(date +%s%N)
$Q keys ret
guest_wait 'fbguest: mode 13h'
ok $? "Enter: the guest switches to mode 13h"
# mode 13h is a 640x400 surface in QEMU's VGA: at (192, 184). The guest
# fills it top to bottom: the last pixel first.
screen 831 583 "$GREEN"
ok $? "mode 13h: green to (831,583)"
echo "# figure: Enter to the whole new picture on the outer screen:" \
	"$(( ($(date +%s%N) - t0) / 1000000 )) ms (nested TCG, 1 s polling)"
is "$(px 192 184) $(px 511 300) $(px 512 300)" "$RED $RED $GREEN" \
	"mode 13h: red from (192,184), left half red, right half green"
is "$(px 170 300) $(px 850 300)" "$BLACK $BLACK" \
	"the new, narrower size is centred (the old picture cleared)"

$Q mouse 10 5 left
guest_wait 'm[0-3][9bdf] '
ok $? "a mouse move and a left click reach the guest"

# Bound to the VGA's console, input-send-event's "device" reaches it
# rather than the PS/2 keyboard (QEMU ui/input.c qemu_input_find_handler).
$Q raw '{"execute":"device_add","arguments":{"driver":"usb-kbd","id":"kbd2","bus":"xhci.0","display":"video0"}}' >/dev/null
boot_wait_for 'fbvnc: /dev/input/event[0-9]+: QEMU QEMU USB Keyboard \(keyboard\)'
ok $? "a USB keyboard added after boot is taken"
$Q keys @video0:c
guest_wait 'k2e kae'
ok $? "its keys reach the guest"
$Q raw '{"execute":"device_del","arguments":{"id":"kbd2"}}' >/dev/null
boot_wait_for 'fbvnc: /dev/input/event[0-9]+: No such device'
ok $? "unplugged, it is dropped (ENODEV)"

$Q keys ctrl,alt,backspace keys ctrl,alt,backspace
boot_wait_for 'fbvnc: text console'
ok $? "Ctrl-Alt-Backspace twice: the text console"
screen 200 190 "$BLACK"
ok $? "the guest's picture is gone (KD_TEXT: fbcon draws)"
$Q keys f keys ctrl,alt,backspace keys ctrl,alt,backspace
boot_wait_for 'fbvnc: the guest.s screen'
ok $? "twice again: the guest's screen"
screen 200 190 "$RED"
ok $? "its picture is back"
! boot_guest_has 'k21 ka1'
ok $? "a key typed at the text console did not reach the guest"

# fbvnc's CPU time over 10 s of a still picture, from /proc/PID/stat
# (utime + stime, clock ticks): a figure, not asserted.
stat1() { sh1 'busybox cat /proc/$(busybox pidof fbvnc)/stat' |
	awk 'NF > 20 { print $14 + $15 }'; }
c0=$(stat1); sleep 10; c1=$(stat1)
echo "# figure: fbvnc CPU while idle: $((c1 - c0)) ticks (1/100 s) in 10 s"
sh1 'kill -9 $(busybox pidof fbvnc)' >/dev/null
boot_wait_for 'vmm: display ended \(status 137\): text console'
ok $? "fbvnc killed: vmm says so"
screen 200 190 "$BLACK"
ok $? "and the text console is back (vmm set KD_TEXT)"

$Q raw '{"execute":"quit"}' >/dev/null 2>&1
wait $qemu
qemu=
boot_log_has 'Kernel panic|Attempted to kill init'
is $? 1 "no kernel panic"
