#!/bin/sh
# SPDX-License-Identifier: ISC
# run.t - run every libFuzzer target briefly (FUZZ_RUNS iterations each,
# seeded from SEED); a crash or sanitizer report fails the test.
. tests/lib.sh
set -- out/fuzz/*
[ -x "$1" ] || skip_all "no fuzz targets built"
plan $#
for f; do
	"$f" -runs="${FUZZ_RUNS:-200000}" -seed="${SEED:-1}" -max_len=4096 \
		>"$f.log" 2>&1
	ok $? "fuzz ${f##*/}: ${FUZZ_RUNS:-200000} runs, no crash (log $f.log)"
done
