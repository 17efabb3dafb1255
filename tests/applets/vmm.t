#!/bin/sh
# SPDX-License-Identifier: ISC
# vmm.t - vmm -n against the fixture trees in tests/vmm/ (golden argv
# files), config errors as the user sees them, and the wait for a disk
# that appears late. QEMU itself runs in tests/boot/vmm.t.
. tests/lib.sh
plan 54
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

for f in pc usb; do
	"$BOX" vmm -n -r tests/vmm/$f -- -snapshot </dev/null >"$d/$f" 2>"$d/err"
	is $? 0 "vmm -n -r tests/vmm/$f exits 0"
	diff -u tests/vmm/$f.argv "$d/$f" >&2; ok $? "argv is tests/vmm/$f.argv"
done
grep -q 'kvm: .*: using TCG, the guest runs emulated' "$d/err"; ok $? "one warning: TCG"
is "$(wc -l <"$d/err")" 1 "and nothing else on stderr"

"$BOX" vmm -n -r tests/vmm/bad 2>"$d/err"; is $? 100 "bad vmm.conf: exit 100"
is "$(cat "$d/err")" "halbox vmm: tests/vmm/bad/etc/vmm.conf:4: smp = 'many': want a CPU count, 1 to 255" \
	"the error names file, line, key and value"

cp -R tests/vmm/pc "$d/root"
echo 'quiet vmm.colour=blue' >"$d/root/proc/cmdline"
"$BOX" vmm -n -r "$d/root" 2>"$d/err"; is $? 100 "unknown vmm.KEY: exit 100"
is "$(cat "$d/err")" "halbox vmm: $d/root/proc/cmdline: vmm.colour: unknown key" \
	"the error names the kernel command line and the key"
echo 'vmm.display=vnc' >"$d/root/proc/cmdline"
"$BOX" vmm -n -r "$d/root" 2>"$d/err"; is $? 100 "display=vnc, no password: exit 100"
is "$(cat "$d/err")" "halbox vmm: display = vnc needs vnc_password: VNC on TCP without one lets anyone on the network drive the guest" \
	"a one-line reason"
echo 'vmm.mem=1G vmm.smp=2 vmm.disk=none' >"$d/root/proc/cmdline"
mkdir -p "$d/root/etc"
printf 'mem = 2G\nsmp = 3\nnic = e1000\n' >"$d/root/etc/vmm.conf"
: >"$d/root/usr/share/qemu/efi-e1000.rom"
"$BOX" vmm -n -r "$d/root" -- -smp 5 2>/dev/null | grep -v '^#' | tr '\n' ' ' >"$d/out"
grep -q -- '-smp 2 -m 1024M -netdev user,id=net0 -device e1000,netdev=net0 .* -smp 5 $' "$d/out"
ok $? "defaults < vmm.conf < kernel command line < words after --"

"$BOX" vmm -x 2>/dev/null; is $? 100 "unknown option: usage"
"$BOX" vmm -n -r tests/vmm/pc -snapshot 2>/dev/null; is $? 100 "QEMU words need --"
# QEMU's sockets live under ROOT/run: a ROOT too long for sun_path (108)
# would have them cut to another path, so it is refused.
long=$d/$(printf '%090d' 0)
mkdir -p "$long" && cp -R tests/vmm/pc/. "$long/"
"$BOX" vmm -n -r "$long" -- -snapshot >/dev/null 2>"$d/err"
is "$?:$(cat "$d/err")" "100:halbox vmm: -r $long: too long for the QMP socket's path" \
	"-r ROOT too long for the QMP socket: exit 100, said"
"$BOX" vmm --help | grep -q '^usage: vmm \[-bn\] \[-r ROOT\]'; ok $? "--help"

# The disk appears while vmm waits: a block uevent (a synthetic "change"
# of an idle loop device) makes it look again, well before its 30 s.
loop=$(ls -d /sys/block/loop* 2>/dev/null | head -n 1)
if [ "$(id -u)" = 0 ] && [ -w "$loop/uevent" ]; then
	rm -rf "$d/root/sys/block/sda" "$d/root/sys/block/sdb"
	echo '' >"$d/root/proc/cmdline"
	# not -n (it never waits): a "QEMU" that writes down its argv
	printf '#!/bin/sh\necho "$@" >%s/out\n' "$d" >"$d/qemu"; chmod +x "$d/qemu"
	echo "qemu = $d/qemu" >"$d/root/etc/vmm.conf"
	"$BOX" vmm -r "$d/root" </dev/null >/dev/null 2>"$d/err" &
	pid=$!
	i=0; while [ $i -lt 100 ] && ! grep -q 'waiting up to' "$d/err"; do
		sleep 0.1; i=$((i + 1)); done
	mkdir "$d/root/sys/block/sdb"; echo 0 >"$d/root/sys/block/sdb/removable"
	ln -s ../../devices/pci0000:00/0000:00:1f.2/sdb "$d/root/sys/block/sdb/device"
	echo change >"$loop/uevent"
	wait $pid; is $? 0 "a disk appearing during the wait is found"
	grep -q "file=$d/root/dev/sdb," "$d/out"; ok $? "and used"
