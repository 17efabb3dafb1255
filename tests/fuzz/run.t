#!/bin/sh
# SPDX-License-Identifier: ISC
# run.t - run every libFuzzer target briefly (FUZZ_RUNS iterations each,
# seeded from SEED) from its committed corpus tests/fuzz/corpus/TARGET/,
# so that every input that once crashed stays a regression test; a crash
# or sanitizer report fails the test. The corpus is read, never written:
# new inputs go to out/fuzzlog/TARGET/.
# FUZZERS (make check sets it) names the targets; without it, every one
# built in out/fuzz/.
. tests/lib.sh
set -- out/fuzz/*
[ -z "${FUZZERS:-}" ] || set -- $(for f in $FUZZERS; do echo out/fuzz/$f; done)
[ -x "$1" ] || skip_all "no fuzz targets built"
plan $(($# * 2))
for f; do
	t=${f##*/}
	log=out/fuzzlog/$t.log
	rm -rf "out/fuzzlog/$t"
	mkdir -p "out/fuzzlog/$t"
	[ -n "$(ls "tests/fuzz/corpus/$t" 2>/dev/null)" ]
	ok $? "fuzz $t: a committed corpus"
	"$f" -runs="${FUZZ_RUNS:-200000}" -seed="${SEED:-1}" -max_len=4096 \
		-artifact_prefix="out/fuzzlog/$t-" "out/fuzzlog/$t" \
		"tests/fuzz/corpus/$t" >"$log" 2>&1
	ok $? "fuzz $t: ${FUZZ_RUNS:-200000} runs, no crash (log $log)"
done
