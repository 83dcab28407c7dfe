#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
# kernel.modprobe in the lab VM (set by guest-init.sh): the kernel runs it
# to autoload a module, e.g. the generic netlink family "sockctl" each
# time a program asks for the family while the module is not loaded.  That
# one can never be autoloaded here (sockctl.ko is not installed under
# /lib/modules), and Debian's modprobe takes ~0.7 s (seconds on the debug
# kernel) to find that out under TCG: the tests that unload the module
# would spend minutes on it.  Fail it at once (busybox is static: a few
# ms); so is everything on a kernel without modules to load (our debug
# kernel has its drivers built in, and the selftests and the fuzzer ask for
# the ones it lacks, e.g. ip6tnl for each new namespace: 1.5 s each there).
# Anything else goes to the real modprobe.
case " $* " in
*" net-pf-16-proto-16-family-sockctl "*) exit 1 ;;
esac
read -r release </proc/sys/kernel/osrelease
[ -e "/lib/modules/$release/modules.dep" ] || exit 1
exec /sbin/modprobe "$@"
