#!/bin/sh
# SPDX-License-Identifier: ISC
# zlib.sh OUTDIR - build zlib's inflate/deflate with musl-gcc -Os from Debian's
# source package into OUTDIR/libz.a and OUTDIR/include. Debian's own libz.a
# is built against glibc with _FORTIFY_SOURCE (it references __memcpy_chk,
# which musl lacks) and is ~20 KB larger than an -Os build.
set -eu
out=$1
[ -f "$out/libz.a" ] && exit 0
mkdir -p "$out/src" "$out/include"
cd "$out/src"
ls -d zlib-*/ >/dev/null 2>&1 || apt-get source -q zlib >/dev/null 2>&1 ||
	{ echo "zlib.sh: apt-get source zlib failed (run build/deps.sh as root)" >&2; exit 1; }
cd zlib-*/
# NO_GZIP: inflate without the gzip wrapper, so without crc32 and its
# 11 KB of tables; insmod reads the gzip header itself (RFC 1952).
# BUILDFIXED: the fixed Huffman tables are built at run time in .bss
# instead of 2 KB of .rodata (halbox is single-threaded).
objs=
for f in adler32 crc32 deflate inffast inflate inftrees trees zutil; do
	musl-gcc -std=c11 -Os -ffunction-sections -fdata-sections \
		-fno-asynchronous-unwind-tables -w \
		-DHAVE_UNISTD_H -DNO_GZIP -DBUILDFIXED -c $f.c -o "$f.o"
	objs="$objs $f.o"
done
ar rcs ../../libz.a.tmp $objs
cp zlib.h zconf.h ../../include/
mv ../../libz.a.tmp ../../libz.a
