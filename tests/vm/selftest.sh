#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Self-test of the lab VM runner: the splat patterns on made-up logs (no VM),
# then a few short VMs that check what every module test relies on: exit
# status, complete output, the --out share, splat and timeout detection.
#   tests/vm/selftest.sh [KERNEL...]      (default: 6.1 6.12)
# Ends with "N passed, N failed"; exit 1 if anything failed.  About 20 s a
# VM on an idle host, ~10 VMs per kernel.

set -uo pipefail

VM_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
RUN=$VM_DIR/run.sh
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
nok() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok "$1"; else nok "$1: expected '$2', got '$3'"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockctl-vm-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- splat.sh on made-up console lines ---------------------------------------

splat_case() { # EXPECTED(0 clean, 1 splat) LINE
	printf '[    1.000000] %s\r\n' "$2" >"$tmp/log"
	"$VM_DIR/splat.sh" "$tmp/log" >/dev/null
	check "splat.sh: $2" "$1" "$?"
}
splat_case 1 'WARNING: CPU: 0 PID: 1 at net/core/dev.c:1 foo+0x1/0x2'
splat_case 1 'BUG: KASAN: slab-use-after-free in sockctl_job_run+0x1/0x2 [sockctl]'
splat_case 1 'Oops: general protection fault, probably for non-canonical address'
splat_case 1 'WARNING: possible circular locking dependency detected'
splat_case 1 'INFO: task kworker/0:1:12 blocked for more than 120 seconds.'
splat_case 1 'refcount_t: underflow; use-after-free.'
splat_case 1 'unregister_netdevice: waiting for v0 to become free. Usage count = 2'
splat_case 1 'rcu: INFO: rcu_preempt self-detected stall on CPU'
splat_case 1 'UBSAN: array-index-out-of-bounds in kmod/sockctl_main.c:12:3'
splat_case 1 'BUG kmalloc-64 (Tainted: G           O): Poison overwritten'
printf 'unreferenced object 0xffff888003a6c300 (size 64):\n' >"$tmp/log"
"$VM_DIR/splat.sh" "$tmp/log" >/dev/null
check "splat.sh: kmemleak report" 1 "$?"
splat_case 0 'sockctl: loading out-of-tree module taints kernel.'
splat_case 0 'sockctl: module verification failed: signature and/or required key missing - tainting kernel'
splat_case 0 'tsc: Unable to calibrate against PIT'
splat_case 0 'PCI: Using host bridge windows from ACPI; if necessary, use "pci=nocrs" and report a bug'
splat_case 0 'AMD-Vi: AMD IOMMUv2 functionality not available on this system - This is not a bug.'
splat_case 0 'kmemleak: Kernel memory leak detector initialized (mem pool available: 15834)'
splat_case 0 'ref_tracker: memory allocation failure, unreliable refcount tracker.'
splat_case 1 'ref_tracker: eth0@ffff888003a6c300 has 1/1 users at'

# --- VMs ---------------------------------------------------------------------

for k in "${kernels[@]}"; do
	out=$("$RUN" --kernel "$k" --console "$tmp/console" -- uname -r 2>"$tmp/err")
	rc=$?
	check "$k: uname -r exits 0" 0 "$rc"
	[ -n "$out" ] && ok "$k: uname -r says $out" || nok "$k: uname -r printed nothing"
	"$VM_DIR/splat.sh" "$tmp/console" >/dev/null
	check "$k: a clean boot has no splat" 0 "$?"

	"$RUN" --kernel "$k" -- sh -c 'exit 7' 2>/dev/null
	check "$k: exit status passes through" 7 "$?"

	out=$("$RUN" --kernel "$k" -- sh -c 'echo out; echo err >&2' 2>/dev/null | tr '\n' ' ')
	check "$k: stdout and stderr come back on stdout" "out err " "$out"

	"$RUN" --kernel "$k" -- seq 1 10000 >"$tmp/seq" 2>/dev/null
	if cmp -s "$tmp/seq" <(seq 1 10000); then ok "$k: 10k lines come back complete"
	else nok "$k: 10k lines: got $(wc -l <"$tmp/seq") lines, or not byte-exact"; fi

	rm -rf "$tmp/out"
	"$RUN" --kernel "$k" --out "$tmp/out" -- sh -c "echo hi > '$tmp/out/f'" 2>/dev/null
	check "$k: --out is writable from the guest" hi "$(cat "$tmp/out/f" 2>/dev/null)"

	"$RUN" --kernel "$k" -- sh -c 'ip link add v0 type veth peer name v1 && unshare -r -n true' \
		>/dev/null 2>&1
	check "$k: veth and user namespaces" 0 "$?"

	"$RUN" --kernel "$k" -- sh -c "echo 'WARNING: CPU: 0 PID: 1 at selftest' >/dev/kmsg" \
		>/dev/null 2>&1
	check "$k: a WARNING in the log exits 86" 86 "$?"

	"$RUN" --kernel "$k" -- sh -c 'echo c >/proc/sysrq-trigger; sleep 100' >/dev/null 2>&1
	check "$k: a panic exits 86" 86 "$?"

	s=$SECONDS
	"$RUN" --kernel "$k" --timeout 20 -- sleep 1000 >/dev/null 2>&1
	check "$k: --timeout exits 124" 124 "$?"
	[ $((SECONDS - s)) -le 30 ] && ok "$k: --timeout 20 took $((SECONDS - s))s" ||
		nok "$k: --timeout 20 took $((SECONDS - s))s"

	printf 'not an ELF module\n' >"$tmp/bad.ko"
	"$RUN" --kernel "$k" --module "$tmp/bad.ko" -- true >/dev/null 2>&1
	check "$k: a failing insmod exits 125" 125 "$?"
done

echo "$pass passed, $fail failed"
[ $fail = 0 ]
