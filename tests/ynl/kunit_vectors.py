#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Cross-check the byte vectors of tests/kunit/build_*.c with Scapy.

Every expected packet in the KUnit build tests (one file per layer, all
named build_*.c) is a C array preceded by a comment naming the Scapy
expression that produced it:

	/* scapy: raw(IP(id=0, flags="DF", proto=17, ...)/Raw(b"\\0" * 95)) */
	static const u8 ipv4_rfc1071[] = {
		0x45, 0x00, ...
	};

(the expression may continue over several comment lines).  This script
evaluates each expression with Scapy and compares the bytes.

  tests/ynl/kunit_vectors.py            check, TAP output (host, no root)
  tests/ynl/kunit_vectors.py --update   rewrite the arrays from Scapy
  tests/ynl/kunit_vectors.py -e EXPR    print EXPR's bytes as a C array
"""
import argparse
import glob
import logging
import os
import re
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import TOP, hexdiff  # noqa: E402

# Every file of the sockctl_build_* suites; those without vectors (the
# shared helpers) simply contribute none.
CFILES = sorted(glob.glob(os.path.join(TOP, 'tests', 'kunit', 'build_*.c')))

logging.getLogger('scapy.runtime').setLevel(logging.ERROR)

VECTOR_RE = re.compile(
    r'(?P<comment>/\*(?:(?!\*/).)*?scapy:(?P<expr>(?:(?!\*/).)*)\*/)\s*\n'
    r'(?P<decl>static const u8 (?P<name>\w+)\[\] = \{)(?P<body>[^}]*)\};',
    re.S)


def scapy_namespace():
    import scapy.all
    ns = {k: getattr(scapy.all, k) for k in dir(scapy.all) if not k.startswith('_')}
    ns['struct'] = __import__('struct')
    # Shorthands the expressions in build_*.c use.
    ns.update(S4='192.0.2.1', D4='198.51.100.2', S6='2001:db8::1', D6='2001:db8::2',
              M1='02:00:00:00:00:01', M2='02:00:00:00:00:02')
    return ns


def comment_expr(text):
    lines = []
    for line in text.splitlines():
        line = re.sub(r'^\s*(/\*|\*/|\*)?\s?', '', line).rstrip()
        lines.append(line)
    return ' '.join(x.strip() for x in lines if x.strip())


def c_body(data, indent='\t', per_line=12):
    out = []
    for i in range(0, len(data), per_line):
        chunk = data[i:i + per_line]
        out.append(indent + ', '.join(f'0x{b:02x}' for b in chunk) + ',')
    return '\n' + '\n'.join(out) + '\n'


def c_bytes(body):
    vals = re.findall(r'0[xX][0-9a-fA-F]+|\d+', re.sub(r'/\*.*?\*/', '', body, flags=re.S))
    return bytes(int(v, 0) for v in vals)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--update', action='store_true', help='rewrite the arrays')
    ap.add_argument('-e', '--expr', help='print the C array for a Scapy expression')
    ap.add_argument('--file', action='append',
                    help='check (or update) only FILE; repeatable')
    args = ap.parse_args()

    ns = scapy_namespace()
    if args.expr:
        data = bytes(eval(args.expr, ns))   # noqa: S307 (our own test input)
        print(f'/* {len(data)} bytes */ {{{c_body(data)}}};')
        return 0

    files = args.file or CFILES
    print('TAP version 13')
    n = failed = 0
    for path in files:
        with open(path) as f:
            text = f.read()
        matches = list(VECTOR_RE.finditer(text))
        if matches:
            print('# ' + os.path.relpath(path, TOP))
        new_text, last = [], 0
        for m in matches:
            n += 1
            expr = comment_expr(m.group('expr'))
            name = m.group('name')
            try:
                want = bytes(eval(expr, ns))    # noqa: S307
            except Exception as e:              # pylint: disable=broad-except
                failed += 1
                print(f'not ok {n} {name}: scapy expression fails')
                print(f'# {expr}\n# {type(e).__name__}: {e}')
                continue
            got = c_bytes(m.group('body'))
            if args.update:
                new_text.append(text[last:m.start('body')])
                new_text.append(c_body(want))
                last = m.end('body')
                print(f'ok {n} {name} ({len(want)} bytes) # updated')
            elif got == want:
                print(f'ok {n} {name} ({len(want)} bytes)')
            else:
                failed += 1
                print(f'not ok {n} {name}: C array differs from Scapy ({len(got)} vs {len(want)} bytes)')
                print(f'# {expr}')
                for line in hexdiff(want, got, got_name='C').splitlines():
                    print('# ' + line)
        if args.update and matches:
            new_text.append(text[last:])
            with open(path, 'w') as f:
                f.write(''.join(new_text))
    print(f'1..{n}')
    if not n:
        print('# no vectors found in ' + ' '.join(files))
        return 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
