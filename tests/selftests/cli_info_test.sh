#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest (shell): the sockctl CLI against the loaded module.  Prints TAP.
# Needs root and sockctl.ko loaded; runs in the lab VM.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
sockctl=${SOCKCTL:-$top/ctl/sockctl}

# json_field JSON EXPR: a python expression over the document d.
. "$top/tests/lib/json_eval.sh"
trap json_eval_stop EXIT

info_text() {
	local out
	out=$("$sockctl" info) || return 1
	grep -q "^sockctl module 0.1.0 on kernel $(uname -r)$" <<<"$out" &&
	grep -q 'have CAP_NET_RAW' <<<"$out"
}

info_json() {
	local out
	out=$("$sockctl" -j info) || return 1
	[ "$(json_field "$out" 'd["family_version"]')" = 1 ] &&
	[ "$(json_field "$out" 'd["family"]')" = sockctl ] &&
	[ "$(json_field "$out" 'd["kernel_release"]')" = "$(uname -r)" ] &&
	[ "$(json_field "$out" 'd["cap_net_raw"]')" = True ] &&
	[ "$(json_field "$out" 'd["limits"]["max_packet"]')" = 65535 ]
}

abbreviation() {
	"$sockctl" i >/dev/null && "$sockctl" --json inf >/dev/null
}

usage_errors() {
	local rc
	"$sockctl" frobnicate 2>/dev/null; rc=$?
	[ $rc -eq 1 ] || return 1
	"$sockctl" info extra 2>/dev/null; rc=$?
	[ $rc -eq 1 ] || return 1
	"$sockctl" --bogus 2>/dev/null; rc=$?
	[ $rc -eq 1 ]
}

unprivileged_info() {
	local out
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$sockctl" -j info) || return 1
	[ "$(json_field "$out" 'd["cap_net_raw"]')" = False ]
}

netns_info() {
	local host ns rc=0
	ip netns add sockctl-cli-test || return 1
	host=$("$sockctl" -j info) &&
	ns=$(ip netns exec sockctl-cli-test "$sockctl" -j info) &&
	[ "$(json_field "$ns" 'd["netns"]["requests"]')" = 1 ] &&
	[ "$(json_field "$ns" 'd["netns"]["cookie"]')" != \
	  "$(json_field "$host" 'd["netns"]["cookie"]')" ] || rc=1
	ip netns del sockctl-cli-test
	return $rc
}

echo "TAP version 13"
tap_check "info prints module, kernel and privilege" info_text
tap_check "-j info is valid JSON with the documented fields" info_json
tap_check "subcommands take unique prefixes" abbreviation
tap_check "usage errors exit 1" usage_errors
tap_check "unprivileged info works and reports no CAP_NET_RAW" unprivileged_info
tap_check "info in another netns sees its own state" netns_info
tap_done
