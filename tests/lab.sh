#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make lab: build everything and boot a lab VM on Debian's default kernel
# with sockctl.ko loaded, the CLI on PATH and a veth pair into a second
# network namespace ("peer") ready to send to:
#
#     host netns: veth0 10.0.0.1/24  fd00::1/64
#     netns peer: veth1 10.0.0.2/24  fd00::2/64
#
# On a terminal you get a root shell in the VM (exit or Ctrl-D powers it
# off); otherwise a short scripted demo runs.  LAB_KERNEL=6.12 picks the
# other Debian kernel.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tests/lib/kernels.sh

kernel=${LAB_KERNEL:-6.1}
tests/deps.sh
kver=$(kernel_release "$kernel")
make --no-print-directory module cli KVER="$kver" >/dev/null

if [ -t 0 ] && [ -t 1 ]; then
	echo "lab: booting $kver (TCG, ~10 s); type 'exit' to power the VM off"
	exec tests/vm/run.sh --kernel "$kernel" --interactive --timeout 0 \
		--module "build/$kver/sockctl.ko" -- tests/lab/guest.sh shell
fi
exec tests/vm/run.sh --kernel "$kernel" --timeout 600 \
	--module "build/$kver/sockctl.ko" -- tests/lab/guest.sh demo
