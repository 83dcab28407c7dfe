#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): sockctl send against the loaded module, end to end.
# Each description of a table, over every layer, is sent at l2 on the near
# end of a veth pair and must arrive at the far end, in another netns, byte
# for byte as `sockctl build --hex` says; then l3 (route) and rx injection,
# the JSON of every command, jobs in the foreground and in the background,
# and the errors.  Prints TAP.  Needs root, python3 and sockctl.ko loaded;
# runs in the lab VM.
#
# The module gives an IPv4 header a random ID unless one is set, so every
# IPv4 description here sets one: build and send must make the same bytes.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/selftests/cli_net.sh"
sockctl=${SOCKCTL:-$top/ctl/sockctl}

# l2_same DESCRIPTION: sent at l2 on the near end; every frame build makes
# of it (several with frag) arrives at the far end unchanged.
l2_same() {
	local hex frame
	eval "set -- $1"
	hex=$("$sockctl" build --hex dev "$A" "$@") || return 1
	"$sockctl" -q send dev "$A" "$@" || return 1
	for frame in $hex; do
		arrived "$frame" || return 1
	done
}

l2_table() {
	local quote="4500 001c 0001 0000 4011 0000 $(printf '%02x' ${V4B//./ }) $(
		printf '%02x' ${V4A//./ }) 0035 0035 0008 0000"

	printf 'binary\0\377payload' >"$net_tmp/payload.bin"
	descs=(
		"eth ip dst $V4B id 1 udp dport 9 payload text hello"
		"eth src 02:00:00:00:00:01 dst 02:00:00:00:00:02 type ipv4 ip src $V4A dst $V4B id 2 udp"
		"eth vlan 100 ip dst $V4B id 3 udp dport 9"
		"eth vlan 100 pcp 3 dei 1 vlan 200 ip dst $V4B id 4 udp dport 9"
		"arp tpa $V4B"
		"arp op reply sha 02:00:00:00:00:09 spa $V4A tha $MAC_B tpa $V4B"
		"eth vlan 5 arp tpa $V4B"
		"ip dst $V4B id 10 ttl 1 tos 0xb8 udp dport 9"
		"ip dst $V4B id 11 df udp dport 9 payload text df"
		"ip dst $V4B id 12 evil udp dport 9 payload text evil"
		"ip dst $V4B id 13 mf fragoff 100 udp dport 9 payload text fragment"
		"ip dst $V4B id 14 csum 0xdead udp dport 9"
		"ip dst $V4B id 15 opt hex 94040000 udp dport 9"
		"ip dst $V4B id 16 ihl 7 opt hex 01010101 udp dport 9"
		"ip dst $V4B id 17 len 100 udp dport 9 payload text short"
		"ip dst $V4B id 18 version 5 udp dport 9"
		"ip dst $V4B id 19 proto 99 payload text p99"
		"ip dst $V4B id 20 dscp ef ecn ce udp dport 9"
		"ip src 192.0.2.9 dst $V4B id 21 udp dport 9"
		"ip dst $V4B id 22 tcp dport 80 flags S seq 1000"
		"ip dst $V4B id 23 tcp sport 1234 dport 80 flags FSRPAUEC win 0 urg 5"
		"ip dst $V4B id 24 tcp dport 80 mss 1460 sackok ts 1:0 wscale 7"
		"ip dst $V4B id 25 tcp dport 80 flags PA ack 5 opt hex 0101 csum 0xbeef payload text data"
		"ip dst $V4B id 26 tcp dport 80 doff 15 res 3"
		"ip dst $V4B id 27 udp dport 9 csum 0"
		"ip dst $V4B id 28 udp dport 9 len 4 payload text lying"
		"ip dst $V4B id 29 icmp type echo-request id 7 seq 1 payload text ping"
		"ip dst $V4B id 30 icmp type dest-unreach code port-unreach quote hex '$quote'"
		"ip dst $V4B id 31 icmp type redirect gateway $V4A csum 0"
		"ip6 dst $V6B udp dport 9 payload text v6"
		"ip6 dst $V6B hoplimit 1 tclass 0x20 flowlabel 0x12345 udp dport 9"
		"ip6 dst $V6B ext hbh hex 010400000000 udp dport 9"
		"ip6 dst $V6B ext dstopt hex 010400000000 ext frag hex 000100001234 udp dport 9"
		"ip6 dst $V6B icmp6 type echo-request id 1 seq 1 payload text ping6"
		"ip6 dst $V6B icmp6 type packet-too-big mtu 1280"
		"ip6 dst $V6B tcp dport 22 flags SA ack 5"
		"ip dst $V4B id 40 udp dport 9 payload hex 'de ad be ef'"
		"ip dst $V4B id 41 udp dport 9 payload base64 aGVsbG8="
		"ip dst $V4B id 42 udp dport 9 payload file $net_tmp/payload.bin"
		"ip dst $V4B id 43 udp dport 9 payload text 'a b' hex 00 base64 AA=="
		"frag 8 ip dst $V4B id 44 udp dport 9 payload text 'in fragments'"
		"raw hex '${MAC_B//:/} ${MAC_A//:/} 0800 4500 001c 0001 0000 4001 0000 $(
			printf '%02x' ${V4A//./ } ${V4B//./ }) 0800 f7ff 0000 0000'"
	)
}

# route: the datagram goes through routing, the kernel adds the link layer.
l3_route() {
	local l3
	l3=$("$sockctl" build --hex route ip dst "$V4B" id 77 udp dport 9 \
		payload text routed) &&
	"$sockctl" -q send route ip dst "$V4B" id 77 udp dport 9 payload text routed &&
	arrived "${MAC_B//:/}${MAC_A//:/}0800$l3"
}

l3_route6() {
	local l3
	l3=$("$sockctl" build --hex route ip6 dst "$V6B" udp dport 9 payload text routed6) &&
	"$sockctl" -q send route ip6 dst "$V6B" udp dport 9 payload text routed6 &&
	arrived "${MAC_B//:/}${MAC_A//:/}86dd$l3"
}

# rx: as if the far end had sent it; a UDP socket of this netns gets it.
rx_socket() {
	rm -f "$net_tmp/rx" "$net_tmp/rx.ready"
	python3 "$net_tmp/udprecv.py" "$V4A" 7777 "$net_tmp/rx" "$net_tmp/rx.ready" &
	net_pids+=($!)
	wait_file "$net_tmp/rx.ready" &&
	"$sockctl" -q send rx dev "$A" eth src "$MAC_B" dst "$MAC_A" ip src "$V4B" \
		dst "$V4A" id 5 ttl 9 udp dport 7777 payload text rx-hello &&
	[ "$(got rx)" = "rx-hello 9 0" ]
}

json_send() {
	local out
	out=$("$sockctl" -j send dev "$A" ip dst "$V4B" id 50 udp dport 9) || return 1
	json_ok "$out" 'd == {"inject": "l2", "dev": "'"$A"'", "packets": 1, "bytes": 42,
		"errors": 0}'
}

json_build() {
	local out hex
	hex=$("$sockctl" build --hex dev "$A" ip dst "$V4B" id 51 udp dport 9 payload text j) &&
	out=$("$sockctl" -j build dev "$A" ip dst "$V4B" id 51 udp dport 9 payload text j) ||
		return 1
	json_ok "$out" 'len(d["frames"]) == 1 and d["frames"][0]["index"] == 0 and
		d["frames"][0]["length"] == 43 and d["frames"][0]["l3_offset"] == 14 and
		d["frames"][0]["l4_offset"] == 34 and d["frames"][0]["payload_offset"] == 42 and
		d["frames"][0]["bytes_hex"] == "'"$hex"'" and
		[l["name"] for l in d["frames"][0]["layers"]] == ["ethernet", "ipv4", "udp", "payload"] and
		{f["name"]: f for f in d["frames"][0]["layers"][1]["fields"]}["id"]["value"] == 51 and
		{f["name"]: f for f in d["frames"][0]["layers"][1]["fields"]}["checksum"]["checksum"] == "correct" and
		all({"name", "value", "offset", "bit_offset", "bits", "rfc"} <= set(f)
		    for l in d["frames"][0]["layers"] for f in l["fields"])'
}

json_info_stats() {
	local info stats
	info=$("$sockctl" -j info) && stats=$("$sockctl" -j stats) || return 1
	json_ok "$info" 'd["family"] == "sockctl" and d["family_version"] == 1 and
		d["cap_net_raw"] is True' &&
	json_ok "$stats" 'set(d) == {"packets", "bytes", "errors", "jobs",
		"captures", "captured", "capture_drops"} and
		d["packets"] > 40 and d["bytes"] > 2000 and d["jobs"] >= 3'
}

