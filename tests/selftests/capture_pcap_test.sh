#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): `sockctl capture -w` writes files that the usual tools
# read.  Known traffic from a second netns over a veth pair is captured to a
# pcap file and to a pcapng file, then `tcpdump -r` and `tshark -r -T fields`
# must show exactly those packets with the expected fields; a filter
# ('udp and src host X') keeps exactly the matching ones.  Prints TAP.
#
# Needs root, sockctl.ko loaded, tcpdump and tshark; runs in the lab VM.
# Skips while the CLI or the module has no capture.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/selftests/cli_net.sh"
sockctl=${SOCKCTL:-$top/ctl/sockctl}
cap_pid=

echo "TAP version 13"

skip_all() {
	tap_skip "capture to pcap and pcapng files" "$1"
	tap_done
	exit 0
}

"$sockctl" help capture >/dev/null 2>&1 || skip_all "the CLI has no capture command yet"
for tool in tcpdump tshark; do
	command -v "$tool" >/dev/null || skip_all "$tool is not installed"
done
"$sockctl" -q capture list >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] && skip_all "sockctl.ko is not loaded"
[ "$rc" -ne 0 ] && skip_all "the module has no capture (capture list: exit $rc)"

net_setup cp 10.67.0 || { echo "not ok 1 network setup"; exit 1; }
SPOOF=10.67.0.9

# Sessions listed in this netns.
sessions() {
	"$sockctl" -j capture list 2>/dev/null | grep -o '"capture_id"' | wc -l
}

# cap_start NAME ARGS...: `sockctl capture ARGS` in the background (stdout
# to $net_tmp/NAME.out, stderr to NAME.err); returns once its session is
# listed.
cap_start() {
	local name=$1 before i
	shift
	before=$(sessions)
	"$sockctl" capture "$@" >"$net_tmp/$name.out" 2>"$net_tmp/$name.err" &
	cap_pid=$!
	net_pids+=("$cap_pid")
	for ((i = 0; i < 100; i++)); do
		[ "$(sessions)" -gt "$before" ] && return 0
		kill -0 "$cap_pid" 2>/dev/null || break
		nap 0.1
	done
	echo "# capture $name never started:" >&2
	sed 's/^/#   /' "$net_tmp/$name.err" >&2
	return 1
}

# cap_wait NAME: up to 30 s for the capture to end by itself; its status.
cap_wait() {
	local i rc
	for ((i = 0; i < 300; i++)); do
		kill -0 "$cap_pid" 2>/dev/null || break
		nap 0.1
	done
	if kill -0 "$cap_pid" 2>/dev/null; then
		kill "$cap_pid"
		wait "$cap_pid" 2>/dev/null
		echo "capture $1 did not end by itself within 30 s" >"$net_tmp/$1.status"
		return 1
	fi
	wait "$cap_pid"; rc=$?
	echo "exit $rc" >"$net_tmp/$1.status"
	return "$rc"
}

# far_send ARGS...: `sockctl send dev $B ARGS` from the far netns.
far_send() {
	ip netns exec "$NS" "$sockctl" -q send dev "$B" "$@"
}

# lines_equal EXPECTED ACTUAL: diff, shown on failure.
lines_equal() {
	if [ "$1" != "$2" ]; then
		echo "expected:"
		printf '%s\n' "$1" | sed 's/^/  /'
		echo "got:"
		printf '%s\n' "$2" | sed 's/^/  /'
		return 1
	fi
}

# cap_ok NAME: the capture ended on its own with status 0.
cap_ok() {
	cat "$net_tmp/$1.status" 2>/dev/null
	sed 's/^/stderr: /' "$net_tmp/$1.err"
	grep -qx 'exit 0' "$net_tmp/$1.status"
}

tshark_fields() { # FILE FIELD...
	local file=$1 f args=()
	shift
	for f in "$@"; do
		args+=(-e "$f")
	done
	tshark -r "$file" -T fields -E separator=' ' "${args[@]}" 2>/dev/null
}

# --- 1. pcap: five datagrams, sport 1000..1004, 6-byte payload -----------------
pcap=$net_tmp/udp.pcap
if cap_start pcap dev "$A" in -c 5 -w "$pcap" filter udp port 7600; then
	far_send count 5 ip src "$V4B" dst "$V4A" udp sport 1000-1004 dport 7600 \
		payload text pcap-5
	cap_wait pcap
else
	echo "never started" >"$net_tmp/pcap.status"
fi
tap_check "capture -c 5 -w FILE ends after 5 packets" cap_ok pcap

tcpdump_pcap() {
	local want got i
	want=$(for i in 0 1 2 3 4; do
		echo "IP $V4B.100$i > $V4A.7600: UDP, length 6"
	done)
	got=$(tcpdump -r "$pcap" -nn 2>"$net_tmp/tcpdump.err" | cut -d' ' -f2-) || {
		cat "$net_tmp/tcpdump.err"
		return 1
	}
	grep -q 'link-type EN10MB' "$net_tmp/tcpdump.err" || {
		echo "not an Ethernet capture:"
		cat "$net_tmp/tcpdump.err"
		return 1
	}
	lines_equal "$want" "$got"
}
tap_check "tcpdump -r reads the pcap file: the 5 datagrams, in order" tcpdump_pcap

