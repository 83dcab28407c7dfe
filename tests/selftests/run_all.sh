#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run inside the lab VM: every selftest, and on a KUnit kernel the KUnit
# suites, against the module built for the running kernel.  Prints TAP per
# group and one "RESULT PASS|FAIL|SKIP group/name" line per test for
# make check to count.
#
#   run_all.sh NAME BUILD_DIR     (NAME labels the results: 6.1, 6.12, debug)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
name=$1
bdir=$2
ko=$bdir/sockctl.ko
kunit_ko=$bdir/sockctl_kunit.ko
export PATH="$top/ctl:$PATH"
# Tests that unload and reload the module take it from here.
export SOCKCTL_KO=$ko

loaded() { grep -q "^$1 " /proc/modules; }

family_registered() {
	# The CLI exits 3 exactly when the family is missing.
	sockctl -q info >/dev/null
}

module_load() {
	echo "TAP version 13"
	tap_check "insmod $(basename "$ko")" insmod "$ko"
	tap_check "generic netlink family registered" family_registered
	tap_done
}

# Unloading must remove the family; reloading must bring it back.
module_cycle() {
	local i rc
	echo "TAP version 13"
	tap_check "rmmod sockctl" rmmod sockctl
	sockctl info >/dev/null 2>&1; rc=$?
	tap_check "CLI reports the missing module (exit 3)" test "$rc" -eq 3
	cycle() {
		for i in $(seq 1 10); do
			insmod "$ko" && sockctl -q info >/dev/null && rmmod sockctl || return 1
		done
	}
	tap_check "10 load/query/unload cycles" cycle
	tap_done
}

kunit_results() {
	local suite results
	insmod "$kunit_ko" || { echo "not ok 1 insmod $(basename "$kunit_ko")"; return 1; }
	for suite in /sys/kernel/debug/kunit/sockctl_*; do
		[ -d "$suite" ] || continue
		results=$(cat "$suite/results")
		printf '%s\n' "$results" | sed 's/^/# /'
		# Cases are the subtests, indented one level (4 spaces).
		printf '%s\n' "$results" | sed -n "s/^    \(\(not \)\{0,1\}ok [0-9]* \)/\1$(basename "$suite")./p"
	done
	rmmod sockctl_kunit
}

echo "== sockctl tests on $name (kernel $(uname -r))"
loaded sockctl && rmmod sockctl
tap_run "$name/module" module_load
loaded sockctl || { echo "RESULT FAIL $name/module/not-loaded-abort"; exit 1; }

# Under KASAN and lockdep, TCG runs ~4x slower.  The debug kernel (the one
# with KUnit) keeps every test of kernel code but runs the fuzzer and the
# unload loop shorter, and leaves the CLI's user-space tables (the same
# kernel paths as inject_test) to the Debian kernels.
heavy_cli_tests=" cli_send_test.sh cli_via_socket_test.sh "
if [ -f "$kunit_ko" ]; then
	export FUZZ_MESSAGES=${FUZZ_MESSAGES:-5000} UNLOAD_CYCLES=${UNLOAD_CYCLES:-10}
fi

# Every compiled kselftest (tests/selftests/*_test.c) and shell test.
for t in "$top"/tests/selftests/out/*_test "$top"/tests/selftests/*_test.sh; do
	[ -x "$t" ] || continue
	t_name=$(basename "$t")
	if [ -f "$kunit_ko" ] && [[ "$heavy_cli_tests" == *" $t_name "* ]]; then
		echo "RESULT SKIP $name/selftests/${t_name%_test.sh} (CLI table: run on the Debian kernels)"
		continue
	fi
	loaded sockctl || insmod "$ko"
	t_name=${t_name%.sh}
	tap_run "$name/selftests/${t_name%_test}" "$t"
done
loaded sockctl || insmod "$ko"

# The kernel's own YNL tooling and Scapy against the module.  Scapy's
# byte-for-byte table takes ~10 min under KASAN: Debian kernels only.
if [ -f "$kunit_ko" ]; then
	SOCKCTL_YNL_SKIP_SCAPY=1 "$top/tests/ynl/run_vm_tests.sh" "$name"
else
	"$top/tests/ynl/run_vm_tests.sh" "$name"
fi
loaded sockctl || insmod "$ko"

if [ -f "$kunit_ko" ]; then
	tap_run "$name/kunit" kunit_results
fi

tap_run "$name/module" module_cycle
exit 0
