#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the benchmark VM (tests/bench/bench.sh boots it with two vCPUs
# and sockctl.ko loaded): with the second vCPU offline, measure every
# generator on the same sink; then, with it back for the sender, the two
# capture tools on the same veth pair.  Leaves key=value lines in
# $BENCH_OUT/results.txt for tests/bench/render.py.  See README.md.
#
# Environment: BENCH_OUT (required, writable), BENCH_REPS (5),
# BENCH_SECONDS (1.2: the length of one repetition), BENCH_SIZES
# ("64 1500"), BENCH_SCAPY_N (15), BENCH_CAPTURE_RATES
# ("1000 5000 10000 20000 50000 100000"), BENCH_CAPTURE_SECONDS (1),
# BENCH_ONLY (a regex of tool names to run; "scapy" and "capture" name
# those parts), BENCH_PROFILE (1: perf profiles of the main senders and of
# capture after the measurements), BENCH_VCPU_CLOCK (the host's vCPU run
# time file, from bench.sh).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BENCH_BIN:-$top/build/bench}
OUT=${BENCH_OUT:?BENCH_OUT must name a writable directory}
REPS=${BENCH_REPS:-5}
SECS=${BENCH_SECONDS:-1.2}
SIZES=${BENCH_SIZES:-64 1500}
SCAPY_N=${BENCH_SCAPY_N:-15}
CAP_RATES=${BENCH_CAPTURE_RATES:-1000 5000 10000 20000 50000 100000}
CAP_SECS=${BENCH_CAPTURE_SECONDS:-1}
ONLY=${BENCH_ONLY:-.}
export PATH="$top/ctl:$PATH"
RES=$OUT/results.txt
LOG=$OUT/guest.log
TMP=$(mktemp -d)
LIMIT=60	# seconds one repetition may take before it is killed

# The sink: a dummy device (L2), a route via it (L3).  198.18.0.0/15 is the
# range RFC 2544 sets aside for benchmarks; nothing here leaves the VM.
SINK=dummy0
SRC=198.18.0.1 DST=198.18.0.2 DMAC=02:00:00:00:00:02

: >"$RES"
: >"$LOG"
log() { echo "$*" | tee -a "$LOG"; }
t_start=${EPOCHREALTIME%.*}
elapsed() { echo $((${EPOCHREALTIME%.*} - t_start)); }

# --- the machine -----------------------------------------------------------

setup_sink() {
	modprobe dummy numdummies=0 || return 1
	sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip link add $SINK type dummy || return 1
	ip link set $SINK up
	ip addr add $SRC/24 dev $SINK
	# No ARP on a dummy device: the neighbour is given.
	ip neigh replace $DST lladdr $DMAC dev $SINK nud permanent
}

meta() { echo "meta $1=$2" >>"$RES"; }

# One CPU for the senders: the others (bench.sh boots two) go offline
# until the capture part.
cpus_online() { # 0|1
	local c
	for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ -e "$c" ] && echo "$1" >"$c"
	done
}
cpus_online 0

# The host's count of the vCPUs' run time (bench.sh, vcpuclock.c).
VCLK=()
[ -r "${BENCH_VCPU_CLOCK:-}" ] && VCLK=(-H "$BENCH_VCPU_CLOCK")

setup_sink || { log "bench: cannot set up the dummy sink"; exit 1; }
modprobe pktgen 2>>"$LOG" || log "bench: no pktgen module"
meta kernel "$(uname -r)"
meta vcpus "$(nproc)"
meta vcpu_clock "$([ ${#VCLK[@]} = 0 ] && echo no || echo yes)"
meta mem_mb "$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
meta guest_cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
meta module "$(sockctl info 2>/dev/null | sed -n 's/^sockctl module \([^ ]*\) .*/\1/p')"
meta trafgen "$(trafgen -v 2>/dev/null | head -n 1)"
meta hping3 "$(hping3 -v 2>/dev/null | head -n 1)"
meta tcpdump "$(tcpdump --version 2>&1 | head -n 1)"
meta scapy "$(python3 -c 'import scapy; print(scapy.__version__)' 2>/dev/null)"
pgv=$(cat /proc/net/pktgen/pgctrl 2>/dev/null)
meta pktgen "${pgv%%$'\n'*}"
meta reps "$REPS"
meta seconds_per_rep "$SECS"

