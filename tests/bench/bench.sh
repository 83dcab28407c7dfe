#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: sockctl against pktgen, raw and packet sockets, trafgen,
# hping3, Scapy and tcpdump, measured side by side in one VM run, then
# tests/bench/RESULTS.md and a PNG plot.  See tests/bench/README.md.
#
#   make bench                      Debian's default kernel (6.1)
#   BENCH_KERNEL=6.12 make bench    the other one
#
# Other knobs (environment, passed to the VM): BENCH_REPS (5),
# BENCH_SECONDS (1.2), BENCH_SIZES ("64 1500"), BENCH_SCAPY_N (15),
# BENCH_CAPTURE_RATES, BENCH_CAPTURE_SECONDS (1), BENCH_PROFILE (1: perf
# profiles, slow), BENCH_ONLY (a regex of tools: a partial run, rendered
# into build/bench/run-<kernel>/ instead of tests/bench/).
set -euo pipefail
t0=$SECONDS
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. tests/lib/kernels.sh

kernel=${BENCH_KERNEL:-6.1}
case $kernel in
6.1 | 6.12) ;;
*) echo "bench: BENCH_KERNEL must be 6.1 or 6.12" >&2; exit 1 ;;
esac
command=$([ "$kernel" = 6.1 ] && echo "make bench" || echo "BENCH_KERNEL=$kernel make bench")
[ -z "${BENCH_ONLY:-}" ] || command="BENCH_ONLY='$BENCH_ONLY' $command"

tests/deps.sh
kver=$(kernel_release "$kernel")
[ -n "$kver" ] || { echo "bench: no installed kernel for $kernel (run make deps)" >&2; exit 1; }
echo "bench: building the module for $kver, the CLI and the benchmark programs"
make --no-print-directory module KVER="$kver" >/dev/null
make --no-print-directory cli >/dev/null
make --no-print-directory -C tests/bench >/dev/null

out=$top/build/bench/run-$kernel
rm -rf "$out"
mkdir -p "$out"

envs=(--env "BENCH_OUT=$out")
for v in BENCH_REPS BENCH_SECONDS BENCH_SIZES BENCH_SCAPY_N BENCH_CAPTURE_RATES \
	BENCH_CAPTURE_SECONDS BENCH_PROFILE BENCH_ONLY; do
	[ -z "${!v:-}" ] || envs+=(--env "$v=${!v}")
done

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)
echo "bench: booting $kver (QEMU/TCG); about 12 minutes"
rc=0
# Two vCPUs, but the guest takes the second offline while the senders run:
# every sender gets the same single CPU, and CPU time is the VM's busy
# time.  The capture part brings it back, for the sender to have a CPU of
# its own.  The timeout is a safety net (a normal run takes ~12 min).
cpus=2
envs+=(--env "BENCH_VCPU_CLOCK=$out/vcpu_ns")
tests/vm/run.sh --kernel "$kernel" --cpus $cpus --mem 2048 --timeout 1800 \
	--out "$out" --console "$out/console.log" --module "build/$kver/sockctl.ko" \
	"${envs[@]}" -- tests/bench/guest.sh &
vm=$!
# The host's count of the time the vCPUs really ran (see vcpuclock.c).
qpid=
for _ in $(seq 600); do
	qpid=$(pgrep -f -- "id=out,path=$out," | head -n 1) && [ -n "$qpid" ] && break
	kill -0 $vm 2>/dev/null || break
	sleep 0.1
done
clock=
if [ -n "$qpid" ]; then
	build/bench/bench_vcpuclock "$qpid" $cpus "$out/vcpu_ns" &
	clock=$!
else
	echo "bench: qemu not found; figures without the vCPU clock" >&2
fi
wait $vm || rc=$?
[ -z "$clock" ] || wait $clock || :
if [ $rc != 0 ]; then
	echo "bench: the VM run failed (exit $rc); log: $out/guest.log" >&2
	exit $rc
fi

# The host's side of the story, for RESULTS.md.
meta() { echo "meta $1=$2" >>"$out/results.txt"; }
meta kernel_name "$kernel"
meta command "$command"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta commit "$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- kmod ctl uapi tests/bench 2>/dev/null || echo '+changes')"
meta host_cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
meta host_cores "$(nproc)"
meta host_mem "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
meta host_kernel "$(uname -r)"
meta host_load_start "$load_start"
meta host_load_end "$(load)"
meta qemu "$(qemu-system-x86_64 --version | head -n 1 | sed 's/ (.*//; s/emulator version //')"
meta total_seconds $((SECONDS - t0))

if [ -n "${BENCH_ONLY:-}" ] || [ "${BENCH_REPS:-5}" -lt 5 ]; then
	dest=$out	# a partial run does not replace the published table
else
	dest=$top/tests/bench
fi
cp "$out/results.txt" "$dest/results-$kernel.txt"
/usr/bin/python3 tests/bench/render.py --md "$dest/RESULTS.md" "$dest"/results-*.txt
echo "bench: done in $((SECONDS - t0)) s: $dest/RESULTS.md, $dest/results-$kernel.png"
