#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): `rmmod sockctl` while send jobs are running, one in the
# initial netns and one in another, must succeed, stop the sending and leave
# no kernel warning; the module then loads again.  Prints TAP.
#
# Needs root and sockctl.ko loaded; runs in the lab VM.  It unloads the
# module, and reloads it at the end from build/$(uname -r)/sockctl.ko (or
# $SOCKCTL_KO).
#
# The jobs are started by the CLI, which follows each (a job lives as long
# as the socket that started it) until it is killed.  (A python3 client did
# this before: its start took 6-12 s under the debug kernel.)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
ko=${SOCKCTL_KO:-$top/build/$(uname -r)/sockctl.ko}
sockctl=${SOCKCTL:-$top/ctl/sockctl}
ns=sc-unload-$$
tmp=$(mktemp -d)
holders=()

loaded() { grep -q '^sockctl ' /proc/modules; }

# nap SECONDS: a sleep that execs nothing.
. "$top/tests/lib/nap.sh"

# start_holder NAME DEV [NETNS]: a job on DEV (UDP at 1000 pps, far more
# packets than the test lasts) that the CLI follows in the background; what
# it prints goes to $tmp/NAME.  (Not in a $(...) subshell: holders[] must
# keep its pid.)
start_holder() {
	local pfx=()
	[ $# -ge 3 ] && pfx=(ip netns exec "$3")
	"${pfx[@]}" "$sockctl" send dev "$2" count 1000000 rate 1000pps \
		ip src 10.99.8.1 dst 10.99.8.2 udp dport 9 >"$tmp/$1" 2>&1 </dev/null &
	holders+=($!)
}
# wait_holder NAME PID [NETNS]: until `sockctl jobs` lists a running job
# (60 s at most) or the CLI exits; sets held to "job ID", or to what went
# wrong.
wait_holder() {
	local i id state _ jobs='' pfx=()
	[ $# -ge 3 ] && pfx=(ip netns exec "$3")
	for ((i = 0; i < 600; i++)); do
		jobs=$("${pfx[@]}" "$sockctl" jobs 2>&1)
		while read -r id state _; do
			[ "$state" = running ] && { held="job $id"; return; }
		done <<<"$jobs"
		kill -0 "$2" 2>/dev/null || break
		nap 0.1
	done
	held="no running job: $(<"$tmp/$1") $jobs"
}

stop_holders() {
	local p
	for p in "${holders[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${holders[@]}"; do
		wait "$p" 2>/dev/null
	done
	holders=()
}

cleanup() {
	stop_holders
	ip link del sc-ub0 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	exec {nap_fd}>&-
	rm -rf "$tmp"
	loaded || insmod "$ko"
}
trap cleanup EXIT

# tx_packets of sc-ub0 (initial netns) and sc-ub2 (netns $ns), as
# "A B"; empty if either cannot be read.
tx_both() {
	local a b
	read -r a </sys/class/net/sc-ub0/statistics/tx_packets &&
		b=$(ip netns exec "$ns" cat /sys/class/net/sc-ub2/statistics/tx_packets) &&
		echo "$a $b"
}
# Both counters, then both again half a second later: "A0 B0 A1 B1".
# Both devices are watched over the same half second.
sample_both() {
	local first second
	first=$(tx_both) && nap 0.5 && second=$(tx_both) && echo "$first $second"
}
# The counter grows (sending), or does not (stopped), over half a second.
# SAMPLES is what sample_both said; WHICH 0 is sc-ub0, 1 is sc-ub2.
growing() { # SAMPLES WHICH DEV
	local s
	read -ra s <<<"$1"
	[ ${#s[@]} = 4 ] || return 1
	echo "$3: ${s[$2]} -> ${s[$2 + 2]}"
	[ "${s[$2 + 2]}" -gt "${s[$2]}" ]
}
still() { # SAMPLES WHICH DEV
	local s
	read -ra s <<<"$1"
	[ ${#s[@]} = 4 ] || return 1
	echo "$3: ${s[$2]} -> ${s[$2 + 2]}"
	[ "${s[$2 + 2]}" -eq "${s[$2]}" ]
}

no_splat() { # LINES_BEFORE
	local new
	new=$(dmesg | tail -n +"$(($1 + 1))")
	printf '%s\n' "$new"
	! grep -Eq 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t|list_(add|del) corruption|unreferenced object|INFO: task .* blocked' <<<"$new"
}

# The family is registered again: the module answers GET_INFO.
family_back() {
	insmod "$ko" && "$sockctl" -q info
}

echo "TAP version 13"
if ! loaded; then
	tap_skip "rmmod while jobs run" "sockctl is not loaded"
	tap_done
	exit
fi
if [ ! -r "$ko" ]; then
	tap_skip "rmmod while jobs run" "no module to reload at $ko"
	tap_done
	exit
fi
if [ ! -x "$sockctl" ]; then
	tap_skip "rmmod while jobs run" "no CLI at $sockctl (make cli)"
	tap_done
	exit
fi

# No IPv6 on the test links: the kernel's own router solicitations, DAD
# and MLD would move the transmit counters this test reads.
no_ipv6() { # [NETNS] DEV...
	local pfx=()
	if [ "$1" = -n ]; then
		pfx=(ip netns exec "$2")
		shift 2
	fi
	for dev; do
		"${pfx[@]}" sh -c "echo 1 >/proc/sys/net/ipv6/conf/$dev/disable_ipv6" || return 1
	done
}
setup_links() {
	ip link add name sc-ub0 type veth peer name sc-ub1 &&
		no_ipv6 sc-ub0 sc-ub1 &&
		ip link set sc-ub0 up && ip link set sc-ub1 up &&
		ip netns add "$ns" &&
		ip -n "$ns" link add name sc-ub2 type veth peer name sc-ub3 &&
		no_ipv6 -n "$ns" sc-ub2 sc-ub3 &&
		ip -n "$ns" link set sc-ub2 up && ip -n "$ns" link set sc-ub3 up
}
if ! setup_links; then
	echo "not ok 1 network setup"
	exit 1
fi
dmesg_before=$(dmesg | wc -l)

start_holder init sc-ub0
start_holder other sc-ub2 "$ns"
wait_holder init "${holders[0]}"
held_init=$held
wait_holder other "${holders[1]}" "$ns"
held_other=$held
# The holder started a job (its output is HELD) and the device sends.
job_sending() { # HELD SAMPLES WHICH DEV
	echo "$1"
	[[ $1 == job* ]] && growing "$2" "$3" "$4"
}
samples=$(sample_both)
tap_check "a job runs in the initial netns" job_sending "$held_init" "$samples" 0 sc-ub0
tap_check "a job runs in another netns" job_sending "$held_other" "$samples" 1 sc-ub2

tap_check "rmmod sockctl while both jobs run" rmmod sockctl
if loaded; then
	# Refused: let the jobs go with their sockets, then unload for real.
	stop_holders
	nap 0.5
	rmmod sockctl
fi
nap 0.3
samples=$(sample_both)
tap_check "sending stopped in the initial netns" still "$samples" 0 sc-ub0
tap_check "sending stopped in the other netns" still "$samples" 1 sc-ub2
stop_holders
tap_check "no kernel warning" no_splat "$dmesg_before"
tap_check "the module loads again and answers" family_back
tap_done