# --- measuring ---------------------------------------------------------------

# measure TOOL SIZE REP N [METER-OPTIONS] -- CMD...: one repetition of N
# packets, measured at the sink; appends a "send" line to the results and
# sets PPS (0 if it failed).
PPS=0
measure() {
	local tool=$1 size=$2 rep=$3 n=$4 out rc line='' extra='' l err=''
	local mopts=()
	shift 4
	while [ "$1" != -- ]; do mopts+=("$1"); shift; done
	shift
	# Bash builtins only from here: every exec costs 0.1-0.5 s under TCG.
	out=$("$BIN/bench_meter" -i $SINK -n "$n" -t $LIMIT "${VCLK[@]}" "${mopts[@]}" -- "$@" 2>"$TMP/err")
	rc=$?
	[ -s "$TMP/err" ] && err=$(<"$TMP/err")
	printf '## %s size=%s rep=%s n=%s exit=%s (%s s)\n%s\n' "$tool" "$size" "$rep" "$n" \
		"$rc" "$(elapsed)" "$out" >>"$LOG"
	[ -z "$err" ] || printf 'stderr: %s\n' "${err//$'\n'/$'\n'stderr: }" >>"$LOG"
	while read -r l; do
		case $l in
		"rep=1 "*) line=${l#rep=1 } ;;
		bytes_per_pkt=*) extra=$l ;;
		esac
	done <<<"$out"
	PPS=0
	[[ $line =~ pps=([0-9.]+) ]] && PPS=${BASH_REMATCH[1]}
	if [ $rc != 0 ] || [ "$PPS" = 0 ] || [[ $line == *incomplete* ]]; then
		echo "send size=$size tool=$tool rep=$rep n=$n failed=1 exit=$rc $line" >>"$RES"
		PPS=0
		return 1
	fi
	echo "send size=$size tool=$tool rep=$rep n=$n $line $extra" >>"$RES"
}

pg() { # pktgen: pg FILE COMMAND
	local r
	echo "$2" >"/proc/net/pktgen/$1" 2>>"$LOG" || return 1
	[ "$1" = pgctrl ] && return 0
	r=$(<"/proc/net/pktgen/$1")
	[[ $r == *"Result: OK"* ]] || { log "pktgen: '$2': ${r##*Result: }"; return 1; }
}

# The packet of each size: UDP/IPv4 9 -> 9, ID 1, zero payload; SIZE is
# the Ethernet frame (64, or 1514 for a 1500-byte datagram).
frame_len() { if [ "$1" = 1500 ]; then echo 1514; else echo "$1"; fi; }
payload_len() { echo $(($(frame_len "$1") - 14 - 20 - 8)); }
zeros() { printf '%*s' $((2 * $1)) '' | tr ' ' 0; }

# Per size: the description for sockctl, the same bytes for the others.
prepare_size() {
	local size=$1
	PL=$(payload_len "$size")
	Z=$(zeros "$PL")
	DESC_IP=(ip src "$SRC" dst "$DST" id 1 udp sport 9 dport 9 payload hex "$Z")
	HEX_L2=$(sockctl build --hex dev $SINK eth dst $DMAC "${DESC_IP[@]}") || return 1
	HEX_L3=$(sockctl build --hex route "${DESC_IP[@]}") || return 1
	# trafgen's packet: the same frame, byte by byte.
	echo "{ $(sed 's/../0x&, /g; s/, $//' <<<"$HEX_L2") }" >"$TMP/trafgen-$size.cfg"
	if [ -d /proc/net/pktgen ]; then
		pg kpktgend_0 rem_device_all &&
		pg kpktgend_0 "add_device $SINK" &&
		pg $SINK "pkt_size $(frame_len "$size")" &&
		pg $SINK "clone_skb 0" && pg $SINK "delay 0" &&
		pg $SINK "dst $DST" && pg $SINK "src_min $SRC" && pg $SINK "src_max $SRC" &&
		pg $SINK "dst_mac $DMAC" && pg $SINK "udp_src_min 9" &&
		pg $SINK "udp_src_max 9" && pg $SINK "udp_dst_min 9" && pg $SINK "udp_dst_max 9" ||
			log "pktgen: setup failed"
	fi
}

