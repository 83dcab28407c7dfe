#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): run the netlink fuzzer (tests/fuzz/nlfuzz) against the
# loaded module in CI mode, then check that the module still answers and
# unloads and loads again.  Prints TAP: one test per fuzzer phase, then the
# checks after it.
#
# Needs root and sockctl.ko loaded; runs in the lab VM.  nlfuzz must be
# built first (make -C tests/fuzz).  It unloads the module, and reloads it
# at the end from build/$(uname -r)/sockctl.ko (or $SOCKCTL_KO).
#
# Environment: FUZZ_MESSAGES (default 20000), FUZZ_SEED (default 1),
# FUZZ_ARGS (more nlfuzz options, e.g. "-v" or "-d DIR").
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
ko=${SOCKCTL_KO:-$top/build/$(uname -r)/sockctl.ko}
nlfuzz=${NLFUZZ:-$top/tests/fuzz/nlfuzz}
sockctl=${SOCKCTL:-$top/ctl/sockctl}
messages=${FUZZ_MESSAGES:-20000}
seed=${FUZZ_SEED:-1}

loaded() { grep -q '^sockctl ' /proc/modules; }

cleanup() {
	loaded || insmod "$ko" 2>/dev/null
}
trap cleanup EXIT

echo "TAP version 13"
if ! loaded; then
	tap_skip "fuzzing" "sockctl is not loaded"
	tap_done
	exit
fi
if [ ! -x "$nlfuzz" ]; then
	tap_skip "fuzzing" "$nlfuzz is not built (make -C tests/fuzz)"
	tap_done
	exit
fi

# nlfuzz prints TAP of its own: relay each of its tests as one of ours.
out=$(mktemp)
start=$(date +%s)
# shellcheck disable=SC2086
"$nlfuzz" -q -K -n "$messages" -s "$seed" ${FUZZ_ARGS:-} >"$out" 2>&1
rc=$?
elapsed=$(($(date +%s) - start))
while IFS= read -r line; do
	case $line in
	"ok "*)
		_tap_n=$((_tap_n + 1))
		line=${line#ok }
		echo "ok $_tap_n fuzz: ${line#* }"
		;;
	"not ok "*)
		_tap_n=$((_tap_n + 1))
		_tap_failed=$((_tap_failed + 1))
		line=${line#not ok }
		echo "not ok $_tap_n fuzz: ${line#* }"
		;;
	"TAP version"* | 1..*) ;;
	"#"*) echo "$line" ;;
	*) echo "# $line" ;;
	esac
done <"$out"
rm -f "$out"
echo "# nlfuzz: $messages messages, seed $seed, exit status $rc, ${elapsed}s"
tap_check "nlfuzz exited without failure or hang (status $rc)" test "$rc" -eq 0

info() { "$sockctl" -q info >/dev/null; }
tap_check "the module still answers GET_INFO" info

# rmmod may briefly find the module busy (a request finishing).
unload() {
	local _
	for _ in $(seq 1 20); do
		rmmod sockctl 2>/dev/null && return 0
		sleep 0.2
	done
	rmmod sockctl
}
tap_check "rmmod sockctl after the fuzzing" unload
missing() {
	local rc
	"$sockctl" info >/dev/null 2>&1; rc=$?
	echo "sockctl info exit status $rc"
	[ "$rc" -eq 3 ]
}
tap_check "CLI reports the missing module (exit 3)" missing
tap_check "insmod $(basename "$ko") again" insmod "$ko"
tap_check "the reloaded module answers GET_INFO" info
tap_done
