#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the lab VM's initramfs (busybox sh).  Copied into the initramfs
# by run.sh; it is part of the initramfs cache key, so editing it rebuilds.
#
# Its only job is to get the host's root filesystem mounted over virtio-9p
# and hand over to tests/vm/guest-init.sh on it: everything else lives in
# that script, which is read from the shared tree at every boot, so it can
# change without rebuilding anything.

PATH=/bin
export PATH

# Anything that goes wrong here is reported twice: on the console (the only
# channel that exists before the control share is mounted) and, when that
# share is there, as a "fail" file the host turns into exit status 125.
fail() {
	echo "SOCKCTL-VM-FAIL: initramfs: $*"
	if [ -f /newroot/run/sockctl-vm/config ]; then
		echo "initramfs: $*" >/newroot/run/sockctl-vm/fail
	fi
	sync
	poweroff -f
	reboot -f # -no-reboot turns this into a qemu exit if poweroff can't
	sleep 1000000
}

mount -t proc proc /proc || fail "mount /proc"
mount -t sysfs sysfs /sys || fail "mount /sys"
mount -t devtmpfs devtmpfs /dev || fail "mount /dev"

# Modules the kernel needs for virtio-9p (and the virtio console), listed
# by run.sh in dependency order.  Empty for a kernel with all of it built in.
while read -r m; do
	[ -n "$m" ] || continue
	out=$(insmod "/modules/$m" 2>&1) || fail "insmod $m: $out"
done </modules/order

read -r up _ </proc/uptime
echo "SOCKCTL-VM: [$up] modules loaded"
mkdir -p /newroot
# Retry a few times: with a built-in transport, the virtio device may still be
# probing when /init starts.
i=0
until mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=512000,cache=loose \
	root /newroot 2>/tmp/mount.err; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "mount 9p root: $(cat /tmp/mount.err)"
	sleep 0.1
done

# /run first so the control share (run.sh's per-run temp directory, rw) can
# be mounted below it; guest-init.sh finds its instructions there.
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /newroot/run || fail "mount /run"
mkdir -p /newroot/run/sockctl-vm
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 ctl /newroot/run/sockctl-vm ||
	fail "mount 9p control share"

guest_init=$(cat /newroot/run/sockctl-vm/guest-init-path) || fail "no guest-init-path"
[ -f "/newroot$guest_init" ] || fail "$guest_init not visible in the guest"

read -r up _ </proc/uptime
echo "SOCKCTL-VM: [$up] switching to the host root"
for d in proc sys dev; do
	mount --move "/$d" "/newroot/$d" || fail "move /$d"
done

# The host's busybox runs it (run.sh checks /bin/busybox exists on the host).
# shellcheck disable=SC2093 # the fail below only runs if the exec fails
exec switch_root /newroot /bin/busybox sh "$guest_init"
fail "switch_root failed"