# One tshark run (it takes long to start in the VM) for every field.
tshark_pcap() {
	local want i
	# 14 Ethernet + 20 IPv4 + 8 UDP + 6 payload ("pcap-5")
	want=$(for i in 0 1 2 3 4; do
		echo "48 $V4B $V4A 100$i 7600 706361702d35"
	done)
	lines_equal "$want" "$(tshark_fields "$pcap" frame.len ip.src ip.dst udp.srcport \
		udp.dstport udp.payload)"
}
tap_check "tshark -r -T fields: frame.len ip.src ip.dst udp ports, payload" tshark_pcap

# --- 2. pcapng: both directions, with the device name --------------------------
pcapng=$net_tmp/icmp.pcapng
if cap_start pcapng dev "$A" -c 4 -w "$pcapng" --pcapng filter icmp; then
	far_send count 2 ip src "$V4B" dst "$V4A" id 9 icmp type echo-request id 77 seq 1-2 \
		payload text pcapng
	cap_wait pcapng
else
	echo "never started" >"$net_tmp/pcapng.status"
fi
tap_check "capture --pcapng -c 4 (2 echo requests in, 2 replies out)" cap_ok pcapng

tshark_pcapng() {
	# ICMP: 14 + 20 + 8 + 6 payload; requests in (1), replies out (2).
	local want
	want=$(printf '%s\n' \
		"48 $A 0x00000001 $V4B $V4A 8 1" \
		"48 $A 0x00000002 $V4A $V4B 0 1" \
		"48 $A 0x00000001 $V4B $V4A 8 2" \
		"48 $A 0x00000002 $V4A $V4B 0 2")
	lines_equal "$want" "$(tshark_fields "$pcapng" frame.len frame.interface_name \
		frame.packet_flags_direction ip.src ip.dst icmp.type icmp.seq)"
}
tap_check "tshark -r pcapng: lengths, device, direction, addresses, ICMP" tshark_pcapng

tcpdump_pcapng() {
	local got
	got=$(tcpdump -r "$pcapng" -nn 2>&1) || { echo "$got"; return 1; }
	echo "$got"
	[ "$(grep -c 'ICMP echo request, id 77' <<<"$got")" -eq 2 ] &&
		[ "$(grep -c 'ICMP echo reply, id 77' <<<"$got")" -eq 2 ]
}
tap_check "tcpdump -r reads the pcapng file" tcpdump_pcapng

# --- 3. filter 'udp and src host X' --------------------------------------------
fpcap=$net_tmp/filter.pcap
if cap_start filter dev "$A" in -c 3 -w "$fpcap" filter udp and src host "$V4B"; then
	far_send ip src "$SPOOF" dst "$V4A" id 1 udp sport 2000 dport 7700 payload text no
	far_send ip src "$V4B" dst "$V4A" id 2 udp sport 2001 dport 7701 payload text yes
	far_send ip src "$V4B" dst "$V4A" id 3 icmp type echo-request payload text no
	far_send ip src "$V4B" dst "$V4A" id 4 tcp sport 2002 dport 7702 flags S
	far_send ip src "$V4B" dst "$V4A" id 5 udp sport 2003 dport 7703 payload text yes
	far_send ip6 dst "$V6A" udp sport 2004 dport 7704 payload text no
	far_send ip src "$V4B" dst "$V4A" id 6 udp sport 2005 dport 7705 payload text yes
	cap_wait filter
else
	echo "never started" >"$net_tmp/filter.status"
fi
tap_check "capture filter 'udp and src host $V4B' -c 3 ends" cap_ok filter

filter_fields() {
	lines_equal "$(printf '%s\n' "IP $V4B.2001 > $V4A.7701: UDP, length 3" \
		"IP $V4B.2003 > $V4A.7703: UDP, length 3" \
		"IP $V4B.2005 > $V4A.7705: UDP, length 3")" \
		"$(tcpdump -r "$fpcap" -nn 2>/dev/null | cut -d' ' -f2-)"
}
tap_check "only the matching datagrams are in the file" filter_fields

# --- 4. -w - into a pipe ---------------------------------------------------------
pipe_out=$net_tmp/pipe.txt
pipe_capture() {
	"$sockctl" capture dev "$A" in -c 2 -w - filter udp port 7800 2>"$net_tmp/pipe.err" |
		tcpdump -r - -nn >"$pipe_out" 2>/dev/null
}
pipe_capture &
pipe_pid=$!
net_pids+=("$pipe_pid")
for ((_n = 0; _n < 100; _n++)); do
	[ "$(sessions)" -gt 0 ] && break
	nap 0.1
done
far_send count 2 ip src "$V4B" dst "$V4A" udp sport 3000 dport 7800 payload text piped
for ((_n = 0; _n < 300; _n++)); do
	kill -0 "$pipe_pid" 2>/dev/null || break
	nap 0.1
done
pipe_ok() {
	sed 's/^/stderr: /' "$net_tmp/pipe.err"
	cat "$pipe_out"
	[ "$(grep -c "IP $V4B.3000 > $V4A.7800: UDP, length 5" "$pipe_out")" -eq 2 ]
}
tap_check "capture -w - | tcpdump -r -" pipe_ok

tap_check "no session left behind" test "$(sessions)" -eq 0
echo "# took ${SECONDS} s"
tap_done
