#!/bin/sh
# SPDX-License-Identifier: ISC
# modules.t - modprobe on Debian's real modules.dep/alias/builtin (dry run,
# -n -v: the insmod lines it would run, in order) and on a small tree for
# modprobe.d, the command line and /proc/modules; insmod's refusals.
# Nothing is loaded into the host's kernel: MODROOT (test only) points
# modprobe at the fixture tree.
. tests/lib.sh
plan 30
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
rel=$(uname -r)
deb=$(ls -d /lib/modules/6.1.0-*-amd64 2>/dev/null | tail -n 1)
m=$t/lib/modules/$rel
mkdir -p "$m" "$t/etc/modprobe.d" "$t/proc"
: >"$t/proc/modules"
: >"$t/proc/cmdline"
mp() { MODROOT=$t "$BOX" modprobe "$@" 2>"$t/err"; }
# the insmod lines, as module names, on one line
names() { sed -n 's|^insmod [^ ]*/\([^/ ]*\)\.ko.*|\1|p' | tr '\n' ' '; }

if [ -n "$deb" ]; then
	cp "$deb/modules.dep" "$deb/modules.alias" "$deb/modules.builtin" "$m/"
	is "$(mp -n -v kvm_amd | names)" "irqbypass kvm ccp kvm-amd " \
		"kvm_amd: dependencies deepest first (Debian 6.1 modules.dep)"
	is "$(mp -n -v virtio-pci | names)" \
		"virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci " \
		"virtio-pci: '-' is '_', five modules in order"
	is "$(mp -n -v pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00 | names)" \
		"virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci " \
		"a virtio PCI modalias resolves through modules.alias"
	# every module whose alias matches is loaded, as kmod does: the CPU
	# modalias also matches edac and rapl drivers
	amd=$(mp -n -v 'cpu:type:x86,ven0002fam0019mod0001:feature:,0000,0001,00C2,0100' | names)
	case $amd in *"irqbypass kvm ccp kvm-amd "*) r=0;; *) r=1;; esac
	ok $r "a CPU modalias with SVM (00C2) loads kvm_amd after its chain"
	case $amd in *kvm-intel*) r=1;; *) r=0;; esac
	ok $r "... and not kvm_intel"
	intel=$(mp -n -v 'cpu:type:x86,ven0000fam0006mod003A:feature:,0000,0085,0100' | names)
	case $intel in *"irqbypass kvm kvm-intel "*) r=0;; *) r=1;; esac
	case $intel in *kvm-amd*) r=1;; esac
	ok $r "a CPU modalias with VMX (0085) loads kvm_intel, not kvm_amd"
	is "$(mp -n -v scsi:t-0x00 | names)" \
		"crct10dif_common crc64 crc-t10dif scsi_common scsi_mod crc64-rocksoft t10-pi sd_mod " \
		"a SCSI disk's modalias loads sd_mod and its chain"
	mp -n -v acpiphp >"$t/out"; is "$?:$(cat "$t/out")" "0:" \
		"a module built into the kernel: success, nothing to load"
	printf 'virtio_ring 1 0 - Live 0\nvirtio 1 0 - Live 0\n' >"$t/proc/modules"
	is "$(mp -n -v virtio_net | names)" "failover net_failover virtio_net " \
		"modules in /proc/modules are not loaded again"
	: >"$t/proc/modules"
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "no Debian 6.1 modules tree"; done
fi

cat >"$m/modules.dep" <<EOF2
kernel/a/virtio_net.ko: kernel/b/failover.ko
kernel/b/failover.ko:
kernel/c/kvm-amd.ko.gz:
kernel/d/pcspkr.ko:
EOF2
printf 'alias platform:pcspkr pcspkr\nalias  snd-pcsp\tpcspkr\n' >"$m/modules.alias"
: >"$m/modules.builtin"
printf '# test\noptions kvm_amd nested=1\nblacklist pcspkr\n' >"$t/etc/modprobe.d/kvm.conf"
printf 'options virtio_net napi_tx=1\n' >"$t/etc/modprobe.d/net.conf"
printf 'options virtio_net csum=0\n' >"$t/etc/modprobe.d/ignored.txt"
printf 'root=/dev/sda kvm-amd.avic=1 virtio_net.x="a b" quiet\n' >"$t/proc/cmdline"