# The generators, in the order the report lists them.  run_tool TOOL SIZE
# REP N.  (Each starts a new process per repetition, except Scapy.)
TOOLS="sockctl-batch-l2 sockctl-batch-l3 sockctl-req-l2 sockctl-req-l3
	pktgen-queue_xmit pktgen-start_xmit raw-sendto raw-sendmmsg
	packet-sendto packet-sendmmsg trafgen hping3 sockctl-req-l3-pipelined"
MMSG_BATCH=64

run_tool() {
	local tool=$1 size=$2 rep=$3 n=$4
	case $tool in
	sockctl-batch-l2)
		measure "$@" -- sockctl -q send dev $SINK count "$n" eth dst $DMAC "${DESC_IP[@]}" ;;
	sockctl-batch-l3)
		measure "$@" -- sockctl -q send route count "$n" "${DESC_IP[@]}" ;;
	sockctl-req-l2)
		measure "$@" -- "$BIN/bench_sockctl_loop" -d $SINK -m $DMAC -s $SRC -a $DST -I 1 -l "$PL" -n "$n" ;;
	sockctl-req-l3)
		measure "$@" -- "$BIN/bench_sockctl_loop" -s $SRC -a $DST -I 1 -l "$PL" -n "$n" ;;
	sockctl-req-l3-pipelined)
		measure "$@" -- "$BIN/bench_sockctl_loop" -s $SRC -a $DST -I 1 -l "$PL" -n "$n" -b $MMSG_BATCH ;;
	pktgen-*)
		[ -d /proc/net/pktgen ] || return 1
		pg $SINK "xmit_mode ${tool#pktgen-}" && pg $SINK "count $n" || return 1
		# The write blocks until pktgen's thread has sent them all.
		measure "$@" -- /bin/sh -c 'echo start >/proc/net/pktgen/pgctrl' ;;
	raw-sendto)
		measure "$@" -- "$BIN/bench_rawsend" raw -x "$HEX_L3" -n "$n" ;;
	raw-sendmmsg)
		measure "$@" -- "$BIN/bench_rawsend" raw -x "$HEX_L3" -n "$n" -b $MMSG_BATCH ;;
	packet-sendto)
		measure "$@" -- "$BIN/bench_rawsend" packet -i $SINK -x "$HEX_L2" -n "$n" ;;
	packet-sendmmsg)
		measure "$@" -- "$BIN/bench_rawsend" packet -i $SINK -x "$HEX_L2" -n "$n" -b $MMSG_BATCH ;;
	trafgen)
		# From $TMP: trafgen writes a temporary file in its cwd.  (It raises
		# the socket memory sysctls while it runs and puts them back.)
		local rc
		cd "$TMP" || return 1
		measure "$@" -- trafgen -o $SINK -i "$TMP/trafgen-$size.cfg" -n "$n" -P 1 -Q -C
		rc=$?
		cd "$top" || return 1
		return $rc ;;
	hping3)
		# --flood ignores -c: the meter stops it after N packets.
		measure "$@" -k -- hping3 --flood -q --udp -s 9 -k -p 9 -d "$PL" $DST ;;
	*) return 1 ;;
	esac
}

# A first guess of N for the calibration run (~0.3 s each under TCG).
calib_n() {
	case $1 in
	sockctl-req-*) echo 2000 ;;
	hping3 | raw-sendto) echo 10000 ;;
	*) echo 20000 ;;
	esac
}

# N for about SECS seconds at the calibration rate, 2 significant digits.
scale_n() {
	awk -v pps="$1" -v s="$SECS" 'BEGIN {
		n = pps * s; if (n < 200) n = 200
		m = 1; while (n >= 100) { n /= 10; m *= 10 }
		printf "%d\n", int(n + 0.5) * m }'
}

# awk code: median(list) of a space-separated list of numbers (mawk has
# no asort).
AWK_MEDIAN='
function median(list,    a, n, i, j, x) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++) {
		x = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > x; j--) a[j + 1] = a[j]
		a[j + 1] = x
	}
	if (!n) return ""
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}'

