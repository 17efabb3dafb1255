#!/bin/sh
# SPDX-License-Identifier: ISC
# modindex.t - modprobe through depmod's binary indexes: a tree of real
# Debian 6.1 modules (links) indexed by Debian's own depmod -b, looked up
# with the indexes, against kmod's modprobe on the same tree and against
# halbox's text lookup; then stale, corrupt and foreign indexes, each
# refused with one line, the text tables read instead.
. tests/lib.sh
deb=$(ls -d /lib/modules/6.1.0-*-amd64 2>/dev/null | tail -n 1)
PATH=$PATH:/usr/sbin:/sbin
command -v depmod >/dev/null && command -v modprobe >/dev/null ||
	skip_all "no kmod (depmod, modprobe)"
[ -n "$deb" ] || skip_all "no Debian 6.1 modules tree"
plan 12
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
rel=$(uname -r)

# tree ROOT MODULE...: those modules and what they need, then depmod -b
tree() {
	r=$1
	shift
	mkdir -p "$r/lib/modules/$rel" "$r/etc/modprobe.d" "$r/proc"
	: >"$r/proc/modules"
	: >"$r/proc/cmdline"
	for n; do
		grep "/$(echo "$n" | sed 's/[-_]/[-_]/g')\.ko[.a-z]*:" \
			"$deb/modules.dep" | tr -d :
	done | tr ' ' '\n' | sort -u | while read -r p; do
		mkdir -p "$r/lib/modules/$rel/${p%/*}"
		ln -sf "$deb/$p" "$r/lib/modules/$rel/$p"
	done
	cp "$deb/modules.order" "$deb/modules.builtin" \
		"$deb/modules.builtin.modinfo" "$r/lib/modules/$rel/"
	depmod -b "$r" "$rel"
}
tree "$t/a" virtio_pci virtio_net e1000 ahci kvm_amd kvm_intel sd_mod \
	usbhid button nvme edac_mce_amd amd64_edac intel_rapl_common
tree "$t/b" e1000 pcspkr
m=$t/a/lib/modules/$rel
mp() { MODROOT=$t/a "$BOX" modprobe "$@" 2>"$t/err"; }
# the insmod lines as module names, each once (kmod -D repeats a chain
# for each alias that finds it, and a softdep's module)
names() { sed -n 's|^insmod [^ ]*/\([^/ ]*\)\.ko.*|\1|p' | awk '!s[$0]++' |
	tr '\n' ' '; }
aliases="pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00
virtio:d00000001v00001AF4
pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00
pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01
pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02
cpu:type:x86,ven0002fam0019mod0001:feature:,0000,0001,00C2,0100
cpu:type:x86,ven0000fam0006mod003A:feature:,0000,0085,0100
scsi:t-0x00
usb:v0627p0001d0000dc00dsc00dp00ic03isc00ip00in00
acpi:PNP0C0C:
virtio-pci
kvm-amd"
# every alias, one process each: "alias: module module ...;"
each() { for a in $aliases; do printf '%s: %s; ' "$a" "$("$@" "$a" | names)"; done; }

idx=$(each mp -n -v)
kmod=$(each modprobe -d "$t/a" -S "$rel" -C "$t/a/etc/modprobe.d" -D)
is "$idx" "$kmod" "12 aliases and names: the same modules in the same order as kmod's"
case $idx in *"acpi:PNP0C0C:: button ; "*"kvm-amd: irqbypass kvm ccp kvm-amd ; "*)
	r=0;; *) r=1;; esac
ok $r "... which found the drivers (button, kvm-amd's chain)"
mp -n -v scsi:t-0x00 >/dev/null
is "$(cat "$t/err")" "" "the indexes are used: no line"

cp "$m/modules.alias" "$t/alias.txt"
: >"$m/modules.alias"
touch -d @0 "$m/modules.alias"
is "$(each mp -n -v)" "$idx" \
	"with modules.alias emptied (and older), every alias still resolves"
cp "$t/alias.txt" "$m/modules.alias"

mv "$m/modules.alias.bin" "$t/alias.bin"
is "$(each mp -n -v)" "$idx" "the text tables alone give the same answers"
is "$(cat "$t/err")" "halbox modprobe: $m/modules.alias.bin: absent; reading the text tables" \
	"an absent index: one line with -v"
mv "$t/alias.bin" "$m/modules.alias.bin"

touch "$m/modules.alias"
is "$(mp -n -v acpi:PNP0C0C: | names):$(cat "$t/err")" \
	"button :halbox modprobe: $m/modules.alias.bin: older than the text (run depmod); reading the text tables" \
	"modules.alias edited after depmod: the index is stale, the text is read"

depmod -b "$t/a" "$rel"
printf '\040\377\377\377' | dd of="$m/modules.alias.bin" bs=1 seek=8 conv=notrunc 2>/dev/null
is "$(mp -n -q acpi:PNP0C0C: | names):$(cat "$t/err")" \
	"button :halbox modprobe: $m/modules.alias.bin: offset 16777215: node past the end; reading the text tables" \
	"a corrupt index (root offset past the end): refused with its line, the text read"

printf 'KMOD' | dd of="$m/modules.alias.bin" conv=notrunc 2>/dev/null
is "$(mp -n -q acpi:PNP0C0C: | names):$(cat "$t/err")" \
	"button :halbox modprobe: $m/modules.alias.bin: not a kmod index (magic, version 2); reading the text tables" \
	"not a kmod index (magic): refused"

depmod -b "$t/a" "$rel"
cp "$t/b/lib/modules/$rel/modules.dep.bin" "$t/b/lib/modules/$rel/modules.alias.bin" "$m/"
is "$(mp -n -q acpi:PNP0C0C: | names):$(cat "$t/err")" \
	"button :halbox modprobe: $m/modules.dep.bin: not the index of modules.dep (another kernel's?); reading the text tables" \
	"another tree's indexes: refused"

depmod -b "$t/a" "$rel"
printf '%s 1 0 - Live 0\n' virtio_net net_failover failover >"$t/a/proc/modules"
r1=$(mp -r -n -v virtio-net | tr '\n' ' ')
mv "$m/modules.dep.bin" "$t/dep.bin"
r="rmmod virtio_net rmmod net_failover rmmod failover "
is "$r1|$(mp -r -n -v virtio-net | tr '\n' ' ')" "$r|$r" \
	"-r through modules.dep.bin: the module, then its dependencies, as the text says"
mv "$t/dep.bin" "$m/modules.dep.bin"
: >"$t/a/proc/modules"

rm "$m/modules.dep"
mp -q e1000; is "$?:$(cat "$t/err")" \
	"111:halbox modprobe: $m/modules.dep: No such file or directory" \
	"indexes without modules.dep: exit 111, the text named, one line"
