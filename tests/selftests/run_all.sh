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

# Microseconds since the epoch (EPOCHREALTIME without its decimal point).
now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }
# timed LABEL CMD...: run CMD, then print "# LABEL took N.N s" (a TAP
# comment) so the log shows where the VM's time goes.
timed() {
	local label=$1 t rc=0
	shift
	t=$(now_us)
	"$@" || rc=$?
	t=$(($(now_us) - t))
	printf '# %s took %d.%d s\n' "$label" $((t / 1000000)) $((t / 100000 % 10))
	return $rc
}

# shellcheck disable=SC2317 # run through tap_run or tap_check
family_registered() {
	# The CLI exits 3 exactly when the family is missing.
	sockctl -q info >/dev/null
}

# shellcheck disable=SC2317 # run through tap_run or tap_check
module_load() {
	echo "TAP version 13"
	tap_check "insmod $(basename "$ko")" insmod "$ko"
	tap_check "generic netlink family registered" family_registered
	tap_done
}

# Unloading must remove the family; reloading must bring it back.
# shellcheck disable=SC2317 # run through tap_run or tap_check
module_cycle() {
	local i rc
	echo "TAP version 13"
	tap_check "rmmod sockctl" rmmod sockctl
	sockctl info >/dev/null 2>&1; rc=$?
	tap_check "CLI reports the missing module (exit 3)" test "$rc" -eq 3
	cycle() {
		for ((i = 0; i < module_cycles; i++)); do
			insmod "$ko" && sockctl -q info >/dev/null && rmmod sockctl || return 1
		done
	}
	tap_check "$module_cycles load/query/unload cycles" cycle
	tap_done
}

# shellcheck disable=SC2317 # run through tap_run or tap_check
kunit_results() {
	local suite line
	insmod "$kunit_ko" || { echo "not ok 1 insmod $(basename "$kunit_ko")"; return 1; }
	# Bash builtins only: under the debug kernel each exec costs ~0.3 s,
	# and there are ten suites.
	for suite in /sys/kernel/debug/kunit/sockctl_*; do
		[ -d "$suite" ] || continue
		while IFS= read -r line; do
			echo "# $line"
			# Cases are the subtests, indented one level (4 spaces).
			[[ $line =~ ^\ {4}((not )?ok [0-9]+ )(.*)$ ]] &&
				echo "${BASH_REMATCH[1]}${suite##*/}.${BASH_REMATCH[3]}"
		done <"$suite/results"
	done
	rmmod sockctl_kunit
}