# job_state OUT ID: job ID in a `jobs -j` output, as "state packets".
job_state() {
	json_field "$1" 'next(("%s %d" % (j["state"], j["packets"])
		     for j in d["jobs"] if j["job_id"] == '"$2"'), "absent 0")
		if all({"job_id", "state", "count", "packets", "bytes", "errors", "elapsed_ns"} <= set(x)
		       for x in d["jobs"]) else "fields missing"'
}

# A job followed by the CLI: `jobs -j` shows it, `stop ID` ends it, and the
# CLI that followed it prints its end and exits 0.
job_follow() {
	local pid id='' out state i rc
	"$sockctl" send dev "$A" count 1000000 rate 100pps ip dst "$V4B" id 60 udp dport 9 \
		>"$net_tmp/follow" 2>&1 &
	pid=$!
	net_pids+=("$pid")
	for ((i = 0; i < 50; i++)); do
		out=$("$sockctl" -j jobs) || return 1
		id=$(json_field "$out" '" ".join(str(j["job_id"]) for j in d["jobs"]
			if j["count"] == 1000000 and j["state"] == "running")')
		[ -n "$id" ] && break
		nap 0.1
	done
	[ -n "$id" ] || { echo "no running job: $out"; return 1; }
	nap 1
	state=$(job_state "$("$sockctl" -j jobs)" "$id")
	echo "job $id: $state"
	[ "${state% *}" = running ] && [ "${state#* }" -gt 0 ] || return 1
	"$sockctl" stop "$id" || return 1
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		nap 0.1
	done
	wait "$pid" && rc=0 || rc=$?
	cat "$net_tmp/follow"
	[ $rc -eq 0 ] && grep -q "^via l2 on $A: job $id stopped: " "$net_tmp/follow" &&
	[ "$(job_state "$("$sockctl" -j jobs)" "$id")" != "running 0" ]
}

