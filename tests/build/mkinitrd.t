#!/bin/sh
# SPDX-License-Identifier: ISC
# mkinitrd.t - build/mkinitrd as a tool: what cpio and gzip read back from
# its archives, byte-identical rebuilds, and spec errors that name the line.
. tests/lib.sh
MK=${MK:-$PWD/out/mkinitrd}
export TZ=UTC
plan 17
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
chmod 755 "$t"
printf 'payload\n' >"$t/payload"
cat >"$t/spec" <<SPEC
# owners and device nodes come from here, not from the builder
slink /init bin/tool 777 0 0
dir /bin 755 0 0
file /bin/tool $t/payload 755 1234 567
dir /dev 755 0 0
nod /dev/console 600 0 0 c 5 1
nod /dev/sda 660 0 6 b 8 0
dir /tmp 1777 0 0
SPEC

# Built by an unprivileged user when the test runs as root: no chown, no
# mknod, yet root-owned device nodes in the archive.
as_user() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 \
	--regid=65534 --clear-groups "$@"; else "$@"; fi; }
chmod 777 "$t"
as_user "$MK" "$t/spec" "$t/a.img" 2>"$t/err"
ok $? "builds from the spec (as uid $(as_user id -u))"
gzip -t "$t/a.img"
ok $? "gzip -t: a valid gzip stream"
zcat "$t/a.img" | cpio -t --quiet >"$t/list" 2>"$t/cpio.err"
ok $? "cpio -t reads the archive"
is "$(tr '\n' ' ' <"$t/list")" \
	"bin bin/tool dev dev/console dev/sda init tmp " \
	"entries sorted by name, no leading '/'"
zcat "$t/a.img" | cpio -tv --quiet --numeric-uid-gid >"$t/long"
grep -q '^-rwxr-xr-x .* 1234 *567 .* bin/tool$' "$t/long"
ok $? "a file with the spec's mode and owners (1234:567)"
grep -q '^crw------- .* 0 *0 *5, *1 .* dev/console$' "$t/long" &&
	grep -q '^brw-rw---- .* 0 *6 *8, *0 .* dev/sda$' "$t/long"
ok $? "device nodes (c 5,1 and b 8,0) owned by root, made without mknod"
grep -q '^lrwxrwxrwx .* init -> bin/tool$' "$t/long" &&
	grep -q '^drwxrwxrwt .* tmp$' "$t/long"
ok $? "a symlink and a sticky directory"
is "$(zcat "$t/a.img" | cpio -i --quiet --to-stdout bin/tool)" "payload" \
	"the file's content"
grep -q 'Jan  1  1970' "$t/long"
ok $? "mtimes are 0 without SOURCE_DATE_EPOCH"

touch "$t/payload"
as_user "$MK" "$t/spec" "$t/b.img" 2>/dev/null
cmp -s "$t/a.img" "$t/b.img"
ok $? "a rebuild (source touched since) is byte-identical"
SOURCE_DATE_EPOCH=1700000000 "$MK" "$t/spec" "$t/c.img" 2>/dev/null
zcat "$t/c.img" | cpio -tv --quiet | grep -q 'Nov 14  2023 bin/tool$'
ok $? "SOURCE_DATE_EPOCH sets every mtime"
"$MK" "$t/spec" "$t/d.cpio" 2>/dev/null && zcat "$t/a.img" | cmp -s - "$t/d.cpio"
ok $? "OUT.cpio: the same archive, uncompressed (for zstd or xz)"

# Errors: exit 100, "SPEC:LINE: what", and OUT neither written nor left
# half-written (the old image stays).
bad() {
	printf '%s\n' "$1" >"$t/bad"
	cp "$t/a.img" "$t/old.img"
	"$MK" "$t/bad" "$t/old.img" 2>"$t/err"
	rc=$?
	if [ $rc = 100 ] && grep -q -- "$2" "$t/err" &&
	    cmp -s "$t/a.img" "$t/old.img" && [ ! -e "$t/old.img.tmp" ]; then
		return 0
	fi
	echo "# rc $rc: $(cat "$t/err")"
	return 1
}
bad "dir /a 755 0 0
dir /b 0799 0 0" "bad:2: bad mode '0799'"
ok $? "a bad mode names line 2"
bad "dir /a 755 0 0
file /a/x $t/missing 644 0 0" "bad:2: source $t/missing: No such file"
ok $? "a missing source names its line"
bad "dir /a 755 0 0
dir /b 755 0 0
dir /a/ 700 0 0" "bad:3: duplicate path 'a' (first on line 1)"
ok $? "a duplicate path names both lines"
bad "dir /a 755 0 0
slink /a/../../x y 777 0 0" "bad:2: path escapes the root"
ok $? "a path escaping the root is refused"
"$MK" "$t/spec" 2>"$t/err"
is "$?" 100 "usage: exit 100"
