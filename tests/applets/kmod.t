#!/bin/sh
# SPDX-License-Identifier: ISC
# kmod.t - halbox modprobe against kmod's modprobe, byte for byte: on
# Debian's real tables and modprobe.d (-D, -n -v: softdeps, options,
# aliases, built-ins), and on a fixture tree whose modprobe.d directories
# kmod is given with -C (precedence of /etc over /lib, name order, softdep
# globs and loops, -d, -S). Nothing is loaded.
. tests/lib.sh
deb=$(ls -d /lib/modules/6.1.0-*-amd64 2>/dev/null | tail -n 1)
kmod=$(command -v modprobe || echo /sbin/modprobe)
[ -n "$deb" ] && [ -r "$deb/modules.softdep" ] && [ -x "$kmod" ] ||
	skip_all "no kmod or Debian 6.1 module tree"
ver=${deb##*/}
# names and aliases: softdeps (pre, post, through aliases, to built-ins,
# from /lib/modprobe.d), options (snd-pcsp index=-2), the PC drivers
names="r8169 nvme ext4 jbd2 snd-pcsp uhci_hcd ohci_pci ehci_pci ksmbd btrfs
f2fs cxl_mem csiostor act_mpls vfio ipmi_msghandler snd_sof_intel_hda
intel_lpss e1000e igb xhci_pci usbhid hid_generic hid-logitech-dj
usb_storage uas r8152 ax88179_178a cdc_ether sdhci_pci mmc_block vmd evdev
realtek xfs virtio_net kvm_amd crc32c crypto-crc32c fs-vfat ahci acpiphp
pci:v000010ECd00008168sv00001043sd00008677bc02sc00i00
pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00
usb:v0781p5583d0100dc00dsc00dp00ic08isc06ip50in00"
n=$(echo $names | wc -w)
plan $((n + 16))
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

for x in $names; do
	"$kmod" -D -S "$ver" "$x" >"$t/k" 2>&1
	"$BOX" modprobe -D -S "$ver" "$x" >"$t/h" 2>&1
	cmp -s "$t/k" "$t/h"
	ok $? "--show-depends $x: kmod's lines ($(wc -l <"$t/k"))"
done
# -n -v: the same, where kmod finds none of them in the host's kernel
# (it looks in /sys/module, halbox in /proc/modules)
for x in r8169 nvme ext4 snd-pcsp; do
	"$kmod" -n -v -S "$ver" "$x" >"$t/k" 2>&1
	"$kmod" -D -S "$ver" "$x" >"$t/d" 2>&1
	if cmp -s "$t/k" "$t/d"; then
		"$BOX" modprobe -n -v -S "$ver" "$x" >"$t/h" 2>&1
		cmp -s "$t/k" "$t/h"
		ok $? "-n -v $x: kmod's lines"
	else
		skip "$x: the host's kernel has some of its modules"
	fi
done

# a fixture tree of Debian's modules with its own softdeps and modprobe.d
# directories, which kmod is given with -C
m=$t/lib/modules/$ver
mkdir -p "$m" "$t/proc" "$t/etc/modprobe.d" "$t/run/modprobe.d" \
	"$t/usr/local/lib/modprobe.d" "$t/lib/modprobe.d"
: >"$t/proc/modules"
: >"$t/proc/cmdline"
(cd "$deb" && cp --parents kernel/drivers/net/phy/libphy.ko \
	kernel/drivers/net/phy/mdio_devres.ko kernel/drivers/net/phy/realtek.ko \
	kernel/lib/crc16.ko kernel/drivers/input/evdev.ko kernel/fs/mbcache.ko \
	kernel/fs/jbd2/jbd2.ko kernel/crypto/crc32c_generic.ko \
	kernel/arch/x86/crypto/crc32c-intel.ko modules.builtin modules.order \
	modules.builtin.modinfo "$m/")
PATH=$PATH:/usr/sbin:/sbin depmod -b "$t" "$ver" 2>/dev/null
# after depmod, which writes modules.softdep from the modules' own
printf '%s\n' 'softdep mdio_devres pre: crc16 post: evdev' \
	'softdep libphy pre: crypto-crc32c md5' 'softdep mbcache pre: jbd2' \
	'softdep jbd2 pre: mbcache post: evdev' >"$m/modules.softdep"
printf 'options mdio_devres x=lib\noptions crc16 y=1\n' >"$t/lib/modprobe.d/same.conf"
printf 'options mdio-devres x=etc\n' >"$t/etc/modprobe.d/same.conf"
printf 'options mdio_devres z=run\n' >"$t/run/modprobe.d/0run.conf"
printf 'options mdio_devres w=alias\n' >"$t/usr/local/lib/modprobe.d/zz.alias"
printf 'options mdio_devres ignored=1\n' >"$t/lib/modprobe.d/x.txt"
printf 'softdep [r]eal* post: evdev\nsoftdep realtek post: mbcache\n' \
	>"$t/lib/modprobe.d/glob.conf"
cc() {
	"$kmod" -d "$t" -S "$ver" -C "$t/etc/modprobe.d" -C "$t/run/modprobe.d" \
	    -C "$t/usr/local/lib/modprobe.d" -C "$t/lib/modprobe.d" "$@" 2>&1 |
	    sed "s|$t||"
}
hb() { MODROOT=$t "$BOX" modprobe -S "$ver" "$@" 2>&1 | sed "s|$t||"; }
same() { is "$(hb "$@")" "$(cc "$@")" "fixture: modprobe $*: kmod's lines"; }
names() {
	sed -n 's|^insmod [^ ]*/\([^/ ]*\)\.ko.*|\1|p; s/^builtin /=/p' |
	    tr '\n' ' '
}
is "$(hb -D mdio_devres | names)" \
	"crc32c-intel crc32c_generic =md5 libphy crc16 mdio_devres evdev " \
	"softdeps: pre (an alias's modules, a built-in) before, post after, deps' too"
is "$(hb -D mdio_devres | sed -n 's/.*mdio_devres\.ko//p')" \
	" z=run x=etc w=alias " \
	"options: /etc's file over /lib's of the same name, files by name, *.alias"
same -D mdio_devres
same -n -v mdio_devres extra=1
same -D mbcache
same -D realtek
is "$(hb -D mbcache | names)" "jbd2 evdev mbcache " \
	"a softdep loop ends: each module walked once"
is "$(hb -D realtek | names)" \
	"crc32c-intel crc32c_generic =md5 libphy realtek evdev " \
	"only the first softdep line whose glob matches counts, as kmod"
printf 'libphy 1 0 - Live 0\n' >"$t/proc/modules"
is "$(hb -n -v mdio_devres | names)" \
	"crc32c-intel crc32c_generic crc16 mdio_devres evdev " \
	"-n: a module in /proc/modules is not loaded again (its softdeps are)"
is "$(hb -D mdio_devres | names)" \
	"crc32c-intel crc32c_generic =md5 libphy crc16 mdio_devres evdev " \
	"-D: ... but is shown, as kmod does"
: >"$t/proc/modules"
mkdir -p "$t/other/lib/modules/$ver"
cp "$m/modules.dep" "$m/modules.dep.bin" "$t/other/lib/modules/$ver/"
is "$(MODROOT=$t "$BOX" modprobe -d "$t/other" -S "$ver" --show-depends evdev)" \
	"insmod $t/other/lib/modules/$ver/kernel/drivers/input/evdev.ko " \
	"-d DIR: DIR/lib/modules/VERSION"
MODROOT=$t "$BOX" modprobe -S 0.0 -n e 2>"$t/err"
is "$?:$(cat "$t/err")" \
	"111:halbox modprobe: $t/lib/modules/0.0/modules.dep: No such file or directory" \
	"-S VERSION: that tree, not uname -r's"