# kmemleak_after GROUP: on a kernel with kmemleak, note GROUP as run; after
# the last group of each set below (or with "kmemleak_after GROUP now"),
# scan and fail the set's kmemleak result if an object allocated since the
# tests began is reported, so a leak is pinned to the few groups that may
# have made it (objects younger than kmemleak's 5 s minimum age show up at
# the next scan, or at the VM runner's final one).  A scan costs 6 s under
# TCG: one per set, not per group.  What the boot left unreferenced is not
# ours.
kml_sets_end=" failnth fuzz unload_stress kunit " # and the last kselftest (below)
kml_pending=''
kml_j0=$(sed -n 's/^jiffies: *\([0-9]*\).*/\1/p' /proc/timer_list 2>/dev/null | head -n 1)
kml_us=0 # time spent in these scans, printed at the end
kmemleak_after() {
	local km=/sys/kernel/debug/kmemleak report t groups
	[ -w "$km" ] || return 0
	kml_pending+=${kml_pending:+'+'}$1
	[ "${2:-}" = now ] || [[ $kml_sets_end == *" $1 "* ]] || return 0
	groups=$kml_pending
	kml_pending=''
	t=$(now_us)
	echo scan >"$km" 2>/dev/null || return 0
	kml_us=$((kml_us + $(now_us) - t))
	report=$(awk -v j0="${kml_j0:-0}" '
		function flush() { if (rec != "" && j + 0 >= j0 + 0) printf "%s", rec; rec = "" }
		/^unreferenced object/ { flush(); j = 0 }
		/^  comm .*jiffies/ { j = $NF }
		{ rec = rec $0 "\n" }
		END { flush() }' "$km")
	if [ -n "$report" ]; then
		printf '%s\n' "$report" | head -40 | sed 's/^/# /'
		echo "RESULT FAIL $name/kmemleak/after-$groups"
	else
		echo "RESULT PASS $name/kmemleak/after-$groups"
	fi
}

echo "== sockctl tests on $name (kernel $(uname -r))"
loaded sockctl && rmmod sockctl
tap_run "$name/module" module_load
loaded sockctl || { echo "RESULT FAIL $name/module/not-loaded-abort"; exit 1; }

# Under KASAN and lockdep, TCG runs ~4x slower, and user space more so
# (any exec ~1 s, a python3 start 6-12 s).  The debug kernel (the one with
# KUnit) keeps every test of kernel code but runs the fuzzer and the unload
# loop shorter, and leaves to the Debian kernels what drives the same kernel
# paths from user-space tools: the CLI's tables and checks (the kernel
# paths are the inject_* and info kselftests') and the YNL and Scapy
# cross-checks (python tooling against the module's policies and replies,
# which are the same on every kernel).
heavy_cli_tests=" cli_info_test.sh cli_send_test.sh cli_via_socket_test.sh capture_pcap_test.sh "
# The privilege matrix drives every command as eight kinds of caller: the
# same checks on every kernel, 6-8 min under KASAN; the fail-nth sweep
# covers those commands' error paths there.
debian_only_tests=" privilege_test "
# The compiled kselftests are one kmemleak set: it ends with the last of
# them that runs on this kernel.
last_kselftest=''
for t in "$top"/tests/selftests/out/*_test; do
	[ -x "$t" ] || continue
	[ -f "$kunit_ko" ] && [[ "$debian_only_tests" == *" $(basename "$t") "* ]] && continue
	last_kselftest=$(basename "$t" _test)
done
kml_sets_end+="$last_kselftest "
# rmmod under load: 10 cycles on each Debian kernel and 5 on the debug
# one make 25 a make check, 3-5 s each on Debian and 10 on debug under
# load (UNLOAD_CYCLES=200 for a long run by hand).  The fuzzer's 3000
# messages on the debug kernel are its every fixed phase (about 2600
# messages) and a few hundred random mutations, with 50 rounds of each race
# phase (jobs and capture sessions; 200 and 100 on Debian's kernels,
# which get 20000 messages each); make fuzz N=1000000 is a long run.
# The plain load/query/unload cycles at the end: 10, 4 on the debug kernel
# (2 s each there; unload_stress has loaded and unloaded it under load).
module_cycles=10
if [ -f "$kunit_ko" ]; then
	module_cycles=4
	export FUZZ_MESSAGES=${FUZZ_MESSAGES:-3000} UNLOAD_CYCLES=${UNLOAD_CYCLES:-5}
	export FUZZ_ARGS=${FUZZ_ARGS:--j 50 -c 50}
else
	export UNLOAD_CYCLES=${UNLOAD_CYCLES:-10}
fi

# Every compiled kselftest (tests/selftests/*_test.c) and shell test.
for t in "$top"/tests/selftests/out/*_test "$top"/tests/selftests/*_test.sh; do
	[ -x "$t" ] || continue
	t_name=$(basename "$t")
	if [ -f "$kunit_ko" ] && [[ "$heavy_cli_tests" == *" $t_name "* ]]; then
		echo "RESULT SKIP $name/selftests/${t_name%_test.sh} (CLI test: run on the Debian kernels)"
		continue
	fi
	if [ -f "$kunit_ko" ] && [[ "$debian_only_tests" == *" $t_name "* ]]; then
		echo "RESULT SKIP $name/selftests/${t_name%_test} (same checks on every kernel: run on the Debian kernels)"
		continue
	fi
	loaded sockctl || insmod "$ko"
	t_name=${t_name%.sh}
	timed "${t_name%_test}" tap_run "$name/selftests/${t_name%_test}" "$t"
	kmemleak_after "${t_name%_test}"
done
loaded sockctl || insmod "$ko"

# The kernel's own YNL tooling and Scapy against the module: Debian
# kernels only (see above; under KASAN they took ~10 min with Scapy, several
# without).
# The policy dump differs between kernels, so each checks its own; cli.py
# (the 6.12 tree's tool, 36 s of python starts) and Scapy (12 s to import)
# drive the same module code on either, so make check runs each on one.
if [ -f "$kunit_ko" ]; then
	echo "RESULT SKIP $name/ynl (YNL and Scapy cross-checks: run on the Debian kernels)"
else
	case $name in
	6.1) ynl_tests="policy scapy" ;;
	6.12) ynl_tests="cli policy" ;;
	*) ynl_tests="cli policy scapy" ;;
	esac
	SOCKCTL_YNL_TESTS=${SOCKCTL_YNL_TESTS:-$ynl_tests} \
		timed ynl "$top/tests/ynl/run_vm_tests.sh" "$name"
fi
loaded sockctl || insmod "$ko"

if [ -f "$kunit_ko" ]; then
	timed kunit tap_run "$name/kunit" kunit_results
	kmemleak_after kunit now
fi

timed module_cycle tap_run "$name/module" module_cycle
[ "$kml_us" = 0 ] ||
	printf '# kmemleak scans took %d.%d s\n' $((kml_us / 1000000)) $((kml_us / 100000 % 10))
echo "# all tests took $SECONDS s"
exit 0
