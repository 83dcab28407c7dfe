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
# What can overlap does: the builds run SOCKCTL_CHECK_JOBS at a time (default
# the number of CPUs), the CLI first, then the modules in the order their
# VMs start; each VM starts as soon as the CLI and its module are built, the
# debug kernel's (the longest) first and with the others at nice 5, up to
# SOCKCTL_CHECK_VMS at once (default 3, i.e. all; 1 runs them one after the
# other), and the host checks run while the VMs do.  A TCG VM is often
# waiting (timeouts, pacing), so the VMs share the CPUs well.  Every VM has
# its own log and console log; each kernel's summary is printed as before.
#
# Prints a summary per kernel and, last, "N passed, N failed, N skipped".
# Exits non-zero on any failure.
#
# SOCKCTL_KERNELS="6.1 6.12 debug" picks the kernels; SOCKCTL_CHECK_DEBIAN_CPUS
# the Debian VMs' vCPUs (default 1); SOCKCTL_VM_TIMEOUT the
# per-VM limit in seconds.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib/kernels.sh
. tests/lib/tap.sh

kernels=${SOCKCTL_KERNELS:-6.1 6.12 debug}
all_kernels=$kernels
# The debug VM (KASAN, kmemleak scans after each group) is the long one:
# 40 min on a loaded 2-core host; CI's own limit is 90.
vm_timeout=${SOCKCTL_VM_TIMEOUT:-3600}
build_slots=${SOCKCTL_CHECK_JOBS:-$(nproc 2>/dev/null || echo 2)}
vm_slots=${SOCKCTL_CHECK_VMS:-3}
for n in "$build_slots" "$vm_slots"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "check: SOCKCTL_CHECK_JOBS/VMS: not a number: $n" >&2; exit 1; }
done
logdir=$top/build/check
rm -rf "$logdir" && mkdir -p "$logdir"
results=$logdir/results
: >"$results"
t0=$(date +%s)

stage() { printf '\n== %s  [+%ds]\n' "$*" $(($(date +%s) - t0)); }
result() { echo "RESULT $1 $2" | tee -a "$results"; }
# Keep the RESULT lines of a TAP-producing command.
collect() { grep '^RESULT ' | tee -a "$results" >/dev/null; }

# --- background jobs ---------------------------------------------------------

# spawn NAME LOG CMD...: run CMD in the background, its output in LOG.
declare -A running=() started=()
spawn() {
	local name=$1 log=$2
	shift 2
	"$@" >"$log" 2>&1 </dev/null &
	running[$name]=$!
	started[$name]=$(date +%s)
}
# reap: wait for one of the running jobs to end; REPLY=its name, rc=its
# exit status, secs=how long it ran.
reap() {
	local done_pid='' name
	rc=0
	wait -n -p done_pid "${running[@]}" || rc=$?
	for name in "${!running[@]}"; do
		[ "${running[$name]}" = "$done_pid" ] && break
	done
	unset "running[$name]"
	REPLY=$name
	secs=$(($(date +%s) - started[$name]))
}
n_running() { # PREFIX: how many running jobs have a name starting so
	local name n=0
	for name in "${!running[@]}"; do
		[[ $name == "$1"* ]] && n=$((n + 1))
	done
	echo "$n"
}
# If check.sh is interrupted, its builds and VMs go too.
# shellcheck disable=SC2317 # run by the trap
kill_jobs() {
	local p
	for p in "${running[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
}
trap 'kill_jobs; exit 130' INT
trap 'kill_jobs; exit 143' TERM

# --- dependencies, debug kernel -----------------------------------------------

stage "dependencies (make deps)"
tests/deps.sh || { echo "check: cannot install dependencies" >&2; exit 1; }

