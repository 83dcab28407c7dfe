#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run a command as root inside a throw-away QEMU VM (TCG) that boots one of
# the supported kernels and sees the host's root filesystem read-only.
# The host kernel cannot load modules, so every module test goes through
# here.  See tests/vm/README.md; `run.sh --help` for the options.
#
# Exit status: the command's, or 86 kernel splat in the console log,
# 124 timeout, 125 the VM/initramfs/insmod failed before the command ran.

# The whole script is one { ... } block: bash parses it completely before
# running it, so editing this file while a VM runs cannot break that run.
{
set -euo pipefail

t0=$EPOCHREALTIME
VM_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
# shellcheck source=../lib/kernels.sh
. "$VM_DIR/../lib/kernels.sh"
# shellcheck source=splat.sh
. "$VM_DIR/splat.sh"

EXIT_SPLAT=86
EXIT_TIMEOUT=124
EXIT_VMFAIL=125

usage() {
	cat <<'EOF'
usage: tests/vm/run.sh [options] -- CMD [ARGS...]
  --kernel K        6.1 | 6.12 | debug | /path/to/bzImage   (default 6.1)
  --module FILE.ko  insmod FILE.ko in the guest before CMD (repeatable, in order)
  --timeout SEC     wall-clock limit for the whole VM (default 600; 0 = none;
                    --interactive defaults to none)
  --mem MB          guest memory (default 2048)
  --cpus N          guest CPUs (default 2)
  --out DIR         share DIR read-write, at the same path in the guest
  --console FILE    keep the guest kernel console log in FILE
  --interactive     CMD gets the terminal (a shell with job control)
  --env NAME=VALUE  export in the guest (repeatable)
  --no-splat-check  do not fail on kernel splats in the console log
  -v                show the kernel console live on stderr
exit: CMD's status; 86 kernel splat; 124 timeout; 125 VM/insmod failure
EOF
}

msg() { echo "run.sh: $*" >&2; }
vmfail() {
	msg "$*"
	exit $EXIT_VMFAIL
}

kernel=6.1 timeout='' mem=2048 cpus=2 out='' console='' interactive=0
splat_check=1 verbose=0
modules=() envs=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2?--kernel needs a value}; shift 2 ;;
	--module) modules+=("${2?--module needs a file}"); shift 2 ;;
	--timeout) timeout=${2?--timeout needs seconds}; shift 2 ;;
	--mem) mem=${2?--mem needs MB}; shift 2 ;;
	--cpus) cpus=${2?--cpus needs a number}; shift 2 ;;
	--out) out=${2?--out needs a directory}; shift 2 ;;
	--console) console=${2?--console needs a file}; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--env) envs+=("${2?--env needs NAME=VALUE}"); shift 2 ;;
	--no-splat-check) splat_check=0; shift ;;
	-v) verbose=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	-*) usage >&2; vmfail "unknown option: $1" ;;
	*) break ;; # the command, without the --
	esac
