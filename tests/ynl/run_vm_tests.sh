#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The YNL tests that need the module (run inside the VM, as root, with
# sockctl.ko loaded), each as one TAP group with the "RESULT" lines of
# tests/lib/tap.sh, like tests/selftests/run_all.sh prints:
#
#   tests/ynl/run_vm_tests.sh NAME     (NAME labels the results: 6.1, debug...)
#
#   ynl/cli      the kernel's tools/net/ynl/cli.py driving the module
#   ynl/policy   the module's netlink policies versus the spec's checks
#   ynl/scapy    SOCKCTL_CMD_BUILD versus Scapy, byte for byte
#
# SOCKCTL_YNL_TESTS picks some of them (default "cli policy scapy").
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
name=${1:-vm}

tests=" ${SOCKCTL_YNL_TESTS:-cli policy scapy} "

[[ $tests == *" cli "* ]] && tap_run "$name/ynl/cli" "$top/tests/ynl/ynl_cli_test.sh"
[[ $tests == *" policy "* ]] && tap_run "$name/ynl/policy" "$top/tests/ynl/policy_crosscheck.py"
[[ $tests == *" scapy "* ]] && tap_run "$name/ynl/scapy" "$top/tests/ynl/scapy_crosscheck.py"
exit 0
