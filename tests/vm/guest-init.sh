#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the lab VM, run by busybox sh from the host's (read-only, 9p)
# root right after the initramfs switched to it.  Read from the shared tree
# at every boot, so a change here needs no initramfs rebuild.
#
# It makes the read-only host root usable (tmpfs where Debian tools write),
# loads the modules under test, runs the command (run.sh's cmd.sh, under
# bash) with its stdio on the command channel, not on the kernel console that
# the host scans for splats, reports the exit status through the control
# share and powers off.
#
# Why busybox sh and not bash: every exec of a dynamically linked Debian
# binary costs 0.1-0.5 s here (TCG, and ld.so + libc over 9p); busybox runs
# mount, stty, ip... as built-in applets, which saves seconds per boot.
#
# Deliberately no "set -e": PID 1 must never exit (that panics the kernel,
# which would read as a splat); every failure path ends in vm_off.

ctl=/run/sockctl-vm
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/root USER=root LOGNAME=root SHELL=/bin/bash
export PATH HOME USER LOGNAME SHELL
unset LANG LC_ALL # C.UTF-8 costs ~0.2 s per exec in locale lookups over 9p
umask 022

# Lines for the console log; never use a word splat.sh matches here.
# With the uptime, to see where boot time goes.
log() {
	read -r up _ </proc/uptime
	echo "SOCKCTL-VM: [$up] $*"
}

vm_off() {
	sync
	log "power off"
	# busybox's, explicitly: Debian's poweroff is systemctl, which wants a
	# running systemd.  reboot is the fallback: with -no-reboot qemu exits
	# on it too, even on a kernel without ACPI.
	/bin/busybox poweroff -f
	/bin/busybox reboot -f
	while :; do sleep 1000; done
}

# Setup failed before the command ran: the host exits 125 with this text.
die() {
	log "setup failed: $*"
	printf '%s\n' "$*" >"$ctl/fail"
	vm_off
}

# shellcheck source=/dev/null
. "$ctl/config" || die "cannot read $ctl/config"

# SOCKCTL_VM_TRACE=1 on the host: trace this script, with timestamps, on
# the console (to see where boot time goes).
if [ "${SOCKCTL_TRACE:-0}" = 1 ]; then
	PS4='+ $(cut -d" " -f1 /proc/uptime) '
	set -x
fi

log "started"

# --- filesystems -----------------------------------------------------------

mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts /dev/pts ||
	die "mount devpts"
ln -sf pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm || die "mount /dev/shm"
# bash process substitution and friends want these; no udev creates them.
ln -sfn /proc/self/fd /dev/fd
ln -sfn /proc/self/fd/0 /dev/stdin
ln -sfn /proc/self/fd/1 /dev/stdout
ln -sfn /proc/self/fd/2 /dev/stderr

mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || log "no debugfs"
if [ -d /sys/kernel/tracing ]; then
	mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
fi
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
# No bpffs: mounting it makes the kernel call modprobe (bpf_preload), which
# costs a second here.  `mount -t bpf bpf /sys/fs/bpf` if a test needs it.
if [ -d /sys/kernel/config ]; then
	mount -t configfs configfs /sys/kernel/config 2>/dev/null
fi

