#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): unload the module again and again while it is busy.
# Each cycle loads sockctl.ko and, all at once, checks that it answers
# GET_INFO, starts a paced SEND job the CLI follows (initial netns), a
# background job in a second netns and a capture session (`sockctl capture
# -w`) of the followed job's packets; as soon as all of that is seen running
# (the followed job's packets on the wire, the background job started, the
# capture writing packets, an answer to each of the two request loops below
# since the load) it unloads the module (retrying briefly if rmmod finds it
# in use) and checks that it is gone: no module, CLI exit status 3, the CLI
# that followed its job not left hanging, the capture ended by the unload
# (exit status 4).  All along, a loop of JOB_GET dumps and a loop of GET_INFO
# run the CLI, generic netlink sockets are opened and closed as fast as
# possible (every close is a NETLINK_URELEASE for the module's notifier) and
# network namespaces come and go, so that module load and unload race with
# all of them.
#
# Prints TAP: one test per UNLOAD_BATCH (10) cycles, with the time a cycle
# took and where it went, then "no kernel warning" and a final reload.  The
# lab VM's runner also fails the run on any splat in the console (and, on
# the debug kernel, on a kmemleak report).
#
# Needs root; runs in the lab VM.  Reloads the module at the end from
# build/$(uname -r)/sockctl.ko (or $SOCKCTL_KO).
#
# Speed (what a cycle costs is what this test costs): nothing here sleeps
# for a fixed time, every wait polls, and the polling uses bash builtins
# (each exec of a dynamically linked program costs 0.1-0.3 s in the TCG
# guest).  The test itself runs at nice -10 and everything that loads the
# module (request loops, churn) at the default 0: the load competes with
# itself and with the module's jobs as before, but no longer slows down the
# steps of the cycle, which used to get a fraction of the two vCPUs.  (In
# the lab VM, tests/vm/modprobe.sh fails the autoload of the family at
# once.)  Measured back to back with the old version (sleep 1, per-cycle
# loops, everything at one priority) on a lightly loaded host: 1.1 s a
# cycle instead of 6.0 on 6.1, 9.9 s instead of 24 on the debug kernel.
#
# Environment: UNLOAD_CYCLES (default 50), UNLOAD_BATCH (10),
# UNLOAD_BUSY_SECONDS (extra time the module runs busy before rmmod, once
# everything is seen running; default 0), UNLOAD_CHURN (0: no socket and
# netns churn), UNLOAD_MAX_SECONDS (default 900: no new cycle starts after
# that long; the count done is printed).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
ko=${SOCKCTL_KO:-$top/build/$(uname -r)/sockctl.ko}
sockctl=${SOCKCTL:-$top/ctl/sockctl}
cycles=${UNLOAD_CYCLES:-50}
batch=${UNLOAD_BATCH:-10}
busy=${UNLOAD_BUSY_SECONDS:-0}
churn=${UNLOAD_CHURN:-1}
max_seconds=${UNLOAD_MAX_SECONDS:-900}
dev=fzu0
ns=fzu-$$
jobns=fzu-jobs-$$
jobdev=fzu1
tmp=$(mktemp -d)
load_pids=()

