#!/bin/sh
# SPDX-License-Identifier: ISC
# mknod.t - nodes made in a private tmpfs of a private mount namespace.
. tests/lib.sh
[ "$(id -u)" = 0 ] || skip_all "mknod of devices needs root"
unshare --mount true 2>/dev/null || skip_all "no mount namespaces here"
if [ -z "${IN_NS:-}" ]; then
	IN_NS=1 exec unshare --mount --propagation private "$0"
fi
d=/mnt/halbox-mknod
mkdir -p $d && mount -t tmpfs none $d || { echo "1..0 # SKIP tmpfs"; exit 0; }
plan 22
m() { stat -c "%F %a %t:%T" "$1" 2>/dev/null; }

"$BOX" mknod $d/c c 1 3; is "$(m $d/c)" "character special file 644 1:3" \
	"c 1 3 with umask 022"
"$BOX" mknod -m 666 $d/n c 1 3; is "$(m $d/n)" "character special file 666 1:3" \
	"-m 666 ignores the umask"
"$BOX" mknod -m 660 $d/sda b 8 0; is "$(m $d/sda)" "block special file 660 8:0" "b 8 0"
"$BOX" mknod -m u=rw,g=r $d/s c 10 232; is "$(m $d/s)" \
	"character special file 646 a:e8" "symbolic -m u=rw,g=r"
"$BOX" mknod $d/u u 4 64; is "$(m $d/u)" "character special file 644 4:40" "u is c"
"$BOX" mknod -m 600 $d/p p; is "$(m $d/p)" "fifo 600 0:0" "p makes a FIFO"
"$BOX" mknod $d/x c 010 08; is "$(m $d/x)" "character special file 644 a:8" \
	"decimal numbers, leading zeros too (busybox)"
"$BOX" mknod $d/big c 4095 1048575; ok $? "largest major and minor"
[ "$(stat -c %t $d/big)" = fff ]; ok $? "major 4095 stored"

"$BOX" mknod $d/e1 c 1 2>$d/err; is $? 100 "missing minor is a usage error"
"$BOX" mknod $d/e2 c 2>$d/err; is $? 100 "missing major and minor"
grep -q 'needs MAJOR and MINOR' $d/err; ok $? "the error says what is missing"
"$BOX" mknod $d/e3 q 1 2 2>$d/err; is $? 100 "bad type"
grep -q "bad type 'q'" $d/err; ok $? "the bad type is named"
"$BOX" mknod $d/e4 c 4096 0 2>$d/err; is $? 100 "major 4096 out of range"
grep -q "bad major '4096'" $d/err; ok $? "the bad major is named"
"$BOX" mknod $d/e5 c 1 1048576 2>/dev/null; is $? 100 "minor out of range"
"$BOX" mknod $d/e6 c 1 -1 2>/dev/null; is $? 100 "negative minor"
"$BOX" mknod $d/e7 p 1 2 2>/dev/null; is $? 100 "FIFO with numbers"
"$BOX" mknod -m 888 $d/e8 c 1 3 2>/dev/null; is $? 100 "bad octal mode"
"$BOX" mknod $d/c c 1 3 2>$d/err; is $? 111 "existing node: mknod(2) fails, 111"
grep -q "mknod $d/c: File exists" $d/err; ok $? "the error names the node and the reason"
umount $d
