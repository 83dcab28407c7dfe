#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the syzkaller description tests/syzkaller/sockctl.txt still
describes the interface of uapi/linux/sockctl.h.

From the header: the enums with their values (computed as the compiler
would, via tests/ynl/check_uapi.py's parser) and, from the kernel-doc of
each attribute, its type ("u8, 0-15", "binary, 6 bytes", "nest, &enum X",
"u32 (reply)"...).  From the description: the sendmsg$ calls, the attribute
unions, the flag lists, the "# reply-only:" lines.  Checks:

  - the family name, and one sendmsg$ per command of enum sockctl_cmd;
  - every SOCKCTL_* name the description uses exists in the header, and a
    "define" it makes has the header's value;
  - every attribute of every attribute enum is described in a request
    union or declared reply-only (not both, and not an attribute the header
    documents as reply-only);
  - each described attribute has the header's type, range and length, and
    a nest the union of its enum's attributes;
  - a value enum a request attribute takes (&enum sockctl_inject...) is a
    flag list of the same name with exactly the enum's values.

Runs on the host; prints TAP.

  tests/syzkaller/check_sync.py [--header FILE] [--txt FILE]
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(TOP, 'tests', 'ynl'))
from common import Tap  # noqa: E402
from check_uapi import parse_header, read_header, c_int  # noqa: E402

HEADER = os.path.join(TOP, 'uapi', 'linux', 'sockctl.h')
TXT = os.path.join(HERE, 'sockctl.txt')

INT_BITS = {'int8': 8, 'int16': 16, 'int32': 32, 'int64': 64}
NLA_OF_INT = {'int8': 'u8', 'int16': 'u16', 'int32': 'u32', 'int64': 'u64'}
# syzkaller types from sys/linux whose payload we know.
KNOWN_TYPES = {
    'ifindex': ('u32', None),
    'ipv4_addr': ('binary', 4),
    'ipv6_addr': ('binary', 16),
    'mac_addr': ('binary', 6),
}


# --- the header --------------------------------------------------------------

class Attr:
    """What the kernel-doc of one enumerator says."""

    def __init__(self, name, doc):
        self.name, self.doc = name, doc
        self.kind = None        # u8 u16 u32 u64 flag string binary nest
        self.reply = False      # documented as sent by the kernel only
        self.range = None       # (lo, hi) as text
        self.exact_len = None
        self.max_len = None
        self.enum = None        # &enum NAME
        m = re.match(r'(?:(reply(?: of [^:]*)?|notification [^:]*):\s*)?'
                     r'(u8|u16|u32|u64|flag|string|binary|nest)\b(.*)', doc, re.S)
        if not m:
            return
        self.reply = bool(m.group(1))
        self.kind = m.group(2)
        rest = m.group(3)
        if re.match(r'\s*\((reply|SOCKCTL_CMD_\w+)\)', rest):
            self.reply = True
        r = re.match(r',\s*(-?\w+)-(\w+)\s*[:;(]', rest)
        if r:
            self.range = (r.group(1), r.group(2))
        r = re.match(r',\s*(\d+) bytes', rest)
        if r:
            self.exact_len = int(r.group(1))
        r = re.match(r',\s*at most (\d+) bytes', rest)
        if r:
            self.max_len = int(r.group(1))
        r = re.search(r'&enum (\w+)', rest.split(':')[0] + rest.split(';')[0])
        if r:
            self.enum = r.group(1)


def kernel_doc(text):
    """NAME -> Attr for every "@NAME: ..." of the header's kernel-doc."""
    docs = {}
    for block in re.findall(r'/\*\*(.*?)\*/', text, flags=re.S):
        lines = [re.sub(r'^\s*\*\s?', '', ln) for ln in block.splitlines()]
        cur = None
        for ln in lines:
            m = re.match(r'@(\w+):\s*(.*)', ln)
            if m:
                cur = [m.group(1), m.group(2)]
                docs[cur[0]] = cur
            elif cur is not None and ln.strip():
                cur[1] += ' ' + ln.strip()
            else:
                cur = None
    return {name: Attr(name, ' '.join(doc.split())) for name, doc in docs.values()}


# --- the description ---------------------------------------------------------

