#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): sockctl send --via socket.  Each socket type sends to
# the far end of a veth pair in another netns, where the packet must
# arrive; the report must name the socket, the privilege and what the
# kernel filled in or rewrote, and a raw socket's readback must be what the
# wire carried.  Prints TAP.  Needs root, python3 and sockctl.ko loaded
# (raw and packet sockets send what the module builds); runs in the lab VM.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/selftests/cli_net.sh"
sockctl=${SOCKCTL:-$top/ctl/sockctl}

nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"
}

# via ARGS...: sockctl send --via socket ARGS, its output shown on failure.
via() {
	"$sockctl" send --via socket "$@"
}

stream_v4() {
	local out
	tcp_recv "$V4B" 8080 stream4 &&
	out=$(via ip dst "$V4B" tcp dport 8080 payload text stream-hello) || return 1
	echo "$out"
	grep -q '^via SOCK_STREAM (socket(AF_INET, SOCK_STREAM, 0)), no privilege needed; the kernel filled: .*tcp\.seq, .*tcp\.flags' <<<"$out" &&
	grep -q '^  the handshake, flags, sequence numbers and segments are the kernel' <<<"$out" &&
	grep -q '^  negotiated: mss [0-9]' <<<"$out" &&
	grep -q "^sent 12 bytes in 1 send() call from $V4A:[0-9]* to $V4B:8080\$" <<<"$out" &&
	[ "$(got stream4)" = stream-hello ]
}

stream_v6() {
	local out
	tcp_recv "$V6B" 8081 stream6 &&
	out=$("$sockctl" -j send --via socket ip6 dst "$V6B" tcp sport 40000 dport 8081 \
		payload text stream6-hello) || return 1
	json_ok "$out" 'd["socket"] == "SOCK_STREAM" and
		d["call"] == "socket(AF_INET6, SOCK_STREAM, 0)" and
		d["privilege"] is None and d["reason"] is None and
		"bind [::]:40000" in d["options"] and
		d["local"] == "['"$V6A"']:40000" and d["tcp"]["mss"] > 0 and
		"tcp.sport" not in d["kernel_filled"] and
		"tcp.seq" in d["not_expressible"] and d["sent"] == 1 and d["bytes"] == 13' &&
	[ "$(got stream6)" = stream6-hello ]
}

stream_refused() {
	local err rc
	err=$(via ip dst "$V4B" tcp dport 8099 2>&1 >/dev/null) && rc=0 || rc=$?
	echo "$err"
	[ $rc -eq 2 ] && [ "$err" = "sockctl: send --via socket: connect($V4B:8099): Connection refused" ]
}

dgram_v4() {
	local out
	udp_recv "$V4B" 9999 dgram4 &&
	out=$("$sockctl" -j send --via socket ip dst "$V4B" ttl 5 tos 0x10 df udp dport 9999 \
		payload text dgram-hello) || return 1
	json_ok "$out" 'd["via"] == "socket" and d["socket"] == "SOCK_DGRAM" and
		d["call"] == "socket(AF_INET, SOCK_DGRAM, 0)" and d["privilege"] is None and
		{"ipv4.id", "ipv4.checksum", "ipv4.tot_len", "ipv4.saddr", "udp.sport",
		 "udp.len", "udp.checksum"} <= set(d["kernel_filled"]) and
		"ipv4.ttl" not in d["kernel_filled"] and
		{"ipv4.id", "ipv4.checksum", "udp.checksum"} <= set(d["not_expressible"]) and
		d["options"] == ["IP_TTL 5", "IP_TOS 0x10", "IP_MTU_DISCOVER IP_PMTUDISC_DO"] and
		d["local"].startswith("'"$V4A"':") and d["remote"] == "'"$V4B"':9999" and
		d["path_mtu"] == 1500 and d["fragmented"] is False and
		d["sent"] == 1 and d["bytes"] == 11' &&
	[ "$(got dgram4)" = "dgram-hello 5 16" ]
}

