#!/bin/sh
# SPDX-License-Identifier: ISC
# dispatch.t - argv[0] and argv[1] dispatch, --list, --install, --help, exit codes.
. tests/lib.sh
plan 33
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

list=$("$BOX" --list); ok $? "--list exits 0"
echo "$list" | grep -qx mknod; ok $? "--list names mknod"
is "$(echo "$list" | LC_ALL=C sort | tr '\n' ' ')" "$(echo "$list" | tr '\n' ' ')" \
	"--list is sorted"
"$BOX" nosuch 2>"$d/err"; is $? 127 "unknown applet exits 127"
grep -q "^halbox: unknown applet 'nosuch'" "$d/err"; ok $? "unknown applet is named"
"$BOX" 2>/dev/null; is $? 100 "no applet at all is a usage error"
"$BOX" --install -s "$d"; ok $? "--install -s DIR"
"$BOX" --install -s "$d" 2>"$d/err"; [ ! -s "$d/err" ]
ok $? "again: links to this binary are kept quietly"
[ -L "$d/mknod" ] && [ "$(readlink "$d/mknod")" = "$(readlink -f "$BOX")" ]
ok $? "--install -s makes symlinks to the binary"
"$d/mknod" "$d/fifo" p && [ -p "$d/fifo" ]; ok $? "argv[0] dispatch through a symlink"
mkdir "$d/hard"; "$BOX" --install "$d/hard"
[ "$(stat -c %i "$d/hard/reboot")" = "$(stat -c %i "$(readlink -f "$BOX")")" ]
ok $? "--install DIR makes hard links"
is "$(ls "$d/hard" | wc -l)" "$(echo "$list" | wc -l)" "one link per applet"
out=$("$BOX" mknod --help); is $? 0 "APPLET --help exits 0"
case $out in "usage: mknod [-m MODE] NAME TYPE"*) r=0;; *) r=1;; esac
ok $r "--help prints the usage on stdout"
"$BOX" mknod 2>"$d/err" >"$d/out"; is $? 100 "wrong usage exits 100"
grep -q '^usage: mknod' "$d/err" && [ ! -s "$d/out" ]; ok $? "wrong usage prints usage on stderr"
"$BOX" /bin/mknod --help >/dev/null 2>&1; is $? 127 "a path is not an applet name in argv[1]"
make -s install DESTDIR="$d/root" PREFIX=/usr >/dev/null 2>&1
ok $? "make install DESTDIR PREFIX"
[ "$(stat -c %i "$d/root/usr/bin/init")" = "$(stat -c %i "$d/root/usr/bin/halbox")" ] &&
	"$d/root/usr/bin/mknod" --help >/dev/null
ok $? "installed: one hard link per applet to the installed binary"

# -- make install cannot break the machine it runs on
root=$d/sys; mkdir -p $root/usr/bin && ln -s dash $root/usr/bin/sh && echo keep >$root/usr/bin/cat
make -s install DESTDIR=$root >/dev/null 2>$d/err; ok $? "make install over an existing system"
is "$(readlink $root/usr/bin/sh)" dash "its /usr/bin/sh is left alone"
is "$(cat $root/usr/bin/cat)" keep "... and its cat"
grep -q "$root/usr/bin/sh exists: skipped (-f replaces it)" $d/err; ok $? "the skipped names are said"
[ "$(stat -c %i $root/usr/bin/mknod)" = "$(stat -c %i $root/usr/bin/halbox)" ]
ok $? "the other applets are installed"
make -s install DESTDIR=$root FORCE=-f >/dev/null 2>&1
[ "$(stat -c %i $root/usr/bin/sh)" = "$(stat -c %i $root/usr/bin/halbox)" ]; ok $? "FORCE=-f replaces"
sh_before=$(ls -li /usr/bin/sh)
make -s -n install | grep -q '^out/root/usr/bin/halbox --install .*out/root/usr/bin$'; ok $? "the default DESTDIR is out/root"
is "$(ls -li /usr/bin/sh)" "$sh_before" "the running system's /usr/bin/sh is never touched"

# -- --version, and option errors in one line naming the option (busybox's way)
case $("$BOX" --version) in "halbox "*" multi-call binary") r=0;; *) r=1;; esac
ok $r "--version: $("$BOX" --version)"
is "$("$BOX" --help | head -1)" "$("$BOX" --version)" "--help's first line is the same"
"$BOX" mknod -Z 2>$d/err; is "$? $(cat $d/err)" "100 halbox mknod: unknown option '-Z'" \
	"an unknown option: one line"
"$BOX" mknod --foo 2>$d/err; is "$(cat $d/err)" "halbox mknod: unknown option '--foo'" \
	"a long one is named whole"
"$BOX" mknod -m 2>$d/err; is "$(cat $d/err)" "halbox mknod: option '-m' needs a value" \
	"a missing value"
r=0
for a in cat coldplug dmesg halt mknod modprobe poweroff reboot route sh udhcpc vmm; do
	"$BOX" $a --frob </dev/null >/dev/null 2>$d/err
	[ $? = 100 ] && [ "$(cat $d/err)" = "halbox $a: unknown option '--frob'" ] ||
		{ r=1; echo "# $a: $(cat $d/err)"; }
done
ok $r "every applet with options: one line naming a bad one, exit 100"
