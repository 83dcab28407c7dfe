#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package that building, testing, the lab VM and the
# benchmarks need.  Quick and silent when everything is already there, so
# make check and make lab can call it every time.
set -euo pipefail

packages=(
	# Build the module and the CLI; sparse for C=1.
	build-essential pkg-config rsync sparse kmod
	libnl-3-dev libnl-genl-3-dev libmnl-dev libpcap-dev libcap-dev
	# The kernels we support, and their headers to build against.
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	# The debug kernel, kselftest harness, checkpatch and YNL come from here.
	linux-source-6.12 bc flex bison libelf-dev libssl-dev dwarves cpio
	xz-utils python3-yaml python3-jsonschema
	# The lab VM.
	qemu-system-x86 busybox-static util-linux iproute2 iputils-ping
	netcat-openbsd python3
	# Peers to test and benchmark against.
	tcpdump tshark python3-scapy hping3 netsniff-ng nmap nftables iptables
	# The benchmark's plot, and profiles in the VM.
	python3-matplotlib linux-perf
)

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run 'sudo make deps' to install them" >&2
	exit 1
fi

echo "deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has empty package lists; refresh them once.
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/sockctl-deps.log 2>&1; then
	apt-get update -q >>/tmp/sockctl-deps.log 2>&1
	apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/sockctl-deps.log 2>&1 || {
		tail -n 30 /tmp/sockctl-deps.log >&2
		echo "deps: apt-get install failed (log: /tmp/sockctl-deps.log)" >&2
		exit 1
	}
fi
echo "deps: done"
