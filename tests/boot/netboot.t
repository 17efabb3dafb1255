#!/bin/sh
# SPDX-License-Identifier: ISC
# netboot.t - a diskless machine boots the HAL from the network: an outer
# QEMU with no disk and no -kernel, -boot n, its e1000's iPXE ROM on a
# user network whose built-in TFTP serves build/netboot.sh's tree with
# pxelinux.0 as the boot file. FLEET gives this machine's MAC its own
# words (vmm.smp=3 vmm.mem=96M), and vmm -n's argv and audit show them
# came from the kernel command line; the shared APPEND is there too.
# Then build/netboot.sh's refusals: a bad MAC, a MAC given twice.
. tests/lib.sh
BOOT_TIMEOUT=${BOOT_TIMEOUT:-400}	# before boot.sh, which sets 300
. tests/lib/boot.sh
boot_need_kernel
[ -r /usr/lib/PXELINUX/pxelinux.0 ] ||
	skip_all "no pxelinux.0 (build/deps.sh installs pxelinux)"
plan 9
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export KERNEL	# build/netboot.sh's

# The plan: vmm -n only (no disk: the HAL has none), then power off.
printf 'coldplug -d\nudhcpc -b\nvmm -n\n' >"$t/init.conf"
boot_image "$t/hal.img" "the image" INIT_CONF="$t/init.conf"

mac=52:54:00:fe:e7:01
printf '# the lab\n%s vmm.smp=3 vmm.mem=96M\n52:54:00:FE:E7:02 vmm.smp=2\n' \
	"$mac" >"$t/fleet"
INITRD=$t/hal.img OUT=$t/netboot FLEET=$t/fleet \
	APPEND="console=ttyS0 panic=-1 init.norescue vmm.disk=none" \
	sh build/netboot.sh 2>"$t/log"
ok $? "build/netboot.sh: $(cat "$t/log")"
ls "$t/netboot" "$t/netboot/pxelinux.cfg" | tr '\n' ' ' >"$t/ls"
for f in vmlinuz initrd.img pxelinux.0 ldlinux.c32 default \
    01-52-54-00-fe-e7-01 01-52-54-00-fe-e7-02; do
	grep -qw -- "$f" "$t/ls" || echo "# no $f"
done >"$t/missing"
is "$(cat "$t/missing")" "" "the tree: kernel, initrd, pxelinux, default and one file a MAC"
grep -qx '  APPEND console=ttyS0 panic=-1 init.norescue vmm.disk=none vmm.smp=2' \
	"$t/netboot/pxelinux.cfg/01-52-54-00-fe-e7-02"
ok $? "a per-MAC file: the shared command line, then its words"

boot_log_next
timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -m 768 \
	-nographic -no-reboot -nodefaults -serial stdio -boot n \
	-netdev user,id=net0,tftp="$t/netboot",bootfile=pxelinux.0 \
	-device e1000,netdev=net0,mac=$mac </dev/null >"$BOOT_LOG" 2>&1
rc=$?
is $rc 0 "the diskless machine netbooted the HAL and powered off (exit 0)"
[ $rc = 0 ] || tr -d '\r' <"$BOOT_LOG" | tail -n 30 | sed 's/^/# /'
tr -d '\r' <"$BOOT_LOG" >"$t/console"
grep -qx "# smp = 3: /proc/cmdline vmm.smp" "$t/console" &&
	grep -qx "# mem = 96M: /proc/cmdline vmm.mem" "$t/console"
ok $? "vmm's audit: smp and mem from its MAC's file, on the command line"
grep -A1 -x -- -smp "$t/console" | grep -qx 3 &&
	grep -A1 -x -- -m "$t/console" | grep -qx 96M
ok $? "vmm's argv: -smp 3 -m 96M"

printf 'aa:bb:cc:dd:ee vmm.smp=2\n' >"$t/fleet"
INITRD=$t/hal.img OUT=$t/nb2 FLEET=$t/fleet sh build/netboot.sh 2>"$t/log"
[ $? != 0 ] && grep -qx "netboot.sh: $t/fleet:1: 'aa:bb:cc:dd:ee': want a MAC address (aa:bb:cc:dd:ee:ff)" "$t/log" &&
	[ ! -e "$t/nb2" ]
ok $? "a bad MAC: refused, file and line named, nothing written"
printf '%s vmm.smp=2\n%s vmm.smp=3\n' "$mac" "$mac" >"$t/fleet"
INITRD=$t/hal.img OUT=$t/nb2 FLEET=$t/fleet sh build/netboot.sh 2>"$t/log"
[ $? != 0 ] && grep -q "$t/fleet:2: $mac: a second line for this MAC" "$t/log"
ok $? "a MAC given twice: refused"
