#!/bin/sh
# SPDX-License-Identifier: ISC
# dispatch.t - argv[0] and argv[1] dispatch, --list, --install, --help, exit codes.
. tests/lib.sh
plan 18
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

list=$("$BOX" --list); ok $? "--list exits 0"
echo "$list" | grep -qx mknod; ok $? "--list names mknod"
is "$(echo "$list" | LC_ALL=C sort | tr '\n' ' ')" "$(echo "$list" | tr '\n' ' ')" \
	"--list is sorted"
"$BOX" nosuch 2>"$d/err"; is $? 127 "unknown applet exits 127"
grep -q "^halbox: unknown applet 'nosuch'" "$d/err"; ok $? "unknown applet is named"
"$BOX" 2>/dev/null; is $? 100 "no applet at all is a usage error"
"$BOX" --install -s "$d"; ok $? "--install -s DIR"
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