else
	skip "a block uevent needs root and /sys/block/loop*"
	skip "a block uevent needs root and /sys/block/loop*"
fi

# A network disk: vmm connects to its server before starting QEMU and
# retries while nothing answers (1, 2, 4 s...): a server that comes up
# late is waited for, each refusal named in one line.
printf '#!/bin/sh\necho "$@" >%s/out\n' "$d" >"$d/qemu"; chmod +x "$d/qemu"
printf 'qemu = %s/qemu\ndisk = nbd+unix:///g?socket=%s/nbd.sock\n' "$d" "$d" \
	>"$d/root/etc/vmm.conf"
: >"$d/root/proc/cmdline"
"$BOX" vmm -r "$d/root" </dev/null >/dev/null 2>"$d/err" &
pid=$!
sleep 2
perl -MIO::Socket::UNIX -e 'my $s = IO::Socket::UNIX->new(Local => $ARGV[0],
	Listen => 1) or die "$ARGV[0]: $!"; sleep 20' "$d/nbd.sock" &
srv=$!
wait $pid; is $? 0 "nbd+unix: a server up 2 s late: QEMU runs"
kill $srv
grep -qx "halbox vmm: disk nbd+unix:///g?socket=$d/nbd.sock: No such file or directory" "$d/err"
ok $? "... each failed try a line naming the URL"
grep -q "file=nbd+unix:///g?socket=$d/nbd.sock,format=raw," "$d/out"
ok $? "... the URL is QEMU's -drive file="

# -- the audit view: where each value came from
cp -R tests/vmm/pc "$d/a"; mkdir -p "$d/a/etc"
printf '\357\273\277# made on Windows\nmem = 2g\nsmp = 2\nmem = 3G\n' >"$d/a/etc/vmm.conf"
echo 'quiet vmm.smp=3 vmm.on_exit=restart' >"$d/a/proc/cmdline"
"$BOX" vmm -n -r "$d/a" </dev/null >"$d/out" 2>"$d/err"; is $? 0 "a BOM, 2g: accepted"
grep -qx "# mem = 3072M: $d/a/etc/vmm.conf:4" "$d/out"; ok $? "mem: its file and line"
grep -qx "halbox vmm: $d/a/etc/vmm.conf:4: mem set again (first on line 2): the later line wins" "$d/err"
ok $? "a key set twice: warned, both lines named"
grep -qx "# smp = 3: $d/a/proc/cmdline vmm.smp, over $d/a/etc/vmm.conf:3" "$d/out"
ok $? "the kernel command line over the file, both named"
grep -qx "# cpu = max: default with TCG" "$d/out"; ok $? "a default, and why"
grep -qx "# disk = $d/a/dev/sda: probed: the first fixed disk in $d/a/sys/block" "$d/out"
ok $? "a probe, and where it looked"
grep -qx "# on_exit = restart: $d/a/proc/cmdline vmm.on_exit" "$d/out" &&
	grep -qx "# shutdown_timeout = 60: default (seconds)" "$d/out"
ok $? "on_exit and shutdown_timeout shown"
is "$(grep -v '^#' "$d/out" | grep -A1 -x -- -m)" "$(printf -- '-m\n3072M')" \
	"the words themselves are unchanged, one a line"

# The HAL's own boot medium (make usb) on sda, a fixed disk: never the
# guest's. sda holds a FAT labelled HALBOX over the whole disk.
: >"$d/a/etc/vmm.conf"
mkdir -p "$d/a/sys/class/block" "$d/a/dev"
ln -s ../../devices/pci0000:00/0000:00:1f.2/ata1/block/sda "$d/a/sys/class/block/sda"
MTOOLSRC=/dev/null mformat -C -i "$d/a/dev/sda" -T 4096 -v HALBOX ::
"$BOX" vmm -n -r "$d/a" </dev/null >"$d/out" 2>"$d/err"
grep -qx "halbox vmm: sda: the HALBOX boot medium's disk, not the guest's" "$d/err"
ok $? "the medium's disk: one line says it is skipped"
grep -qx "# disk = $d/a/dev/sdb: probed: the first fixed disk in $d/a/sys/block" "$d/out"
ok $? "and the guest gets the next fixed disk, sdb"
rm -r "$d/a/sys/class" "$d/a/dev/sda"
printf 'cpu = host\n' >"$d/a/etc/vmm.conf"
"$BOX" vmm -n -r "$d/a" </dev/null >/dev/null 2>"$d/err"; is $? 100 "cpu = host under TCG: 100"
grep -q "cpu = host needs KVM, and accel is tcg (no usable /dev/kvm)" "$d/err"; ok $? "... with the reason"
printf 'nic = e1000e\n' >"$d/a/etc/vmm.conf"
"$BOX" vmm -n -r "$d/a" </dev/null >"$d/out" 2>"$d/err"; is $? 0 "a NIC without its boot ROM: not fatal"
grep -q "nic = e1000e: no $d/a/usr/share/qemu/efi-e1000e.rom, its boot ROM: romfile=" "$d/err"; ok $? "... the ROM named"
grep -qx -- "e1000e,romfile=,netdev=net0" "$d/out"; ok $? "... and QEMU told to load none"
: >"$d/a/usr/share/qemu/efi-e1000e.rom"
"$BOX" vmm -n -r "$d/a" </dev/null >"$d/out" 2>/dev/null
grep -qx -- "e1000e,netdev=net0" "$d/out"; ok $? "with the ROM there, no romfile="
rm "$d/a/usr/share/qemu/efi-e1000e.rom"
: >"$d/a/etc/vmm.conf"
"$BOX" vmm -n -r tests/vmm/tiny 2>"$d/err"; is $? 100 "a machine too small for a guest: 100"
grep -q "256 MiB of RAM: too little for a guest after the host's 264 MiB" "$d/err"; ok $? "... with the figures"
rm -rf "$d/a/sys/block/sda" "$d/a/sys/block/sdb"
"$BOX" vmm -n -r "$d/a" </dev/null >/dev/null 2>"$d/err"
grep -q "no fixed disk for the guest yet: vmm would wait up to 30 s" "$d/err"
ok $? "-n never waits for a disk: it says so and exits"

