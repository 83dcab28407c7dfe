#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""SOCKCTL_CMD_BUILD versus Scapy, byte for byte.

Runs as root where sockctl.ko is loaded (the lab or test VM).  For each
description of the table below it asks the module for a dry run through the
kernel's own YNL library (tools/net/ynl/lib of the linux-source-6.12 tree,
with uapi/sockctl.yaml), builds the same packet with Scapy and compares the
bytes, and the layer offsets the reply gives.  Every field the kernel would
randomise or resolve (IPv4 identification, addresses, MACs) is set, so the
packets are deterministic.  Prints TAP, one test per description, with a
hex diff on mismatch.

  tests/ynl/scapy_crosscheck.py [--ksrc DIR] [-v] [NAME_SUBSTRING...]

L2 descriptions need a device: the script adds a dummy one (a veth pair
if dummy is missing, else lo) and removes it at exit.
"""
import argparse
import logging
import os
import subprocess
import sys
import traceback
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import TOP, hexdiff, linux_source_dir  # noqa: E402

SPEC = os.path.join(TOP, 'uapi', 'sockctl.yaml')
DEV = 'scx0'

logging.getLogger('scapy.runtime').setLevel(logging.ERROR)
from scapy.all import (ARP, Dot1AD, Dot1Q, Ether, ICMP, ICMPv6DestUnreach,  # noqa: E402
                       ICMPv6EchoRequest, IP, IPOption, IPv6, IPv6ExtHdrDestOpt,
                       IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting,
                       PadN, Raw, RouterAlert, TCP, UDP, fragment, raw)

S4, D4 = '192.0.2.1', '198.51.100.2'
S6, D6 = '2001:db8::1', '2001:db8::2'
M1, M2 = '02:00:00:00:00:01', '02:00:00:00:00:02'
BCAST = 'ff:ff:ff:ff:ff:ff'


def a4(s):
    return bytes(int(x) for x in s.split('.'))


def a6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed


def mac(s):
    return bytes.fromhex(s.replace(':', ''))


def ip4(id_, **kw):
    """The ipv4 nest: S4 -> D4 with identification id_, plus kw."""
    return dict(saddr=a4(S4), daddr=a4(D4), id=id_, **kw)


def ip6(**kw):
    return dict(saddr=a6(S6), daddr=a6(D6), **kw)


def eth(dst=M2, **kw):
    return dict(dst=mac(dst), src=mac(M1), **kw)


UDP_QUOTE = raw(IP(id=0x4242, src=D4, dst=S4) / UDP(sport=5678, dport=1234) / Raw(b'hello'))
UDP6_QUOTE = raw(IPv6(src=D6, dst=S6) / UDP(sport=5678, dport=1234) / Raw(b'hello'))
PADN4 = bytes([1, 4, 0, 0, 0, 0])           # PadN, 4 bytes of padding
FRAG_UDP = IP(id=0x101, src=S4, dst=D4) / UDP(sport=1, dport=2) / Raw(bytes(range(40)))

# (name, inject, attributes, Scapy packet or list of packets)
# inject 'l3': IP datagram; 'l2': Ethernet frame, on the script's device.
CASES = [
    # --- IPv4 -------------------------------------------------------------
    ('ipv4 RFC 1071 example header (b861)', 'l3',
     dict(ipv4=dict(saddr=a4('192.168.0.1'), daddr=a4('192.168.0.199'), id=0, flags=2,
                    protocol=17), payload=bytes(95)),
     IP(id=0, flags='DF', proto=17, src='192.168.0.1', dst='192.168.0.199') / Raw(bytes(95))),
    # Scapy's IP() says protocol 0 when nothing follows; ours says 255.
    ('ipv4 defaults', 'l3', dict(ipv4=ip4(0x1234)),
     IP(id=0x1234, proto=255, src=S4, dst=D4)),
    ('ipv4 every field, DSCP/ECN, evil+DF, offset, bad checksum', 'l3',
     dict(ipv4=ip4(0xbeef, version=4, ihl=5, dscp=46, ecn=1, flags=6, **{'frag-off': 100},
                   ttl=1, protocol=17, checksum=0xdead), payload=b'abc'),
     IP(tos=0xb9, id=0xbeef, flags='DF+evil', frag=100, ttl=1, proto=17, chksum=0xdead,
        src=S4, dst=D4) / Raw(b'abc')),
    ('ipv4 evil bit alone (RFC 3514), ICMP', 'l3',
     dict(ipv4=ip4(7, flags=4), icmp={}),
     IP(id=7, flags='evil', src=S4, dst=D4) / ICMP()),
    ('ipv4 MF and fragment offset 185', 'l3',
     dict(ipv4=ip4(9, flags=1, **{'frag-off': 185}, protocol=17), payload=b'12345678'),
     IP(id=9, flags='MF', frag=185, proto=17, src=S4, dst=D4) / Raw(b'12345678')),
    ('ipv4 checksum set to 0 explicitly, TOS octet', 'l3',
     dict(ipv4=ip4(10, tos=0xff, checksum=0), udp={}, payload=b'z'),
     IP(id=10, tos=0xff, chksum=0, src=S4, dst=D4) / UDP() / Raw(b'z')),
    # The module refuses an IHL past the datagram's end at L3: lie at L2.
    ('ipv4 version 5, IHL 15, total length 1000 (L2)', 'l2',
     dict(eth=eth(), ipv4=ip4(1, version=5, ihl=15, **{'tot-len': 1000})),
     Ether(dst=M2, src=M1) / IP(version=5, ihl=15, len=1000, id=1, proto=255, src=S4, dst=D4)),
    ('ipv4 IHL 2 (short), checksum over the real header', 'l3',
     dict(ipv4=ip4(2, ihl=2)),
     IP(ihl=2, id=2, proto=255, src=S4, dst=D4)),
    ('ipv4 options: Record Route, 7 bytes padded to 8', 'l3',
     dict(ipv4=ip4(1, options=b'\x07\x07\x04' + bytes(4))),
     IP(id=1, proto=255, src=S4, dst=D4, options=IPOption(b'\x07\x07\x04' + bytes(5)))),
    ('ipv4 options: Router Alert + NOP, padded to 8, UDP', 'l3',
     dict(ipv4=ip4(2, options=b'\x94\x04\x00\x00\x01'), udp=dict(sport=9, dport=9),
          payload=b'ra'),
     IP(id=2, src=S4, dst=D4, options=IPOption(b'\x94\x04\x00\x00\x01\x00\x00\x00')) /
     UDP(sport=9, dport=9) / Raw(b'ra')),
    ('ipv4 options: 40 bytes, IHL 15', 'l3',
     dict(ipv4=ip4(3, options=b'\x07\x27\x04' + bytes(37))),
     IP(id=3, proto=255, src=S4, dst=D4, options=IPOption(b'\x07\x27\x04' + bytes(37)))),
    # --- UDP --------------------------------------------------------------
    ('udp defaults (ports 53)', 'l3', dict(ipv4=ip4(1), udp={}, payload=b'x'),
     IP(id=1, src=S4, dst=D4) / UDP() / Raw(b'x')),
    ('udp odd payload length', 'l3',
     dict(ipv4=ip4(1), udp=dict(sport=1234, dport=5678), payload=b'hello'),
     IP(id=1, src=S4, dst=D4) / UDP(sport=1234, dport=5678) / Raw(b'hello')),
    ('udp checksum computing to 0 is sent as ffff', 'l3',
     dict(ipv4=ip4(1), udp=dict(sport=1234, dport=5678), payload=b'\xf8\xa2'),
     IP(id=1, src=S4, dst=D4) / UDP(sport=1234, dport=5678) / Raw(b'\xf8\xa2')),
    ('udp checksum 0 given: kept (no checksum)', 'l3',
     dict(ipv4=ip4(1), udp=dict(sport=1234, dport=5678, checksum=0), payload=b'hello'),
     IP(id=1, src=S4, dst=D4) / UDP(sport=1234, dport=5678, chksum=0) / Raw(b'hello')),
    ('udp length that lies', 'l3',
     dict(ipv4=ip4(1), udp=dict(sport=7, dport=9, len=100), payload=b'hello'),
     IP(id=1, src=S4, dst=D4) / UDP(sport=7, dport=9, len=100) / Raw(b'hello')),
    # --- TCP --------------------------------------------------------------
    ('tcp defaults (20 -> 80, SYN, window 8192)', 'l3', dict(ipv4=ip4(1), tcp={}),
     IP(id=1, src=S4, dst=D4) / TCP()),
    ('tcp named options MSS, SACK-perm, TS, WS (Linux SYN layout)', 'l3',
     dict(ipv4=ip4(1), tcp={'mss': 1460, 'sack-perm': True, 'ts-val': 0x01020304,
                            'ts-ecr': 0x0a0b0c0d, 'wscale': 7}),
     IP(id=1, src=S4, dst=D4) / TCP(options=[('MSS', 1460), ('SAckOK', b''),
                                            ('Timestamp', (0x01020304, 0x0a0b0c0d)),
                                            ('NOP', None), ('WScale', 7)])),
    ('tcp MSS only', 'l3', dict(ipv4=ip4(1), tcp=dict(mss=536)),
     IP(id=1, src=S4, dst=D4) / TCP(options=[('MSS', 536)])),
    ('tcp timestamps only (NOP NOP TS, TSecr 0)', 'l3',
     dict(ipv4=ip4(1), tcp={'ts-val': 5}),
     IP(id=1, src=S4, dst=D4) / TCP(options=[('NOP', None), ('NOP', None),
                                            ('Timestamp', (5, 0))])),
    ('tcp SACK-perm and window scale', 'l3',
     dict(ipv4=ip4(1), tcp={'sack-perm': True, 'wscale': 14}),
     IP(id=1, src=S4, dst=D4) / TCP(options=[('NOP', None), ('NOP', None), ('SAckOK', b''),
                                            ('NOP', None), ('WScale', 14)])),
    ('tcp raw options: NOP NOP SACK block, ACK', 'l3',
     dict(ipv4=ip4(1), tcp=dict(flags=0x10, options=b'\x01\x01\x05\x0a' +
                                bytes.fromhex('000003e8000007d0'))),
     IP(id=1, src=S4, dst=D4) / TCP(flags='A', options=[('NOP', None), ('NOP', None),
                                                       ('SAck', (1000, 2000))])),
    ('tcp named then raw options, zero padding', 'l3',
     dict(ipv4=ip4(1), tcp=dict(mss=536, options=b'\x22\x02')),
     IP(id=1, src=S4, dst=D4) / TCP(options=[('MSS', 536), (34, b'')])),
    # Scapy's reserved is 3 bits and the 4th is its flag 0x100.
    ('tcp every field, data offset 15 without options', 'l3',
     dict(ipv4=ip4(1), tcp={'sport': 1, 'dport': 2, 'seq': 0xdeadbeef, 'ack-seq': 0x01020304,
                            'doff': 15, 'reserved': 15, 'flags': 0xff, 'window': 0,
                            'urg-ptr': 0xffff}, payload=b'GET /'),
     IP(id=1, src=S4, dst=D4) / TCP(sport=1, dport=2, seq=0xdeadbeef, ack=0x01020304,
                                    dataofs=15, reserved=7, flags=0x1ff, window=0,
                                    urgptr=0xffff) / Raw(b'GET /')),
    ('tcp PSH+ACK, checksum given', 'l3',
     dict(ipv4=ip4(1), tcp=dict(flags=0x18, checksum=0xdead), payload=b'data'),
     IP(id=1, src=S4, dst=D4) / TCP(flags='PA', chksum=0xdead) / Raw(b'data')),
    # --- ICMP -------------------------------------------------------------
    ('icmp echo request defaults', 'l3', dict(ipv4=ip4(1), icmp={}),
     IP(id=1, src=S4, dst=D4) / ICMP()),
    ('icmp echo id/seq, odd payload', 'l3',
     dict(ipv4=ip4(1), icmp=dict(id=0x1234, seq=7), payload=b'ping!'),
     IP(id=1, src=S4, dst=D4) / ICMP(id=0x1234, seq=7) / Raw(b'ping!')),
    ('icmp port unreachable: quote, then payload', 'l3',
     dict(ipv4=ip4(1), icmp=dict(type=3, code=3, quote=UDP_QUOTE[:28]),
          payload=UDP_QUOTE[28:]),
     IP(id=1, src=S4, dst=D4) / ICMP(type=3, code=3) / Raw(UDP_QUOTE)),
    ('icmp time exceeded, quote only', 'l3',
     dict(ipv4=ip4(1), icmp=dict(type=11, code=0, quote=UDP_QUOTE[:28])),
     IP(id=1, src=S4, dst=D4) / ICMP(type=11, code=0) / Raw(UDP_QUOTE[:28])),
    ('icmp frag needed: rest of header = MTU 1400, checksum given', 'l3',
     dict(ipv4=ip4(1), icmp=dict(type=3, code=4, rest=1400, checksum=0xbeef)),
     IP(id=1, src=S4, dst=D4) / ICMP(type=3, code=4, nexthopmtu=1400, chksum=0xbeef)),
    # --- IPv6 -------------------------------------------------------------
    ('ipv6 traffic class, flow label, hop limit, UDP', 'l3',
     dict(ipv6=ip6(tclass=0xb8, flowlabel=0x12345, hoplimit=255),
          udp=dict(sport=1000, dport=2000), payload=b'hello'),
     IPv6(tc=0xb8, fl=0x12345, hlim=255, src=S6, dst=D6) / UDP(sport=1000, dport=2000) /
     Raw(b'hello')),
    ('ipv6 no next header (59)', 'l3', dict(ipv6=ip6(), payload=b'abc'),
     IPv6(src=S6, dst=D6) / Raw(b'abc')),
    ('ipv6 extension headers HBH, routing, fragment, dstopts, UDP', 'l3',
     dict(ipv6=ip6(exthdr=[dict(type=0, data=PADN4),
                           dict(type=43, data=bytes(6) + a6('2001:db8::99')),
                           dict(type=44, data=bytes.fromhex('0000deadbeef')),
                           dict(type=60, data=PADN4)]),
          udp=dict(sport=1, dport=2), payload=b'x'),
     IPv6(src=S6, dst=D6) / IPv6ExtHdrHopByHop(options=[PadN(optdata=bytes(4))]) /
     IPv6ExtHdrRouting(addresses=['2001:db8::99'], segleft=0) /
     IPv6ExtHdrFragment(id=0xdeadbeef) / IPv6ExtHdrDestOpt(options=[PadN(optdata=bytes(4))]) /
     UDP(sport=1, dport=2) / Raw(b'x')),
    ('ipv6 hop-by-hop router alert, TCP', 'l3',
     dict(ipv6=ip6(exthdr=[dict(type=0, data=bytes([5, 2, 0, 0, 1, 0]))]), tcp={}),
     IPv6(src=S6, dst=D6) / IPv6ExtHdrHopByHop(options=[RouterAlert(value=0),
                                                        PadN(optdata=b'')]) / TCP()),
    ('icmpv6 echo request defaults', 'l3', dict(ipv6=ip6(), icmpv6={}),
     IPv6(src=S6, dst=D6) / ICMPv6EchoRequest()),
    ('icmpv6 echo id/seq, payload', 'l3',
     dict(ipv6=ip6(), icmpv6=dict(id=0x1234, seq=1), payload=b'ping'),
     IPv6(src=S6, dst=D6) / ICMPv6EchoRequest(id=0x1234, seq=1, data=b'ping')),
    ('icmpv6 port unreachable with quote', 'l3',
     dict(ipv6=ip6(), icmpv6=dict(type=1, code=4, quote=UDP6_QUOTE)),
     IPv6(src=S6, dst=D6) / ICMPv6DestUnreach(code=4) / Raw(UDP6_QUOTE)),
    # --- Ethernet, VLAN, ARP (L2) -------------------------------------------
    ('eth + ipv4 + udp, EtherType from the layer', 'l2',
     dict(eth=eth(), ipv4=ip4(1), udp={}, payload=b'e'),
     Ether(dst=M2, src=M1) / IP(id=1, src=S4, dst=D4) / UDP() / Raw(b'e')),
    ('eth 802.1Q tag PCP 5 DEI 1 VID 100', 'l2',
     dict(eth=eth(vlan=[dict(pcp=5, dei=1, vid=100)]), ipv4=ip4(1), udp={}, payload=b'v'),
     Ether(dst=M2, src=M1) / Dot1Q(prio=5, id=1, vlan=100) / IP(id=1, src=S4, dst=D4) /
     UDP() / Raw(b'v')),
    ('eth QinQ: 802.1ad outer, 802.1Q inner', 'l2',
     dict(eth=eth(vlan=[dict(pcp=3, vid=10), dict(vid=20)]), ipv4=ip4(1), icmp={}),
     Ether(dst=M2, src=M1) / Dot1AD(prio=3, vlan=10) / Dot1Q(vlan=20) /
     IP(id=1, src=S4, dst=D4) / ICMP()),
    ('eth TPID and EtherType set by hand', 'l2',
     dict(eth=eth(proto=0x88b5, vlan=[dict(tpid=0x9100, vid=7)]), ipv4=ip4(1)),
     Ether(dst=M2, src=M1, type=0x9100) / Dot1Q(vlan=7, type=0x88b5) /
     IP(id=1, proto=255, src=S4, dst=D4)),
    ('eth + ipv6 + icmpv6', 'l2', dict(eth=eth(), ipv6=ip6(), icmpv6={}),
     Ether(dst=M2, src=M1) / IPv6(src=S6, dst=D6) / ICMPv6EchoRequest()),
    ('arp request, defaults', 'l2',
     dict(eth=eth(BCAST), arp=dict(sha=mac(M1), spa=a4(S4), tpa=a4(D4))),
     Ether(dst=BCAST, src=M1) / ARP(hwsrc=M1, psrc=S4, pdst=D4)),
    ('arp reply, every field', 'l2',
     dict(eth=eth(), arp=dict(htype=6, ptype=0x0800, hlen=6, plen=4, op=2, sha=mac(M1),
                              spa=a4(S4), tha=mac(M2), tpa=a4(D4))),
     # Scapy reads hwsrc/hwdst as MACs only for hwtype 1: give bytes.
     Ether(dst=M2, src=M1) / ARP(hwtype=6, ptype=0x0800, hwlen=6, plen=4, op=2,
                                 hwsrc=mac(M1), psrc=S4, hwdst=mac(M2), pdst=D4)),
    # --- fragmentation ----------------------------------------------------
    ('ipv4 fragments of 16 bytes (frag-size 20 rounds down)', 'l3',
     {'ipv4': ip4(0x101),
      'udp': dict(sport=1, dport=2), 'payload': bytes(range(40)), 'frag-size': 20},
     fragment(FRAG_UDP, 16)),
]


def layer_offsets(pkt):
    """(l3, l4) offsets of a Scapy packet, as the BUILD reply gives them."""
    total = len(raw(pkt))
    l3 = l4 = None
    for cls in (IP, IPv6, ARP):
        if pkt.haslayer(cls):
            l3 = total - len(raw(pkt[cls]))
            break
    for cls in (TCP, UDP, ICMP, ICMPv6EchoRequest, ICMPv6DestUnreach):
        if pkt.haslayer(cls):
            l4 = total - len(raw(pkt[cls]))
            break
    return l3, l4


def sh(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=False).returncode == 0


def make_device():
    """An Ethernet-like device for L2 builds: (ifindex, cleanup)."""
    for add in (['ip', 'link', 'add', DEV, 'type', 'dummy'],
                ['ip', 'link', 'add', DEV, 'type', 'veth', 'peer', 'name', DEV + 'p']):
        if sh(*add):
            sh('ip', 'link', 'set', DEV, 'up')
            with open(f'/sys/class/net/{DEV}/ifindex') as f:
                return int(f.read()), lambda: sh('ip', 'link', 'del', DEV)
    return 1, lambda: None          # lo: L2 builds only need a device


class Tap:
    def __init__(self):
        self.n = self.failed = 0
        print('TAP version 13')

    def result(self, ok, name, diag=None):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} {name}")
        for line in (diag or '').splitlines():
            print('# ' + line)


def run_case(ynl, ifindex, inject, attrs, want, verbose):
    """Return (ok, diagnostics)."""
    from lib import NlError      # pylint: disable=import-outside-toplevel
    req = dict(attrs, inject=inject)
    if inject == 'l2':
        req['ifindex'] = ifindex
    try:
        reply = ynl.do('build', req)
    except NlError as e:
        return False, f'request refused: {e}'
    frames = (reply or {}).get('frame', [])
    wants = want if isinstance(want, list) else [want]
    diag = []
    ok = len(frames) == len(wants)
    if not ok:
        diag.append(f'{len(frames)} frames, Scapy has {len(wants)}')
    for i, (w, f) in enumerate(zip(wants, frames)):
        wb, fb = raw(w), f.get('data', b'')
        if wb != fb:
            ok = False
            diag.append(f'frame {i}: bytes differ ({len(fb)} from the kernel, {len(wb)} Scapy)')
            diag.append(hexdiff(wb, fb))
        elif verbose:
            diag.append(f'frame {i}: {fb.hex()}')
        l3, l4 = layer_offsets(w)
        if len(wants) > 1:      # fragments: Scapy's carry Raw data
            l4 = (wb[0] & 0xf) * 4 if i == 0 else None
        if l3 is not None and f.get('l3-offset') != l3:
            ok = False
            diag.append(f"frame {i}: l3-offset {f.get('l3-offset')}, expected {l3}")
        if f.get('l4-offset') != l4:
            ok = False
            diag.append(f"frame {i}: l4-offset {f.get('l4-offset')}, expected {l4}")
        if len(wants) == 1 and 'payload' in attrs:
            p = len(wb) - len(attrs['payload'])
            if f.get('payload-offset') != p:
                ok = False
                diag.append(f"frame {i}: payload-offset {f.get('payload-offset')}, expected {p}")
    return ok, '\n'.join(diag)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--ksrc', help='linux 6.12 source tree (tools/net/ynl)')
    ap.add_argument('-v', '--verbose', action='store_true', help='print every frame')
    ap.add_argument('only', nargs='*', help='run the cases whose name contains one of these')
    args = ap.parse_args()

    tap = Tap()
    ksrc = args.ksrc or linux_source_dir()
    ynl_dir = ksrc and os.path.join(ksrc, 'tools/net/ynl')
    if not ynl_dir or not os.path.isdir(os.path.join(ynl_dir, 'lib')):
        tap.result(False, 'kernel YNL library', f'tools/net/ynl not found under {ksrc!r}')
        print(f'1..{tap.n}')
        return 1
    sys.path.insert(0, ynl_dir)
    from lib import YnlFamily    # pylint: disable=import-outside-toplevel
    try:
        ynl = YnlFamily(SPEC, os.path.join(ksrc, 'Documentation/netlink/genetlink-legacy.yaml'))
    except Exception as e:       # pylint: disable=broad-except
        tap.result(False, 'YnlFamily(uapi/sockctl.yaml): family sockctl registered',
                   f'{type(e).__name__}: {e}')
        print(f'1..{tap.n}')
        return 1

    cases = [c for c in CASES if not args.only or any(s in c[0] for s in args.only)]
    ifindex, cleanup = make_device()
    try:
        for name, inject, attrs, want in cases:
            try:
                ok, diag = run_case(ynl, ifindex, inject, attrs, want, args.verbose)
            except Exception:    # pylint: disable=broad-except
                ok, diag = False, traceback.format_exc()
            tap.result(ok, f'{inject} {name}', diag)
    finally:
        cleanup()
    print(f'1..{tap.n}')
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