dgram_text() {
	local out
	udp_recv "$V4B" 9998 dgramt &&
	out=$(via ip dst "$V4B" udp dport 9998 payload text text-hello) || return 1
	echo "$out"
	grep -qx 'via SOCK_DGRAM (socket(AF_INET, SOCK_DGRAM, 0)), no privilege needed; the kernel filled: ipv4.tot_len, ipv4.id, ipv4.checksum, ipv4.flags, ipv4.ttl, ipv4.saddr, udp.sport, udp.len, udp.checksum' <<<"$out" &&
	grep -qx '  this socket cannot set: ipv4.tot_len, ipv4.id, ipv4.checksum, ipv4.flags.mf, ipv4.flags.rf, ipv4.frag_off, udp.len, udp.checksum' <<<"$out" &&
	grep -q "^sent 1 datagram (10 bytes of payload) from $V4A:[0-9]* to $V4B:9998\$" <<<"$out" &&
	[ "$(got dgramt)" = "text-hello 64 0" ]
}

dgram_v6() {
	local out
	udp_recv "$V6B" 9997 dgram6 &&
	out=$("$sockctl" -j send --via socket ip6 dst "$V6B" hoplimit 7 tclass 0x20 udp \
		dport 9997 csum 0 payload text dgram6-hello) || return 1
	json_ok "$out" 'd["socket"] == "SOCK_DGRAM" and
		d["call"] == "socket(AF_INET6, SOCK_DGRAM, 0)" and
		d["options"] == ["IPV6_UNICAST_HOPS 7", "IPV6_TCLASS 0x20", "UDP_NO_CHECK6_TX 1"] and
		"ipv6.flowlabel" in d["kernel_filled"] and "udp.checksum" not in d["kernel_filled"]' &&
	[ "$(got dgram6)" = "dgram6-hello 7 32" ]
}

# Beyond the path MTU, a datagram socket's kernel fragments; the far end
# gets it whole again.
dgram_fragmented() {
	local out
	head -c 2000 /dev/zero | tr '\0' x >"$net_tmp/big.bin"
	udp_recv "$V4B" 9995 big &&
	out=$("$sockctl" -j send --via socket ip dst "$V4B" udp dport 9995 \
		payload file "$net_tmp/big.bin") || return 1
	json_ok "$out" 'd["socket"] == "SOCK_DGRAM" and d["path_mtu"] == 1500 and
		d["fragmented"] is True and d["bytes"] == 2000' &&
	[ "$(got big)" = "$(cat "$net_tmp/big.bin") 64 0" ]
}

dgram_unprivileged() {
	local out
	udp_recv "$V4B" 9996 nobody &&
	out=$(nobody "$sockctl" send --via socket dev "$A" ip dst "$V4B" udp dport 9996 \
		payload text nobody) || return 1
	echo "$out"
	grep -q '^via SOCK_DGRAM .*, no privilege needed;' <<<"$out" &&
	grep -qx "  options: SO_BINDTODEVICE $A" <<<"$out" &&
	[ "$(got nobody)" = "nobody 64 0" ]
}

# A header checksum and a length that lie: the raw socket's kernel rewrites
# both; the readback must say so, and say what the wire carried.
raw_v4() {
	local out built expect
	built=$("$sockctl" build --hex route ip dst "$V4B" id 4242 csum 0xdead len 200 udp \
		dport 9 payload text raw-hello) &&
	out=$("$sockctl" -j send --via socket ip dst "$V4B" id 4242 csum 0xdead len 200 udp \
		dport 9 payload text raw-hello) || return 1
	json_ok "$out" 'd["socket"] == "SOCK_RAW" and
		d["call"] == "socket(AF_INET, SOCK_RAW, IPPROTO_RAW)" and
		d["privilege"] == "CAP_NET_RAW" and "ipv4.tot_len is set" in d["reason"] and
		d["kernel_filled"] == ["ipv4.tot_len", "ipv4.checksum"] and
		d["options"] == ["IP_HDRINCL 1"] and d["remote"] == "'"$V4B"'" and
		d["readback"]["seen"] and d["readback"]["dev"] == "'"$A"'" and
		[c["field"] for c in d["readback"]["changed"]] == ["ipv4.tot_len", "ipv4.checksum"] and
		d["readback"]["changed"][0]["built"] == "200" and
		d["readback"]["changed"][0]["sent"] == "37" and
		d["readback"]["changed"][1]["built"] == "0xdead" and
		d["sent"] == 1 and d["bytes"] == 37' || return 1
	# The frame as it must have arrived: the lengths and checksum rewritten,
	# the checksum the readback reported being the right one (RFC 1071).
	expect=$(python3 - "$built" "$out" "$MAC_A" "$MAC_B" <<'EOF'
import json, sys
b = bytearray.fromhex(sys.argv[1])
d = json.loads(sys.argv[2])
b[2:4] = len(b).to_bytes(2, 'big')
b[10:12] = b'\0\0'
s = sum(int.from_bytes(b[i:i + 2], 'big') for i in range(0, 20, 2))
while s >> 16:
    s = (s & 0xffff) + (s >> 16)
csum = ~s & 0xffff
if d["readback"]["changed"][1]["sent"] != '0x%04x' % csum:
    sys.exit('readback says %s, the checksum is 0x%04x'
             % (d["readback"]["changed"][1]["sent"], csum))
b[10:12] = csum.to_bytes(2, 'big')
print(sys.argv[4].replace(':', '') + sys.argv[3].replace(':', '') + '0800' + b.hex())
EOF
	) && arrived "$expect"
}