# A summary on the console as we go: median pps per tool.
summary() { # SIZE
	awk -v size="$1" "$AWK_MEDIAN"'
		$1 == "send" {
			delete kv
			for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
			if (kv["size"] != size || kv["rep"] == 0 || kv["failed"]) next
			v[kv["tool"]] = v[kv["tool"]] " " kv["pps"]
		}
		END {
			for (t in v)
				printf "  %-26s %10.0f pps  (%d reps)\n", t, median(v[t]), split(v[t], a, " ")
		}' "$RES" | sort
}

send_section() {
	local size tool rep n
	for size in $SIZES; do
		prepare_size "$size" || { log "bench: cannot build the $size-byte packet"; continue; }
		declare -A N=()
		log "== $size-byte frames: calibration"
		for tool in $TOOLS; do
			[[ $tool =~ $ONLY ]] || continue
			run_tool "$tool" "$size" 0 "$(calib_n "$tool")"
			if [ "$PPS" = 0 ]; then
				log "  $tool: failed (see guest.log), left out"
				continue
			fi
			N[$tool]=$(scale_n "$PPS")
			log "  $tool: ~$(printf '%.0f' "$PPS") pps -> $((N[$tool])) packets per repetition"
		done
		# Round robin: repetition k of every tool before k+1 of any, so a
		# slow spell of the host hits all tools alike.
		for rep in $(seq 1 "$REPS"); do
			log "== $size-byte frames: round $rep of $REPS ($(elapsed) s)"
			for tool in $TOOLS; do
				[ -n "${N[$tool]:-}" ] || continue
				run_tool "$tool" "$size" "$rep" "${N[$tool]}" ||
					log "  $tool: repetition $rep failed (see guest.log)"
			done
		done
		log "== $size-byte frames: medians"
		summary "$size" | tee -a "$LOG"
		unset N
	done
}

scapy_section() {
	local out rc i size line
	[[ scapy =~ $ONLY ]] || return 0
	python3 -c 'import scapy' 2>/dev/null || { log "scapy: not installed, skipped"; return 0; }
	# One process for every repetition of every size (importing Scapy
	# takes 20 s and more here); one warm-up repetition per size first.
	local nsizes=0 sizes_csv=
	for size in $SIZES; do
		nsizes=$((nsizes + 1))
		sizes_csv+=${sizes_csv:+,}$size
	done
	log "== Scapy send(): $SCAPY_N packets per repetition, $((REPS + 1)) per size"
	out=$("$BIN/bench_meter" -i $SINK -n "$SCAPY_N" -r $((nsizes * (REPS + 1))) -t 900 "${VCLK[@]}" -- \
		python3 "$top/tests/bench/scapy_send.py" --src $SRC --dst $DST --mac $DMAC \
		--sizes "$sizes_csv" -n "$SCAPY_N" -r $((REPS + 1)) 2>"$TMP/err")
	rc=$?
	{ echo "## scapy exit=$rc"; echo "$out"; sed 's/^/stderr: /' "$TMP/err"; } >>"$LOG"
	i=0
	for size in $SIZES; do
		for rep in $(seq 0 "$REPS"); do
			i=$((i + 1))
			line=$(grep "^rep=$i " <<<"$out")
			if [ -z "$line" ] || [[ $line == *incomplete* ]]; then
				echo "send size=$size tool=scapy rep=$rep n=$SCAPY_N failed=1" >>"$RES"
			else
				echo "send size=$size tool=scapy rep=$rep n=$SCAPY_N ${line#rep=$i }" >>"$RES"
			fi
		done
		log "  scapy $size: $(summary "$size" | grep scapy)"
	done
}

# --- capture: sockctl capture vs tcpdump -------------------------------------

CAP_NS=bcap
# Frames go to a MAC that is not veth0's: the stack drops them right after
# the taps (PACKET_OTHERHOST) and answers nothing, so the capture sees
# exactly what was sent.
CAP_DMAC=02:00:00:00:00:09

capture_available() {
	sockctl help capture >/dev/null 2>&1 || { CAP_WHY="the CLI has no capture command"; return 1; }
	"$BIN/bench_capstat" >/dev/null 2>&1
	case $? in
	0) return 0 ;;
	4) CAP_WHY="the module has no capture (CAPTURE_GET refused)" ;;
	*) CAP_WHY="bench_capstat failed" ;;
	esac
	return 1
}

