#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): fault injection sweep with fail-nth.  Every allocation
# the module's init and each command's handling make fails once, in turn
# (failnth_client: N = 1, 2, 3... until the call succeeds with no fault
# left to inject), and each must end in success or a clean error (-ENOMEM,
# -ENOBUFS) with the module still consistent: the family answers, no job
# or capture session is left behind, the netns can still run as many as
# GET_INFO says, the CLI still works, and the module unloads.  A kernel
# warning, KASAN or lockdep report, or a kmemleak leak fails the VM run.
# Prints TAP, with the number of fault points of each sweep.
#
# Needs a kernel with CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC,
# FAULT_INJECTION_DEBUG_FS and FAULT_INJECTION_STACKTRACE_FILTER (our debug
# kernel, tests/kernel/debug.config); skips elsewhere.  Needs root and
# sockctl.ko loaded; it unloads the module and loads it again from
# build/$(uname -r)/sockctl.ko (or $SOCKCTL_KO).
#
# Which allocations count (FAILNTH_SCOPE):
#   module (default)  those with sockctl.ko code on the stack (the
#                     failslab / fail_page_alloc stack trace filter over the
#                     module area): the module's own error paths
#   all               every allocation of the system call, netlink core
#                     and module loader included (many more points)
# FAILNTH_VERBOSE=1 prints every fault; FAILNTH_SWEEPS="send-l2 job-stop"
# runs only those sweeps (failnth_client list names them).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
client=$top/tests/selftests/out/failnth_client
sockctl=${SOCKCTL:-$top/ctl/sockctl}
ko=${SOCKCTL_KO:-$top/build/$(uname -r)/sockctl.ko}
scope=${FAILNTH_SCOPE:-module}
dbg=/sys/kernel/debug
attrs=(failslab fail_page_alloc)
# x86-64 without KASLR: the module mapping area (MODULES_VADDR..MODULES_END).
modules_end=0xffffffffff000000

echo "TAP version 13"

skip_all() {
	tap_skip "fail-nth fault injection sweep" "$*"
	tap_done
	exit 0
}

[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -e /proc/self/fail-nth ] ||
	skip_all "no /proc/self/fail-nth: kernel without CONFIG_FAULT_INJECTION (the debug kernel has it)"
[ -d "$dbg/failslab" ] ||
	skip_all "no $dbg/failslab: kernel without CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_DEBUG_FS (the debug kernel has them)"
[ -d "$dbg/fail_page_alloc" ] ||
	skip_all "no $dbg/fail_page_alloc: kernel without CONFIG_FAIL_PAGE_ALLOC"
[ -x "$client" ] || skip_all "$client not built (make selftests)"
[ -f "$ko" ] || skip_all "no module at $ko"
if [ "$scope" = module ] && [ ! -e "$dbg/failslab/require-start" ]; then
	skip_all "no stack trace filter (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER): set FAILNTH_SCOPE=all"
fi

# --- the fault attributes: saved, set, restored on exit ----------------------

declare -A saved
knobs=(ignore-gfp-wait verbose stacktrace-depth require-start require-end)

save_knobs() {
	local a k
	for a in "${attrs[@]}"; do
		for k in "${knobs[@]}" min-order; do
			[ -e "$dbg/$a/$k" ] && saved[$a/$k]=$(cat "$dbg/$a/$k")
		done
	done
}

restore_knobs() {
	local key
	for key in "${!saved[@]}"; do
		echo "${saved[$key]}" >"$dbg/$key" 2>/dev/null
	done
}

# The lowest address above the kernel image: any return address at or
# above it (and below the fixmap) is module code.
module_area_start() {
	local a
	a=$(awk '$3 == "_end" { print $1; exit }' /proc/kallsyms)
	case $a in
	"" | 0000000000000000) echo 0xffffffffa0000000 ;;	# MODULES_VADDR, no KASLR
	*) echo "0x$a" ;;
	esac
}

set_knobs() {
	local a start=$1 end=$2
	for a in "${attrs[@]}"; do
		# Our allocations are GFP_KERNEL: they may sleep.  Failslab and
		# fail_page_alloc skip those by default.
		echo N >"$dbg/$a/ignore-gfp-wait" || return 1
		# The message and stack of every injected fault flood a serial
		# console under TCG; fail-nth tells us what we need.
		echo "${FAILNTH_VERBOSE_KERNEL:-0}" >"$dbg/$a/verbose" || return 1
		if [ "$scope" = module ]; then
			echo 32 >"$dbg/$a/stacktrace-depth" &&
			printf '%#x\n' "$start" >"$dbg/$a/require-start" &&
			printf '%#x\n' "$end" >"$dbg/$a/require-end" || return 1
		fi
	done
	# Pages of order 1 and up (kmalloc() above 8 KiB, skb data): order-0
	# pages are mostly slab refills, whose timing is not ours.
	echo 1 >"$dbg/fail_page_alloc/min-order"
}