is "$(mp -n -v kvm-amd sev=0)" "insmod $m/kernel/c/kvm-amd.ko.gz nested=1 avic=1 sev=0" \
	"options: modprobe.d, then the command line, then argv"
is "$(mp -n -v virtio_net | tail -n 1)" \
	"insmod $m/kernel/a/virtio_net.ko napi_tx=1 x=\"a b\" " \
	"only *.conf files count; a quoted command-line value stays quoted"
mp -n -v platform:pcspkr >"$t/out"; is "$?:$(cat "$t/out")" "1:" \
	"a blacklisted module is not loaded through an alias"
is "$(mp -n -v pcspkr)" "insmod $m/kernel/d/pcspkr.ko " \
	"... but is by its own name (modprobe.d(5))"
mp -n nosuch; is "$?:$(cat "$t/err")" \
	"1:halbox modprobe: nosuch: not found in $m" "not found: exit 1, one line"
mp -q -- nosuch; is "$?:$(cat "$t/err")" "1:" \
	"the kernel's form 'modprobe -q -- NAME': quiet"
is "$(mp -n -a failover pcspkr | names)" "failover pcspkr " "-a: every argument is a name"
printf 'failover 1 0 - Live 0\nvirtio_net 1 0 - Live 0\n' >"$t/proc/modules"
is "$(mp -r -n -v virtio-net)" "rmmod virtio_net
rmmod failover" "-r: the module, then its dependencies"
mp -r -n pcspkr; is "$?:$(cat "$t/err")" "1:halbox modprobe: pcspkr: not loaded" \
	"-r of a module not loaded"
mp; is $? 100 "no name: usage"
long=$(printf '%070d' 0)
for n in '' ' ' ':' "$long"; do
	mp -r -n -v "$n"
	is "$?:$(cat "$t/err")" "100:halbox modprobe: '$n': not a module name" \
		"-r '$(printf %.12s "$n")': no module name, exit 100, said"
done
printf 'kernel/%01100d/x.ko:\n' 0 >"$m/modules.dep"
out=$(mp -n x)
is "$?:$out:$(cat "$t/err")" "111::halbox modprobe: x: path in modules.dep longer than 1023 bytes" \
	"a modules.dep path too long: refused, said, never cut and opened"
printf 'kernel/a/x.ko: kernel/b/y.ko\n' >"$m/modules.dep"
mp -q x; is "$?:$(cat "$t/err")" \
	"111:halbox modprobe: $m/kernel/b/y.ko: No such file or directory" \
	"a dependency's file missing: exit 111, named"
rm "$m/modules.dep"
mp x; is "$?:$(cat "$t/err")" \
	"111:halbox modprobe: $m/modules.dep: No such file or directory" \
	"no modules.dep: exit 111, the file named"

echo '#!/bin/sh' >"$t/x.ko"
"$BOX" insmod "$t/x.ko" 2>"$t/err"; is "$?:$(cat "$t/err")" \
	"100:halbox insmod: $t/x.ko: not an ELF file (nor gzip, xz or zstd)" \
	"insmod: not a module, exit 100"
gzip -c "$t/x.ko" >"$t/y.ko.gz"
"$BOX" insmod "$t/y.ko.gz" 2>"$t/err"; is "$?:$(cat "$t/err")" \
	"100:halbox insmod: $t/y.ko.gz: gzip'd, but no ELF file inside" \
	"insmod: gzip is inflated and checked"
# a gzip member cut before its trailer: one stored block of 64 bytes 0xff,
# so the last 4 bytes, read as ISIZE, say 4 GB
{ printf '\037\213\010\0\0\0\0\0\0\003\001\100\0\277\377'
  head -c 64 /dev/zero | tr '\0' '\377'; } >"$t/cut.ko.gz"
"$BOX" insmod "$t/cut.ko.gz" 2>"$t/err"; is "$?:$(cat "$t/err")" \
	"100:halbox insmod: $t/cut.ko.gz: corrupt or truncated gzip data" \
	"insmod: a truncated .ko.gz is corrupt gzip data (exit 100), not too large"
"$BOX" insmod "$t/none.ko" 2>"$t/err"; is "$?:$(cat "$t/err")" \
	"111:halbox insmod: $t/none.ko: No such file or directory" "insmod: missing file"