def split_args(s):
    """Split "a, b[c, d], e" at top-level commas."""
    out, depth, cur = [], 0, ''
    for ch in s:
        if ch in '[(':
            depth += 1
        elif ch in '])':
            depth -= 1
        if ch == ',' and depth == 0:
            out.append(cur.strip())
            cur = ''
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def parse_type(t):
    """'nlattr[X, int8[0:15]]' -> ('nlattr', ['X', 'int8[0:15]'])."""
    m = re.match(r'(\w+)\s*(?:\[(.*)\])?$', t.strip(), re.S)
    if not m:
        return t.strip(), []
    return m.group(1), split_args(m.group(2)) if m.group(2) is not None else []


class Txt:
    def __init__(self, text):
        self.reply_only = []
        for m in re.finditer(r'^#\s*reply-only:(.*)$', text, flags=re.M):
            self.reply_only += m.group(1).split()
        body = re.sub(r'#[^\n]*', '', text)
        self.family = None
        m = re.search(r'^syz_genetlink_get_family_id\$\w+\(name ptr\[in, string\["([^"]*)"\]\]',
                      body, flags=re.M)
        if m:
            self.family = m.group(1)
        # sendmsg$NAME(..., msg ptr[in, msghdr_sockctl[CMD, POLICY]], ...)
        self.calls = []
        for m in re.finditer(r'^sendmsg\$(\w+)\((.*)\)\s*$', body, flags=re.M):
            c = re.search(r'msghdr_sockctl\[(\w+),\s*(\w+)\]', m.group(2))
            self.calls.append((m.group(1), c.group(1) if c else None,
                               c.group(2) if c else None))
        # unions and structs: NAME [ ... ] / NAME { ... }
        self.unions, self.structs = {}, {}
        for m in re.finditer(r'^(\w+)\s*([\[{])\s*\n(.*?)^([\]}])', body,
                             flags=re.M | re.S):
            fields = []
            for ln in m.group(3).splitlines():
                ln = ln.strip()
                if ln:
                    f = ln.split(None, 1)
                    fields.append((f[0], f[1].strip() if len(f) > 1 else ''))
            (self.unions if m.group(2) == '[' else self.structs)[m.group(1)] = fields
        # type NAME nlattr[...] / nlnest[...]: a policy of one attribute.
        self.aliases = {}
        for m in re.finditer(r'^type\s+(\w+)\s+((?:nlattr|nlnest)\[.*\])\s*$', body,
                             flags=re.M):
            self.aliases[m.group(1)] = m.group(2)
        self.flags = {}
        for m in re.finditer(r'^(\w+)\s*=\s*(.+)$', body, flags=re.M):
            self.flags[m.group(1)] = [v.strip() for v in m.group(2).split(',')]
        self.defines = dict(re.findall(r'^define\s+(\w+)\s+(.+?)\s*$', body, flags=re.M))
        self.names = set(re.findall(r'\bSOCKCTL_\w+', body))


def int_value(tok, values):
    try:
        return c_int(tok, values)
    except (ValueError, SyntaxError):
        return None


