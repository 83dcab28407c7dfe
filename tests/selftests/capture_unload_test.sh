#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): `rmmod sockctl` while capture sessions are live and
# capturing traffic, one in the initial netns and one in another.  rmmod
# must succeed (a transient EBUSY is retried for a few seconds while the
# sessions stay live); the sessions' sockets then get
# SOCKCTL_CMD_CAPTURE_END with reason UNLOAD, or simply see the family go
# away, and nothing more; no kernel warning; the module loads again and
# captures.  Prints TAP.
#
# Needs root, ping and sockctl.ko loaded; runs in the lab VM.  It
# unloads the module, and reloads it at the end from
# build/$(uname -r)/sockctl.ko (or $SOCKCTL_KO).
#
# The sessions are held by tests/selftests/out/capture_holder, which keeps
# reading: it writes "session ID" once started, "packets N" as they come,
# "end REASON" for a CAPTURE_END, "family-gone" when nlctrl announces the
# family's removal.  The traffic is ping's.  Nothing here starts a python3
# or polls with exec'd tools: under the debug kernel each costs seconds.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
ko=${SOCKCTL_KO:-$top/build/$(uname -r)/sockctl.ko}
ns=sc-cunl-$$
tmp=$(mktemp -d)
pids=()

holder=$top/tests/selftests/out/capture_holder
. "$top/tests/lib/nap.sh"

loaded() { grep -q '^sockctl ' /proc/modules; }

stop_pids() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null
	done
	pids=()
}

cleanup() {
	stop_pids
	ip link del sc-cu0 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
	loaded || insmod "$ko"
}
trap cleanup EXIT

# start_holder NAME IFINDEX [NETNS]: a session holder in the background,
# writing to $tmp/NAME; waits up to 10 s for it to say how it started.
start_holder() {
	local name=$1 ifindex=$2 i
	if [ $# -ge 3 ]; then
		ip netns exec "$3" "$holder" "$ifindex" "$tmp/$name" 2>>"$tmp/$name.err" &
	else
		"$holder" "$ifindex" "$tmp/$name" 2>>"$tmp/$name.err" &
	fi
	pids+=($!)
	for ((i = 0; i < 100; i++)); do
		[ -s "$tmp/$name" ] && break
		nap 0.1
	done
}

# read_holder NAME: what the holder wrote so far, with bash builtins:
# first (its first line), packets (the last count), ends (its "end"
# lines), gone (1 if "family-gone"), errors (its "error" lines), other
# (every line but the counts).
read_holder() {
	local line
	first='' packets='' ends='' gone=0 errors='' other=''
	while IFS= read -r line; do
		[ -z "$first" ] && first=$line
		case $line in
		"packets "*) packets=${line#packets }; continue ;;
		"end "*) ends+="$line;" ;;
		family-gone) gone=1 ;;
		error*) errors+="$line;" ;;
		esac
		other+="  $line"$'\n'
	done <"$tmp/$1"
}

# The holder's session runs and captures (its count grows).
capturing() { # NAME
	local a
	read_holder "$1"
	echo "$first"
	[[ $first == "session "[1-9]* ]] || { cat "$tmp/$1" "$tmp/$1.err"; return 1; }
	nap 1
	read_holder "$1"
	a=$packets
	nap 1
	read_holder "$1"
	echo "packets: ${a:-none} -> ${packets:-none}"
	[ -n "$a" ] && [ -n "$packets" ] && [ "$packets" -gt "$a" ]
}

# After the unload: END with reason UNLOAD or the family gone, and no
# packet after that.
ended_cleanly() { # NAME
	local a
	nap 1
	read_holder "$1"
	a=$packets
	nap 1
	read_holder "$1"
	printf '%s' "$other"
	echo "packets: $a -> $packets"
	if [ -n "$ends" ]; then
		[ "$ends" = "end UNLOAD;" ] || { echo "END with another reason"; return 1; }
	elif [ "$gone" != 1 ]; then
		echo "neither CAPTURE_END nor the family's removal seen"
		return 1
	fi
	[ -z "$errors" ] && [ "$a" = "$packets" ]
}

no_splat() { # LINES_BEFORE
	local new
	new=$(dmesg | tail -n +"$(($1 + 1))")
	printf '%s\n' "$new"
	! grep -Eq 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t|list_(add|del) corruption|unreferenced object|INFO: task .* blocked|unregister_netdevice: waiting' <<<"$new"
}

echo "TAP version 13"
if ! loaded; then
	tap_skip "rmmod while capture sessions run" "sockctl is not loaded"
	tap_done
	exit
fi
if [ ! -r "$ko" ]; then
	tap_skip "rmmod while capture sessions run" "no module to reload at $ko"
	tap_done
	exit
fi

# sc-cu0 (10.99.9.1, here) <-> sc-cu1 (10.99.9.2, netns $ns); traffic from
# the far end, seen coming in here and going out there.
setup_links() {
	ip netns add "$ns" &&
		ip link add name sc-cu0 type veth peer name sc-cu1 netns "$ns" &&
		ip addr add 10.99.9.1/24 dev sc-cu0 && ip link set sc-cu0 up &&
		ip -n "$ns" addr add 10.99.9.2/24 dev sc-cu1 &&
		ip -n "$ns" link set sc-cu1 up && ip -n "$ns" link set lo up &&
		ip -n "$ns" neigh replace 10.99.9.1 dev sc-cu1 nud permanent \
			lladdr "$(cat /sys/class/net/sc-cu0/address)"
}
if ! setup_links; then
	echo "not ok 1 network setup"
	exit 1
fi
dmesg_before=$(dmesg | wc -l)

# Echo requests to 10.99.9.1, 500 a second, and their replies.
start_traffic() {
	ip netns exec "$ns" ping -q -i 0.002 10.99.9.1 >/dev/null 2>&1 &
	pids+=($!)
}
start_traffic

start_holder init "$(cat /sys/class/net/sc-cu0/ifindex)"
case $(head -n 1 "$tmp/init") in
skip*)
	tap_skip "rmmod while capture sessions run" "$(head -n 1 "$tmp/init" | cut -d' ' -f2-)"
	tap_done
	exit
	;;
esac
tap_check "a session captures in the initial netns" capturing init
start_holder other "$(ip netns exec "$ns" cat /sys/class/net/sc-cu1/ifindex)" "$ns"
tap_check "a session captures in another netns" capturing other

# rmmod, retried for up to 5 s (a transient EBUSY), the sessions live.
rmmod_live() {
	local i
	for ((i = 1; i <= 10; i++)); do
		rmmod sockctl 2>&1 && { echo "unloaded at try $i"; return 0; }
		nap 0.5
	done
	return 1
}
tap_check "rmmod sockctl while both sessions capture" rmmod_live
if loaded; then
	# Refused: let the sessions go with their sockets, then unload for real.
	stop_pids
	nap 0.5
	rmmod sockctl
fi
tap_check "the initial netns's session ended cleanly" ended_cleanly init
tap_check "the other netns's session ended cleanly" ended_cleanly other
for h in init other; do
	read_holder "$h"
	echo "# $h: $(printf '%s' "$other" | tr -s '\n ' ' ')${packets:-0} packets"
done
stop_pids
tap_check "no kernel warning" no_splat "$dmesg_before"

# Back: the module loads and captures again.
tap_check "the module loads again" insmod "$ko"
start_traffic
start_holder again "$(cat /sys/class/net/sc-cu0/ifindex)"
tap_check "and captures again" capturing again
stop_pids
tap_done
