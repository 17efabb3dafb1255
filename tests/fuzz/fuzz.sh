#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz.sh - make fuzz: every libFuzzer target for FUZZ_SECONDS (default 60),
# or until FUZZ_RUNS executions when that is set (FUZZ_SECONDS is then only
# a bound), from its committed corpus (tests/fuzz/corpus/TARGET/, read only: what a
# run finds goes to out/fuzzrun/TARGET/), one line per target with its
# executions and coverage. A crash or a sanitizer report fails the run;
# the input is kept as out/fuzzrun/TARGET-crash-* (add it to the corpus
# once fixed, so it stays a regression test of make check).
secs=${FUZZ_SECONDS:-60}
runs=${FUZZ_RUNS:--1}
rc=0
for t in "$@"; do
	mkdir -p "out/fuzzrun/$t" "tests/fuzz/corpus/$t"
	log=out/fuzzrun/$t.log
	if "out/fuzz/$t" -max_total_time="$secs" -runs="$runs" -max_len=4096 \
		-print_final_stats=1 -artifact_prefix="out/fuzzrun/$t-" \
		"out/fuzzrun/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
		res=ok
	else
		res="FAILED (log $log)"
		rc=1
	fi
	printf '%-12s %12s execs in %ss, %s, %s\n' "$t" \
		"$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")" \
		"$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")" \
		"$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)" "$res"
done
exit $rc