setup_capture() {
	ip netns add $CAP_NS &&
	ip netns exec $CAP_NS sysctl -qw net.ipv6.conf.default.disable_ipv6=1 &&
	ip netns exec $CAP_NS sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	ip link add veth0 type veth peer name veth1 netns $CAP_NS &&
	ip link set veth0 up &&
	ip -n $CAP_NS link set veth1 up &&
	ip -n $CAP_NS link set lo up
}

wait_for() { # SECONDS CMD...: until CMD succeeds
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

# The sockctl capture session's counters (bench_capstat's first line) in CAPST.
PERF_WRAP=	# profile_section: perf record around the sender
CAPST=
capstat() { CAPST=$("$BIN/bench_capstat" 2>/dev/null); CAPST=${CAPST%%$'\n'*}; [[ $CAPST == id=* ]]; }
capfield() { [[ " $CAPST " =~ \ $1=([0-9]+)\  ]] && echo "${BASH_REMATCH[1]}"; }
cap_drained() { # SENT: all of them delivered or dropped
	local d q
	capstat || return 1
	d=$(capfield delivered)
	q=$(capfield queued)
	[ "$q" = 0 ] && [ $((d + $(capfield drops_queue) + $(capfield drops_socket) + $(capfield drops_nomem))) -ge "$1" ]
}
tcpdump_ready() { [[ -s $TMP/cap.err && $(<"$TMP/cap.err") == *"listening on"* ]]; }

# cap_once TOOL RATE REP: start TOOL on veth0, send RATE pps for
# CAP_SECS seconds from the other netns, let the tool drain, stop it,
# count.  Appends a "capture" line.
cap_once() {
	local tool=$1 rate=$2 rep=$3 count burst pid='' out l sent='' pps='' busy='' captured='' drops=0 msgs=''
	local vns='' vsec=''
	local rx0 rx1 rxd0 rxd1 t0=${EPOCHREALTIME/./}
	count=$((rate * CAP_SECS))
	# The sender: one SEND request of RATE/100 packets every 10 ms, from the
	# other netns; not `sockctl send rate`, whose pacing busy-waits when the
	# next burst is due within a jiffy, taking the only CPU (README.md).
	burst=$((rate / 100))
	[ $burst -ge 1 ] || burst=1
	: >"$TMP/cap.err"
	: >"$TMP/cap.out"
	case $tool in
	tcpdump)
		$PIN_CAPTURE tcpdump -i veth0 -n -w /dev/null >"$TMP/cap.out" 2>"$TMP/cap.err" &
		pid=$!
		wait_for 30 tcpdump_ready ;;
	sockctl)
		$PIN_CAPTURE sockctl capture dev veth0 -w /dev/null -q >"$TMP/cap.out" 2>"$TMP/cap.err" &
		pid=$!
		wait_for 30 capstat ;;
	none) ;;	# the sender alone: what the capture tools add to its CPU time
	esac || {
		log "  $tool did not start: $(<"$TMP/cap.err")"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		echo "capture tool=$tool rate=$rate rep=$rep failed=1" >>"$RES"
		return 1
	}
	rx0=$(<"/sys/class/net/veth0/statistics/rx_packets")
	rxd0=$(<"/sys/class/net/veth0/statistics/rx_dropped")
	out=$($PERF_WRAP ip netns exec $CAP_NS "$BIN/bench_meter" -i veth1 -n "$count" -t $LIMIT "${VCLK[@]}" -- \
		$PIN_SENDER "$BIN/bench_sockctl_loop" -d veth1 -m $CAP_DMAC -s 198.19.0.2 -a 198.19.0.1 \
		-I 1 -l 22 -n "$count" -c $burst -t 10000 -D $((CAP_SECS * 2)) 2>&1)
	while read -r l; do
		[[ $l == "rep=1 "* ]] || continue
		[[ $l =~ packets=([0-9]+) ]] && sent=${BASH_REMATCH[1]}
		[[ $l =~ pps=([0-9.]+) ]] && pps=${BASH_REMATCH[1]}
		[[ $l =~ busy=([0-9.]+) ]] && busy=${BASH_REMATCH[1]}
		[[ $l =~ vcpu_ns_per_pkt=([0-9.]+) ]] && vns=${BASH_REMATCH[1]}
		[[ $l =~ vcpu_seconds=([0-9.]+) ]] && vsec=${BASH_REMATCH[1]}
	done <<<"$out"
	# Let the tool take what is in flight: tcpdump hands a ring block over
	# at the latest after its 1 s timeout; sockctl's counters say when.
	if [ "$tool" = sockctl ]; then
		wait_for 2 cap_drained "${sent:-0}"
		capstat
		captured=$(capfield delivered)
		drops=$(($(capfield drops_queue) + $(capfield drops_socket) + $(capfield drops_nomem)))
		msgs=$(capfield messages)
	elif [ "$tool" = tcpdump ]; then
		sleep 1.2
	fi
	rx1=$(<"/sys/class/net/veth0/statistics/rx_packets")
	rxd1=$(<"/sys/class/net/veth0/statistics/rx_dropped")
	if [ -n "$pid" ]; then
		kill -INT $pid 2>/dev/null
		wait_for 20 eval "! kill -0 $pid 2>/dev/null" || kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
	fi
	printf '## capture %s rate=%s rep=%s (%s s): %s\n## capstat: %s\n## %s output: %s %s\n' \
		"$tool" "$rate" "$rep" "$(elapsed)" "$out" "$CAPST" "$tool" \
		"$(<"$TMP/cap.out")" "$(<"$TMP/cap.err")" >>"$LOG"
	if [ "$tool" = tcpdump ]; then
		out=$(<"$TMP/cap.err")
		[[ $out =~ ([0-9]+)\ packets?\ captured ]] && captured=${BASH_REMATCH[1]}
		[[ $out =~ ([0-9]+)\ packets?\ dropped\ by\ kernel ]] && drops=${BASH_REMATCH[1]}
	fi
	[ "$tool" != none ] || captured=$sent
	if [ -z "$sent" ] || [ -z "$captured" ]; then
		echo "capture tool=$tool rate=$rate rep=$rep failed=1" >>"$RES"
		return 1
	fi
	echo "capture tool=$tool rate=$rate rep=$rep sent=$sent pps=$pps busy=$busy vcpu_ns_per_pkt=$vns vcpu_seconds=$vsec captured=$captured lost=$((sent - captured)) drops=$drops messages=$msgs burst=$burst stack_rx=$((rx1 - rx0)) stack_rx_dropped=$((rxd1 - rxd0)) seconds=$(((${EPOCHREALTIME/./} - t0) / 1000000))" >>"$RES"
}

