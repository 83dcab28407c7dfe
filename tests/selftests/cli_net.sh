# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by the CLI shell tests (cli_*_test.sh): a veth pair of their own
# into a network namespace of their own, a capture of everything that
# arrives at the far end, and small python3 receivers.  Names carry the
# test's PID so that tests (and leftovers) never collide; net_cleanup runs
# on exit.
#
#   net_setup TAG SUBNET   e.g. net_setup cs 10.66.0: near $A (SUBNET.1,
#                          fdXX::1) in this netns, far $B (SUBNET.2,
#                          fdXX::2) in netns $NS; $V4A $V4B $V6A $V6B
#   capture_start          record every frame arriving on $B (hex lines)
#   arrived HEX            was that exact frame captured (waits up to 3 s)?
#   json_field, json_ok    see tests/lib/json_eval.sh

net_pids=()
net_tmp=$(mktemp -d)
NS='' A='' B=''

net_cleanup() {
	local pid
	for pid in "${net_pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${net_pids[@]}"; do
		wait "$pid" 2>/dev/null
	done
	[ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
	[ -n "$A" ] && ip link del "$A" 2>/dev/null
	rm -rf "$net_tmp"
	json_eval_stop
}
trap net_cleanup EXIT

# net_setup TAG SUBNET: the pair, addresses on both ends, and permanent
# neighbour entries, so that the module's default Ethernet destination does
# not change under a test when the far end answers.
net_setup() {
	local tag=$1 subnet=$2 six=${2#*.}
	six=fd$(printf '%02x' "${six%%.*}")
	NS=sockctl-$tag-$$ A=${tag}a$$ B=${tag}b$$
	V4A=$subnet.1 V4B=$subnet.2 V6A=$six::1 V6B=$six::2
	ip netns add "$NS" &&
	ip link add "$A" type veth peer name "$B" netns "$NS" &&
	ip addr add "$V4A/24" dev "$A" &&
	ip addr add "$V6A/64" dev "$A" nodad &&
	ip link set "$A" up &&
	ip -n "$NS" link set lo up &&
	ip -n "$NS" addr add "$V4B/24" dev "$B" &&
	ip -n "$NS" addr add "$V6B/64" dev "$B" nodad &&
	ip -n "$NS" link set "$B" up || return 1
	MAC_A=$(cat "/sys/class/net/$A/address")
	MAC_B=$(ip netns exec "$NS" cat "/sys/class/net/$B/address")
	ip neigh replace "$V4B" lladdr "$MAC_B" dev "$A" nud permanent &&
	ip neigh replace "$V6B" lladdr "$MAC_B" dev "$A" nud permanent &&
	ip -n "$NS" neigh replace "$V4A" lladdr "$MAC_A" dev "$B" nud permanent &&
	ip -n "$NS" neigh replace "$V6A" lladdr "$MAC_A" dev "$B" nud permanent
}

# A python3 helper from the heredoc on stdin, as $net_tmp/NAME.
net_script() {
	cat >"$net_tmp/$1"
}

# The waits below poll with bash builtins only: in the TCG guest every
# exec (seq, sleep, grep) costs 0.1-0.3 s, and they poll hundreds of times.
# shellcheck disable=SC2154 # top: set by the test that sources this file
. "$top/tests/lib/nap.sh"
# json_field, json_ok: python expressions over the CLI's -j output.
. "$top/tests/lib/json_eval.sh"

# wait_file FILE: up to 10 s for a helper to say it is ready.
wait_file() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -e "$1" ] && return 0
		nap 0.1
	done
	echo "# $1 never appeared" >&2
	return 1
}

# in_ns_bg CMD...: run CMD in the far netns in the background, to be killed.
in_ns_bg() {
	ip netns exec "$NS" "$@" &
	net_pids+=($!)
}

net_script capture.py <<'EOF'
# Every frame arriving on IFACE, one hex line each, as it was on the wire:
# the kernel takes the outer VLAN tag out before the taps see the frame
# (it is in PACKET_AUXDATA), so it is put back where it was.
import socket, struct, sys
iface, out, ready = sys.argv[1:4]
ETH_P_ALL, SOL_PACKET, PACKET_AUXDATA = 3, 263, 8
TP_STATUS_VLAN_VALID, TP_STATUS_VLAN_TPID_VALID = 1 << 4, 1 << 6
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
s.bind((iface, ETH_P_ALL))
s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
open(ready, 'w').close()
with open(out, 'a') as f:
    while True:
        data, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(32))
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        for level, kind, cd in anc:
            if level != SOL_PACKET or kind != PACKET_AUXDATA:
                continue
            status, _, _, _, _, tci, tpid = struct.unpack('IIIHHHH', cd[:20])
            if status & TP_STATUS_VLAN_VALID:
                if not status & TP_STATUS_VLAN_TPID_VALID:
                    tpid = 0x8100
                data = data[:12] + struct.pack('!HH', tpid, tci) + data[12:]
        f.write(data.hex() + '\n')
        f.flush()