if [[ " $kernels " == *" debug "* ]]; then
	stage "debug kernel (cached by config hash)"
	if tests/kernel/debug-kernel.sh build; then
		result PASS debug/kernel-build
	else
		result FAIL debug/kernel-build
		kernels=" $kernels "
		kernels=${kernels// debug / }
	fi
fi

# The debug kernel's VM is the longest: it starts first.
vm_order=()
for k in debug $kernels; do
	[[ " $kernels " == *" $k "* ]] && [[ " ${vm_order[*]} " != *" $k "* ]] && vm_order+=("$k")
done
declare -A kver=()
for k in "${vm_order[@]}"; do
	kver[$k]=$(kernel_release "$k")
done

# --- builds, and the VMs as soon as what they need is built -------------------

build_module() { # KERNEL
	local k=$1
	rm -rf "build/${kver[$k]}"
	if [ "$k" = debug ]; then
		set -- KDIR="$(kernel_build_dir debug)"
	else
		set -- KVER="${kver[$k]}"
	fi
	make --no-print-directory module "$@" W=1 C=1
}
build_cli() {
	rm -f ctl/sockctl tests/ctl/unit_tests
	make --no-print-directory cli selftests CFLAGS=-Werror
}

vm_stage_name() { # KERNEL
	echo "VM on $1 (${kver[$1]}): selftests$([ "$1" = debug ] && echo ' + KUnit, under KASAN/kmemleak/lockdep')"
}
# The debug kernel's VM is the longest by far (KASAN, lockdep): when it runs,
# the others run at nice 5, so it gets most of the CPU whenever they all
# want it, and they fill in when it waits.
#
# The Debian kernels' VMs get one vCPU, the debug kernel's two.  Under TCG a
# second vCPU costs host CPU even when the guest has little to run on it
# (cross-vCPU TLB flushes and IPIs, spinning on a lock whose holder's vCPU
# thread the host has descheduled): the 6.1 VM alone took 319 s of CPU with
# two and 211 with one, in 373 and 345 s.  On a 2-core host running three
# VMs, CPU time is what make check waits for.  The debug kernel, whose
# KASAN and lockdep are there to catch what concurrency breaks, keeps two.
# Its VM has 1 GB rather than 2: kmemleak's scan after each test group
# reads every struct page, and took 9-12 s with 2 GB, 6 s with 1 GB.
start_vm() { # KERNEL
	local k=$1 prio=() cpus=2 mem=1024
	stage "$(vm_stage_name "$k"): started"
	if [ "$k" != debug ]; then
		mem=2048
		cpus=${SOCKCTL_CHECK_DEBIAN_CPUS:-1}
		[[ " ${vm_order[*]} " == *" debug "* ]] && prio=(nice -n 5)
	fi
	# The wrapper notes the CPU time the VM used (qemu's, reaped by
	# run.sh): on a machine with fewer cores than vCPUs in all, the sum
	# over the VMs, not any one VM's length, sets how long make check takes.
	# It passes kill_jobs's TERM on to run.sh, which powers the VM off.
	# shellcheck disable=SC2016 # the inner shell's
	spawn "vm-$k" "$logdir/vm-$k.log" bash -c '
		trap "kill -TERM \$pid 2>/dev/null" TERM INT
		"${@:2}" & pid=$!
		while :; do
			wait "$pid"; rc=$?
			kill -0 "$pid" 2>/dev/null || break
		done
		times >"$1"
		exit $rc' _ "$logdir/vm-$k.cpu" \
		"${prio[@]}" tests/vm/run.sh --kernel "$k" --cpus "$cpus" --mem "$mem" --timeout "$vm_timeout" \
		--console "$logdir/console-$k.log" \
		-- tests/selftests/run_all.sh "$k" "build/${kver[$k]}"
}
# vm_cpu KERNEL: "N s of CPU" from the wrapper's times (its second line,
# the children's: "0m1.5s 0m0.2s").
vm_cpu() {
	[ -s "$logdir/vm-$1.cpu" ] || return 0
	awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }
		printf "%.0f s of CPU (user+sys)", t }' "$logdir/vm-$1.cpu"
}

