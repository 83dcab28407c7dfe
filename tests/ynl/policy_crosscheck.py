#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The module's netlink policies versus the checks of uapi/sockctl.yaml.

Runs where sockctl.ko is loaded (the VM).  Dumps the policy the kernel
really enforces for each command (nlctrl CTRL_CMD_GETPOLICY, through the
kernel's own YNL library and Documentation/netlink/specs/nlctrl.yaml) and
compares it, attribute by attribute, with what the spec says: the type,
integer ranges (checks min/max, enum ranges, flag masks), binary and string
lengths (min-len, max-len, exact-len), and which attributes a request may
carry.  Prints TAP: one test per command and attribute set.

  tests/ynl/policy_crosscheck.py [--ksrc DIR]
"""
import argparse
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import TOP, Tap, linux_source_dir  # noqa: E402

SPEC = os.path.join(TOP, 'uapi', 'sockctl.yaml')

# The spec's nested sets serve requests and replies alike; where a request
# may carry only some of a nest's attributes, they are listed here, by
# operation and set, as the kernel's per-operation policies have them.
NESTED_REQUEST = {
    ('capture-start', 'capture'): {'direction', 'snaplen', 'count', 'filter',
                                   'queue-len', 'flush-us'},
    ('capture-get', 'capture'): {'id'},
    ('capture-stop', 'capture'): {'id'},
}

TYPE_MAX = {'u8': 0xff, 'u16': 0xffff, 'u32': 0xffffffff, 'u64': 0xffffffffffffffff}
KERNEL_TYPE = {'u8': 'u8', 'u16': 'u16', 'u32': 'u32', 'u64': 'u64', 'flag': 'flag',
               'binary': 'binary', 'string': 'nul-string', 'nest': 'nested'}


def spec_expectation(spec, attr):
    """What the kernel policy should say of a spec attribute (a dict)."""
    t = attr['type']
    checks = dict(attr.get('checks', {}))
    exp = {'type': KERNEL_TYPE.get(t, t)}
    if t == 'string' and checks.get('unterminated-ok'):
        exp['type'] = 'string'
    if t in TYPE_MAX:
        lo, hi = 0, TYPE_MAX[t]
        if 'enum' in attr.yaml:
            enum = spec.consts[attr.yaml['enum']]
            if enum.type == 'flags':
                exp['mask'] = enum.get_mask()
                return exp
            vals = [e.user_value() for e in enum.entries.values()]
            lo, hi = min(vals), max(vals)
        lo = checks.get('min', lo)
        hi = checks.get('max', hi)
        exp['min-value-u'], exp['max-value-u'] = lo, hi
    elif t in ('binary', 'string'):
        if 'exact-len' in checks:
            checks['min-len'] = checks['max-len'] = checks['exact-len']
        exp['min-length'] = checks.get('min-len', 0)
        exp['max-length'] = checks.get('max-len')
    return exp


def kernel_facts(kattr):
    k = {'type': kattr.get('type')}
    if 'mask' in kattr:
        k['mask'] = kattr['mask']
    for key in ('min-value-u', 'max-value-u'):
        if key in kattr:
            k[key] = kattr[key]
    if k['type'] in ('binary', 'string', 'nul-string'):
        k['min-length'] = kattr.get('min-length', 0)
        k['max-length'] = kattr.get('max-length')
    return k


def same(exp, k):
    """Compare, treating a flags mask 2^n-1 and the range [0, mask] alike."""
    if 'mask' in exp and 'mask' not in k:
        m = exp['mask']
        return (m & (m + 1)) == 0 and k.get('min-value-u') == 0 and \
            k.get('max-value-u') == m and exp['type'] == k['type']
    if 'mask' in k and 'mask' not in exp:
        m = k['mask']
        return (m & (m + 1)) == 0 and exp.get('min-value-u') == 0 and \
            exp.get('max-value-u') == m and exp['type'] == k['type']
    if 'mask' in exp:
        return exp['mask'] == k['mask'] and exp['type'] == k['type']
    return exp == k


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--ksrc', help='linux 6.12 source tree (tools/net/ynl)')
    args = ap.parse_args()

    tap = Tap()
    ksrc = args.ksrc or linux_source_dir()
    ynl_dir = ksrc and os.path.join(ksrc, 'tools/net/ynl')
    if not ynl_dir or not os.path.isdir(os.path.join(ynl_dir, 'lib')):
        tap.result(False, 'kernel YNL library', f'tools/net/ynl not found under {ksrc!r}')
        return tap.done()
    sys.path.insert(0, ynl_dir)
    from lib import YnlFamily, SpecFamily    # pylint: disable=import-outside-toplevel
    schema = os.path.join(ksrc, 'Documentation/netlink/genetlink-legacy.yaml')
    spec = SpecFamily(SPEC, schema)
    nl = YnlFamily(os.path.join(ksrc, 'Documentation/netlink/specs/nlctrl.yaml'), schema)

    for op_name, op in spec.ops.items():
        if 'do' not in op.yaml:
            continue
        try:
            msgs = nl.dump('getpolicy', {'family-name': spec.name, 'op': op.req_value})
        except Exception as e:      # pylint: disable=broad-except
            tap.result(False, f'{op_name}: policy dump', f'{type(e).__name__}: {e}')
            continue
        op_pol, pols = {}, {}
        for m in msgs:
            if 'op-policy' in m:
                op_pol[m['op-policy']['op-id']] = m['op-policy']
            if 'policy' in m:
                p = m['policy']
                pols.setdefault(p['policy-id'], {})[p['attr-id']] = p
        req = op.yaml['do'].get('request', {}).get('attributes', [])
        root = op_pol.get(op.req_value, {}).get('do')
        if root is None:
            tap.result(not req, f'{op_name}: no policy, request takes no attributes',
                       f'the kernel has no policy but the spec lists {req}' if req else None)
            continue

        # Walk the kernel's tables from the op's, naming each by its set.
        todo = [(root, op.attr_set.name, set(req))]
        seen = set()
        while todo:
            idx, set_name, allowed = todo.pop(0)
            if idx in seen:
                continue
            seen.add(idx)
            aset = spec.attr_sets[set_name]
            table = pols.get(idx, {})
            diag = []
            by_val = {a.value: a for a in aset.attrs.values()}
            for aid, kattr in sorted(table.items()):
                attr = by_val.get(aid)
                if attr is None:
                    diag.append(f'attribute {aid}: in the kernel policy, not in the spec')
                    continue
                if allowed is not None and attr.name not in allowed:
                    diag.append(f'{attr.name}: the kernel accepts it, the spec request does not list it')
                    continue
                exp, k = spec_expectation(spec, attr), kernel_facts(kattr)
                if not same(exp, k):
                    diag.append(f'{attr.name}: spec {exp}')
                    diag.append(f'{" " * len(attr.name)}  kernel {k}')
                if attr['type'] == 'nest' and 'policy-idx' in kattr:
                    nested = attr['nested-attributes']
                    todo.append((kattr['policy-idx'], nested,
                                 NESTED_REQUEST.get((op_name, nested))))
            for a in aset.attrs.values():
                if a['type'] in ('unused', 'pad') or a.value in table:
                    continue
                if allowed is None or a.name in allowed:
                    diag.append(f'{a.name}: in the spec request, the kernel rejects it')
            tap.result(not diag, f'{op_name}: kernel policy of set {set_name} matches the spec',
                       '\n'.join(diag))
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
