#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: the whole test suite.
#
#  1. install what is missing (apt), build the debug kernel if not cached;
#  2. build the module for every kernel with W=1 and sparse (C=1): any
#     warning fails; build the CLI with -Werror; checkpatch --strict;
#  3. host unit tests of the CLI;
#  4. per kernel (Debian 6.1, Debian 6.12, our debug kernel with KASAN,
#     kmemleak, lockdep): boot the lab VM, run the selftests (and the KUnit
#     suites where the kernel has KUnit); a kernel splat fails the kernel.
#
# Prints a summary per kernel and, last, "N passed, N failed, N skipped".
# Exits non-zero on any failure.
#
# SOCKCTL_KERNELS="6.1 6.12 debug" picks the kernels; SOCKCTL_VM_TIMEOUT the
# per-VM limit in seconds.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tests/lib/kernels.sh
. tests/lib/tap.sh

kernels=${SOCKCTL_KERNELS:-6.1 6.12 debug}
all_kernels=$kernels
vm_timeout=${SOCKCTL_VM_TIMEOUT:-2400}
logdir=$top/build/check
rm -rf "$logdir" && mkdir -p "$logdir"
results=$logdir/results
: >"$results"
t0=$(date +%s)

stage() { printf '\n== %s  [+%ds]\n' "$*" $(($(date +%s) - t0)); }
result() { echo "RESULT $1 $2" | tee -a "$results"; }
# Keep the RESULT lines of a TAP-producing command.
collect() { grep '^RESULT ' | tee -a "$results" >/dev/null; }

stage "dependencies (make deps)"
tests/deps.sh || { echo "check: cannot install dependencies" >&2; exit 1; }

if [[ " $kernels " == *" debug "* ]]; then
	stage "debug kernel (cached by config hash)"
	if tests/kernel/debug-kernel.sh build; then
		result PASS debug/kernel-build
	else
		result FAIL debug/kernel-build
		kernels=${kernels//debug/}
	fi
fi

stage "build: module with W=1 C=1 for each kernel"
declare -A kver
for k in $kernels; do
	kver[$k]=$(kernel_release "$k")
	log=$logdir/build-$k.log
	rm -rf "build/${kver[$k]}"
	if [ "$k" = debug ]; then
		set -- KDIR="$(kernel_build_dir debug)"
	else
		set -- KVER="${kver[$k]}"
	fi
	if make --no-print-directory module "$@" W=1 C=1 >"$log" 2>&1; then
		if grep -E 'warning:|error:' "$log"; then
			result FAIL "$k/build/warning-free (W=1 C=1)"
		else
			result PASS "$k/build/warning-free (W=1 C=1)"
		fi
	else
		tail -n 30 "$log"
		result FAIL "$k/build/module"
		kernels=${kernels//$k/}
	fi
done

stage "build: CLI, unit tests and selftests with -Werror"
rm -f ctl/sockctl tests/ctl/unit_tests
if make --no-print-directory cli selftests CFLAGS=-Werror >"$logdir/build-cli.log" 2>&1; then
	result PASS host/build/cli-and-tests
else
	tail -n 30 "$logdir/build-cli.log"
	result FAIL host/build/cli-and-tests
fi

stage "checkpatch --strict"
tap_run host/checkpatch tests/checkpatch.sh | collect

stage "uapi header versus the YNL spec; KUnit vectors versus Scapy"
tap_run host/ynl-uapi tests/ynl/check_uapi.py | collect
tap_run host/kunit-vectors tests/ynl/kunit_vectors.py | collect

stage "host unit tests of the CLI"
tap_run host/cli-unit tests/ctl/unit_tests | tee "$logdir/cli-unit.log" | collect
grep -v '^RESULT' "$logdir/cli-unit.log" | grep '^not ok' || true

for k in $kernels; do
	stage "VM on $k (${kver[$k]}): selftests$([ "$k" = debug ] && echo ' + KUnit, under KASAN/kmemleak/lockdep')"
	log=$logdir/vm-$k.log
	tests/vm/run.sh --kernel "$k" --timeout "$vm_timeout" \
		--console "$logdir/console-$k.log" \
		-- tests/selftests/run_all.sh "$k" "build/${kver[$k]}" >"$log" 2>&1
	rc=$?
	collect <"$log"
	grep -E '^(not ok|# +FAIL|#.*:[0-9]+:.*Expected)' "$log" | head -n 40
	case $rc in
	0)	result PASS "$k/vm/clean-run-no-splat" ;;
	86)	tail -n 60 "$log"
		result FAIL "$k/vm/kernel-splat (console: $logdir/console-$k.log)" ;;
	124)	tail -n 30 "$log"
		result FAIL "$k/vm/timeout-${vm_timeout}s" ;;
	*)	tail -n 30 "$log"
		result FAIL "$k/vm/exit-status-$rc" ;;
	esac
done

stage "summary"
total_pass=0 total_fail=0 total_skip=0
for group in host $all_kernels; do
	p=$(grep -c "^RESULT PASS $group/" "$results")
	f=$(grep -c "^RESULT FAIL $group/" "$results")
	s=$(grep -c "^RESULT SKIP $group/" "$results")
	name=$group
	[ "$group" != host ] && name="$group (${kver[$group]:-not built})"
	printf '%-32s %4d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
	grep "^RESULT FAIL $group/" "$results" | sed 's/^RESULT FAIL /    FAILED: /'
done
total_pass=$(grep -c '^RESULT PASS ' "$results")
total_fail=$(grep -c '^RESULT FAIL ' "$results")
total_skip=$(grep -c '^RESULT SKIP ' "$results")
echo "logs: $logdir; total time $(($(date +%s) - t0)) s"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