# Builtins only (no fork, no exec): see "Speed" above.
loaded() {
	local m _
	while read -r m _; do
		[ "$m" = sockctl ] && return 0
	done </proc/modules
	return 1
}
now_us() { REPLY=${EPOCHREALTIME//[!0-9]/}; }
# within SECONDS START_US: true until SECONDS have passed since START_US.
within() {
	now_us
	[ $((REPLY - $2)) -lt $(($1 * 1000000)) ]
}
# nap SECONDS: a sleep that execs nothing.
. "$top/tests/lib/nap.sh"

stop_load() {
	local p
	for p in "${load_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${load_pids[@]}"; do
		wait "$p" 2>/dev/null
	done
	load_pids=()
}

cleanup() {
	stop_load
	ip link del "$dev" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	ip netns del "$jobns" 2>/dev/null
	exec {nap_fd}>&-
	rm -rf "$tmp"
	loaded || insmod "$ko" 2>/dev/null
}
trap cleanup EXIT

# Opens, binds and closes generic netlink sockets in a tight loop.
churn_bin=$top/tests/selftests/out/genl_churn

echo "TAP version 13"
if [ ! -r "$ko" ]; then
	tap_skip "unload under load" "no module at $ko"
	tap_done
	exit
fi
if [ ! -x "$sockctl" ]; then
	tap_skip "unload under load" "no CLI at $sockctl (make cli)"
	tap_done
	exit
fi
if [ "$churn" != 0 ] && [ ! -x "$churn_bin" ]; then
	tap_skip "unload under load" "no $churn_bin (make selftests)"
	tap_done
	exit
fi
setup() {
	ip link add "$dev" type dummy && ip link set "$dev" up &&
		ip netns add "$jobns" &&
		ip -n "$jobns" link add "$jobdev" type dummy &&
		ip -n "$jobns" link set "$jobdev" up
}
if ! setup; then
	echo "not ok 1 setup: dummy devices $dev and $jobns/$jobdev"
	echo "1..1"
	exit 1
fi
dmesg_before=$(dmesg | wc -l)
loaded && rmmod sockctl

# The cycles' steps first (see "Speed"); "nice -n 10" below is back to 0.
renice -n -10 -p $$ >/dev/null 2>&1
: >"$tmp/dumps"
: >"$tmp/infos"
# The request loops note each answer (a CLI exit status 0).
# shellcheck disable=SC2016 # $1, $2 are the inner shell's
nice -n 10 bash -c 'while :; do "$1" -q jobs && echo >>"$2"; done' \
	_ "$sockctl" "$tmp/dumps" >/dev/null 2>&1 &
load_pids+=($!)
# shellcheck disable=SC2016
nice -n 10 bash -c 'while :; do "$1" -q info && echo >>"$2"; done' \
	_ "$sockctl" "$tmp/infos" >/dev/null 2>&1 &
load_pids+=($!)
if [ "$churn" != 0 ]; then
	nice -n 10 "$churn_bin" >/dev/null 2>&1 &
	load_pids+=($!)
	# shellcheck disable=SC2016
	nice -n 10 bash -c 'while :; do ip netns add "$1" && ip netns del "$1"; done' \
		_ "$ns" >/dev/null 2>&1 &
	load_pids+=($!)
fi

# exits_by_itself CYCLE PID WHAT LOG T: PID (a CLI) exits by itself within
# 120 s of T (us) once the module is gone; REPLY=its exit status.  Fails,
# and kills it, if it does not, saying what it was doing.  The bound is for
# a CLI left hanging, not a speed limit: it usually takes under a second,
# but its way out (a request that fails, a lookup of the family that asks
# modprobe for it) has taken over 30 s in a VM starved by the others of a
# make check.
exits_by_itself() {
	local st
	while within 120 "$5"; do
		proc_state "$2"
		case $REPLY in "" | Z) break ;; esac
		nap 0.025
	done
	proc_state "$2"
	st=$REPLY
	if [ -n "$st" ] && [ "$st" != Z ]; then
		echo "cycle $1: $3 still runs 120 s after rmmod (state $st, in" \
			"$(cat "/proc/$2/wchan" 2>/dev/null)):"
		head -n 8 "/proc/$2/stack" 2>/dev/null
		tail -n 3 "$4"
		kill "$2" 2>/dev/null
		wait "$2" 2>/dev/null
		REPLY=$?
		return 1
	fi
	wait "$2" 2>/dev/null
	REPLY=$?
}

# proc_state PID: REPLY=its state letter (R, S, D, Z...), empty if it is gone.
# (/proc/PID/stat ends without a newline: read fails but fills the line.)
proc_state() {
	local line=''
	read -r line 2>/dev/null <"/proc/$1/stat"
	line=${line##*) }
	REPLY=${line%% *}
}

# One cycle; prints what went wrong, fails if anything did.  Appends its
# step times (ms) and counters to $tmp/stats.
cycle() {
	local n=$1 ok=0 i rc fpid bpid qpid cpid capout tx0 tx t0 t1 t2 t3 t4 ready=0
	read -r tx0 <"/sys/class/net/$dev/statistics/tx_packets"
	now_us; t0=$REPLY
	insmod "$ko" || { echo "cycle $n: insmod failed"; return 1; }
	# An answer noted from now on is this module's (a request that found
	# the family before found the last one's, and failed).
	: >"$tmp/dumps"
	: >"$tmp/infos"
	now_us; t1=$REPLY

	# Everything that keeps the module busy, started at once.
	"$sockctl" -q info >"$tmp/info" 2>&1 &
	qpid=$!
	"$sockctl" send dev "$dev" count 1000000 rate 10000pps ip dst 10.9.9.9 udp \
		>"$tmp/follow" 2>&1 </dev/null &
	fpid=$!
	nsenter --net="/run/netns/$jobns" "$sockctl" send dev "$jobdev" count 1000000 \
		rate 10000pps background ip dst 10.9.9.9 udp >"$tmp/bg" 2>&1 </dev/null &
	bpid=$!
	# -v: "Got N" on stderr every second, N the packets written.
	"$sockctl" -v capture dev "$dev" snaplen 64 -w "$tmp/cap.pcap" \
		>"$tmp/cap" 2>&1 </dev/null &
	cpid=$!
	if ! wait "$qpid"; then
		echo "cycle $n: the freshly loaded module does not answer GET_INFO: $(<"$tmp/info")"
		ok=1
	fi
	if ! wait "$bpid"; then
		echo "cycle $n: background SEND in netns $jobns failed: $(<"$tmp/bg")"
		ok=1
	fi
	# Busy: the followed job sends, each loop has had an answer (60 s at
	# most: the debug kernel on a busy host is slow).
	while within 60 "$t1"; do
		read -r tx <"/sys/class/net/$dev/statistics/tx_packets"
		IFS= read -r -d '' capout <"$tmp/cap"
		if [ "$tx" -gt "$tx0" ] && [ -s "$tmp/dumps" ] && [ -s "$tmp/infos" ] &&
		   [[ $capout == *$'\n'"Got "[1-9]* ]]; then
			ready=1
			break
		fi
		{ kill -0 "$fpid" && kill -0 "$cpid"; } 2>/dev/null || break
		nap 0.025
	done
	[ "$busy" = 0 ] || nap "$busy"
	now_us; t2=$REPLY

	for ((i = 1; i <= 50; i++)); do
		rmmod sockctl 2>"$tmp/rmmod" && break
		nap 0.1
	done
	now_us; t3=$REPLY
	echo "rmmod_tries $i" >>"$tmp/stats"
	echo "ready $ready" >>"$tmp/stats"
	if loaded || [ -e /sys/module/sockctl ]; then
		echo "cycle $n: the module is still loaded: $(<"$tmp/rmmod")"
		ok=1
		rmmod sockctl 2>/dev/null
	fi
	"$sockctl" info >/dev/null 2>&1 &
	qpid=$!

	# The CLI following the paced job must notice and exit by itself; so
	# must the capture, with "the module is being unloaded" (or the family
	# gone, if rmmod beat the END message) and status 4.
	exits_by_itself "$n" "$fpid" "the CLI following its job" "$tmp/follow" "$t3" || ok=1
	echo "follower_exit $REPLY" >>"$tmp/stats"
	exits_by_itself "$n" "$cpid" "the capture" "$tmp/cap" "$t3" || ok=1
	rc=$REPLY
	echo "capture_exit $rc" >>"$tmp/stats"
	if [ "$rc" -ne 4 ]; then
		echo "cycle $n: the capture exits $rc after rmmod, not 4:"
		tail -n 5 "$tmp/cap"
		ok=1
	fi
	wait "$qpid"
	rc=$?
	if [ "$rc" -ne 3 ]; then
		echo "cycle $n: sockctl info exits $rc with the module unloaded, not 3"
		ok=1
	fi
	now_us; t4=$REPLY
	echo "ms $(((t1 - t0) / 1000)) $(((t2 - t1) / 1000)) $(((t3 - t2) / 1000)) $(((t4 - t3) / 1000))" \
		>>"$tmp/stats"
	return $ok
}

cycles_from() { # FIRST LAST
	local n ok=0
	for ((n = $1; n <= $2; n++)); do
		if [ "$max_seconds" -gt 0 ] && [ "$SECONDS" -ge "$max_seconds" ]; then
			echo "$((n - 1))" >"$tmp/stopped"
			break
		fi
		cycle "$n" || ok=1
		echo "$n" >"$tmp/done"
	done
	return $ok
}

SECONDS=0
echo 0 >"$tmp/done"
n=1
while [ "$n" -le "$cycles" ] && [ ! -e "$tmp/stopped" ] &&
	{ [ "$max_seconds" -eq 0 ] || [ "$SECONDS" -lt "$max_seconds" ]; }; do
	last=$((n + batch - 1))
	[ "$last" -gt "$cycles" ] && last=$cycles
	: >"$tmp/stats"
	now_us; b0=$REPLY
	tap_check "cycles $n-$last: load, busy with jobs, a capture and requests, rmmod, module gone" \
		cycles_from "$n" "$last"
	now_us; b1=$REPLY
	awk -v us=$((b1 - b0)) '
		/^rmmod_tries/ { tries += $2 }
		/^ready/ { ready += $2 }
		/^follower_exit/ { fx[$2]++ }
		/^capture_exit/ { cx[$2]++ }
		/^ms/ { c++; for (i = 2; i <= 5; i++) ms[i] += $i }
		END {
			if (!c) exit
			printf "# %.2f s a cycle (insmod %.2f, until busy %.2f, rmmod %.2f, checks after %.2f);", \
				us / 1e6 / c, ms[2] / c / 1e3, ms[3] / c / 1e3, ms[4] / c / 1e3, ms[5] / c / 1e3
			printf " busy before rmmod %d of %d; rmmod attempts %d;", ready, c, tries
			printf " exit statuses of the CLI following its job:"
			for (k in fx) printf " %s (x%d)", k, fx[k]
			printf "; of the capture:"
			for (k in cx) printf " %s (x%d)", k, cx[k]
			printf "\n"
		}' "$tmp/stats"
	n=$((last + 1))
done
stop_load
n_done=$(<"$tmp/done")
if [ "$n_done" -lt "$cycles" ]; then
	echo "# stopped after $n_done of $cycles cycles: UNLOAD_MAX_SECONDS=$max_seconds reached"
else
	echo "# $n_done cycles in ${SECONDS}s"
fi

no_splat() { # LINES_BEFORE
	local new
	new=$(dmesg | tail -n +"$(($1 + 1))")
	! grep -E 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t|list_(add|del) corruption|unreferenced object|INFO: task .* blocked' <<<"$new"
}
tap_check "no kernel warning in $n_done cycles" no_splat "$dmesg_before"
reload() { insmod "$ko" && "$sockctl" -q info; }
tap_check "the module loads again and answers" reload
tap_done
