#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): unload the module again and again while it is busy.
# Each cycle loads sockctl.ko, starts a paced SEND job the CLI follows, a
# background job, a loop of JOB_GET dumps and a loop of GET_INFO, then
# unloads the module while all of that runs (retrying briefly if rmmod
# finds it in use) and checks that it is gone: no module, CLI exit status 3,
# the CLI that followed its job not left hanging.  All along, generic
# netlink sockets are opened and closed as fast as possible (every close is
# a NETLINK_URELEASE for the module's notifier) and network namespaces come
# and go, so that module load and unload race with both.
#
# Prints TAP: one test per UNLOAD_BATCH (10) cycles, then "no kernel
# warning" and a final reload.  The lab VM's runner also fails the run on
# any splat in the console.
#
# Needs root; runs in the lab VM.  Reloads the module at the end from
# build/$(uname -r)/sockctl.ko (or $SOCKCTL_KO).
#
# Environment: UNLOAD_CYCLES (default 50), UNLOAD_BATCH (10),
# UNLOAD_BUSY_SECONDS (time the module runs busy before rmmod, default 1),
# UNLOAD_CHURN (0: no socket and netns churn), UNLOAD_MAX_SECONDS (default
# 900: no new cycle starts after that long; the count done is printed).
# Under TCG a cycle takes 7-10 s on the Debian kernels, about a minute on
# the debug kernel (KASAN, lockdep).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
ko=${SOCKCTL_KO:-$top/build/$(uname -r)/sockctl.ko}
sockctl=${SOCKCTL:-$top/ctl/sockctl}
cycles=${UNLOAD_CYCLES:-50}
batch=${UNLOAD_BATCH:-10}
busy=${UNLOAD_BUSY_SECONDS:-1}
churn=${UNLOAD_CHURN:-1}
max_seconds=${UNLOAD_MAX_SECONDS:-900}
dev=fzu0
ns=fzu-$$
tmp=$(mktemp -d)
churn_pids=()

loaded() { grep -q '^sockctl ' /proc/modules; }

stop_churn() {
	local p
	for p in "${churn_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${churn_pids[@]}"; do
		wait "$p" 2>/dev/null
	done
	churn_pids=()
}

cleanup() {
	stop_churn
	ip link del "$dev" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
	loaded || insmod "$ko" 2>/dev/null
}
trap cleanup EXIT

# Open, bind and close generic netlink sockets in a tight loop.
churn_py='
import socket
while True:
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    s.bind((0, 0))
    s.close()
'

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
if ! { ip link add "$dev" type dummy && ip link set "$dev" up; }; then
	echo "not ok 1 setup: dummy device $dev"
	echo "1..1"
	exit 1
fi
dmesg_before=$(dmesg | wc -l)
loaded && rmmod sockctl

if [ "$churn" != 0 ]; then
	python3 -c "$churn_py" >/dev/null 2>&1 &
	churn_pids+=($!)
	(while :; do ip netns add "$ns" && ip netns del "$ns"; done) >/dev/null 2>&1 &
	churn_pids+=($!)
fi

# One cycle; prints what went wrong, fails if anything did.
cycle() {
	local n=$1 ok=0 i rc fpid dpid ipid
	insmod "$ko" || { echo "cycle $n: insmod failed"; return 1; }
	if ! "$sockctl" -q info; then
		echo "cycle $n: the freshly loaded module does not answer GET_INFO"
		ok=1
	fi
	"$sockctl" send dev "$dev" count 1000000 rate 10000pps ip dst 10.9.9.9 udp \
		>"$tmp/follow" 2>&1 </dev/null &
	fpid=$!
	if ! "$sockctl" send dev "$dev" count 1000000 rate 10000pps background \
		ip dst 10.9.9.9 udp >"$tmp/bg" 2>&1 </dev/null; then
		echo "cycle $n: background SEND failed: $(cat "$tmp/bg")"
		ok=1
	fi
	(while :; do "$sockctl" -q jobs; done) >/dev/null 2>&1 &
	dpid=$!
	(while :; do "$sockctl" -q info; done) >/dev/null 2>&1 &
	ipid=$!
	sleep "$busy"

	for i in $(seq 1 50); do
		rmmod sockctl 2>"$tmp/rmmod" && break
		sleep 0.1
	done
	echo "rmmod_tries $i" >>"$tmp/stats"
	if loaded || [ -e /sys/module/sockctl ]; then
		echo "cycle $n: the module is still loaded: $(cat "$tmp/rmmod")"
		ok=1
		rmmod sockctl 2>/dev/null
	fi
	"$sockctl" info >/dev/null 2>&1
	rc=$?
	if [ "$rc" -ne 3 ]; then
		echo "cycle $n: sockctl info exits $rc with the module unloaded, not 3"
		ok=1
	fi
	kill "$dpid" "$ipid" 2>/dev/null
	wait "$dpid" "$ipid" 2>/dev/null

	# The CLI following the paced job must notice and exit by itself.
	for i in $(seq 1 100); do
		kill -0 "$fpid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$fpid" 2>/dev/null; then
		echo "cycle $n: the CLI following its job still runs 10 s after rmmod:"
		tail -n 3 "$tmp/follow"
		kill "$fpid" 2>/dev/null
		ok=1
	fi
	wait "$fpid" 2>/dev/null
	echo "follower_exit $?" >>"$tmp/stats"
	return $ok
}

cycles_from() { # FIRST LAST
	local n ok=0
	for n in $(seq "$1" "$2"); do
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
	tap_check "cycles $n-$last: load, busy with jobs and requests, rmmod, module gone" \
		cycles_from "$n" "$last"
	echo "# cycles $n-$last: rmmod attempts $(awk '/^rmmod_tries/ { s += $2 } END { print s + 0 }' "$tmp/stats")," \
		"exit statuses of the CLI following its job:" \
		"$(awk '/^follower_exit/ { c[$2]++ } END { for (k in c) printf "%s (x%d) ", k, c[k] }' "$tmp/stats")"
	n=$((last + 1))
done
stop_churn
n_done=$(cat "$tmp/done")
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
