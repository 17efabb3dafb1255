#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh - run every test under prove and close with "N passed, N failed".
# SEED makes the randomised tests replayable; it is printed first.
SEED=${SEED:-$(date +%s)}
export SEED
echo "# SEED=$SEED (replay: SEED=$SEED make check)"
# UNITS and FUZZERS (from make check): the Makefile's lists, not whatever an
# older build left in out/
units=out/test/*
[ -n "${UNITS:-}" ] && units=$(for u in $UNITS; do echo out/test/$u; done)
export FUZZERS
tests="$units tests/applets/*.t tests/fuzz/run.t tests/boot/*.t"
tests="$tests tests/build/*.t"
[ -n "${TESTS:-}" ] && tests=$TESTS
log=out/test.log
# Each test file within 30 minutes (the longest takes about 8): a test
# that hangs fails with timeout's status and the run goes on, instead of
# stalling make check until CI gives up on it.
prove -v --exec 'timeout -k 10 1800' $tests >"$log" 2>&1
rc=$?
cat "$log"
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1	# a test died or broke its plan: prove says which above
fi
echo "$passed passed, $failed failed"
[ $rc -eq 0 ] && [ "$failed" -eq 0 ]