# What a finished job means, printed when it ends.
build_done() { # NAME (rc, secs set by reap)
	local k log
	case $1 in
	build-cli)
		log=$logdir/build-cli.log
		stage "build: CLI, unit tests and selftests with -Werror: done in ${secs}s"
		if [ "$rc" = 0 ]; then
			cli_ok=1
			result PASS host/build/cli-and-tests
		else
			cli_ok=0
			tail -n 30 "$log"
			result FAIL host/build/cli-and-tests
		fi
		;;
	build-*)
		k=${1#build-}
		log=$logdir/build-$k.log
		stage "build: module with W=1 C=1 for $k: done in ${secs}s"
		if [ "$rc" = 0 ]; then
			built[$k]=1
			if grep -E 'warning:|error:' "$log"; then
				result FAIL "$k/build/warning-free (W=1 C=1)"
			else
				result PASS "$k/build/warning-free (W=1 C=1)"
			fi
		else
			built[$k]=0
			tail -n 30 "$log"
			result FAIL "$k/build/module"
		fi
		;;
	esac
}

vm_done() { # KERNEL (rc, secs set by reap)
	local k=$1 log=$logdir/vm-$1.log times
	stage "$(vm_stage_name "$k"): done in ${secs}s, $(vm_cpu "$k"), exit $rc"
	collect <"$log"
	# Where the VM's time went (run_all.sh prints "# TEST took N s").
	times=$(sed -n 's/^# \(.*\) took \([0-9.]*\) s$/\1 \2s/p' "$log" | paste -sd, - | sed 's/,/, /g')
	[ -z "$times" ] || echo "   times: $times"
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
}

declare -A built=() vm_started=()
cli_ok=''
builds=(cli "${vm_order[@]}")
stage "build: CLI and tests, then the module for ${vm_order[*]} (W=1 C=1), $build_slots at a time"
# Start whatever can start, then wait for the next job to end; until the
# builds are done (the VMs go on while the host checks run).
start_ready() {
	local k
	while [ ${#builds[@]} -gt 0 ] && [ "$(n_running build-)" -lt "$build_slots" ]; do
		if [ "${builds[0]}" = cli ]; then
			spawn build-cli "$logdir/build-cli.log" build_cli
		else
			spawn "build-${builds[0]}" "$logdir/build-${builds[0]}.log" build_module "${builds[0]}"
		fi
		builds=("${builds[@]:1}")
	done
	[ "$cli_ok" = 1 ] || return 0
	for k in "${vm_order[@]}"; do
		if [ "${built[$k]:-}" != 1 ] || [ -n "${vm_started[$k]:-}" ]; then
			continue
		fi
		[ "$(n_running vm-)" -lt "$vm_slots" ] || return 0
		vm_started[$k]=1
		start_vm "$k"
	done
}
# A finished VM: its verdict, at once.
handle() { # NAME
	case $1 in
	build-*) build_done "$1" ;;
	vm-*) vm_done "${1#vm-}" ;;
	esac
}
start_ready
while [ ${#builds[@]} -gt 0 ] || [ "$(n_running build-)" -gt 0 ]; do
	reap
	handle "$REPLY"
	start_ready
done
if [ "$cli_ok" != 1 ]; then
	for k in "${vm_order[@]}"; do
		[ "${built[$k]:-}" = 1 ] && result FAIL "$k/vm/not-run (the CLI and tests did not build)"
	done
fi

# --- host checks, while the VMs run --------------------------------------------

stage "checkpatch --strict"
tap_run host/checkpatch tests/checkpatch.sh | collect

stage "uapi header versus the YNL spec; KUnit vectors versus Scapy"
tap_run host/ynl-uapi tests/ynl/check_uapi.py | collect
tap_run host/syzkaller-sync tests/syzkaller/check_sync.py | collect
tap_run host/kunit-vectors tests/ynl/kunit_vectors.py | collect

stage "host unit tests of the CLI"
if [ -x tests/ctl/unit_tests ]; then
	tap_run host/cli-unit tests/ctl/unit_tests | tee "$logdir/cli-unit.log" | collect
	grep -v '^RESULT' "$logdir/cli-unit.log" | grep '^not ok' || true
else
	result FAIL "host/cli-unit (tests/ctl/unit_tests not built)"
fi

# --- the VMs --------------------------------------------------------------------

while [ ${#running[@]} -gt 0 ]; do
	reap
	handle "$REPLY"
	start_ready
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
