#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Render the benchmark's results: the tables (RESULTS.md) and a plot (PNG).

  render.py --md RESULTS.md RESULTS-FILE...

Each RESULTS-FILE is what tests/bench/guest.sh left in the VM, plus the
host's "meta" lines that bench.sh appends (tests/bench/results-<kernel>.txt
in the repository): lines of a section word and key=value pairs.  Each file
becomes one section of the Markdown file, with its plot next to it
(results-<kernel>.png, beside the Markdown file).  Every figure is the
median of the repetitions; ratios are between medians of the same run.
The tables are also printed on stdout.
"""
import argparse
import os
import statistics
import sys

TOOLS = [
    # name, label, what it does
    ("sockctl-batch-l2", "sockctl batched, L2",
     "`sockctl send dev dummy0 count N`: one request, the module's job builds "
     "and sends N frames (dev_queue_xmit)"),
    ("sockctl-batch-l3", "sockctl batched, L3",
     "`sockctl send route count N`: one request, N datagrams through routing "
     "and netfilter"),
    ("sockctl-req-l2", "sockctl per request, L2",
     "one SEND request per packet (count 1) from a C loop, waiting for each "
     "reply (`bench_sockctl_loop -d`)"),
    ("sockctl-req-l3", "sockctl per request, L3",
     "the same at L3 (`bench_sockctl_loop`)"),
    ("sockctl-req-l3-pipelined", "sockctl per request, L3, 64 per send()",
     "informational: 64 one-packet requests per send(2), replies read before "
     "the next 64 (the per-request cost without the system calls)"),
    ("pktgen-queue_xmit", "pktgen queue_xmit",
     "Debian's pktgen, `xmit_mode queue_xmit`, `clone_skb 0` (a new skb per "
     "packet)"),
    ("pktgen-start_xmit", "pktgen start_xmit",
     "pktgen, `xmit_mode start_xmit` (the driver's ndo_start_xmit directly, "
     "no qdisc/taps), `clone_skb 0`"),
    ("raw-sendto", "raw socket sendto",
     "C loop of sendto(2) on socket(AF_INET, SOCK_RAW, IPPROTO_RAW), "
     "IP_HDRINCL"),
    ("raw-sendmmsg", "raw socket sendmmsg",
     "the same socket, sendmmsg(2) of 64 datagrams per call"),
    ("packet-sendto", "AF_PACKET sendto",
     "C loop of sendto(2) on socket(AF_PACKET, SOCK_RAW, 0) bound to dummy0"),
    ("packet-sendmmsg", "AF_PACKET sendmmsg",
     "the same socket, sendmmsg(2) of 64 frames per call"),
    ("trafgen", "trafgen",
     "netsniff-ng's trafgen, one process (`-P 1`), TX_RING, qdisc bypass "
     "(its default)"),
    ("hping3", "hping3 --flood", "`hping3 --flood --udp` (a raw socket)"),
    ("scapy", "Scapy send()",
     "`send(pkt, count=N)` of Scapy (its own loop, one socket); fewer packets"),
]
LABEL = {t[0]: t[1] for t in TOOLS}
PKTGEN = "pktgen-queue_xmit"
RAW = "raw-sendto"


def parse(path):
    meta, send, capture = {}, [], []
    skipped = None
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            kv = {}
            for w in words[1:]:
                k, _, v = w.partition("=")
                kv[k] = v
            if words[0] == "meta":
                k, _, v = line[5:].strip().partition("=")
                meta[k] = v
            elif words[0] == "send":
                send.append(kv)
            elif words[0] == "capture":
                if kv.get("skipped"):
                    skipped = kv.get("why", "").replace("_", " ")
                else:
                    capture.append(kv)
    return meta, send, capture, skipped


def med(xs):
    return statistics.median(xs) if xs else None


def fnum(x, digits=0):
    if x is None:
        return "–"
    if digits == 0:
        return f"{x:,.0f}".replace(",", " ")
    return f"{x:.{digits}f}"


def fratio(x):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:,.0f}×".replace(",", " ")
    return f"{x:.2f}×"


class SendStats:
    """Per (size, tool): the measured repetitions (rep 0 is calibration)."""

    def __init__(self, rows):
        self.by = {}
        self.failed = {}
        for r in rows:
            if r.get("rep") == "0":
                continue
            key = (int(r["size"]), r["tool"])
            if r.get("failed"):
                self.failed[key] = self.failed.get(key, 0) + 1
                continue
            self.by.setdefault(key, []).append(r)
        self.sizes = sorted({k[0] for k in self.by} | {k[0] for k in self.failed})
        # The rate per second of vCPU time when the host published it (see
        # vcpuclock.c), else per second of the guest's clock.
        rows_ok = [r for rs in self.by.values() for r in rs]
        self.vcpu = bool(rows_ok) and all(r.get("vcpu_pps") for r in rows_ok)
        self.metric = "vcpu_pps" if self.vcpu else "pps"

    def values(self, size, tool, field):
        return [float(r[field]) for r in self.by.get((size, tool), []) if r.get(field)]

    def pps(self, size, tool, metric=None):
        return med(self.values(size, tool, metric or self.metric))

    def ratio(self, size, tool, ref, metric=None):
        a, b = self.pps(size, tool, metric), self.pps(size, ref, metric)
        return a / b if a and b else None

    def paired_ratio(self, size, tool, ref, metric=None):
        """Median over rounds of rate(tool)/rate(ref) in the same round."""
        m = metric or self.metric
        a = {r["rep"]: float(r[m]) for r in self.by.get((size, tool), []) if r.get(m)}
        b = {r["rep"]: float(r[m]) for r in self.by.get((size, ref), []) if r.get(m)}
        rs = [a[k] / b[k] for k in a if k in b and b[k] > 0]
        return med(rs) if rs else None


def frame_label(size):
    return "64-byte frames (50-byte UDP/IPv4 datagrams)" if size == 64 else \
        f"{size + 14 if size == 1500 else size}-byte frames ({size}-byte IPv4 datagrams)" \
        if size == 1500 else f"{size}-byte frames"


def send_table(st, size):
    out = []
    if st.vcpu:
        out.append("| tool | packets per vCPU-second (median) | min – max | vCPU ns/packet | "
                   "× pktgen queue_xmit | × raw sendto | packets/s, guest clock (median) | "
                   "busy | bytes/frame | reps |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    else:
        out.append("| tool | packets/s (median) | min – max | CPU ns/packet | "
                   "× pktgen queue_xmit | × raw sendto | bytes/frame | reps |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, label, _ in TOOLS:
        key = (size, name)
        rate = st.values(size, name, st.metric)
        if not rate and key not in st.failed:
            continue
        bpp = med(st.values(size, name, "bytes_per_pkt"))
        reps = f"{len(rate)}" + (f" (+{st.failed[key]} failed)" if key in st.failed else "")
        rng = f"{fnum(min(rate))} – {fnum(max(rate))}" if rate else "–"
        ratios = (f"{fratio(st.ratio(size, name, PKTGEN))} | "
                  f"{fratio(st.ratio(size, name, RAW))}")
        if st.vcpu:
            busy = med(st.values(size, name, "busy"))
            out.append(
                f"| {label} | {fnum(med(rate))} | {rng} | "
                f"{fnum(med(st.values(size, name, 'vcpu_ns_per_pkt')))} | {ratios} | "
                f"{fnum(st.pps(size, name, 'pps'))} | "
                f"{fnum(busy * 100) + ' %' if busy is not None else '–'} | {fnum(bpp)} | {reps} |")
        else:
            out.append(
                f"| {label} | {fnum(med(rate))} | {rng} | "
                f"{fnum(med(st.values(size, name, 'cpu_ns_per_pkt')))} | {ratios} | "
                f"{fnum(bpp)} | {reps} |")
    return out


class CapStats:
    def __init__(self, rows):
        self.by = {}
        for r in rows:
            if r.get("failed"):
                continue
            self.by.setdefault((r["tool"], int(r["rate"])), []).append(r)
        self.rates = sorted({k[1] for k in self.by})

    def reps(self, tool, rate):
        return self.by.get((tool, rate), [])

    def field(self, tool, rate, f):
        return [float(r[f]) for r in self.reps(tool, rate) if r.get(f) not in (None, "")]

    def lossless(self, tool, rate):
        """Median loss 0 (and no kernel drop) over the repetitions."""
        lost = self.field(tool, rate, "lost")
        drops = self.field(tool, rate, "drops")
        return bool(lost) and med(lost) == 0 and med(drops or [0]) == 0

    def best(self, tool):
        """The highest offered rate with a lossless median: (rate, achieved)."""
        best = None
        for rate in self.rates:
            if self.lossless(tool, rate):
                best = (rate, med(self.field(tool, rate, "pps")))
        return best

    def per_msg(self, tool, rate):
        xs = [float(r["captured"]) / float(r["messages"]) for r in self.reps(tool, rate)
              if r.get("messages") not in (None, "", "0")]
        return med(xs)


def capture_table(cs):
    vcpu = any(cs.field(t, r, "vcpu_ns_per_pkt") for t in ("sockctl", "tcpdump") for r in cs.rates)
    out = ["| offered pps | tool | achieved pps (median) | lost (median, max) | "
           "lossless reps | kernel drops (median) | busy CPU | "
           + ("vCPU ns/packet, all | the tool's share | " if vcpu else "")
           + "packets/message |",
           "|---:|---|---:|---:|---:|---:|---:|" + ("---:|---:|" if vcpu else "") + "---:|"]
    for rate in cs.rates:
        base = med(cs.field("none", rate, "vcpu_ns_per_pkt"))
        for tool in ("none", "sockctl", "tcpdump"):
            reps = cs.reps(tool, rate)
            if not reps:
                continue
            lost = cs.field(tool, rate, "lost")
            ok = sum(1 for x in lost if x == 0)
            busy = med(cs.field(tool, rate, "busy"))
            v = med(cs.field(tool, rate, "vcpu_ns_per_pkt"))
            name = {"none": "(sender alone)", "sockctl": "sockctl capture",
                    "tcpdump": "tcpdump"}[tool]
            row = (f"| {fnum(rate)} | {name} | {fnum(med(cs.field(tool, rate, 'pps')))} | ")
            if tool == "none":
                row += "– | – | – | "
            else:
                row += (f"{fnum(med(lost))}, {fnum(max(lost))} | {ok}/{len(lost)} | "
                        f"{fnum(med(cs.field(tool, rate, 'drops')))} | ")
            row += f"{fnum(busy * 100) + ' %' if busy is not None else '–'} | "
            if vcpu:
                share = v - base if v is not None and base is not None and tool != "none" else None
                row += f"{fnum(v)} | {fnum(share)} | "
            row += f"{fnum(cs.per_msg(tool, rate), 1) if tool == 'sockctl' else '–'} |"
            out.append(row)
    return out


def targets(st, cs, cap_skipped):
    rows = []

    def row(what, size, tool, ref, goal):
        r = st.ratio(size, tool, ref)
        p = st.paired_ratio(size, tool, ref)
        if r is None:
            rows.append(f"| {what} | {size} | – | – | {goal}× | not measured |")
            return
        met = "**met**" if r >= goal else "**missed**"
        wall = st.ratio(size, tool, ref, "pps") if st.vcpu else None
        rows.append(f"| {what} | {size} | {fratio(r)} (per round: {fratio(p)}) | "
                    f"{fratio(wall)} | ≥ {goal}× | {met} |")

    for size in st.sizes:
        row("sockctl batched (L2) vs pktgen queue_xmit", size, "sockctl-batch-l2", PKTGEN, 0.9)
        row("sockctl batched (L3) vs raw sendto", size, "sockctl-batch-l3", RAW, 3)
        row("sockctl batched (L2) vs raw sendto", size, "sockctl-batch-l2", RAW, 3)
        row("sockctl one request per packet (L3) vs raw sendto", size, "sockctl-req-l3", RAW, 1.0)
        row("sockctl batched (L3) vs Scapy", size, "sockctl-batch-l3", "scapy", 100)
    if cap_skipped:
        rows.append(f"| capture lossless rate ≥ tcpdump's | 64 | skipped: {cap_skipped} | | | – |")
    elif cs.rates:
        bs, bt = cs.best("sockctl"), cs.best("tcpdump")

        def say(name, b):
            if not b:
                return f"{name}: none lossless"
            return f"{name} {fnum(b[0])} pps offered ({fnum(b[1])} achieved)"
        ok = bs is not None and (bt is None or bs[0] >= bt[0])
        note = ""
        if bs and bt and bs[0] == bt[0] == max(cs.rates):
            note = " (both lossless at the highest rate offered: a tie, not a ceiling)"
        rows.append(f"| capture: highest lossless rate ≥ tcpdump's | 64 | "
                    f"{say('sockctl', bs)}, {say('tcpdump', bt)}{note} | | "
                    f"≥ 1× | {'**met**' if ok else '**missed**'} |")
        if bs:
            ppm = cs.per_msg("sockctl", bs[0])
            rows.append(f"| capture: packets per netlink message at that rate | 64 | "
                        f"{fnum(ppm, 1)} at {fnum(bs[0])} pps offered | | ≥ 32 | "
                        f"{'**met**' if ppm is not None and ppm >= 32 else '**missed**'} |")
    head = ("| target | frame bytes | ratio of medians, per vCPU-second | "
            "same, guest clock | goal | |") if st.vcpu else \
        "| target | frame bytes | ratio of medians | | goal | |"
    return [head, "|---|---:|---|---:|---:|---|"] + rows


def plot(st, cs, title, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    npanels = len(st.sizes) + (1 if cs.rates else 0)
    fig, axes = plt.subplots(1, npanels, figsize=(6.2 * npanels, 6.2), squeeze=False)
    axes = axes[0]
    for ax, size in zip(axes, st.sizes):
        names = [t for t, _, _ in TOOLS if st.values(size, t, st.metric)]
        meds = [st.pps(size, t) for t in names]
        lo = [m - min(st.values(size, t, st.metric)) for m, t in zip(meds, names)]
        hi = [max(st.values(size, t, st.metric)) - m for m, t in zip(meds, names)]
        colors = ["tab:blue" if t.startswith("sockctl") else
                  "tab:orange" if t.startswith("pktgen") else "tab:gray" for t in names]
        y = range(len(names))
        ax.barh(y, meds, xerr=[lo, hi], color=colors, capsize=3)
        ax.set_yticks(list(y))
        ax.set_yticklabels([LABEL[t] for t in names], fontsize=8)
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlabel(("packets per vCPU-second" if st.vcpu else "packets per second") +
                      " (median, min–max; log scale)")
        ax.set_title(f"{frame_label(size)}", fontsize=10)
        for yi, m, h in zip(y, meds, hi):
            ax.text((m + h) * 1.12, yi, f"{m:,.0f}".replace(",", " "), va="center", fontsize=7)
        ax.set_xlim(right=max(m + h for m, h in zip(meds, hi)) * 6)
        ax.grid(axis="x", which="both", alpha=0.3)
    if cs.rates:
        ax = axes[-1]
        for tool, color in (("sockctl", "tab:blue"), ("tcpdump", "tab:gray")):
            xs, ys, bad = [], [], []
            for rate in cs.rates:
                ach = cs.field(tool, rate, "pps")
                v = med(cs.field(tool, rate, "vcpu_ns_per_pkt"))
                base = med(cs.field("none", rate, "vcpu_ns_per_pkt"))
                if not ach or v is None or base is None:
                    continue
                xs.append(rate)
                ys.append(max(v - base, 0) / 1000)
                bad.append(not cs.lossless(tool, rate))
            label = "sockctl capture" if tool == "sockctl" else "tcpdump -w /dev/null"
            ax.plot(xs, ys, "o-", color=color, label=label)
            for x, y, b in zip(xs, ys, bad):
                if b:
                    ax.plot([x], [y], "x", color="red", markersize=12)
        ax.set_xscale("log")
        ax.set_xlabel("offered rate, packets/s (64-byte frames)")
        ax.set_ylabel("the capture tool's vCPU µs per packet (median)")
        ax.set_title("capture on a veth pair: cost per packet\n(lossless unless marked with a red ×)",
                     fontsize=10)
        ax.legend()
        ax.grid(alpha=0.3)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def section(path, md_dir):
    meta, send, capture, cap_skipped = parse(path)
    st, cs = SendStats(send), CapStats(capture)
    kname = meta.get("kernel_name", meta.get("kernel", "?"))
    png = f"results-{kname}.png"
    out = [f"## Kernel {meta.get('kernel', '?')} (`{meta.get('command', 'make bench')}`)", ""]
    out.append(f"- date: {meta.get('date', '?')}; commit {meta.get('commit', '?')}; "
               f"module {meta.get('module', '?')}")
    out.append(f"- host: {meta.get('host_cpu', '?')}, {meta.get('host_cores', '?')} cores, "
               f"{meta.get('host_mem', '?')} memory, kernel {meta.get('host_kernel', '?')}; "
               f"load average {meta.get('host_load_start', '?')} at the start, "
               f"{meta.get('host_load_end', '?')} at the end")
    out.append(f"- VM: {meta.get('qemu', 'QEMU')}, TCG (no KVM), {meta.get('vcpus', '?')} vCPU "
               f"for the senders, {meta.get('capture_vcpus', '?')} for capture, "
               f"{meta.get('mem_mb', '?')} MB; guest kernel {meta.get('kernel', '?')}; "
               f"{meta.get('guest_seconds', '?')} s in the VM, "
               f"{meta.get('total_seconds', '?')} s for the whole `make bench`")
    out.append(f"- tools: {meta.get('trafgen', '?')}; {meta.get('hping3', '?')}; "
               f"{meta.get('tcpdump', '?')}; Scapy {meta.get('scapy', '?')}; pktgen "
               f"{meta.get('pktgen', '?')}")
    out.append(f"- each figure: median of {meta.get('reps', '?')} repetitions of about "
               f"{meta.get('seconds_per_rep', '?')} s, the tools taking turns (round robin)")
    out.append("")
    out.append(f"![packets per second and capture loss]({png})")
    out.append("")
    out.append("### Targets")
    out.append("")
    out += targets(st, cs, cap_skipped)
    out.append("")
    for size in st.sizes:
        out.append(f"### Sending: {frame_label(size)}")
        out.append("")
        out += send_table(st, size)
        out.append("")
    out.append("### Capture: sockctl capture vs tcpdump (64-byte frames)")
    out.append("")
    if cap_skipped:
        out.append(f"skipped: capture not available ({cap_skipped})")
    elif cs.rates:
        out += capture_table(cs)
    else:
        out.append("not measured")
    out.append("")
    title = (f"sockctl benchmark, kernel {meta.get('kernel', '?')}, QEMU TCG, "
             f"{meta.get('vcpus', '?')} vCPU (senders), {meta.get('date', '')}")
    plot(st, cs, title, os.path.join(md_dir, png))
    return out


HEADER = """# sockctl benchmark results