capture_section() {
	local rate rep tool lossy_tcpdump=0 lossy_sockctl=0 active
	[[ capture =~ $ONLY ]] || return 0
	if ! capture_available; then
		log "== capture: skipped: capture not available ($CAP_WHY)"
		echo "capture skipped=1 why=${CAP_WHY// /_}" >>"$RES"
		return 0
	fi
	setup_capture || { log "== capture: skipped: cannot set up the veth pair"; return 0; }
	# The sender gets a CPU of its own (the softirq that delivers to both
	# tools' kernel side runs there too), the capture tool the other.
	cpus_online 1
	PIN_SENDER='' PIN_CAPTURE=''
	if [ "$(nproc)" -ge 2 ]; then
		PIN_SENDER="taskset -c 1" PIN_CAPTURE="taskset -c 0"
	fi
	meta capture_vcpus "$(nproc)"
	log "== capture: sockctl capture vs tcpdump -w /dev/null, ${CAP_SECS} s per rate"
	for rate in $CAP_RATES; do
		active=
		[ $lossy_tcpdump -ge 2 ] || active+=" tcpdump"
		[ $lossy_sockctl -ge 2 ] || active+=" sockctl"
		[ -n "$active" ] || break
		for rep in $(seq 1 "$REPS"); do
			for tool in none $active; do
				cap_once "$tool" "$rate" "$rep"
			done
		done
		# Two rates in a row with a lossy median: stop raising it for that tool.
		for tool in $active; do
			if awk -v t="$tool" -v r="$rate" "$AWK_MEDIAN"'
				$1 == "capture" && $0 ~ " tool=" t " " && $0 ~ " rate=" r " " {
					for (i = 2; i <= NF; i++) { split($i, p, "="); if (p[1] == "lost") l = l " " p[2] }
				}
				END { if (l == "") exit 0; exit median(l) > 0 ? 0 : 1 }' "$RES"; then
				eval "lossy_$tool=\$((lossy_$tool + 1))"
			else
				eval "lossy_$tool=0"
			fi
		done
		log "  rate $rate pps ($(elapsed) s): $(awk -v r="$rate" '$1 == "capture" && $0 ~ " rate=" r " " && !/tool=none/ { for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] } printf "%s lost %s; ", kv["tool"], kv["lost"] }' "$RES")"
	done
}

