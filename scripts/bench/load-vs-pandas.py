#!/usr/bin/env python3
"""Times loading an ECIR folder with recbook against pandas' C parser reading the same
training file alone, in one session, taking turns (docs/performance.md).

    scripts/bench/load-vs-pandas.py [--runs N] [--threads T] RECBOOK_BINARY FOLDER

recbook runs a one-statement notebook (`data = load "FOLDER"`) end to end: process start,
checking, reading and hashing both files (SHA-256 for the manifest), building the dataset and
writing the reports. pandas runs `read_csv(FOLDER/trainingset.tsv, sep="\\t", header=None,
engine="c")` in a fresh interpreter, timed around that call only (no interpreter start-up or
import). Prints medians and the ratio, and each side's median peak resident memory.
"""
import os, resource, statistics, subprocess, sys, tempfile, time

PANDAS = r'''
import sys, time
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1], sep="\t", header=None, engine="c")
print(time.perf_counter() - start, len(frame))
'''


def peak_kib(usage):
    return usage.ru_maxrss  # KiB on Linux


def run(command):
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    out = process.stdout.read().decode()
    err = process.stderr.read().decode()
    if status != 0:
        sys.exit(f"{command[0]} failed: {err}")
    return elapsed, peak_kib(usage), out


def main():
    args = sys.argv[1:]
    runs, threads = 5, 2
    while args and args[0].startswith("--"):
        if args[0] == "--runs": runs = int(args[1])
        elif args[0] == "--threads": threads = int(args[1])
        args = args[2:]
    binary, folder = args
    folder = os.path.abspath(folder)
    train = os.path.join(folder, "trainingset.tsv")
    with tempfile.TemporaryDirectory() as work:
        notebook = os.path.join(work, "load.md")
        with open(notebook, "w") as f:
            f.write(f'---\ntitle: load\n---\n\n```recbook\ndata = load "{folder}"\n```\n')
        recbook_times, recbook_peaks, pandas_times, pandas_peaks = [], [], [], []
        for r in range(runs):
            t, peak, _ = run([binary, "run", notebook, "-o", os.path.join(work, f"out{r}"), "--quiet", "--threads", str(threads)])
            recbook_times.append(t); recbook_peaks.append(peak)
            _, peak, out = run([sys.executable, "-c", PANDAS, train])
            pandas_times.append(float(out.split()[0])); pandas_peaks.append(peak)
    rt, pt = statistics.median(recbook_times), statistics.median(pandas_times)
    print(f"{os.path.basename(folder)}: {os.path.getsize(train) / 1e6:.0f} MB training file, {runs} runs each, recbook at {threads} threads")
    print(f"  recbook load (whole command, hashing included): median {rt:.2f} s, peak {statistics.median(recbook_peaks) / 1024:.0f} MiB")
    print(f"  pandas read_csv (the call alone):               median {pt:.2f} s, peak {statistics.median(pandas_peaks) / 1024:.0f} MiB")
    print(f"  ratio recbook / pandas: {rt / pt:.2f}")


if __name__ == "__main__":
    main()
