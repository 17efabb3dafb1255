#!/bin/sh
# SPDX-License-Identifier: ISC
# run.t - run every libFuzzer target briefly (FUZZ_RUNS iterations each,
# seeded from SEED); a crash or sanitizer report fails the test.
. tests/lib.sh
set -- out/fuzz/*
[ -x "$1" ] || skip_all "no fuzz targets built"
plan $#
mkdir -p out/fuzzlog
for f; do
	log=out/fuzzlog/${f##*/}.log
	"$f" -runs="${FUZZ_RUNS:-200000}" -seed="${SEED:-1}" -max_len=4096 \
		>"$log" 2>&1
	ok $? "fuzz ${f##*/}: ${FUZZ_RUNS:-200000} runs, no crash (log $log)"
done