# --- profiles (BENCH_PROFILE=1) ------------------------------------------------

profile_section() {
	[ "${BENCH_PROFILE:-0}" = 1 ] || return 0
	command -v perf >/dev/null || { log "profile: no perf"; return 0; }
	cpus_online 0
	mkdir -p "$OUT/profile"
	local job tool size
	for job in sockctl-req-l3:64 raw-sendto:64 sockctl-batch-l2:64 pktgen-queue_xmit:64 \
		sockctl-batch-l3:64 sockctl-batch-l2:1500 pktgen-queue_xmit:1500; do
		tool=${job%:*} size=${job#*:}
		prepare_size "$size" || continue
		log "== profile: $tool ($size-byte frames, $(elapsed) s)"
		case $tool in pktgen-*) pg $SINK "xmit_mode queue_xmit"; pg $SINK "count 20000" ;; esac
		case $tool in
		sockctl-req-l3) set -- "$BIN/bench_sockctl_loop" -s $SRC -a $DST -I 1 -l "$PL" -n 3000 ;;
		raw-sendto) set -- "$BIN/bench_rawsend" raw -x "$HEX_L3" -n 20000 ;;
		sockctl-batch-l2) set -- sockctl -q send dev $SINK count 20000 eth dst $DMAC "${DESC_IP[@]}" ;;
		sockctl-batch-l3) set -- sockctl -q send route count 20000 "${DESC_IP[@]}" ;;
		pktgen-queue_xmit) set -- /bin/sh -c 'echo start >/proc/net/pktgen/pgctrl' ;;
		esac
		perf record -q -e cpu-clock -F 1000 -a -g -o "$TMP/perf.data" -- "$@" >/dev/null 2>&1
		perf report -i "$TMP/perf.data" --stdio --no-children --percent-limit 1 -g none \
			2>/dev/null | grep -v '^$' >"$OUT/profile/$tool-$size.self.txt"
		perf report -i "$TMP/perf.data" --stdio --children --percent-limit 2 -g none \
			2>/dev/null | grep -v '^$' >"$OUT/profile/$tool-$size.children.txt"
	done
	# Capture at 50k pps offered: the sender alone, then with each tool.
	[[ capture =~ $ONLY ]] && capture_available || return 0
	[ -e /sys/class/net/veth0 ] || setup_capture || return 0
	cpus_online 1
	PIN_SENDER='' PIN_CAPTURE=''
	[ "$(nproc)" -lt 2 ] || PIN_SENDER="taskset -c 1" PIN_CAPTURE="taskset -c 0"
	local res=$RES
	RES=$TMP/profile-results
	for tool in none sockctl tcpdump; do
		log "== profile: capture, $tool, 50000 pps offered ($(elapsed) s)"
		PERF_WRAP="perf record -q -e cpu-clock -F 1000 -a -g -o $TMP/perf.data --"
		cap_once $tool 50000 1
		PERF_WRAP=
		perf report -i "$TMP/perf.data" --stdio --no-children --percent-limit 1 -g none \
			2>/dev/null | grep -v '^$' >"$OUT/profile/capture-$tool.self.txt"
		perf report -i "$TMP/perf.data" --stdio --children --percent-limit 2 -g none \
			2>/dev/null | grep -v '^$' >"$OUT/profile/capture-$tool.children.txt"
	done
	cat "$RES" >>"$OUT/profile/capture-results.txt"
	RES=$res
}

send_section
scapy_section
capture_section
profile_section
meta guest_seconds "$(elapsed)"
log "== done in $(elapsed) s"
rm -rf "$TMP"