def payload_of(t, txt):
    """(kind, exact_len, (lo, hi) length range, (lo, hi) value range, flags)
    of an nlattr payload type of the description."""
    base, args = parse_type(t)
    if base == 'void':
        return 'flag', None, None, None, None
    if base in INT_BITS:
        rng = tuple(args[0].split(':', 1)) if args and ':' in args[0] else None
        return NLA_OF_INT[base], None, None, rng, None
    if base == 'const' and len(args) == 2:
        return NLA_OF_INT.get(parse_type(args[1])[0]), None, None, (args[0], args[0]), None
    if base == 'flags' and len(args) == 2:
        return NLA_OF_INT.get(parse_type(args[1])[0]), None, None, None, args[0]
    if base == 'string':
        return 'string', None, None, None, None
    if base in KNOWN_TYPES:
        kind, n = KNOWN_TYPES[base]
        return kind, n, None, None, None
    if base in ('array', 'stringnoz'):
        elem = parse_type(args[0])[0] if args else 'int8'
        if len(args) == 2:
            if ':' in args[1]:
                lo, hi = args[1].split(':', 1)
                return 'binary', None, (lo, hi) if elem == 'int8' else None, None, None
            return 'binary', args[1] if elem == 'int8' else None, None, None, None
        return 'binary', None, None, None, None
    if base in txt.unions or base in txt.structs:
        return 'binary', None, None, None, None     # opaque bytes of our own layout
    return None, None, None, None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--header', default=HEADER)
    ap.add_argument('--txt', default=TXT)
    args = ap.parse_args()
    tap = Tap()

    try:
        htext = read_header(args.header)
        groups, values = parse_header(htext)
        docs = kernel_doc(htext)
        with open(args.txt) as f:
            txt = Txt(f.read())
    except (OSError, ValueError, SyntaxError) as e:
        tap.result(False, 'the header and the description parse', str(e))
        return tap.done()
    enums = {label[len('enum '):]: names for label, names in groups if label.startswith('enum ')}
    tap.result(True, f'the header parses ({len(enums)} enums, {len(docs)} documented '
               f'names) and the description too ({len(txt.calls)} calls, '
               f'{len(txt.unions)} unions, {len(txt.aliases)} attribute types, '
               f'{len(txt.flags)} flag lists)')

    def public(names):
        return [n for n in names if not n.startswith('__') and not n.endswith('_MAX')]

    # 1. family and commands
    ok = txt.family == values.get('SOCKCTL_FAMILY_NAME')
    tap.result(ok, 'syz_genetlink_get_family_id$ resolves SOCKCTL_FAMILY_NAME',
               None if ok else f'description: {txt.family!r}, '
               f'header: {values.get("SOCKCTL_FAMILY_NAME")!r}')
    cmds = [n for n in public(enums.get('sockctl_cmd', [])) if n != 'SOCKCTL_CMD_UNSPEC']
    described = {c for _, c, _ in txt.calls if c}
    bad = [f'{c} = {values[c]}: no sendmsg$ call' for c in cmds if c not in described]
    bad += [f'sendmsg${name}: command {c} is not in enum sockctl_cmd'
            for name, c, _ in txt.calls if c not in cmds]
    bad += [f'sendmsg${name} sends {c}' for name, c, _ in txt.calls
            if c and name != c]
    bad += [f'sendmsg${name}: no msghdr_sockctl[CMD, POLICY]' for name, c, _ in txt.calls if not c]
    bad += [f'sendmsg${name}: policy {pol} is not defined here' for name, c, pol in txt.calls
            if c and pol != 'void' and pol not in txt.unions and pol not in txt.aliases]
    tap.result(not bad, f'one sendmsg$ per command ({len(cmds)} commands)', '\n'.join(bad))

    # 2. names and defines
    bad = sorted(f'{n}: not in the header' for n in txt.names if n not in values)
    tap.result(not bad, f'every SOCKCTL_* name of the description is in the header '
               f'({len(txt.names)} names)', '\n'.join(bad))
    bad = []
    for name, val in txt.defines.items():
        v = int_value(val, values)
        if name in values and v != values[name]:
            bad.append(f'define {name} {val}: the header says {values[name]}')
    tap.result(not bad, f'the description\'s defines match ({len(txt.defines)})', '\n'.join(bad))

    # 3. completeness: every attribute described or reply-only
    policy_unions = {}          # union -> {attr: type}
    for uname, fields in txt.unions.items():
        attrs = {}
        for field, t in fields:
            base, targs = parse_type(t)
            if base in ('nlattr', 'nlnest') and targs:
                attrs[targs[0]] = (field, base, targs[1] if len(targs) > 1 else '')
        if attrs:
            policy_unions[uname] = attrs
    for aname, t in txt.aliases.items():
        base, targs = parse_type(t)
        if targs:
            policy_unions[aname] = {targs[0]: (targs[0], base,
                                               targs[1] if len(targs) > 1 else '')}
    described_attrs = {}
    for uname, attrs in policy_unions.items():
        for a, spec in attrs.items():
            described_attrs.setdefault(a, []).append((uname, spec))
    attr_enums = {e: public(names) for e, names in enums.items() if e.endswith('_attr')}
    owner = {n: e for e, names in attr_enums.items() for n in names}
    for e, names in sorted(attr_enums.items()):
        bad = []
        for n in names:
            if n.endswith('_UNSPEC') or n.endswith('_PAD'):
                continue
            doc = docs.get(n)
            if n in described_attrs and n in txt.reply_only:
                bad.append(f'{n}: both described and declared reply-only')
            elif n in described_attrs and doc and doc.reply:
                bad.append(f'{n}: described as a request attribute, the header '
                           f'documents it as reply-only ("{doc.doc[:60]}...")')
            elif n not in described_attrs and n not in txt.reply_only:
                bad.append(f'{n} = {values[n]}: not described, not declared reply-only')
        tap.result(not bad, f'enum {e}: every attribute described or reply-only '
                   f'({len(names)} names)', '\n'.join(bad))
    bad = [f'reply-only {n}: not an attribute of the header' for n in txt.reply_only
           if n not in owner]
    tap.result(not bad, f'"reply-only:" names are attributes ({len(txt.reply_only)})',
               '\n'.join(bad))

    # 4. each union holds one enum's attributes, each field named after its
    # attribute
    bad = []
    for uname, attrs in policy_unions.items():
        owners = {owner.get(a) for a in attrs}
        if None in owners:
            bad.append(f'{uname}: ' + ', '.join(a for a in attrs if a not in owner) +
                       ': not attributes of the header')
        elif len(owners) > 1:
            bad.append(f'{uname}: attributes of several enums: {sorted(owners)}')
        for a, (field, _, _) in attrs.items():
            if field != a:
                bad.append(f'{uname}.{field}: carries {a}')
    tap.result(not bad, f'each attribute union holds one enum\'s attributes '
               f'({len(policy_unions)} unions)', '\n'.join(bad))

    # 5. types, ranges, lengths, nests
    bad = []
    n_checked = 0
    for a, where in sorted(described_attrs.items()):
        doc = docs.get(a)
        if not doc or not doc.kind:
            bad.append(f'{a}: the header documents no type for it')
            continue
        for uname, (field, base, payload) in where:
            n_checked += 1
            at = f'{uname}.{field}'
            if doc.kind == 'nest':
                if base != 'nlnest':
                    bad.append(f'{at}: a nest in the header, {base} here')
                    continue
                pb, pargs = parse_type(payload)
                inner = parse_type(pargs[0])[0] if pb == 'array' and pargs else pb
                inner_attrs = policy_unions.get(inner)
                if inner_attrs is None:
                    bad.append(f'{at}: nests {payload}, not an attribute union')
                    continue
                want = doc.enum
                got = {owner.get(x) for x in inner_attrs}
                if want and got != {want}:
                    bad.append(f'{at}: nests attributes of {sorted(map(str, got))}, '
                               f'the header says &enum {want}')
                continue
            if base != 'nlattr':
                bad.append(f'{at}: {doc.kind} in the header, {base} here')
                continue
            kind, exact, lens, rng, flagset = payload_of(payload, txt)
            if kind != doc.kind:
                bad.append(f'{at}: {doc.kind} in the header, {payload} ({kind}) here')
                continue
            if doc.exact_len is not None and int_value(str(exact), values) != doc.exact_len:
                bad.append(f'{at}: {doc.exact_len} bytes in the header, {payload} here')
            if doc.max_len is not None:
                hi = int_value(lens[1], values) if lens else None
                if hi is None or hi > doc.max_len:
                    bad.append(f'{at}: at most {doc.max_len} bytes in the header, '
                               f'{payload} here')
            if doc.range:
                lo, hi = (int_value(x, values) for x in doc.range)
                if flagset:
                    vals = [int_value(v, values) for v in txt.flags.get(flagset, [])]
                    if any(v is None or not lo <= v <= hi for v in vals):
                        bad.append(f'{at}: flags {flagset} outside {lo}-{hi}')
                elif not rng or (int_value(rng[0], values), int_value(rng[1], values)) != (lo, hi):
                    bad.append(f'{at}: {"-".join(doc.range)} in the header, {payload} here')
            if rng and kind in ('u8', 'u16', 'u32', 'u64'):
                bits = {'u8': 8, 'u16': 16, 'u32': 32, 'u64': 64}[kind]
                lo, hi = (int_value(x, values) for x in rng)
                if lo is None or hi is None or not 0 <= lo <= hi < 1 << bits:
                    bad.append(f'{at}: range {rng[0]}:{rng[1]} is not a {kind} range')
    tap.result(not bad, f'types, ranges, lengths and nests as the header documents '
               f'({n_checked} attributes)', '\n'.join(bad))

    # 6. value enums a request attribute takes
    bad = []
    value_enums = set()
    for a in described_attrs:
        doc = docs.get(a)
        if doc and doc.enum and doc.kind != 'nest':
            value_enums.add((doc.enum, a))
    for e, a in sorted(value_enums):
        want = public(enums.get(e, []))
        got = txt.flags.get(e)
        if got is None:
            bad.append(f'{a} takes &enum {e}: no flag list "{e}" here')
            continue
        uses = [p for _, (_, _, p) in described_attrs[a]]
        if not all(re.search(rf'flags\[{e}\b', p) for p in uses):
            bad.append(f'{a}: not typed flags[{e}, ...]')
        if sorted(got) != sorted(want):
            bad.append(f'flags {e} = {", ".join(got)}; enum {e} is {", ".join(want)}')
    tap.result(not bad, f'value enums complete ({len(value_enums)}: '
               f'{", ".join(sorted({e for e, _ in value_enums}))})', '\n'.join(bad))
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