# Host paths (the checkout, the cwd; one a line in $ctl/keep) that live under
# a directory about to get a tmpfs (a CI clone in /tmp or /root): bind them
# aside from the 9p view first and put them back on top of the tmpfs, so
# they stay visible (read-only, like the rest of the host).
keep_n=0
keep_aside() { # MOUNTPOINT
	while read -r p; do
		case "$p" in "$1"/*) ;; *) continue ;; esac
		[ -d "$p" ] || continue
		mkdir -p "/run/sockctl-keep/$keep_n"
		mount --bind "$p" "/run/sockctl-keep/$keep_n" || die "bind $p"
		echo "$p" >"/run/sockctl-keep/$keep_n.path"
		keep_n=$((keep_n + 1))
	done <"$ctl/keep"
}

# Everything Debian tools may want to write to.  /var/run is a symlink to
# /run on Debian, so /run (mounted by the initramfs) covers it, and
# `ip netns add` gets its writable /run/netns.
for m in /tmp /var/tmp /root /var/lib /var/log; do
	keep_aside "$m"
	mode=0755
	case $m in /tmp | /var/tmp) mode=1777 ;; esac
	mount -t tmpfs -o "mode=$mode,nosuid,nodev" tmpfs "$m" || die "mount tmpfs $m"
done
i=0
while [ $i -lt $keep_n ]; do
	p=$(cat "/run/sockctl-keep/$i.path")
	mkdir -p "$p" && mount --move "/run/sockctl-keep/$i" "$p" || die "keep $p visible"
	i=$((i + 1))
done
mkdir -p /run/lock /run/netns /var/lib/misc /var/log/private

# The --out share, read-write, at the same absolute path as on the host.
if [ -n "$SOCKCTL_OUT" ]; then
	mkdir -p "$SOCKCTL_OUT" 2>/dev/null
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out "$SOCKCTL_OUT" ||
		die "mount 9p --out share on $SOCKCTL_OUT"
fi

log "filesystems ready"

# --- system ------------------------------------------------------------------

hostname sockctl-lab
ip link set dev lo up || die "ip link set lo up"

# Module autoloading goes through modprobe.sh, next to this script: the
# sockctl family (which can never be autoloaded here) fails at once instead
# of costing a run of Debian's modprobe each time a test asks for it while
# the module is out; any other module goes to the real modprobe.
modprobe_sh=${0%/*}/modprobe.sh
if [ -x "$modprobe_sh" ] && [ -w /proc/sys/kernel/modprobe ]; then
	echo "$modprobe_sh" >/proc/sys/kernel/modprobe
fi

# kmemleak (the debug kernel): note the time (jiffies) before the modules
# under test are loaded.  After the command only objects allocated since
# count: what the boot left unreferenced is not our leak.  (Filtering is
# much cheaper than the scan + scan + clear it would take to hide those, at
# ~10 s a scan under TCG.)
kmemleak=/sys/kernel/debug/kmemleak
have_kmemleak=0
kml_j0=0
if [ -w "$kmemleak" ]; then
	have_kmemleak=1
	kml_j0=$(sed -n 's/^jiffies: *\([0-9]*\).*/\1/p' /proc/timer_list | head -n 1)
	[ -n "$kml_j0" ] || kml_j0=0
fi

# --- modules under test ----------------------------------------------------

tab=$(printf '\t')
while IFS=$tab read -r f name; do
	[ -n "$f" ] || continue
	log "insmod $name"
	if ! err=$(insmod "$ctl/modules/$f" 2>&1); then
		# The kernel's reason (unknown symbol, bad magic...) is in the log.
		die "insmod $name failed: $err
$(dmesg | tail -n 5)"
	fi
done <"$ctl/modules.list"

log "system ready"

# --- the command -----------------------------------------------------------

tty=$SOCKCTL_TTY
i=0
while [ ! -c "$tty" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ -c "$tty" ] || die "command channel $tty missing"

# The guest gives up a little before the host does, so it can still report
# and power off.  The host's clock starts with qemu; the guest's uptime a
# little later (firmware, ~1-2 s).  Uptime, not the date: a kernel without
# an RTC driver starts in 1970.
limit=0
if [ "$SOCKCTL_TIMEOUT" -gt 0 ]; then
	margin=8
	[ $have_kmemleak = 1 ] && margin=$((margin + 30))
	read -r up _ </proc/uptime
	limit=$((SOCKCTL_TIMEOUT - ${up%.*} - margin))
	[ $limit -ge 1 ] || limit=1
fi

: >"$ctl/started"
log "running command"
read -r start _ </proc/uptime
catpid=
# The channel stays open on fd 3 for the whole run: hvc0 resets its termios
# on the last close, which would undo the stty settings below.
exec 3<>"$tty"
if [ "$SOCKCTL_INTERACTIVE" = 1 ]; then
	# A real terminal: cooked mode with echo, the host's size, and a
	# session whose controlling tty is the channel (util-linux setsid -c),
	# so the shell gets job control and ^C (passed through by qemu) is a
	# SIGINT in the guest.
	stty sane <&3
	[ -z "$SOCKCTL_ROWS" ] || stty rows "$SOCKCTL_ROWS" cols "$SOCKCTL_COLS" <&3
	if [ $limit -gt 0 ]; then
		/usr/bin/setsid -w -c /usr/bin/timeout --foreground -k 2 "$limit" \
			/bin/bash "$ctl/cmd.sh" <"$tty" >"$tty" 2>&1 3>&-
	else
		/usr/bin/setsid -w -c /bin/bash "$ctl/cmd.sh" <"$tty" >"$tty" 2>&1 3>&-
	fi
	rc=$?
	# The session leader's exit hung the tty up, fd 3 included.
	exec 3>&-
	exec 3<>"$tty"
else
	# Batch: stdin is /dev/null and stdout/stderr are a pipe, as they would
	# be under make on the host (no tty: no colours, no progress bars).  The
	# pipe's reader copies it to the channel in raw mode (byte exact, no
	# CR added).
	stty raw -echo -opost <&3
	mkfifo /run/sockctl-out.fifo
	cat /run/sockctl-out.fifo >&3 &
	catpid=$!
	if [ $limit -gt 0 ]; then
		/usr/bin/timeout -k 2 "$limit" /bin/bash "$ctl/cmd.sh" \
			</dev/null >/run/sockctl-out.fifo 2>&1 3>&-
	else
		/bin/bash "$ctl/cmd.sh" </dev/null >/run/sockctl-out.fifo 2>&1 3>&-
	fi
	rc=$?
fi
read -r end _ </proc/uptime
if [ $limit -gt 0 ] && { [ $rc = 124 ] || [ $rc = 137 ]; } &&
	[ $((${end%.*} - ${start%.*})) -ge $limit ]; then
	log "command timed out after ${limit}s"
	echo "$limit" >"$ctl/timedout"
fi

# Whatever the command left running (a tcpdump in the background...) dies
# now: it would keep the output pipe open, and its sockets would look like
# leaks to kmemleak.  Kernel threads have no exe and ignore signals anyway.
leftovers() {
	read -r me _ </proc/self/stat # this subshell
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" = 1 ] || [ "$p" = "$catpid" ] || [ "$p" = "$me" ] && continue
		[ -e "/proc/$p/exe" ] && echo "$p"
	done
}
left=$(leftovers)
if [ -n "$left" ]; then
	log "killing what the command left running: $left"
	# shellcheck disable=SC2086
	kill -TERM $left 2>/dev/null
	i=0
	while [ $i -lt 20 ] && [ -n "$left" ]; do
		sleep 0.1
		left=$(leftovers)
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	[ -z "$left" ] || kill -KILL $left 2>/dev/null
fi
[ -z "$catpid" ] || wait "$catpid"
log "command done"
# Let the tty drain to the host before powering off: GNU stty (not
# busybox's) sets the mode with TCSADRAIN, which waits until all output has
# left the device.
/usr/bin/stty -echo <&3
exec 3>&-

# Unload the modules under test, last loaded first, unless the command did:
# their exit paths run (and can splat) while the console is still watched,
# and kmemleak then sees what they failed to free.  One still in use stays
# (a warning for the host); an exit path that hangs is left behind after
# 10 s (its "waiting for" messages are in the log).
mods=
while IFS=$tab read -r f name; do
	[ -n "$f" ] && mods="$f $mods"
done <"$ctl/modules.list"
for f in $mods; do
	m=${f#[0-9][0-9][0-9]-}
	m=${m%%.ko*}
	# shellcheck disable=SC3060 # busybox sh has ${//}
	m=${m//-/_}
	[ -d "/sys/module/$m" ] || continue
	rmmod "$m" >/run/sockctl-rmmod.out 2>&1 &
	pid=$!
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 $pid 2>/dev/null; then
		log "rmmod $m still running after 10s"
		echo "rmmod $m did not finish within 10s" >>"$ctl/warnings"
	elif ! wait $pid; then
		log "rmmod $m failed"
		echo "rmmod $m after the command failed: $(cat /run/sockctl-rmmod.out)" >>"$ctl/warnings"
	fi
done

# kmemleak reports an object once two scans in a row found it unreferenced
# (and unchanged), and at least 5 s old.  The report goes to the console,
# where splat.sh finds "unreferenced object".
if [ $have_kmemleak = 1 ]; then
	read -r t0 _ </proc/uptime
	if echo scan >"$kmemleak" 2>/dev/null; then
		read -r t1 _ </proc/uptime
		d=$((${t1%.*} - ${t0%.*}))
		[ $d -ge 5 ] || sleep $((5 - d))
		echo scan >"$kmemleak"
		awk -v j0="$kml_j0" '
			function flush() {
				if (rec == "") return
				if (j + 0 >= j0 + 0) printf "%s", rec; else old++
				rec = ""
			}
			/^unreferenced object/ { flush(); j = 0 }
			/^  comm .*jiffies/ { j = $NF }
			{ rec = rec $0 "\n" }
			END {
				flush()
				if (old) printf "SOCKCTL-VM: kmemleak: %d report(s) about objects from before the modules were loaded, ignored\n", old
			}' "$kmemleak"
	else
		log "kmemleak is disabled"
	fi
fi

log "exit status $rc"
echo "$rc" >"$ctl/status"
vm_off