# on_exit = rescue: the rescue shell runs as a program of its own (reading
# the lines below from stdin), and vmm still returns QEMU's status.
cp -R tests/vmm/pc "$d/r"; mkdir -p "$d/r/etc"; : >"$d/r/proc/cmdline"
printf '#!/bin/sh\nexit 3\n' >"$d/q3"; chmod +x "$d/q3"
printf 'qemu = %s\non_exit = rescue\ndisk = none\naccel = tcg\nnic = none\n' \
	"$d/q3" >"$d/r/etc/vmm.conf"
echo rescued >"$d/hello"
printf 'cat %s/hello\nexit 5\n' "$d" | timeout 20 "$BOX" vmm -r "$d/r" >"$d/out" 2>/dev/null
is $? 3 "on_exit = rescue: QEMU's status once the shell exits"
is "$(cat "$d/out")" rescued "the shell ran the line it read"

# net = bridge-only in a network namespace of its own, a veth as eth0:
# vmm -b makes br0 with eth0 its port (and runs no udhcpc); vmm -n gives
# QEMU the tap's fd and a MAC of its own; vmm opens the tap on br0 as fd 3
# for a "QEMU" that looks at both.
cp -R tests/vmm/pc "$d/b"; mkdir -p "$d/b/etc"; : >"$d/b/proc/cmdline"
printf 'net = bridge\n' >"$d/b/etc/vmm.conf"
"$BOX" vmm -n -r "$d/b" </dev/null >/dev/null 2>"$d/err"; is $? 111 "net = bridge, no br0: 111"
grep -q "net = bridge: br0 (vmm -b makes it): No such device" "$d/err"; ok $? "... vmm -b named"
printf '#!/bin/sh\nreadlink /proc/self/fd/3 >%s/fd3\nip -d link show master br0 >%s/ports\n' \
	"$d" "$d" >"$d/qb"; chmod +x "$d/qb"
printf 'net = bridge-only\ndisk = none\naccel = tcg\nqemu = %s\n' "$d/qb" >"$d/b/etc/vmm.conf"
if unshare -n true 2>/dev/null && command -v ip >/dev/null; then
	unshare -n sh -c '
	ip link add veth0 type veth peer name eth0 && ip link set veth0 up || exit 9
	"$1" vmm -b -r "$2/b" 2>"$2/berr"; echo $? >"$2/brc"
	ip -o link show eth0 >"$2/eth0"; ip -o link show br0 >"$2/br0"
	"$1" vmm -n -r "$2/b" >"$2/bargv" 2>/dev/null
	"$1" vmm -r "$2/b" </dev/null >/dev/null 2>"$2/rerr"' sh "$BOX" "$d"
	is "$(cat "$d/brc")" 0 "vmm -b, net = bridge-only: 0"
	grep -q "eth0: a port of br0" "$d/berr"; ok $? "... it says what it did"
	grep -q "master br0" "$d/eth0"; ok $? "... eth0 is br0's port"
	grep -q "UP" "$d/br0"; ok $? "... br0 is up"
	! grep -q udhcpc "$d/berr"; ok $? "... no udhcpc with bridge-only"
	grep -qx "tap,id=net0,fd=3" "$d/bargv"; ok $? "vmm -n: -netdev tap,fd=3"
	mac=$(sed -n 's|.* link/ether \(..\)\(:[^ ]*\) .*|\1\2|p' "$d/br0")
	flip=$(printf '%02x' $((0x${mac%%:*} ^ 2)))${mac#??}
	grep -qx "rtl8139,mac=$flip,netdev=net0" "$d/bargv"; ok $? "... the guest's MAC: br0's ($mac), local bit flipped"
	is "$(cat "$d/fd3")" /dev/net/tun "QEMU inherits the tap as fd 3"
	grep -q "tap0: .* master br0" "$d/ports"; ok $? "... tap0, a port of br0"
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "no network namespaces here"; done
fi
