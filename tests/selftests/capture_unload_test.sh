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
# Needs root, python3 and sockctl.ko loaded; runs in the lab VM.  It
# unloads the module, and reloads it at the end from
# build/$(uname -r)/sockctl.ko (or $SOCKCTL_KO).
#
# The sessions are held by a small generic netlink client in Python (below)
# that keeps reading: it prints "session ID" once started, "packets N" as
# they come, "end REASON" for a CAPTURE_END, "family-gone" when nlctrl
# announces the family's removal.  Enum values come from the uapi header.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
ko=${SOCKCTL_KO:-$top/build/$(uname -r)/sockctl.ko}
ns=sc-cunl-$$
tmp=$(mktemp -d)
pids=()

holder_py='
import os, re, select, signal, socket, struct, sys, time

def enums(path):
    vals = {}
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    for body in re.findall(r"enum\s+\w+\s*\{(.*?)\}", text, flags=re.S):
        nxt = 0
        for item in body.split(","):
            item = item.strip()
            m = re.match(r"(\w+)\s*(?:=\s*(\w+))?$", item)
            if not m:
                continue
            if m.group(2):
                nxt = int(m.group(2), 0)
            vals[m.group(1)] = nxt
            nxt += 1
    return vals

E = enums(sys.argv[1])
ifindex = int(sys.argv[2])
out = open(sys.argv[3], "w", buffering=1)

def attr(t, data):
    n = 4 + len(data)
    return struct.pack("HH", n, t) + data + b"\0" * (-n % 4)

def nest(t, *a):
    return attr(t | 0x8000, b"".join(a))

def attrs(buf):
    res, off = [], 0
    while off + 4 <= len(buf):
        n, t = struct.unpack_from("HH", buf, off)
        if n < 4:
            break
        res.append((t & 0x3fff, buf[off + 4:off + n]))
        off += (n + 3) & ~3
    return res

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
s.bind((0, 0))
seq = 0
family = None
packets = 0

def handle(data, want_seq=None):
    """Notifications; returns (error, replies) when want_seq is answered."""
    global packets
    off, result = 0, None
    replies = []
    while off + 16 <= len(data):
        n, typ, flags, rseq, pid = struct.unpack_from("IHHII", data, off)
        body = data[off + 16:off + n]
        off += (n + 3) & ~3
        if want_seq is not None and rseq == want_seq:
            if typ == 2:  # NLMSG_ERROR: the ACK
                result = -struct.unpack_from("i", body)[0]
            elif len(body) >= 4:
                replies.append(attrs(body[4:]))
            continue
        if typ == 0x10 and len(body) >= 4 and body[0] == 2:  # CTRL_CMD_DELFAMILY
            for t, v in attrs(body[4:]):
                if t == 2 and v.rstrip(b"\0") == b"sockctl":
                    print("family-gone", flush=True, file=out)
            continue
        if family is None or typ != family or len(body) < 4:
            continue
        cmd = body[0]
        if cmd == E["SOCKCTL_CMD_CAPTURE_PACKETS"]:
            packets += sum(1 for t, _ in attrs(body[4:]) if t == E["SOCKCTL_A_PACKET"])
        elif cmd == E["SOCKCTL_CMD_CAPTURE_END"]:
            reason = "?"
            for t, v in attrs(body[4:]):
                if t == E["SOCKCTL_A_CAPTURE"]:
                    for ct, cv in attrs(v):
                        if ct == E["SOCKCTL_A_CAPTURE_END_REASON"]:
                            reason = {E["SOCKCTL_CAPTURE_END_STOPPED"]: "STOPPED",
                                      E["SOCKCTL_CAPTURE_END_COUNT"]: "COUNT",
                                      E["SOCKCTL_CAPTURE_END_DEVICE"]: "DEVICE",
                                      E["SOCKCTL_CAPTURE_END_UNLOAD"]: "UNLOAD"}.get(cv[0], str(cv[0]))
            print("end", reason, flush=True, file=out)
    return result, replies

def request(fam, cmd, payload):
    global seq
    seq += 1
    body = struct.pack("BBH", cmd, 1, 0) + payload
    s.send(struct.pack("IHHII", 16 + len(body), fam, 0x5, seq, 0) + body)
    replies = []
    while True:
        err, r = handle(s.recv(1 << 20), seq)
        replies += r
        if err is not None:
            return err, replies

# nlctrl: family id and ops; its "notify" group (id 0x10) tells of removals.
err, rep = request(0x10, 3, attr(2, b"sockctl\0"))
if err:
    print("error family:", os.strerror(err), file=out)
    sys.exit(1)
ops = set()
for t, v in rep[0]:
    if t == 1:
        fam = struct.unpack("H", v)[0]
    if t == 6:
        for _, op in attrs(v):
            for ot, ov in attrs(op):
                if ot == 1:
                    ops.add(struct.unpack("I", ov)[0])
