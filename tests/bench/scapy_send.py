#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The Scapy figure of the benchmark: send(), as a course script would.

  scapy_send.py --src A --dst B --mac M --sizes 64,1500 -n N -r REPS

For each size (the IPv4 datagram is SIZE - 14 bytes, so SIZE is the
Ethernet frame, as for the other tools), REPS repetitions of
send(pkt, count=N): Scapy's own loop, one socket for all N packets, which
is faster than calling send() once per packet.  Repetitions are 0.3 s
apart so that bench_meter, which measures at the sink, tells them apart;
importing Scapy (20 s and more under TCG) happens before and is not
counted.  The packet is the other tools' one: UDP 9 -> 9, IPv4 ID 1,
zero payload.

Scapy does its own routing and its own ARP: the destination's MAC is put
in Scapy's ARP cache (the kernel's permanent neighbour entry, which Scapy
does not read), otherwise every packet would wait for an ARP reply that a
dummy device never gives.
"""
import argparse
import sys
import time

from scapy.all import IP, UDP, Raw, conf, send


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--mac", required=True)
    ap.add_argument("--sizes", default="64,1500")
    ap.add_argument("-n", type=int, required=True)
    ap.add_argument("-r", type=int, default=5)
    a = ap.parse_args()

    conf.netcache.arp_cache[a.dst] = a.mac
    first = True
    for size in (int(s) for s in a.sizes.split(",")):
        payload = size - 14 - 20 - 8
        pkt = IP(src=a.src, dst=a.dst, id=1) / UDP(sport=9, dport=9) / Raw(b"\0" * payload)
        for _ in range(a.r):
            if not first:
                time.sleep(0.3)
            first = False
            t = time.monotonic()
            send(pkt, count=a.n, verbose=False)
            print(f"scapy size={size} n={a.n} seconds={time.monotonic() - t:.3f}",
                  file=sys.stderr)


if __name__ == "__main__":
    main()