done
[ $# -gt 0 ] || { usage >&2; vmfail "no command given (after --)"; }
cmd=("$@")

# A lab shell should not die after ten minutes; a batch run must end.
if [ -z "$timeout" ]; then
	if [ $interactive = 1 ]; then timeout=0; else timeout=600; fi
fi
for n in "$timeout" "$mem" "$cpus"; do
	[[ $n =~ ^[0-9]+$ ]] || vmfail "not a number: $n"
done
for e in "${envs[@]}"; do
	[[ $e =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || vmfail "--env wants NAME=VALUE, got: $e"
done

command -v qemu-system-x86_64 >/dev/null || vmfail "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
[ -x /bin/busybox ] || vmfail "/bin/busybox missing (apt-get install busybox-static)"

# --- which kernel ------------------------------------------------------------

# The release string in a bzImage's header (x86 boot protocol: a pointer at
# 0x20e, relative to 0x200, to a NUL-terminated "6.1.0-... (builder) #1 ...").
bzimage_release() {
	local off
	off=$(od -An -tu2 -j 526 -N 2 "$1" | tr -d ' ') || return 1
	dd if="$1" bs=1 skip=$((off + 512)) count=128 status=none |
		tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}

image=$(kernel_image "$kernel")
[ -r "$image" ] || vmfail "kernel image for '$kernel' not found: $image"
case $kernel in
/*) kver=$(bzimage_release "$image") || kver= ;;
*) kver=$(kernel_release "$kernel") ;;
esac
[ -n "$kver" ] || vmfail "cannot tell the release of kernel '$kernel' ($image)"

# Modules the initramfs must load before it can mount the root over 9p; the
# virtio console is the command channel.  Resolved from the host's
# /lib/modules/$kver (dependencies first); a kernel without one there (the
# debug kernel) has all of it built in.
initrd_mods=()
channel=virtio
if [ -e "/lib/modules/$kver/modules.dep" ]; then
	for m in virtio_pci 9pnet_virtio 9p virtio_console; do
		dep=$(modprobe -S "$kver" --show-depends "$m" 2>&1) ||
			vmfail "kernel $kver: cannot resolve module $m: $dep"
		while read -r what path _; do
			[ "$what" = insmod ] && initrd_mods+=("$path")
		done <<<"$dep"
	done
	mapfile -t initrd_mods < <(printf '%s\n' "${initrd_mods[@]}" | awk 'NF && !seen[$0]++')
else
	# Without modules the virtio console must be built in; otherwise fall
	# back to the second serial port, which is slower but always there.
	cfg=
	for c in "$(dirname "$image")/.config" "$(dirname "$image")/config" \
		"$(dirname "$image")/build/.config" "$(dirname "$image")/../../../.config"; do
		[ -r "$c" ] && { cfg=$c; break; }
	done
	if [ -z "$cfg" ] || ! grep -q '^CONFIG_VIRTIO_CONSOLE=y' "$cfg"; then
		channel=serial
	fi
fi
channel=${SOCKCTL_VM_CHANNEL:-$channel} # escape hatch: virtio | serial

# --- initramfs -----------------------------------------------------------------

# Cached by everything that goes into it; the build takes ~1 s anyway, so a
# cache directory we cannot write just means building it every run.
initrd_key=$( {
	echo "$kver"
	sha256sum /bin/busybox "$VM_DIR/initramfs-init.sh" | cut -d' ' -f1
	for m in "${initrd_mods[@]}"; do stat -c '%n %s %Y' "$m"; done
} | sha256sum | cut -c1-16)
initrd="$SOCKCTL_CACHE/initramfs-$kver-$initrd_key.cpio.gz"

build_initramfs() { # OUTPUT
	local d m b applets
	d=$(mktemp -d "${TMPDIR:-/tmp}/sockctl-initramfs.XXXXXX")
	mkdir -p "$d"/{bin,dev,proc,sys,tmp,newroot,modules}
	cp /bin/busybox "$d/bin/busybox"
	applets=$(/bin/busybox --list)
	for b in $applets; do
		[ "$b" = busybox ] || ln -s busybox "$d/bin/$b"
	done
	# The kernel opens /dev/console for /init before /init can mount devtmpfs.
	mknod -m 600 "$d/dev/console" c 5 1 2>/dev/null || :
	: >"$d/modules/order"
	for m in "${initrd_mods[@]}"; do
		b=$(basename "$m")
		# Decompressed here: busybox insmod and older kernels only take
		# plain ELF modules.
		case $m in
		*.xz) xz -dc "$m" >"$d/modules/${b%.xz}"; b=${b%.xz} ;;
		*.zst) zstd -qdc "$m" >"$d/modules/${b%.zst}"; b=${b%.zst} ;;
		*.gz) gzip -dc "$m" >"$d/modules/${b%.gz}"; b=${b%.gz} ;;
		*) cp "$m" "$d/modules/$b" ;;
		esac
		echo "$b" >>"$d/modules/order"
	done
	install -m 755 "$VM_DIR/initramfs-init.sh" "$d/init"
	(cd "$d" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 >"$1.tmp.$$"
	mv -f "$1.tmp.$$" "$1"
	rm -rf "$d"
	# Older builds for this kernel (an earlier initramfs-init.sh) go
	# after a day; a run still starting from one has long read it by then.
	find "$(dirname "$1")" -maxdepth 1 -name "initramfs-$kver-*.cpio.gz" \
		! -path "$1" -mtime +0 -delete 2>/dev/null || :
}

# --- PVH boot ---------------------------------------------------------------

# Under TCG, the bzImage's own decompressor is slow (Debian's 6.1 is xz:
# ~5 s of the boot).  A kernel with CONFIG_PVH=y can instead be booted as
# its uncompressed ELF vmlinux through qemu's PVH entry, so the payload is
# decompressed once on the host and cached.  Prints the ELF's path, or
# nothing when the image can't be booted that way (then the bzImage boots).
pvh_vmlinux() { # BZIMAGE DIR
	local img=$1 dir=$2 key f setup po pl off magic dec
	command -v readelf >/dev/null || return 0
	key=$( { readlink -f "$img"; stat -Lc '%s %Y' "$img"; } | sha256sum | cut -c1-16)
	f=$dir/vmlinux-$kver-$key
	[ ! -e "$f.nopvh" ] || return 0
	if [ ! -f "$f" ]; then
		# x86 boot protocol: setup_sects at 0x1f1; payload_offset (0x248)
		# and payload_length (0x24c), relative to the 32-bit code after the
		# setup sectors.  The payload ends in its 4-byte uncompressed size.
		setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$img" | tr -d ' ')
		po=$(od -An -tu4 -j $((0x248)) -N4 "$img" | tr -d ' ')
		pl=$(od -An -tu4 -j $((0x24c)) -N4 "$img" | tr -d ' ')
		[ "${setup:-0}" -gt 0 ] && [ "${pl:-0}" -gt 4 ] || { : >"$f.nopvh"; return 0; }
		off=$(((setup + 1) * 512 + po))
		magic=$(od -An -tx1 -j "$off" -N4 "$img" | tr -d ' ')
		case $magic in
		fd377a58) dec="xz -dc" ;;
		28b52ffd) dec="zstd -qdc" ;;
		1f8b*) dec="gzip -dc" ;;
		425a68*) dec="bzip2 -dc" ;;
		5d0000*) dec="xz --format=lzma -dc" ;;
		02214c18) dec="lz4 -dc" ;;
		894c5a4f) dec="lzop -dc" ;;
		*) : >"$f.nopvh"; return 0 ;;
		esac
		if dd if="$img" iflag=skip_bytes,count_bytes skip="$off" count=$((pl - 4)) \
			bs=1M status=none | $dec >"$f.tmp.$$" 2>/dev/null &&
			[ "$(od -An -tx1 -N4 "$f.tmp.$$" | tr -d ' ')" = 7f454c46 ] &&
			# XEN_ELFNOTE_PHYS32_ENTRY (18): the PVH entry point.
			readelf -n "$f.tmp.$$" 2>/dev/null | grep -q 'Xen.*(0x00000012)'; then
			mv -f "$f.tmp.$$" "$f"
		else
			rm -f "$f.tmp.$$"
			: >"$f.nopvh"
			return 0
		fi
	fi
	echo "$f"
}

# --- per-run state -----------------------------------------------------------

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockctl-vm.XXXXXX")
qpid='' spid='' tpid='' stty_saved=''
console_tmp=0
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	for p in $qpid $spid $tpid; do
		kill -KILL "$p" 2>/dev/null || :
	done
	for p in $qpid $spid $tpid; do
		wait "$p" 2>/dev/null || :
	done
	[ -z "$stty_saved" ] || stty "$stty_saved" </dev/tty 2>/dev/null || :
	rm -rf "$tmp"
	if [ $console_tmp = 1 ] && [ -f "$console" ]; then
		if [ $rc = 0 ]; then
			rm -f "$console"
		else
			msg "kernel console log kept in $console"
		fi
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -z "$console" ]; then
	console=$(mktemp "${TMPDIR:-/tmp}/sockctl-vm-console.XXXXXX.log")
	console_tmp=1
fi
: >"$console" || vmfail "cannot write console log $console"

if [ ! -f "$initrd" ]; then
	if mkdir -p "$SOCKCTL_CACHE" 2>/dev/null && [ -w "$SOCKCTL_CACHE" ]; then
		build_initramfs "$initrd"
	else
		initrd=$tmp/initramfs.cpio.gz
		build_initramfs "$initrd"
	fi
fi

boot_image=$image
if [ "${SOCKCTL_VM_PVH:-1}" = 1 ]; then # escape hatch: 0 boots the bzImage
	if [ -w "$SOCKCTL_CACHE" ]; then
		elf=$(pvh_vmlinux "$image" "$SOCKCTL_CACHE")
	else
		elf=$(pvh_vmlinux "$image" "$tmp")
	fi
	[ -z "$elf" ] || boot_image=$elf
fi

# The control share: the guest reads its instructions here and leaves
# "status" (or "fail", "timedout", "started") behind.  Modules are copied
# into it, so a module anywhere on the host (even in a tmpfs-masked /tmp)
# loads.
mkdir -p "$tmp/ctl/modules"
: >"$tmp/ctl/modules.list"
for ((i = 0; i < ${#modules[@]}; i++)); do
	m=${modules[i]}
	[ -f "$m" ] && [ -r "$m" ] || vmfail "module not found: $m"
	f=$(printf '%03d-%s' "$i" "$(basename "$m")")
	cp "$m" "$tmp/ctl/modules/$f"
	printf '%s\t%s\n' "$f" "$m" >>"$tmp/ctl/modules.list"
done

if [ -n "$out" ]; then
	mkdir -p "$out" || vmfail "cannot create --out $out"
	out=$(readlink -f "$out")
	[ "$out" != / ] || vmfail "--out / is not allowed"
fi

cwd=$(pwd -P)
rows='' cols=''
if [ $interactive = 1 ] && [ -t 0 ]; then
	read -r rows cols < <(stty size 2>/dev/null) || :
fi
if [ $channel = virtio ]; then guest_tty=/dev/hvc0; else guest_tty=/dev/ttyS1; fi
if [ $interactive = 1 ]; then term=${TERM:-vt100}; else term=dumb; fi

# Single-quoted for the guest's busybox sh.
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
	echo "SOCKCTL_OUT=$(shq "$out")"
	echo "SOCKCTL_INTERACTIVE=$interactive"
	echo "SOCKCTL_TIMEOUT=$timeout"
	echo "SOCKCTL_TTY=$guest_tty"
	echo "SOCKCTL_ROWS=$rows SOCKCTL_COLS=$cols"
	echo "SOCKCTL_TRACE=${SOCKCTL_VM_TRACE:-0}"
} >"$tmp/ctl/config"
# The checkout and the cwd stay visible even if they are under /tmp or /root.
printf '%s\n' "$(readlink -f "$SOCKCTL_TOP")" "$cwd" >"$tmp/ctl/keep"

# What the guest runs with bash, as root, once the VM is set up.
{
	echo "# generated by tests/vm/run.sh"
	echo "export TERM=$(printf '%q' "$term") SOCKCTL_VM=1"
	for e in "${envs[@]}"; do
		echo "export $(printf '%q' "$e")"
	done
	printf 'cd -- %q 2>/dev/null || {\n' "$cwd"
	printf '\techo %q >&2\n\tcd /\n}\n' "run.sh: warning: $cwd is not visible in the guest, cwd is /"
	printf '%q ' "${cmd[@]}"
	echo
} >"$tmp/ctl/cmd.sh"
echo "$VM_DIR/guest-init.sh" >"$tmp/ctl/guest-init-path"

# --- qemu --------------------------------------------------------------------

# panic=-1 + -no-reboot: a panic ends qemu at once; oops=panic turns an oops
# (after it is printed) into one, instead of leaving a half-dead guest that
# runs into the timeout.  WARNs do not panic: they are caught in the log.
append="console=ttyS0,115200 panic=-1 oops=panic printk.devkmsg=on"
append+=" mitigations=off no_timer_check tsc=reliable random.trust_cpu=on"
# A busy host can starve a TCG vCPU for many seconds; the default 20 s
# soft-lockup and 21 s RCU-stall thresholds would then report bugs that are
# not there.  A real lockup lasts and is still reported, after 60 s.
append+=" watchdog_thresh=30 rcupdate.rcu_cpu_stall_timeout=60"
# The guest's TSC is the host's under TCG: tell the guest its frequency
# (tsc_khz.c says why; a make check once ran a VM whose clock went 4 times
# too fast, its tests' waits a quarter as long, and one failed).
if cc -O2 -o "$tmp/tsc_khz" "$VM_DIR/tsc_khz.c" 2>/dev/null &&
	tsc_khz=$("$tmp/tsc_khz") && [ "${tsc_khz:-0}" -gt 100000 ]; then
	append+=" tsc_early_khz=$tsc_khz"
fi
# Batch runs only (a lab shell keeps the defaults; see "Speed" in
# README.md for the measurements):
# - Under TCG, qemu keys the code it translates by virtual address: with
#   address-space layout randomisation every new process maps ld.so, libc
#   and its program at new addresses, and all of that is translated again.
#   With norandmaps (user space only: the kernel's own layout is untouched)
#   every exec reuses the translations of the one before; the tests exec
#   sockctl, ip, python3... thousands of times.  SOCKCTL_VM_ASLR=1 keeps ASLR.
# - rcupdate.rcu_expedited=1: synchronize_rcu() waits for an expedited grace
#   period (IPIs) rather than for the vCPUs' next ticks and quiescent states,
#   which a TCG guest on a busy host reaches slowly.  Still a full grace
#   period; every netns, veth, module load and unload waits for several.
if [ $interactive = 0 ]; then
	[ "${SOCKCTL_VM_ASLR:-0}" = 1 ] || append+=" norandmaps"
	append+=" rcupdate.rcu_expedited=1"
fi
append+=" ${SOCKCTL_VM_APPEND:-}" # escape hatch: extra kernel parameters

# A path inside a qemu option value has its commas doubled.
qesc() { printf '%s' "${1//,/,,}"; }
# shellcheck disable=SC2054 # commas inside qemu option values
qemu=(qemu-system-x86_64
	-accel tcg -cpu max -M q35 -smp "$cpus" -m "$mem"
	-nodefaults -no-user-config -display none -no-reboot
	-kernel "$boot_image" -initrd "$initrd" -append "$append"
	# ttyS0: kernel console, to the log file only.
	-chardev "file,id=con,path=$(qesc "$console")" -serial chardev:con
	# The command's stdio.  signal=off: ^C is a byte for the guest's tty,
	# not a SIGINT for qemu.
	-chardev stdio,id=cmd,signal=off
	# multidevs=remap: the host root spans several filesystems; without it
	# their inode numbers could collide in the guest.
	-fsdev "local,id=root,path=/,security_model=none,readonly=on,multidevs=remap"
	-device virtio-9p-pci,fsdev=root,mount_tag=root
	-fsdev "local,id=ctl,path=$(qesc "$tmp/ctl"),security_model=none"
	-device virtio-9p-pci,fsdev=ctl,mount_tag=ctl
)
# shellcheck disable=SC2054
if [ $channel = virtio ]; then
	qemu+=(-device virtio-serial-pci,id=vser -device virtconsole,chardev=cmd,bus=vser.0)
else
	qemu+=(-serial chardev:cmd)
fi
# shellcheck disable=SC2054
if [ -n "$out" ]; then
	qemu+=(-fsdev "local,id=out,path=$(qesc "$out"),security_model=none,multidevs=remap"
		-device virtio-9p-pci,fsdev=out,mount_tag=out)
fi

if [ $verbose = 1 ]; then
	tail -n +1 -F "$console" >&2 2>/dev/null &
	tpid=$!
fi

# If run.sh itself is SIGKILLed (a CI timeout), the kernel kills qemu too.
if [[ $(setpriv --help 2>/dev/null) == *--pdeathsig* ]]; then
	qemu=(setpriv --pdeathsig KILL -- "${qemu[@]}")
fi

start=$EPOCHREALTIME
if [ $interactive = 1 ]; then
	# qemu puts the terminal in raw mode and restores it on a clean exit;
	# saved here too, for when it has to be killed.
	if [ -t 0 ]; then stty_saved=$(stty -g); fi
	# An explicit <&0: a background job's stdin would be /dev/null.
	"${qemu[@]}" <&0 &
else
	"${qemu[@]}" </dev/null &
fi
qpid=$!

timed_out=0 qrc=0
if [ "$timeout" != 0 ]; then
	sleep "$timeout" &
	spid=$!
	done_pid=
	wait -n -p done_pid "$qpid" "$spid" || qrc=$?
	if [ "$done_pid" = "$qpid" ]; then
		qpid=
	else
		qrc=0
		timed_out=1
		kill -TERM "$qpid" 2>/dev/null || :
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$qpid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$qpid" 2>/dev/null || :
	fi
fi
if [ -n "$qpid" ]; then
	wait "$qpid" || qrc=$?
	qpid=
fi
[ -z "$stty_saved" ] || stty "$stty_saved" 2>/dev/null || :
if [ -n "$tpid" ]; then
	sleep 0.3 # let tail print the last lines
	kill "$tpid" 2>/dev/null || :
fi
elapsed=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

# --- verdict -----------------------------------------------------------------

rc=
why=
if [ -f "$tmp/ctl/status" ]; then
	rc=$(cat "$tmp/ctl/status")
fi
if [ $timed_out = 1 ]; then
	why="timed out after ${timeout}s (qemu killed)"
	rc=$EXIT_TIMEOUT
elif [ -f "$tmp/ctl/timedout" ]; then
	why="command timed out in the guest after $(cat "$tmp/ctl/timedout")s (--timeout $timeout)"
	rc=$EXIT_TIMEOUT
fi
if [ -n "$why" ]; then
	msg "$why"
fi
if [ -f "$tmp/ctl/warnings" ]; then
	sed 's/^/run.sh: warning: /' "$tmp/ctl/warnings" >&2
fi

if [ $splat_check = 1 ] && splat_report "$console" "splat: " 30 >&2; then
	msg "kernel splat detected (exit $EXIT_SPLAT) after ${elapsed}s"
	exit $EXIT_SPLAT
fi

if [ -z "$rc" ]; then
	if [ -f "$tmp/ctl/fail" ]; then
		msg "VM setup failed: $(cat "$tmp/ctl/fail")"
	elif [ -f "$tmp/ctl/started" ]; then
		msg "the VM stopped before the command finished (qemu exit $qrc)"
	else
		msg "the VM stopped before the command ran (qemu exit $qrc); console tail:"
		tr -d '\r' <"$console" | tail -n 30 | sed 's/^/console: /' >&2
	fi
	exit $EXIT_VMFAIL
fi
# SOCKCTL_VM_TIMING=1: where the time went (host setup, then the VM).
[ "${SOCKCTL_VM_TIMING:-0}" = 0 ] ||
	msg "kernel $kver: setup $(awk -v a="$t0" -v b="$start" 'BEGIN { printf "%.1f", b - a }')s, VM ${elapsed}s, exit $rc"
exit "$rc"
}
