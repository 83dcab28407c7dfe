#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the lab VM: set up the veth pair into netns "peer", then open a
# shell or run the demo.   guest.sh shell|demo
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$top/ctl:$PATH"

ip netns add peer
ip link add veth0 type veth peer name veth1 netns peer
ip addr add 10.0.0.1/24 dev veth0
ip addr add fd00::1/64 dev veth0 nodad
ip link set veth0 up
ip -n peer addr add 10.0.0.2/24 dev veth1
ip -n peer addr add fd00::2/64 dev veth1 nodad
ip -n peer link set veth1 up
ip -n peer link set lo up

case ${1:-shell} in
shell)
	cat <<'MSG'
sockctl lab VM: sockctl.ko is loaded, 'sockctl' is on PATH.
  veth0 10.0.0.1 fd00::1 (here)  <->  veth1 10.0.0.2 fd00::2 (netns "peer")
  try: sockctl help; sockctl info; ip netns exec peer tcpdump -ni veth1
MSG
	cd "$top"
	PS1='lab# ' exec bash --norc -i
	;;
demo)
	set -x
	sockctl info
	sockctl -j info
	# The same module, seen from the peer's network namespace.
	ip netns exec peer sockctl info
	# An unprivileged user may ask, but is told it may not inject.
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all sockctl info
	# What crosses the wire: capture on the peer side while we ping it.
	ip netns exec peer timeout 10 tcpdump -nn -c 2 -i veth1 icmp 2>/dev/null &
	sleep 2
	ping -c 1 -W 2 10.0.0.2
	wait
	;;
esac