EOF

net_script udprecv.py <<'EOF'
# One datagram to ADDR PORT: prints "payload ttl tos" (hop limit and
# traffic class for IPv6) into OUT.  UDP over IPv6 without a checksum is
# accepted (RFC 6936), as a receiver must ask for.
import socket, sys
addr, port, out, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
IP_TTL, IP_TOS, IP_RECVTTL, IP_RECVTOS = 2, 1, 12, 13
IPV6_RECVHOPLIMIT, IPV6_HOPLIMIT, IPV6_RECVTCLASS = 51, 52, 66
UDP_NO_CHECK6_RX = 102
v6 = ':' in addr
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
if v6:
    s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1)
    s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVTCLASS, 1)
    s.setsockopt(socket.IPPROTO_UDP, UDP_NO_CHECK6_RX, 1)
else:
    s.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
    s.setsockopt(socket.IPPROTO_IP, IP_RECVTOS, 1)
s.bind((addr, port))
open(ready, 'w').close()
s.settimeout(20)
data, anc, _, _ = s.recvmsg(65536, 256)
ttl = tos = -1
for level, kind, cd in anc:
    v = int.from_bytes(cd[:4] if len(cd) >= 4 else cd, sys.byteorder)
    if (level, kind) in ((socket.IPPROTO_IP, IP_TTL), (socket.IPPROTO_IPV6, IPV6_HOPLIMIT)):
        ttl = v
    else:
        tos = v & 0xff
with open(out, 'w') as f:
    f.write('%s %d %d\n' % (data.decode(errors='replace'), ttl, tos))
EOF

net_script tcprecv.py <<'EOF'
# Accept one connection on ADDR PORT, write what it sent until EOF to OUT.
import socket, sys
addr, port, out, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(1)
open(ready, 'w').close()
s.settimeout(20)
c, _ = s.accept()
data = b''
while True:
    b = c.recv(65536)
    if not b:
        break
    data += b
with open(out, 'wb') as f:
    f.write(data)
EOF

# capture_start: the far end's frames into $CAP, one hex line each.
capture_start() {
	CAP=$net_tmp/frames
	: >"$CAP"
	in_ns_bg python3 "$net_tmp/capture.py" "$B" "$CAP" "$net_tmp/capture.ready"
	wait_file "$net_tmp/capture.ready"
}

# arrived HEX: the frame HEX arrived on the far end (within 3 s).
arrived() {
	local i all
	for ((i = 0; i < 60; i++)); do
		# Whole lines only: the capture may be writing the last one.
		IFS= read -r -d '' all <"$CAP"
		[[ $'\n'$all == *$'\n'"$1"$'\n'* ]] && return 0
		nap 0.05
	done
	echo "expected: $1"
	echo "last frames captured:"
	tail -n 3 "$CAP"
	return 1
}

# udp_recv ADDR PORT NAME: a one-datagram receiver in the far netns;
# its "payload ttl tos" line lands in $net_tmp/NAME.
udp_recv() {
	rm -f "$net_tmp/$3" "$net_tmp/$3.ready"
	in_ns_bg python3 "$net_tmp/udprecv.py" "$1" "$2" "$net_tmp/$3" "$net_tmp/$3.ready"
	wait_file "$net_tmp/$3.ready"
}

# tcp_recv ADDR PORT NAME: a one-connection listener in the far netns.
tcp_recv() {
	rm -f "$net_tmp/$3" "$net_tmp/$3.ready"
	in_ns_bg python3 "$net_tmp/tcprecv.py" "$1" "$2" "$net_tmp/$3" "$net_tmp/$3.ready"
	wait_file "$net_tmp/$3.ready"
}

# got NAME: what a receiver wrote (waits up to 3 s for it).
got() {
	local i
	for ((i = 0; i < 30; i++)); do
		[ -s "$net_tmp/$1" ] && break
		nap 0.1
	done
	cat "$net_tmp/$1" 2>/dev/null
}
