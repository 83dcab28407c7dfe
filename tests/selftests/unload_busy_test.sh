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
# The jobs are started by a small generic netlink client in Python (below):
# a job lives as long as the socket that started it, so the client keeps it
# open until it is killed.  Enum values come from the uapi header itself.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
ko=${SOCKCTL_KO:-$top/build/$(uname -r)/sockctl.ko}
ns=sc-unload-$$
tmp=$(mktemp -d)
holders=()

# Start a SEND job (count 10^7 or the module's maximum, 1000 pps) of UDP
# frames on device IFINDEX and keep its socket open until killed.  Prints
# "job ID", or "skip REASON", or "error REASON".
holder_py='
import os, re, signal, socket, struct, sys

def enums(path):
    """NAME -> value for every enumerator of the uapi header."""
    vals = {}
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    for body in re.findall(r"enum\s+\w+\s*\{(.*?)\}", text, flags=re.S):
        nxt = 0
        for item in body.split(","):
            item = item.strip()
            if not item:
                continue
            m = re.match(r"(\w+)\s*(?:=\s*(\w+))?$", item)
            if not m:
                continue        # NAME_MAX = (__NAME_MAX - 1)
            if m.group(2):
                nxt = int(m.group(2), 0)
            vals[m.group(1)] = nxt
            nxt += 1
    return vals

E = enums(sys.argv[1])
ifindex = int(sys.argv[2])
saddr, daddr = socket.inet_aton(sys.argv[3]), socket.inet_aton(sys.argv[4])

def attr(t, data):
    n = 4 + len(data)
    return struct.pack("HH", n, t) + data + b"\0" * (-n % 4)

def nest(t, *a):
    return attr(t | 0x8000, b"".join(a))

def attrs(buf):
    out, off = [], 0
    while off + 4 <= len(buf):
        n, t = struct.unpack_from("HH", buf, off)
        if n < 4:
            break
        out.append((t & 0x3fff, buf[off + 4:off + n]))
        off += (n + 3) & ~3
    return out

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)  # NETLINK_GENERIC
s.bind((0, 0))
seq = 0

def request(family, cmd, payload, version=1):
    """(error, [attrs of each reply])"""
    global seq
    seq += 1
    body = struct.pack("BBH", cmd, version, 0) + payload
    s.send(struct.pack("IHHII", 16 + len(body), family, 0x5, seq, 0) + body)
    replies = []
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            n, typ, flags, rseq, pid = struct.unpack_from("IHHII", data, off)
            if rseq == seq:
                if typ == 2:  # NLMSG_ERROR
                    return -struct.unpack_from("i", data, off + 16)[0], replies
                replies.append(attrs(data[off + 20:off + n]))
            off += (n + 3) & ~3

# nlctrl: CTRL_CMD_GETFAMILY = 3, CTRL_ATTR_FAMILY_NAME = 2, _ID = 1, _OPS = 6
err, rep = request(0x10, 3, attr(2, b"sockctl\0"))
if err:
    print("error family sockctl not found:", os.strerror(err), flush=True)
    sys.exit(1)
family, ops = None, set()
for t, v in rep[0]:
    if t == 1:
        family = struct.unpack("H", v)[0]
    if t == 6:
        for _, op in attrs(v):
            for ot, ov in attrs(op):
                if ot == 1:
                    ops.add(struct.unpack("I", ov)[0])
for cmd in ("SOCKCTL_CMD_SEND", "SOCKCTL_CMD_JOB_GET"):
    if E[cmd] not in ops:
        print("skip the module has no", cmd, flush=True)
        sys.exit(0)

def u8(t, v): return attr(t, struct.pack("B", v))
def u16(t, v): return attr(t, struct.pack("H", v))
def u32(t, v): return attr(t, struct.pack("I", v))

err, rep = request(family, E["SOCKCTL_CMD_GET_INFO"], b"")
count = 10 ** 7
for t, v in (rep[0] if not err else []):
    if t == E["SOCKCTL_A_INFO_MAX_COUNT"]:
        count = min(count, struct.unpack("I", v)[0])

err, rep = request(family, E["SOCKCTL_CMD_SEND"],
    u8(E["SOCKCTL_A_INJECT"], E["SOCKCTL_INJECT_L2"]) +
    u32(E["SOCKCTL_A_IFINDEX"], ifindex) +
    nest(E["SOCKCTL_A_IPV4"],
         attr(E["SOCKCTL_A_IPV4_SADDR"], saddr),
         attr(E["SOCKCTL_A_IPV4_DADDR"], daddr)) +
    nest(E["SOCKCTL_A_UDP"], u16(E["SOCKCTL_A_UDP_DPORT"], 9)) +
    u32(E["SOCKCTL_A_COUNT"], count) +
    u32(E["SOCKCTL_A_RATE_PPS"], 1000))
if err:
    print("error SEND:", os.strerror(err), flush=True)
    sys.exit(1)
job = [v for t, v in rep[0] if t == E["SOCKCTL_A_JOB_ID"]] if rep else []
if not job:
    print("error SEND replied without SOCKCTL_A_JOB_ID", flush=True)
    sys.exit(1)
print("job", struct.unpack("I", job[0])[0], flush=True)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
while True:
    signal.pause()
'

loaded() { grep -q '^sockctl ' /proc/modules; }

# nap SECONDS: a sleep that execs nothing.
. "$top/tests/lib/nap.sh"

# start_holder NAME IFINDEX SADDR DADDR [NETNS]: a job holder in the
# background; what it prints goes to $tmp/NAME.  (Not in a $(...) subshell:
# holders[] must keep its pid.)  Both holders start at once: a python3
# start takes seconds under TCG.
start_holder() {
	local name=$1
	shift 1
	if [ $# -ge 4 ]; then
		ip netns exec "$4" python3 -c "$holder_py" "$top/uapi/linux/sockctl.h" \
			"$1" "$2" "$3" >"$tmp/$name" 2>&1 &
	else
		python3 -c "$holder_py" "$top/uapi/linux/sockctl.h" \
			"$1" "$2" "$3" >"$tmp/$name" 2>&1 &
	fi
	holders+=($!)
}
# wait_holder NAME: until the holder said something (60 s at most); sets
# held to what it said.
wait_holder() {
	local i
	for ((i = 0; i < 600; i++)); do
		[ -s "$tmp/$1" ] && break
		nap 0.1
	done
	held=$(<"$tmp/$1")
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

# The family is registered again (nlctrl CTRL_CMD_GETFAMILY answers).
family_back() {
	insmod "$ko" && python3 -c '
import socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
name = b"sockctl\0"
attr = struct.pack("HH", 4 + len(name), 2) + name + b"\0" * (-len(name) % 4)
body = struct.pack("BBH", 3, 1, 0) + attr
s.send(struct.pack("IHHII", 16 + len(body), 0x10, 0x5, 1, 0) + body)
data = s.recv(65536)
typ = struct.unpack_from("H", data, 4)[0]
err = struct.unpack_from("i", data, 16)[0] if typ == 2 else 0
raise SystemExit(0 if typ == 0x10 or err == 0 else 1)
'
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

# (Not "out": tap_check has a local of that name.)
read -r ifindex </sys/class/net/sc-ub0/ifindex
start_holder init "$ifindex" 10.99.8.1 10.99.8.2
start_holder other "$(ip netns exec "$ns" cat /sys/class/net/sc-ub2/ifindex)" \
	10.99.8.1 10.99.8.2 "$ns"
wait_holder init
held_init=$held
case $held in
skip*)
	tap_skip "rmmod while jobs run" "${held#skip }"
	tap_done
	exit
	;;
esac
wait_holder other
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
