#!/bin/sh
# SPDX-License-Identifier: ISC
# nbd.t - a HAL with no local disk boots its guest from an NBD server.
# qemu-nbd (Debian's qemu-utils) serves the test guest disk
# (tests/boot/guest.S, as in image.t) on 127.0.0.1; the outer machine
# reaches it as 10.0.2.2 through SLIRP and has no disk at all, its vmm
# takes vmm.disk=nbd://10.0.2.2:PORT/guest from the kernel command line
# after udhcpc's lease. Then the same image with the server stopped: vmm
# names the address in one line per try, gives up after its 30 s, and the
# HAL powers off (init.norescue), no hang. One image for both boots.
. tests/lib.sh
. tests/lib/boot.sh
boot_need_kernel
command -v qemu-nbd >/dev/null ||
	skip_all "no qemu-nbd (build/deps.sh installs qemu-utils)"
plan 10
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
t=$(mktemp -d)
srv=
trap '[ -z "$srv" ] || kill $srv 2>/dev/null; rm -rf "$t"' EXIT

boot_guest "$t/guest.img"
is "$(wc -c <"$t/guest.img")" 512 "the test guest is one 512-byte boot sector"

printf 'coldplug -d\nudhcpc -b\nvmm\n' >"$t/init.conf"
boot_image "$t/hal.img" "the image" INIT_CONF="$t/init.conf"

# A port of our own: other tests may run their own servers.
port=$((20000 + $$ % 20000))
# --persistent: vmm's check that the server answers is a client too, and
# qemu-nbd would otherwise quit when the first client leaves. --fork: it
# returns once it listens.
qemu-nbd --persistent --fork --pid-file "$t/nbd.pid" --bind 127.0.0.1 \
	--port $port --export-name guest --format raw "$t/guest.img"
ok $? "qemu-nbd serves the guest disk on 127.0.0.1:$port"
srv=$(cat "$t/nbd.pid")
url=nbd://10.0.2.2:$port/guest

boot_qemu "$t/hal.img" "init.norescue vmm.disk=$url vmm.on_exit=poweroff" \
	-m 768 -netdev user,id=net0 -device e1000,netdev=net0
rc=$?
is $rc 0 "no local disk: the HAL powered off (outer QEMU exit 0)"
[ $rc = 0 ] || tr -d '\r' <"$BOOT_LOG" | tail -n 30 | sed 's/^/# /'
boot_log_has '^halbox udhcpc: .*10\.0\.2\.15'
ok $? "udhcpc: the lease, before vmm's connect"
boot_log_has "^halbox vmm: started /bin/qemu-system-x86_64"
ok $? "vmm started QEMU on $url"
boot_guest_has 'halbox test guest: hello from the inner VM'
ok $? "the guest booted from the NBD export: its line on the console"

kill $srv; srv=
sleep 1
boot_qemu "$t/hal.img" "init.norescue vmm.disk=$url vmm.on_exit=poweroff" \
	-m 768 -netdev user,id=net0 -device e1000,netdev=net0
rc=$?
is $rc 0 "server stopped: the HAL still powers off (exit 0, no timeout)"
[ $rc = 0 ] || tr -d '\r' <"$BOOT_LOG" | tail -n 30 | sed 's/^/# /'
boot_log_has "^halbox vmm: disk $url: Connection refused"
ok $? "vmm's line names the address and why"
boot_log_has "^halbox vmm: disk $url: no answer in 30 s" &&
	! boot_log_has 'started /bin/qemu-system-x86_64'
ok $? "it gives up after 30 s, QEMU never started"
