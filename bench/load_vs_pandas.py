#!/usr/bin/env python3
"""Native load: `crimelab load` (1 thread and all threads) vs pandas.read_csv, same file, same run.

Prints the best of 3 runs of each and the ratio. Peak memory is the process's max RSS.
usage: python bench/load_vs_pandas.py FILE   (run by bench/load.sh, which sets up pandas)
"""
import json
import os
import resource
import subprocess
import sys
import time

file = sys.argv[1]
size = os.path.getsize(file)
exe = os.path.join(os.path.dirname(__file__), "..", "target", "release", "crimelab")


def crimelab(threads):
    best = None
    for _ in range(3):
        t = time.perf_counter()
        out = subprocess.run(
            ["/usr/bin/time", "-f", "%M", exe, "load", file, "--json", "--threads", str(threads)],
            check=True, capture_output=True, text=True)
        wall = time.perf_counter() - t
        card = json.loads(out.stdout)
        rss_mb = int(out.stderr.strip().splitlines()[-1]) / 1024
        run = (card["parse_ms"] / 1e3, wall, rss_mb, card["rows"])
        best = run if best is None or run[0] < best[0] else best
    return best


def pandas_run():
    code = ("import pandas as pd, time, resource, sys\n"
            "t = time.perf_counter(); df = pd.read_csv(sys.argv[1], low_memory=False)\n"
            "print(time.perf_counter() - t, len(df), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    best = None
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code, file], check=True, capture_output=True, text=True)
        secs, rows, rss = out.stdout.split()
        run = (float(secs), int(rows), float(rss))
        best = run if best is None or run[0] < best[0] else best
    return best


c1 = crimelab(1)
cn = crimelab(os.cpu_count() or 2)
pd_secs, pd_rows, pd_rss = pandas_run()
mb = size / 1e6
print(f"file: {file} ({mb:.1f} MB, {c1[3]:,} rows), {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
print(f"{'':28} {'seconds':>8} {'MB/s':>8} {'peak RSS':>9} {'vs pandas':>10}")
for name, secs, rss in [("crimelab load, 1 thread", c1[0], c1[2]),
                        (f"crimelab load, {os.cpu_count()} threads", cn[0], cn[2]),
                        ("pandas.read_csv", pd_secs, pd_rss)]:
    print(f"{name:28} {secs:8.2f} {mb / secs:8.0f} {rss:7.0f}MB {pd_secs / secs:9.1f}×")
