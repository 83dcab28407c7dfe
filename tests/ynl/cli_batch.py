#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run the kernel's tools/net/ynl/cli.py several times in one python3.

    cli_batch.py CLI_PY OUTDIR < CALLS

CALLS holds, for each call, its number of arguments and then the arguments
(what one `cli.py ARGS...` would get), each ended by a NUL byte: from bash,
printf '%s\\0' "$#" "$@" per call.  Call N (from 0) runs cli.py's own code
as a script (runpy, __name__ == "__main__"), as from the command line; its
stdout and stderr go to OUTDIR/N.out and its exit status to OUTDIR/N.rc.

Why: in the TCG guest a python3 start that imports YNL's library costs
several seconds, and ynl_cli_test.sh makes seven calls.  Only the start is
shared: each call parses the spec and opens its own netlink socket.
"""

import contextlib
import io
import os
import runpy
import sys
import traceback


def run_one(cli, argv):
    """cli.py with argv; (exit status, what it printed)."""
    out = io.StringIO()
    sys.argv = [cli] + argv
    rc = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            runpy.run_path(cli, run_name='__main__')
        except SystemExit as e:
            if e.code is None:
                rc = 0
            elif isinstance(e.code, int):
                rc = e.code
            else:
                print(e.code)
                rc = 1
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc()
            rc = 1
    return rc, out.getvalue()


def main():
    cli, outdir = sys.argv[1], sys.argv[2]
    # As when cli.py runs as a script: its directory holds its "lib".
    sys.path.insert(0, os.path.dirname(os.path.abspath(cli)))
    fields = sys.stdin.buffer.read().split(b'\0')
    n = i = 0
    while i < len(fields) and fields[i]:
        count = int(fields[i])
        argv = [f.decode() for f in fields[i + 1:i + 1 + count]]
        i += 1 + count
        rc, text = run_one(cli, argv)
        with open(os.path.join(outdir, f'{n}.out'), 'w', encoding='utf-8') as f:
            f.write(text)
        with open(os.path.join(outdir, f'{n}.rc'), 'w', encoding='utf-8') as f:
            f.write(f'{rc}\n')
        n += 1


if __name__ == '__main__':
    main()