Written by `make bench` (tests/bench/bench.sh; how it measures and what
bounds the figures: [README.md](README.md)).  One section per kernel, from
the latest run on it (its raw data: `results-<kernel>.txt` here).

All figures come from a QEMU/TCG virtual machine: an emulated CPU, 10 to
50 times slower than the host and not uniformly so (memory zeroing and
copying with `rep stosb`/`rep movsb`, and atomics, cost relatively more
than on hardware).  The senders run with **one vCPU** (the second is
offline), so every tool has the same single CPU and the CPU time of a run
is the VM's; the capture part brings the second vCPU back, for the sender.
Only the ratios between tools of the same run mean something.

- **packets per vCPU-second**: packets counted at the sink (the dummy
  device's transmit counter), divided by the time qemu's vCPU threads
  really ran during the repetition (the host's scheduler statistics,
  published to the guest; README.md).  The host is shared with other VMs
  and builds: a rate by the guest's clock depends on how much CPU the host
  left the VM, this one does not (compare the two columns).  Ratios and
  targets use it.
- **vCPU ns/packet**: that vCPU time per packet: everything the tool made
  the VM do (its process, kernel threads, softirqs, the sink).
- **packets/s, guest clock**: the same packets over the guest's own
  clock; **busy**: the share of that time the guest was not idle.
- Repetition windows are found by sampling the sink's counter every 5 ms,
  so start-up and exit are not counted.  "per round" is the median of the
  ratios within each round of the round robin.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--md", required=True)
    ap.add_argument("results", nargs="+")
    a = ap.parse_args()
    md_dir = os.path.dirname(os.path.abspath(a.md))
    lines = [HEADER]
    for path in sorted(a.results):
        lines += section(path, md_dir)
    text = "\n".join(lines).rstrip() + "\n"
    with open(a.md, "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
