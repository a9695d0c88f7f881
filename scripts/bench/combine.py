#!/usr/bin/env python3
"""Combines recbook-bench core's JSON with the references measured in the same run into one
Markdown table of ratios and targets. Standard library only."""
import argparse
import json
import os
import re
import statistics

GIB = 1 << 30


def median(values):
    return statistics.median(values) if values else float("nan")


def dur(seconds):
    if seconds != seconds:
        return "–"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms" if seconds < 0.1 else f"{seconds * 1e3:.0f} ms"
    return f"{seconds:.2f} s"


def verdict(ok):
    return "met" if ok else "**not met**"


def read_sgd_limit(path):
    """{kernel: ns/sample} from sgd_limit's output."""
    kernels = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"^(\S+)\s+([0-9.]+) ns/sample", line)
            if m:
                kernels[m.group(1)] = float(m.group(2))
    return kernels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--core", required=True)
    parser.add_argument("--sgd-limit", nargs="*", default=[], help="SIZE=FILE pairs")
    parser.add_argument("--implicit")
    parser.add_argument("--skipped", action="append", default=[])
    args = parser.parse_args()

    core = json.load(open(args.core))
    sgd = {}
    for pair in args.sgd_limit:
        size, path = pair.split("=", 1)
        if os.path.exists(path):
            sgd[size] = read_sgd_limit(path)
    implicit = json.load(open(args.implicit))["sizes"] if args.implicit and os.path.exists(args.implicit) else {}

    rows = []
    quality_notes = []
    for r in core:
        size = r["size"]
        bpr_epoch = median(r["bprAdagradEpoch"]["values"])
        bpr_ns = bpr_epoch / max(r["bprAdagradPairs"], 1) * 1e9
        if size in sgd and "minibatch512" in sgd[size]:
            ref = sgd[size]["minibatch512"]
            ratio = bpr_ns / ref
            rows.append([size, "BPR Adagrad mini-batch, ns/pair", f"{bpr_ns:.1f}", f"sgd_limit minibatch512 {ref:.1f}",
                         f"{ratio:.2f}×", "≤ 1.5×", verdict(ratio <= 1.5)])
        else:
            rows.append([size, "BPR Adagrad mini-batch, ns/pair", f"{bpr_ns:.1f}", "sgd_limit skipped", "–", "≤ 1.5×", "–"])
        sgd_epoch = median(r["sgdPerSampleEpoch"]["values"])
        blocks = r.get("sgdBlocks", 0)
        blocked = {str(pt["threads"]): median(pt["sgdBlockedEpoch"]["values"]) for pt in r["perThreads"] if "sgdBlockedEpoch" in pt}
        for t in ("1", "2"):
            imp = implicit.get(size, {}).get("implicit", {}).get(t)
            if imp:
                ref = median(imp["epoch_seconds"])
                ratio = sgd_epoch / ref
                rows.append([size, f"sgdPerSample epoch vs implicit, {t} thread(s) (recbook: 1, one order)", dur(sgd_epoch),
                             f"implicit {dur(ref)}", f"{ratio:.2f}×", "< 1×", verdict(ratio < 1)])
                if t in blocked:
                    ratio = blocked[t] / ref
                    rows.append([size, f"sgdPerSample epoch vs implicit, {t} thread(s) (recbook: {t}, {blocks}×{blocks} blocks)",
                                 dur(blocked[t]), f"implicit {dur(ref)}", f"{ratio:.2f}×", "< 1×", verdict(ratio < 1)])
        if r.get("sgdPerSampleQuality") and r.get("sgdBlockedQuality"):
            one, grid = r["sgdPerSampleQuality"], r["sgdBlockedQuality"]
            quality_notes.append(f"{size}: after {r['epochs']} epochs, one order HR@100 {one['hr100']:.4f} AUC {one['auc']:.4f}; "
                                 f"{blocks}×{blocks} blocks HR@100 {grid['hr100']:.4f} AUC {grid['auc']:.4f}")
        apr_epoch = median(r["aprPerBatchEpoch"]["values"])
        ratio = apr_epoch / bpr_epoch
        rows.append([size, "APR per-batch epoch / BPR epoch", dur(apr_epoch), f"BPR {dur(bpr_epoch)}",
                     f"{ratio:.2f}×", "≤ 3×", verdict(ratio <= 3)])
        for pt in r["perThreads"]:
            t = str(pt["threads"])
            ev, prod = median(pt["evaluation"]["values"]), median(pt["product"]["values"])
            mm = implicit.get(size, {}).get("matmul", {}).get(t)
            numpy_text = f"; numpy {dur(median(mm['seconds']))}" if mm else ""
            ratio = ev / prod
            rows.append([size, f"evaluation @100 / OpenBLAS P·Qᵀ, {t} thread(s)", dur(ev),
                         f"cblas_sgemm {dur(prod)}{numpy_text}", f"{ratio:.2f}×", "≤ 2×", verdict(ratio <= 2)])
        if size == "ml-20m":
            peak = r["peakResidentBytes"]
            rows.append([size, "peak memory (ru_maxrss of the size's process)", f"{peak / GIB:.2f} GiB",
                         f"incl. {r['referenceBufferBytes'] / (1 << 20):.0f} MiB reference buffer", "–", "< 2 GiB",
                         verdict(peak < 2 * GIB)])

    header = ["size", "measure", "recbook", "reference (same run)", "ratio", "target", "status"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] * 2 + ["---:"] * 3 + ["---"] * 2) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if quality_notes:
        print()
        print("Per-sample SGD, what the models learnt (test set, seed 1):")
        for note in quality_notes:
            print(f"- {note}")
    if args.skipped:
        print()
        for s in args.skipped:
            print(f"- skipped: {s}")


if __name__ == "__main__":
    main()
