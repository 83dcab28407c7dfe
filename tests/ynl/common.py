# SPDX-License-Identifier: GPL-2.0
"""Helpers shared by the tests in tests/ynl: TAP output, where the
linux-source tree is, and hex diffs of packets."""

import os
import subprocess

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Tap:
    """TAP version 13 on stdout, one result per check."""

    def __init__(self):
        self.n = self.failed = 0
        print('TAP version 13')

    def diag(self, text):
        for line in str(text).splitlines():
            print('# ' + line)

    def result(self, ok, name, diag=None):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} {name}")
        if diag:
            self.diag(diag)
        return ok

    def done(self):
        print(f'1..{self.n}')
        return 1 if self.failed else 0


def linux_source_dir():
    """The unpacked linux-source-6.12 tree, as tests/lib/kernels.sh finds it
    (it also knows the VM, where dpkg's database is hidden), or None."""
    out = subprocess.run(['bash', '-c', '. tests/lib/kernels.sh && linux_source_dir'],
                         cwd=TOP, capture_output=True, text=True, check=False)
    path = out.stdout.strip()
    return path if out.returncode == 0 and os.path.isdir(path) else None


def hexdiff(want, got, want_name='scapy', got_name='kernel'):
    """Both byte strings, 16 bytes a line, the differing lines marked."""
    out = []
    width = max(len(want_name), len(got_name))
    for off in range(0, max(len(want), len(got)), 16):
        a, b = want[off:off + 16], got[off:off + 16]
        mark = '' if a == b else '  <--'
        out.append(f'{off:04x} {want_name:<{width}} {a.hex(" ")}')
        out.append(f'{off:04x} {got_name:<{width}} {b.hex(" ")}{mark}')
    return '\n'.join(out)