raw_v4_text() {
	local out
	out=$(via ip dst "$V4B" evil id 7 udp dport 9 payload text evil) || return 1
	echo "$out"
	grep -qx 'via SOCK_RAW (socket(AF_INET, SOCK_RAW, IPPROTO_RAW)), needs CAP_NET_RAW; the kernel filled: ipv4.tot_len, ipv4.checksum' <<<"$out" &&
	grep -qx '  because ipv4.id is set (a socket'"'"'s kernel writes it)' <<<"$out" &&
	grep -qx "  options: IP_HDRINCL 1" <<<"$out" &&
	grep -qx "  read back on $A: no field changed" <<<"$out" &&
	grep -qx '  this socket cannot set: ipv4.tot_len, ipv4.checksum' <<<"$out" &&
	grep -qx "sent 1 packet (32 bytes) to $V4B" <<<"$out"
}

# raw bytes with an ID, a checksum and a source of 0: all filled in.
raw_given() {
	local out
	out=$("$sockctl" -j send --via socket raw hex "4500 001e 0000 0000 4011 0000 0000 0000 $(
		printf '%02x' ${V4B//./ }) 9c40 0009 000a 0000 6869") || return 1
	json_ok "$out" 'd["socket"] == "SOCK_RAW" and d["reason"] == "the description is raw bytes" and
		d["kernel_filled"] == ["ipv4.tot_len", "ipv4.checksum", "ipv4.id", "ipv4.saddr"] and
		[c["field"] for c in d["readback"]["changed"]] == ["ipv4.id", "ipv4.checksum", "ipv4.saddr"] and
		d["readback"]["changed"][2]["sent"] == "'"$V4A"'"'
}

raw_v6() {
	local out built
	built=$("$sockctl" build --hex route ip6 dst "$V6B" icmp6 type echo-request id 9 seq 1 \
		payload text raw6) &&
	out=$("$sockctl" -j send --via socket ip6 dst "$V6B" icmp6 type echo-request id 9 \
		seq 1 payload text raw6) || return 1
	json_ok "$out" 'd["socket"] == "SOCK_RAW" and
		d["call"] == "socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)" and
		d["privilege"] == "CAP_NET_RAW" and d["reason"].startswith("icmp6 is given") and
		d["kernel_filled"] == [] and d["options"] == ["IPV6_HDRINCL 1"] and
		d["readback"]["seen"] and d["readback"]["changed"] == []' &&
	arrived "${MAC_B//:/}${MAC_A//:/}86dd$built"
}

packet_udp() {
	local out built
	built=$("$sockctl" build --hex dev "$A" eth ip dst "$V4B" id 99 udp dport 9 \
		payload text pkt-hello) &&
	out=$("$sockctl" -j send --via socket dev "$A" eth ip dst "$V4B" id 99 udp dport 9 \
		payload text pkt-hello) || return 1
	json_ok "$out" 'd["socket"] == "AF_PACKET" and
		d["call"] == "socket(AF_PACKET, SOCK_RAW, 0)" and
		d["privilege"] == "CAP_NET_RAW" and d["reason"].startswith("eth is given") and
		d["kernel_filled"] == [] and d["not_expressible"] == [] and
		d["remote"] == "'"$A"'" and "readback" not in d and d["sent"] == 1' &&
	arrived "$built"
}

packet_arp() {
	local out built
	built=$("$sockctl" build --hex dev "$A" arp op reply spa "$V4A" tpa "$V4B") &&
	out=$(via dev "$A" arp op reply spa "$V4A" tpa "$V4B") || return 1
	echo "$out"
	grep -q '^via AF_PACKET (socket(AF_PACKET, SOCK_RAW, 0)), needs CAP_NET_RAW; the kernel filled: nothing$' <<<"$out" &&
	grep -qx '  the frame left as built: a packet socket'"'"'s kernel rewrites nothing' <<<"$out" &&
	grep -qx "sent 1 frame (42 bytes) on $A" <<<"$out" &&
	arrived "$built"
}

# cap_error WANT ARGS...: unprivileged, exit 2 and exactly the line WANT.
cap_error() {
	local want=$1 err rc
	shift
	err=$(nobody "$sockctl" send --via socket "$@" 2>&1 >/dev/null) && rc=0 || rc=$?
	echo "exit $rc: $err"
	[ $rc -eq 2 ] && [ "$err" = "$want" ]
}

unprivileged_raw() {
	cap_error 'sockctl: send --via socket: socket(AF_INET, SOCK_RAW, IPPROTO_RAW): Operation not permitted: needs CAP_NET_RAW' \
		ip dst "$V4B" id 1 udp dport 9
}

unprivileged_packet() {
	cap_error 'sockctl: send --via socket: socket(AF_PACKET, SOCK_RAW, 0): Operation not permitted: needs CAP_NET_RAW' \
		dev "$A" eth ip dst "$V4B" udp
}

unprivileged_low_port() {
	cap_error 'sockctl: send --via socket: bind(0.0.0.0:53): Permission denied: needs CAP_NET_BIND_SERVICE' \
		ip dst "$V4B" udp sport 53 dport 9
}

module_only() {
	local err rc
	err=$(via rx dev "$A" ip dst "$V4A" udp 2>&1 >/dev/null) && rc=0 || rc=$?
	echo "exit $rc: $err"
	[ $rc -eq 1 ] && grep -q '^sockctl: send --via socket: rx: no socket' <<<"$err" || return 1
	err=$(via ip dst "$V4B" udp sport 1000-2000 random 2>&1 >/dev/null) && rc=0 || rc=$?
	echo "exit $rc: $err"
	[ $rc -eq 1 ] && grep -q 'sport 1000-2000 random' <<<"$err"
}

echo "TAP version 13"
if ! net_setup cv 10.77.0 || ! capture_start; then
	echo "not ok 1 setup: veth pair into a netns, capture on its far end"
	exit 1
fi
tap_check "stream: connect, send, close reach a listener; the kernel's fields named" stream_v4
tap_check "stream over IPv6, bound port, -j" stream_v6
tap_check "stream: a refused connection exits 2 naming the call" stream_refused
tap_check "dgram: IP_TTL, IP_TOS, DF arrive; -j names what the kernel filled" dgram_v4
tap_check "dgram: the text report" dgram_text
tap_check "dgram over IPv6: hop limit, traffic class, no checksum" dgram_v6
tap_check "dgram: beyond the path MTU the kernel fragments, the far end reassembles" dgram_fragmented
tap_check "dgram works unprivileged, bound to the device" dgram_unprivileged
tap_check "raw: lying length and checksum rewritten, read back as on the wire" raw_v4
tap_check "raw: the text report names the reason and the readback" raw_v4_text
tap_check "raw bytes: ID, checksum and source of 0 filled in" raw_given
tap_check "raw over IPv6 (IPV6_HDRINCL): nothing rewritten, arrives as built" raw_v6
tap_check "packet: the frame arrives as the module built it" packet_udp
tap_check "packet: ARP, text report" packet_arp
tap_check "unprivileged raw: exit 2, needs CAP_NET_RAW" unprivileged_raw
tap_check "unprivileged packet: exit 2, needs CAP_NET_RAW" unprivileged_packet
tap_check "unprivileged port 53: exit 2, needs CAP_NET_BIND_SERVICE" unprivileged_low_port
tap_check "what only the module can do is a usage error" module_only
tap_done
