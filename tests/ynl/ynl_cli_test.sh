#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own generic YNL client, tools/net/ynl/cli.py of the
# linux-source-6.12 tree, driving sockctl.ko with nothing but
# uapi/sockctl.yaml: proof that the spec describes the family the module
# registers.  Needs root and sockctl.ko loaded (the VM).  Prints TAP.
#
#   tests/ynl/ynl_cli_test.sh
#
# SOCKCTL_LINUX_SRC overrides the source tree (default: linux_source_dir of
# tests/lib/kernels.sh).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/lib/kernels.sh"

echo "TAP version 13"
ksrc=${SOCKCTL_LINUX_SRC:-$(linux_source_dir 2>/dev/null)}
if [ ! -d "$ksrc" ]; then
	# In the VM dpkg's database is hidden: take the newest unpacked tree.
	for d in "$SOCKCTL_CACHE"/src/linux-source-*/.unpacked; do
		[ -f "$d" ] && { [ -z "$ksrc" ] || [ "$d" -nt "$ksrc/.unpacked" ]; } && ksrc=${d%/.unpacked}
	done
fi
if [ ! -f "$ksrc/tools/net/ynl/cli.py" ]; then
	echo "not ok 1 kernel YNL cli.py # not found under '$ksrc'"
	echo "1..1"
	exit 1
fi
# Debian's python3 has PyYAML and jsonschema (python3-yaml, -jsonschema).
python=/usr/bin/python3
[ -x "$python" ] || python=python3
spec=$top/uapi/sockctl.yaml
schema=$ksrc/Documentation/netlink/genetlink-legacy.yaml

# json_eq JSON EXPR WANT [EXPR WANT]...: each python expression over the
# document d equals its WANT (tests/lib/json_eval.sh: one python3 for all
# of this script's documents, as each start costs 1-3 s in the TCG guest).
. "$top/tests/lib/json_eval.sh"
tmp=$(mktemp -d)
trap 'json_eval_stop; rm -rf "$tmp"' EXIT
json_eq() {
	local doc=$1 bad=0
	shift
	while [ $# -ge 2 ]; do
		if ! _json_eval v "$doc" "$1" || [ "$REPLY" != "$2" ]; then
			echo "$1 = $REPLY, expected $2"
			bad=1
		fi
		shift 2
	done
	return $bad
}

# Every cli.py call of the checks below, run one after the other in one
# python3 by cli_batch.py (a start that imports YNL's library costs seconds
# under TCG; the seven took 36 s as seven starts); each check then reads
# its call's output and exit status.  --list-ops validates the spec against
# the kernel's schema (as make check's host stage does); the others skip
# that (--no-schema): jsonschema is half of a call's cost.
declare -A call_no
n_calls=0
ynl_call() { # NAME ARGS...: queue `cli.py --spec SPEC ARGS...` as NAME
	local name=$1
	shift
	call_no[$name]=$n_calls
	n_calls=$((n_calls + 1))
	printf '%s\0' $(($# + 2)) --spec "$spec" "$@" >>"$tmp/calls"
}
# ynl_result NAME: out=what the call printed (stdout and stderr); returns
# its exit status.
ynl_result() {
	local n=${call_no[$1]} rc
	out=$(<"$tmp/$n.out")
	read -r rc <"$tmp/$n.rc" || rc=255
	return "$rc"
}

ynl_call list_ops --schema "$schema" --list-ops
ynl_call get_info --no-schema --do get-info --output-json
# IPv4 192.0.2.1 -> 198.51.100.2, id 0x1234, nothing after: the header is
# raw(IP(id=0x1234, proto=255, src="192.0.2.1", dst="198.51.100.2")).
ynl_call build_l3 --no-schema --do build --output-json --json \
	'{"inject": "l3", "ipv4": {"saddr": "c0000201", "daddr": "c6336402", "id": 4660}}'
# Fragments: 28 bytes of ICMP at a fragment size of 8 make 4 frames.
ynl_call build_fragments --no-schema --do build --output-json --json \
	'{"inject": "l3", "ipv4": {"saddr": "c0000201", "daddr": "c6336402", "id": 1},
	  "icmp": {}, "payload": "00112233445566778899aabbccddeeff0011", "frag-size": 8}'
# The module's extended ACK reaches cli.py: a cross-field rule...
ynl_call refused_extack --no-schema --do build --json '{"inject": "l3", "ipv4": {"id": 1}}'
# ... and a policy check the spec declares (VLAN ID 0-4095), which the
# netlink core reports with the policy and the path of the attribute.  (Its
# errno is ERANGE, not the EINVAL uapi/linux/sockctl.h promises.)
ynl_call refused_policy --no-schema --do build --json \
	'{"inject": "l2", "ifindex": 1, "eth": {"vlan": [{"vid": 4096}]},
	  "ipv4": {"saddr": "c0000201", "daddr": "c6336402", "id": 1}}'
ynl_call stats_get --no-schema --do stats-get --output-json
"$python" "$top/tests/ynl/cli_batch.py" "$ksrc/tools/net/ynl/cli.py" "$tmp" <"$tmp/calls"

list_ops() {
	local out op
	ynl_result list_ops || { echo "$out"; return 1; }
	for op in get-info build send job-get job-stop stats-get; do
		grep -q "^$op " <<<"$out" || { echo "no $op in: $out"; return 1; }
	done
}

get_info() {
	local out
	ynl_result get_info || { echo "$out"; return 1; }
	echo "$out"
	json_eq "$out" 'd["family-version"]' 1 \
		'd["kernel-release"]' "$(uname -r)" \
		'd["module-version"]' 0.1.0 \
		'd.get("cap-net-raw", False)' True \
		'd["max-packet"]' 65535
}

build_l3() {
	local out
	ynl_result build_l3 || { echo "$out"; return 1; }
	echo "$out"
	json_eq "$out" 'd["frame"][0]["data"]' 450000141234000040ff7b80c0000201c6336402 \
		'd["frame"][0]["l3-offset"]' 0 \
		'd["frame"][0]["payload-offset"]' 20
}

build_fragments() {
	local out
	ynl_result build_fragments || { echo "$out"; return 1; }
	echo "$out"
	json_eq "$out" 'len(d["frame"])' 4 \
		'[f.get("l4-offset") for f in d["frame"]]' '[20, None, None, None]'
}

refused_extack() {
	local out
	ynl_result refused_extack && { echo "accepted: $out"; return 1; }
	grep -q "IPv4 needs a destination address" <<<"$out" || { echo "$out"; return 1; }
}

refused_policy() {
	local out
	ynl_result refused_policy && { echo "accepted: $out"; return 1; }
	if ! grep -q "'max-value': 4095" <<<"$out" ||
	   ! grep -q "'bad-attr': '.eth.vlan.vid'" <<<"$out"; then
		echo "$out"
		return 1
	fi
}

stats_get() {
	local out
	ynl_result stats_get || { echo "$out"; return 1; }
	echo "$out"
	json_eq "$out" '"packets" in d["stats"]' True
}

tap_check "cli.py --list-ops lists every command" list_ops
tap_check "cli.py --do get-info" get_info
tap_check "cli.py --do build (IPv4 dry run, exact bytes)" build_l3
tap_check "cli.py --do build with frag-size (one frame per fragment)" build_fragments
tap_check "cli.py shows the module's extack message" refused_extack
tap_check "cli.py: VLAN ID 4096 refused by the policy" refused_policy
tap_check "cli.py --do stats-get" stats_get
tap_done
