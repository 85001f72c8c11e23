#!/usr/bin/env python3
"""Turns the output of bench/kernel-figures.sh into the Markdown tables of bench/RESULTS.md.

    bench/figures-table.py bench/results/<run>.txt

Fpx lines:  format=F rows=R cols=C threads=N batch=B us=X GBps=Y bw_fraction=Z
ggml lines: type=T rows=R cols=C batch=B threads=N us=X [buf=CPU_REPACK]
"""
import re
import sys
from collections import OrderedDict

GGML_FOR = {"f16": "f16", "fp8": "q8_0", "mxfp4": "mxfp4"}


def parse(path):
    fpx, ggml, bandwidth = [], {}, {}
    for line in open(path):
        fields = dict(re.findall(r"(\w+)=(\S+)", line))
        if line.startswith("threads=") and "GBps" in fields:
            bandwidth[int(fields["threads"])] = float(fields["GBps"])
        elif line.startswith("format="):
            fpx.append(fields)
        elif line.startswith("type="):
            key = (fields["type"] + ("+repack" if "buf" in fields else ""), int(fields["rows"]), int(fields["cols"]), int(fields["threads"]))
            ggml[key] = float(fields["us"])
    return fpx, ggml, bandwidth


def main(path):
    fpx, ggml, bandwidth = parse(path)
    print("| threads | read bandwidth GB/s |\n|---|---|")
    for t, g in sorted(bandwidth.items()):
        print(f"| {t} | {g:.2f} |")
    print()
    print("| format | rows x cols | threads | us | GB/s | bw fraction | GFLOP/s | ggml us (type) | ggml repacked us |")
    print("|---|---|---|---|---|---|---|---|---|")
    seen = OrderedDict()
    for f in fpx:
        key = (f["format"], int(f["rows"]), int(f["cols"]), int(f["threads"]))
        seen[key] = f  # a later line for the same case wins
    for (fmt, rows, cols, t), f in seen.items():
        us = float(f["us"])
        gflops = 2.0 * rows * cols / (us * 1e-6) / 1e9
        g = GGML_FOR.get(fmt)
        gus = ggml.get((g, rows, cols, t)) if g else None
        grep = ggml.get((g + "+repack", rows, cols, t)) if g else None
        gtxt = f"{gus:.1f} ({g})" if gus else "-"
        rtxt = f"{grep:.1f}" if grep else "-"
        print(f"| {fmt} | {rows}x{cols} | {t} | {us:.1f} | {float(f['GBps']):.2f} | {float(f['bw_fraction']):.3f} | {gflops:.1f} | {gtxt} | {rtxt} |")


if __name__ == "__main__":
    main(sys.argv[1])
