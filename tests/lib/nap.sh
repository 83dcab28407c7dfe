# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by shell tests that poll: nap SECONDS sleeps without exec'ing
# sleep(1), by a read that times out on a FIFO nobody writes to.  In the
# TCG guest every exec costs 0.1-0.3 s (about 1 s under the debug kernel),
# and the tests poll hundreds of times.  The FIFO's name is gone as soon as
# it is open; the descriptor is enough.
_nap_dir=$(mktemp -d)
mkfifo "$_nap_dir/fifo"
exec {nap_fd}<>"$_nap_dir/fifo"
rm -rf "$_nap_dir"
unset _nap_dir
nap() { read -rt "$1" -u "$nap_fd" _ || :; }
