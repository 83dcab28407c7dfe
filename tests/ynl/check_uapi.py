#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the YNL spec uapi/sockctl.yaml and the hand-written uAPI header
uapi/linux/sockctl.h (and the headers it includes) describe the same interface.

Validates the spec against the 6.12 tree's genetlink-legacy schema, renders
its uAPI header with the tree's own tools/net/ynl/ynl-gen-c.py, and compares
both headers constant by constant (enum values computed, implicit ones
included; defines).  Runs on the host; prints TAP.

  tests/ynl/check_uapi.py [--ksrc LINUX_SOURCE_DIR]

Without --ksrc it uses $SOCKCTL_LINUX_SRC, else linux_source_dir of
tests/lib/kernels.sh (the unpacked linux-source-6.12).
"""
import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import TOP, Tap, linux_source_dir  # noqa: E402

SPEC = os.path.join(TOP, 'uapi', 'sockctl.yaml')
HEADER = os.path.join(TOP, 'uapi', 'linux', 'sockctl.h')
SCHEMA = 'genetlink-legacy'


def read_header(path):
    """The header's text with the headers of ours it includes
    (#include <linux/sockctl_*.h>, from the same directory) in their place,
    as the C preprocessor sees it."""
    with open(path) as f:
        text = f.read()

    def expand(m):
        return read_header(os.path.join(os.path.dirname(path), m.group(1)))
    return re.sub(r'^[ \t]*#[ \t]*include[ \t]+<linux/(sockctl_\w+\.h)>[^\n]*$', expand, text,
                  flags=re.M)


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def c_int(expr, known):
    """Evaluate an integer constant expression of literals and known names."""
    expr = re.sub(r'\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b', r'\1', expr.strip())
    tree = ast.parse(expr, mode='eval')

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in known:
                raise ValueError(f'unknown name {node.id}')
            return known[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Invert)):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else ~v
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            ops = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b,
                   ast.Mult: lambda: a * b, ast.LShift: lambda: a << b,
                   ast.RShift: lambda: a >> b, ast.BitOr: lambda: a | b,
                   ast.BitAnd: lambda: a & b}
            for op, fn in ops.items():
                if isinstance(node.op, op):
                    return fn()
        raise ValueError(f'unsupported expression {expr!r}')
    return ev(tree)


def parse_header(text):
    """Return (groups, values): groups is a list of (label, [names]) in order,
    values maps each constant to an int or a str (string defines)."""
    text = strip_comments(text)
    groups, values = [], {}
    defines = []
    for m in re.finditer(r'^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+(.+?)[ \t]*$',
                         text, flags=re.M):
        name, val = m.group(1), m.group(2)
        if name.startswith('_') and name.endswith('_H'):
            continue        # include guard
        if val.startswith('"'):
            values[name] = ast.literal_eval(val)
        else:
            values[name] = c_int(val, values)
        defines.append(name)
    if defines:
        groups.append(('#defines', defines))
    for m in re.finditer(r'\benum\s*([A-Za-z_]\w*)?\s*\{(.*?)\}\s*;', text, flags=re.S):
        label = 'enum ' + (m.group(1) or '(anonymous)')
        names, nxt = [], 0
        for item in m.group(2).split(','):
            item = item.strip()
            if not item:
                continue
            if '=' in item:
                name, expr = (s.strip() for s in item.split('=', 1))
                val = c_int(expr, values)
            else:
                name, val = item, nxt
            values[name] = val
            nxt = val + 1
            names.append(name)
        groups.append((label, names))
    return groups, values


def fmt(v):
    return repr(v) if isinstance(v, str) else f'{v} (0x{v:x})'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--ksrc', help='unpacked linux 6.12 source tree')
    ap.add_argument('--keep', action='store_true', help='keep the generated header')
    args = ap.parse_args()

    tap = Tap()
    ksrc = args.ksrc or linux_source_dir()
    gen = ksrc and os.path.join(ksrc, 'tools/net/ynl/ynl-gen-c.py')
    schema = ksrc and os.path.join(ksrc, f'Documentation/netlink/{SCHEMA}.yaml')
    if not gen or not os.path.isfile(gen) or not os.path.isfile(schema):
        tap.result(False, 'linux 6.12 source tree with tools/net/ynl',
                   f'not found (ksrc={ksrc!r}); run make deps or pass --ksrc')
        return tap.done()

    # 1. The spec is valid for the schema its protocol names.
    import yaml
    import jsonschema
    with open(SPEC) as f:
        spec = yaml.safe_load(f)
    with open(schema) as f:
        schema_yaml = yaml.safe_load(f)
    try:
        jsonschema.validate(spec, schema_yaml)
        err = None
    except jsonschema.ValidationError as e:
        err = f'{"/".join(str(p) for p in e.absolute_path)}: {e.message}'
    tap.result(err is None and spec.get('protocol') == SCHEMA,
               f'uapi/sockctl.yaml validates against Documentation/netlink/{SCHEMA}.yaml',
               err)

    # 2. Render its uAPI header.  ynl-gen-c.py takes no schema argument: it
    # expects the spec in a kernel tree (MAINTAINERS above it, the schema
    # in the spec directory's parent), so give it one.
    tmp = tempfile.mkdtemp(prefix='sockctl-ynl.')
    try:
        os.makedirs(os.path.join(tmp, 'netlink/specs'))
        open(os.path.join(tmp, 'MAINTAINERS'), 'w').close()
        os.symlink(schema, os.path.join(tmp, f'netlink/{SCHEMA}.yaml'))
        spec_copy = os.path.join(tmp, 'netlink/specs/sockctl.yaml')
        shutil.copy(SPEC, spec_copy)
        out_h = os.path.join(tmp, 'sockctl.h')
        try:
            r = subprocess.run([sys.executable, gen, '--mode', 'uapi', '--header',
                                '--spec', spec_copy, '-o', out_h],
                               capture_output=True, text=True, timeout=120, check=False)
            ok, diag = r.returncode == 0, (r.stdout + r.stderr)[-3000:]
        except subprocess.TimeoutExpired:
            ok, diag = False, 'timed out'
        if not tap.result(ok and os.path.isfile(out_h),
                          'ynl-gen-c.py --mode uapi --header renders the spec', diag):
            return tap.done()
        with open(out_h) as f:
            gen_text = f.read()
        if args.keep:
            shutil.copy(out_h, os.path.join(TOP, 'build', 'sockctl-ynl.h'))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    hdr_text = read_header(HEADER)
    try:
        g_groups, g_vals = parse_header(gen_text)
        h_groups, h_vals = parse_header(hdr_text)
    except (ValueError, SyntaxError) as e:
        tap.result(False, 'both headers parse', str(e))
        return tap.done()
    tap.result(True, f'both headers parse ({len(g_vals)} constants generated, '
               f'{len(h_vals)} in uapi/linux/sockctl.h)')

    # 3. Everything the spec generates is in the header, with its value.
    for label, names in g_groups:
        bad = []
        for n in names:
            if n not in h_vals:
                bad.append(f'{n}: missing from uapi/linux/sockctl.h (spec: {fmt(g_vals[n])})')
            elif h_vals[n] != g_vals[n]:
                bad.append(f'{n}: spec {fmt(g_vals[n])}, header {fmt(h_vals[n])}')
        tap.result(not bad, f'spec {label}: {len(names)} constants match the header',
                   '\n'.join(bad))

    # 4. The header has nothing the spec lacks (attributes, commands, enums).
    for label, names in h_groups:
        bad = [f'{n} = {fmt(h_vals[n])}: not in the spec' for n in names if n not in g_vals]
        tap.result(not bad, f'header {label}: every constant is in the spec',
                   '\n'.join(bad))
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
