#!/bin/sh
# SPDX-License-Identifier: ISC
# udhcpc-evil-asan.t - the hostile-server suite (udhcpc-evil.t) against
# out/halbox-asan, halbox built with ASan and UBSan that abort at the
# first finding (-fno-sanitize-recover=all): a finding kills the client
# and fails the suite's "alive throughout" and every check after it.
[ -x out/halbox-asan ] || { echo "1..0 # SKIP no out/halbox-asan"; exit 0; }
nm out/halbox-asan | grep -q ' __asan_init$' &&
	nm out/halbox-asan | grep -q ' __ubsan_handle_' ||
	{ echo "1..1"; echo "not ok 1 - out/halbox-asan has no sanitizers"; exit 1; }
BOX=$PWD/out/halbox-asan exec sh tests/applets/udhcpc-evil.t