# A [sockctl] symbol in /proc/kallsyms lies in [start, end).
module_in_range() {
	local start=$1 end=$2 addr
	addr=$(awk '$4 == "[sockctl]" { print $1; exit }' /proc/kallsyms)
	[ -n "$addr" ] || { echo "no [sockctl] symbol in /proc/kallsyms"; return 1; }
	if (( 0x$addr < start || 0x$addr >= end )); then
		printf 'sockctl code at 0x%s is outside [%#x, %#x)\n' "$addr" "$start" "$end"
		return 1
	fi
}

loaded() { grep -q '^sockctl ' /proc/modules; }

cleanup() {
	restore_knobs
	loaded || insmod "$ko" 2>/dev/null
}

save_knobs
trap cleanup EXIT
start=$(module_area_start)
if ! set_knobs "$start" "$modules_end"; then
	tap_check "set the failslab / fail_page_alloc attributes" false
	tap_done
	exit 1
fi
if [ "$scope" = module ]; then
	echo "# fault points: allocations with module code on the stack," \
		"$(printf '[%#x, %#x)' "$start" "$modules_end")"
else
	echo "# fault points: every allocation of the system call"
fi

# --- sweeps --------------------------------------------------------------

# sweep NAME CLIENT-ARGS...: one TAP line "NAME: N fault points"; the
# client's comments are shown as they come (a sweep can take minutes).
sweep() {
	local name=$1 rc points tmp
	shift
	tmp=$(mktemp)
	"$client" "$@" 2>&1 | tee "$tmp" | sed -u '/^#/!s/^/# /'
	rc=${PIPESTATUS[0]}
	points=$(sed -n 's/^# points: \([0-9]*\)$/\1/p' "$tmp")
	case $rc in
	0) tap_check "$name: ${points:-?} fault points, each a clean error or absorbed" true ;;
	4) tap_skip "$name" "$(tail -n 1 "$tmp" | sed 's/^# //')" ;;
	*) tap_check "$name: fault sweep (exit $rc)" false ;;
	esac
	rm -f "$tmp"
}

# requests NAME...: the request sweeps, in one netns; each "result" line
# of the client becomes a TAP line.
requests() {
	local line name verdict rest rc=
	while IFS= read -r line; do
		case $line in
		"#"*)	printf '%s\n' "$line" ;;
		"result capacity "*)
			tap_check "after the sweeps the netns still runs as many jobs and capture sessions as GET_INFO says" \
				test "${line#result capacity }" = "PASS 0" ;;
		"result "*)
			read -r _ name verdict rest <<<"$line"
			case $verdict in
			PASS) tap_check "$name: $rest fault points, each a clean error or absorbed" true ;;
			SKIP) tap_skip "$name" "$rest" ;;
			*) tap_check "$name: fault sweep" false ;;
			esac ;;
		"exit "*) rc=${line#exit } ;;
		*)	printf '# %s\n' "$line" ;;
		esac
	done < <("$client" sweep "$@" 2>&1; echo "exit $?")
	case $rc in
	0 | 1) ;;
	*) tap_check "request sweeps: failnth_client exit status ${rc:-?}" false ;;
	esac
}

cli_works() {
	"$sockctl" info >/dev/null && "$sockctl" jobs >/dev/null && "$sockctl" stats >/dev/null
}

# Module init: from an unloaded module.
if loaded && ! rmmod sockctl; then
	tap_check "rmmod sockctl before the module init sweep" false
else
	sweep "module init" insmod "$ko"
	loaded || insmod "$ko"
fi
if [ "$scope" = module ]; then
	tap_check "sockctl.ko lies in the fault filter's address range" \
		module_in_range "$start" "$modules_end"
fi
tap_check "the CLI works after the module init sweep" cli_works

# shellcheck disable=SC2086 # one word per sweep name
requests ${FAILNTH_SWEEPS:-$("$client" list | cut -f1)}

tap_check "the CLI works after the sweeps (info, jobs, stats)" cli_works
tap_check "rmmod sockctl after the sweeps" rmmod sockctl
tap_check "insmod sockctl again" insmod "$ko"
tap_done