if E["SOCKCTL_CMD_CAPTURE_START"] not in ops:
    print("skip the module has no SOCKCTL_CMD_CAPTURE_START", file=out)
    sys.exit(0)
s.setsockopt(270, 1, 0x10)  # SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, GENL_ID_CTRL
family = fam

start = attr(E["SOCKCTL_A_IFINDEX"], struct.pack("I", ifindex)) + \
    nest(E["SOCKCTL_A_CAPTURE"], attr(E["SOCKCTL_A_CAPTURE_FLUSH_US"], struct.pack("I", 20000)))
err, rep = request(family, E["SOCKCTL_CMD_CAPTURE_START"], start)
if err:
    print("error START:", os.strerror(err), file=out)
    sys.exit(1)
sid = 0
for t, v in rep[0] if rep else []:
    if t == E["SOCKCTL_A_CAPTURE"]:
        for ct, cv in attrs(v):
            if ct == E["SOCKCTL_A_CAPTURE_ID"]:
                sid = struct.unpack("I", cv)[0]
print("session", sid, file=out)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
last = -1
while True:
    r, _, _ = select.select([s], [], [], 0.2)
    if r:
        try:
            handle(s.recv(1 << 20))
        except OSError as e:
            print("error recv:", e.strerror, file=out)
    if packets != last:
        print("packets", packets, file=out)
        last = packets
'

# Datagrams to ADDR port 9, ~500 a second, until killed.
traffic_py='
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    s.sendto(b"capture-unload", (sys.argv[1], 9))
    time.sleep(0.002)
'

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
	local name=$1 ifindex=$2
	if [ $# -ge 3 ]; then
		ip netns exec "$3" python3 -c "$holder_py" "$top/uapi/linux/sockctl.h" \
			"$ifindex" "$tmp/$name" >/dev/null 2>>"$tmp/$name.err" &
	else
		python3 -c "$holder_py" "$top/uapi/linux/sockctl.h" \
			"$ifindex" "$tmp/$name" >/dev/null 2>>"$tmp/$name.err" &
	fi
	pids+=($!)
	for _ in $(seq 100); do
		[ -s "$tmp/$name" ] && break
		sleep 0.1
	done
}

# The last "packets N" a holder printed.
packets_of() {
	grep '^packets ' "$tmp/$1" 2>/dev/null | tail -n 1 | cut -d' ' -f2
}

# The holder's session runs and captures (its count grows).
capturing() { # NAME
	local a b
	head -n 1 "$tmp/$1"
	grep -q '^session [1-9]' "$tmp/$1" || { cat "$tmp/$1" "$tmp/$1.err"; return 1; }
	sleep 1
	a=$(packets_of "$1")
	sleep 1
	b=$(packets_of "$1")
	echo "packets: ${a:-none} -> ${b:-none}"
	[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ]
}

# After the unload: END with reason UNLOAD or the family gone, and no
# packet after that.
ended_cleanly() { # NAME
	local a b
	sleep 1
	a=$(packets_of "$1")
	sleep 1
	b=$(packets_of "$1")
	cat "$tmp/$1" | grep -v '^packets' | sed 's/^/  /'
	echo "packets: $a -> $b"
	if grep -q '^end ' "$tmp/$1"; then
		grep -qx 'end UNLOAD' "$tmp/$1" || { echo "END with another reason"; return 1; }
	else
		grep -qx 'family-gone' "$tmp/$1" || {
			echo "neither CAPTURE_END nor the family's removal seen"
			return 1
		}
	fi
	! grep -q '^error' "$tmp/$1" && [ "$a" = "$b" ]
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

start_traffic() {
	ip netns exec "$ns" python3 -c "$traffic_py" 10.99.9.1 >/dev/null 2>&1 &
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
	for i in $(seq 10); do
		rmmod sockctl 2>&1 && { echo "unloaded at try $i"; return 0; }
		sleep 0.5
	done
	return 1
}
tap_check "rmmod sockctl while both sessions capture" rmmod_live
if loaded; then
	# Refused: let the sessions go with their sockets, then unload for real.
	stop_pids
	sleep 0.5
	rmmod sockctl
fi
tap_check "the initial netns's session ended cleanly" ended_cleanly init
tap_check "the other netns's session ended cleanly" ended_cleanly other
for h in init other; do
	echo "# $h: $(grep -v '^packets' "$tmp/$h" | tr '\n' ' ')$(packets_of "$h") packets"
done
stop_pids
tap_check "no kernel warning" no_splat "$dmesg_before"

# Back: the module loads and captures again.
insmod "$ko" 2>"$tmp/insmod.err"
insmod_rc=$?
tap_check "the module loads again" eval 'cat "$tmp/insmod.err"; test "$insmod_rc" -eq 0'
start_traffic
start_holder again "$(cat /sys/class/net/sc-cu0/ifindex)"
tap_check "and captures again" capturing again
stop_pids
tap_done
