# SPDX-License-Identifier: ISC
# lib.sh - TAP from sh: plan, ok, is, skip, skip_all; uncpio. Sourced by tests/*/*.t.
BOX=${BOX:-$PWD/out/halbox}
_n=0
plan() { echo "1..$1"; }
ok() { _n=$((_n + 1)); if [ "$1" = 0 ]; then echo "ok $_n - $2";
	else echo "not ok $_n - $2"; fi; }
is() { _n=$((_n + 1)); if [ "$1" = "$2" ]; then echo "ok $_n - $3";
	else echo "not ok $_n - $3 (got '$1', want '$2')"; fi; }
skip() { _n=$((_n + 1)); echo "ok $_n # SKIP $1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
# uncpio IMAGE: the cpio inside an image build/initrd.sh wrote, whichever
# its compressor (gzip, xz, zstd: their magic numbers).
uncpio() {
	case $(od -An -N4 -tx1 "$1" | tr -d ' ') in
	1f8b*) zcat "$1" ;;
	fd377a58) xzcat "$1" ;;
	28b52ffd) zstdcat "$1" ;;
	*) echo "uncpio: $1: not gzip, xz or zstd" >&2; return 1 ;;
	esac
}
