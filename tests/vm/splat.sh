#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernel splat detection on a guest console log.
#
# Sourced by run.sh (splat_find / splat_report), or run on its own:
#   tests/vm/splat.sh [-c] LOGFILE
# prints the matching lines (with -c: the first splat with context) and
# exits 1 if the log has a splat, 0 if it is clean, 2 on a usage error.
#
# The patterns are what the kernel prints when something went wrong, not
# just "something with a stack trace": a bare "Call Trace:" also comes from
# sysrq dumps and the like, and every real splat that has one is announced
# by one of the lines below first.

# One extended regex per line; matched anywhere in a console line (the
# printk timestamp and a CPU/caller prefix come before them).
SPLAT_PATTERNS=(
	'Oops: '				# x86 oops header, 6.1 and 6.12 forms
	'BUG: '					# BUG: KASAN/KFENCE/KCSAN/unable to handle/sleeping function/soft lockup/...
	'kernel BUG at '
	'(^|\] )BUG [^ ]+ \((Not t|T)ainted'	# SLUB debug: "BUG kmalloc-64 (Tainted: G): Poison overwritten"
	'WARNING: '				# WARN*(); lockdep's "WARNING: possible circular/recursive locking", RCU's "WARNING: suspicious RCU usage"
	'\[ cut here \]'
	'KASAN: '
	'UBSAN: '
	'KFENCE: '
	'KMSAN: '
	# kmemleak: guest-init.sh cats the report after the command.  Not its
	# "N new suspected memory leaks" line: the scan before the command
	# prints that for what the boot left behind, which is then cleared.
	'unreferenced object 0x'
	'possible circular locking'
	'possible recursive locking'
	'inconsistent lock state'
	'suspicious RCU usage'
	'INFO: lockdep'
	'INFO: possible '			# INFO: possible irq lock inversion dependency detected
	'INFO: trying to register non-static key'
	'bad unlock balance'
	'blocked for more than [0-9]+ seconds'	# hung task
	'refcount_t: '
	'ref_tracker: '
	'unregister_netdevice: waiting for'
	'Kernel panic'
	'general protection fault'
	'Unable to handle kernel'
	'soft lockup'
	'hard LOCKUP'
	'self-detected stall'
	'detected stalls? on CPU'
	'rcu: INFO: '
	'list_(add|del) corruption'
	'ODEBUG: '				# debugobjects
	'Bad page (state|map)'
	'page allocation failure'
	'invoked oom-killer'
	'stack(-protector| guard page was hit| is corrupted)'
)

# Lines that look like a pattern above but are expected:
# - an out-of-tree, unsigned module taints a Debian kernel with these two
#   notes.  None of the patterns above matches them today; they are listed
#   so nobody ever adds a pattern like "taint" that would;
# - ref_tracker saying that an allocation of its own failed: a reference
#   taken with GFP_ATOMIC (a route's or a neighbour's hold on its device, on
#   the packet path) then goes uncounted by the debug tracker, and is still
#   counted by the refcount itself.  The fail-nth sweep fails allocations on
#   purpose, that one among them.  A real tracker report (a leaked or
#   doubly released reference) says something else and still matches.
SPLAT_BENIGN=(
	'module verification failed: signature and/or required key missing - tainting kernel'
	'loading out-of-tree module taints kernel'
	'ref_tracker: memory allocation failure, unreliable refcount tracker'
)

_splat_regex() {
	local IFS='|'
	printf '%s' "${SPLAT_PATTERNS[*]}"
}

_splat_benign_regex() {
	local IFS='|'
	printf '%s' "${SPLAT_BENIGN[*]}"
}

# splat_find LOG: print "LINENO:line" for every splat line of LOG.
# Returns 0 if there is at least one, 1 if none.  Serial consoles end lines
# with CR LF; the CR is stripped so the output pastes cleanly.
splat_find() {
	local log=$1
	tr -d '\r' <"$log" | grep -naE -- "$(_splat_regex)" |
		grep -vE -- "$(_splat_benign_regex)"
}

# splat_report LOG [PREFIX] [CONTEXT]: if LOG has a splat, print the first one
# with a few lines before and CONTEXT (default 30) lines after, then a list
# of all splat lines (at most 20), each line prefixed by PREFIX; return 0.
# Return 1 (printing nothing) when the log is clean.
splat_report() {
	local log=$1 prefix=${2:-} ctx=${3:-30} matches first total
	matches=$(splat_find "$log") || return 1
	first=${matches%%:*}
	total=$(printf '%s\n' "$matches" | wc -l)
	{
		echo "kernel splat in the console log (first at line $first):"
		tr -d '\r' <"$log" | sed -n "$((first > 5 ? first - 5 : 1)),$((first + ctx))p"
		echo "--- all $total splat line(s) (first 20) ---"
		printf '%s\n' "$matches" | head -n 20
	} | sed "s|^|$prefix|"
	return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	context=0
	if [ "${1:-}" = -c ]; then
		context=1
		shift
	fi
	if [ $# -ne 1 ] || [ ! -r "$1" ]; then
		echo "usage: $0 [-c] LOGFILE  (exit 1 if LOGFILE has a kernel splat)" >&2
		exit 2
	fi
	if [ $context = 1 ]; then
		splat_report "$1" && exit 1
	else
		splat_find "$1" && exit 1
	fi
	exit 0
fi