# Ctrl-C on the CLI following a job stops the job.
job_interrupt() {
	local pid id out i
	"$sockctl" -j send dev "$A" count 1000000 rate 100pps ip dst "$V4B" id 61 udp dport 9 \
		>"$net_tmp/interrupt" 2>&1 &
	pid=$!
	net_pids+=("$pid")
	nap 1.5
	kill -INT "$pid"
	wait "$pid" || return 1
	out=$(cat "$net_tmp/interrupt")
	id=$(json_field "$out" 'd["job_id"]') || return 1
	json_ok "$out" 'd["state"] == "stopped" and d["count"] == 1000000 and d["packets"] > 0' &&
	[ "$(job_state "$("$sockctl" -j jobs)" "$id" | cut -d' ' -f1)" = stopped ]
}

# A background job outlives the CLI that started it, until stopped.
job_background() {
	local out id state
	out=$("$sockctl" -j send dev "$A" count 1000000 rate 100pps background ip dst "$V4B" \
		id 62 udp dport 9) || return 1
	json_ok "$out" 'd["state"] == "running" and d["inject"] == "l2"' || return 1
	id=$(json_field "$out" 'd["job_id"]')
	nap 1.5
	state=$(job_state "$("$sockctl" -j jobs)" "$id")
	echo "job $id after its CLI exited: $state"
	[ "${state% *}" = running ] && [ "${state#* }" -gt 0 ] || return 1
	out=$("$sockctl" -j stop "$id") || return 1
	json_ok "$out" 'd["jobs"][0]["job_id"] == '"$id"' and d["jobs"][0]["state"] == "stopped"'
}

unprivileged() {
	local err rc
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$sockctl" send dev "$A" ip dst "$V4B" udp 2>&1 >/dev/null) && rc=0 || rc=$?
	echo "exit $rc: $err"
	[ $rc -eq 2 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -q CAP_NET_RAW <<<"$err"
}

usage_error() {
	local err rc
	err=$("$sockctl" send dev "$A" ip dst "$V4B" udp bogusword 2>&1 >/dev/null) && rc=0 || rc=$?
	echo "exit $rc: $err"
	[ $rc -eq 1 ] && head -n 1 <<<"$err" | grep -q '"bogusword"'
}

echo "TAP version 13"
if ! net_setup cs 10.66.0 || ! capture_start; then
	echo "not ok 1 setup: veth pair into a netns, capture on its far end"
	exit 1
fi
l2_table
for d in "${descs[@]}"; do
	tap_check "l2 as built: $d" l2_same "$d"
done
tap_check "l3 (route): the datagram arrives as built, behind the kernel's link layer" l3_route
tap_check "l3 (route) over IPv6" l3_route6
tap_check "rx: reaches a UDP socket of this netns" rx_socket
tap_check "send -j has the documented fields" json_send
tap_check "build -j has the documented fields" json_build
tap_check "a followed job: jobs -j shows it, stop ends it and its CLI" job_follow
tap_check "Ctrl-C on the CLI stops the job it follows" job_interrupt
tap_check "a background job outlives its CLI until stopped" job_background
# After the jobs: the module leaves the jobs counter out while it is 0.
tap_check "info -j and stats -j have the documented fields" json_info_stats
tap_check "unprivileged: exit 2, one line naming CAP_NET_RAW" unprivileged
tap_check "a usage error exits 1 naming the word" usage_error
tap_done
