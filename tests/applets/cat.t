#!/bin/sh
# SPDX-License-Identifier: ISC
# cat.t - cat and dmesg, the rescue shell's two diagnostic applets.
. tests/lib.sh
plan 9
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

printf 'one\n' >"$d/a"; printf 'two\nthree' >"$d/b"
head -c 100000 /dev/urandom >"$d/big"
"$BOX" cat "$d/a" "$d/b" >"$d/out"; is $? 0 "cat FILE FILE: status 0"
printf 'one\ntwo\nthree' | cmp -s - "$d/out"; ok $? "... their bytes in order"
"$BOX" cat <"$d/big" | cmp -s - "$d/big"; ok $? "no FILE: stdin, 100 kB intact"
printf 'in\n' | "$BOX" cat "$d/a" - "$d/a" >"$d/out"
printf 'one\nin\none\n' | cmp -s - "$d/out"; ok $? "'-' is stdin, between files"
"$BOX" cat "$d/a" "$d/missing" "$d/b" >"$d/out" 2>"$d/err"
is $? 111 "a missing file: exit 111"
grep -q "cat: $d/missing: No such file" "$d/err" && [ "$(head -n 1 "$d/out")" = one ] &&
	grep -q three "$d/out"
ok $? "... named in the error, the other files still copied"

if dmesg >"$d/util" 2>/dev/null && [ -s "$d/util" ]; then
	"$BOX" dmesg >"$d/out"; is $? 0 "dmesg: status 0"
	dmesg >"$d/util"
	# The log grows while we read, and a full ring drops its oldest lines
	# (tests log to /dev/kmsg): 20 recent lines of ours, all in util's.
	tail -n 40 "$d/out" | head -n 20 >"$d/u"
	[ "$(grep -Fxcf "$d/u" "$d/util")" -ge 20 ]
	ok $? "dmesg prints the kernel log as util-linux dmesg does"
	"$BOX" dmesg -r | head -n 1 | grep -Eq '^<[0-9]+>\['
	ok $? "dmesg -r keeps the <LEVEL> prefix"
else
	for i in 1 2 3; do skip "the kernel log is not readable here"; done
fi
