#!/usr/bin/env python3
"""Reference timings for recbook-bench, measured on the same data as recbook.

- implicit's CPU BPR (implicit.cpu.bpr.BayesianPersonalizedRanking, factors=64) per epoch,
  with 1 and 2 threads. ML-500 is read from the ECIR training file; the synthetic sizes from
  the training pairs `recbook-bench core --export-pairs DIR` wrote (<size>-users.npy,
  <size>-items.npy, <size>.shape), so both tools train on exactly the same pairs.
- numpy's `P @ Q.T` for the same shapes (d = 64, float32) with 1 and 2 BLAS threads
  (threadpoolctl). As in recbook-bench, the product is computed whole when the score matrix
  fits in 256 MiB, otherwise in 1,024-user tiles into one reused buffer.

Prints one JSON object on stdout; progress on stderr.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

WHOLE_LIMIT_BYTES = 256 << 20
TILE_ROWS = 1024


def log(message):
    print(message, file=sys.stderr, flush=True)


def ecir_csr(path):
    """users × items CSR of an ECIR training file (every row a positive)."""
    users, items = {}, {}
    rows, cols = [], []
    with open(path) as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            rows.append(users.setdefault(parts[0], len(users)))
            cols.append(items.setdefault(parts[1].strip(), len(items)))
    data = np.ones(len(rows), dtype=np.float32)
    m = sp.csr_matrix((data, (rows, cols)), shape=(len(users), len(items)))
    m.sum_duplicates()
    m.data[:] = 1
    return m


def exported_csr(folder, size):
    users = np.load(os.path.join(folder, f"{size}-users.npy"))
    items = np.load(os.path.join(folder, f"{size}-items.npy"))
    with open(os.path.join(folder, f"{size}.shape")) as f:
        n_users, n_items = (int(x) for x in f.read().split())
    data = np.ones(len(users), dtype=np.float32)
    return sp.csr_matrix((data, (users, items)), shape=(n_users, n_items))


def time_implicit(matrix, epochs, threads):
    from implicit.cpu.bpr import BayesianPersonalizedRanking

    marks = []
    model = BayesianPersonalizedRanking(
        factors=64, learning_rate=0.05, regularization=0.0, iterations=epochs, num_threads=threads, random_state=1)
    start = time.perf_counter()
    model.fit(matrix, show_progress=False, callback=lambda *args: marks.append(time.perf_counter()))
    end = time.perf_counter()
    if len(marks) != epochs:
        # No per-epoch callback: fall back to the whole fit divided by the epochs.
        return [(end - start) / epochs] * epochs, "whole fit / epochs"
    edges = [start] + marks
    return [b - a for a, b in zip(edges, edges[1:])], "per-epoch callback"


def time_matmul(n_users, n_items, threads, repeats):
    rng = np.random.default_rng(1)
    p = rng.standard_normal((n_users, 64), dtype=np.float32) * 0.1
    q = rng.standard_normal((n_items, 64), dtype=np.float32) * 0.1
    tiled = n_users * n_items * 4 > WHOLE_LIMIT_BYTES
    rows = TILE_ROWS if tiled else n_users
    out = np.empty((rows, n_items), dtype=np.float32)
    qt = q.T
    times = []
    with threadpool_limits(limits=threads, user_api="blas"):
        np.matmul(p[:rows], qt, out=out)  # untimed warm-up: page in the buffer, start BLAS threads
        for _ in range(repeats):
            start = time.perf_counter()
            for s in range(0, n_users, rows):
                e = min(s + rows, n_users)
                np.matmul(p[s:e], qt, out=out[: e - s])
            times.append(time.perf_counter() - start)
    return times, tiled


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="ml-500,ml-1m,ml-20m")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--large-epochs", type=int, default=3, help="epochs and repeats on ml-20m")
    parser.add_argument("--ecir", default="../shared/data/movielens-500", help="ECIR folder used for ml-500 when present")
    parser.add_argument("--pairs", required=True, help="folder of pairs exported by recbook-bench core --export-pairs")
    args = parser.parse_args()

    import implicit
    result = {"implicit_version": implicit.__version__, "numpy_version": np.__version__, "sizes": {}}
    for size in args.sizes.split(","):
        epochs = args.large_epochs if size == "ml-20m" else args.epochs
        ecir_train = os.path.join(args.ecir, "trainingset.tsv")
        if size == "ml-500" and os.path.exists(ecir_train):
            matrix, origin = ecir_csr(ecir_train), f"ECIR file {ecir_train}"
        elif os.path.exists(os.path.join(args.pairs, f"{size}-users.npy")):
            matrix, origin = exported_csr(args.pairs, size), "pairs exported by recbook-bench"
        else:
            log(f"{size}: no data (neither {ecir_train} nor exported pairs): skipped")
            continue
        entry = {"origin": origin, "users": matrix.shape[0], "items": matrix.shape[1], "pairs": int(matrix.nnz),
                 "epochs": epochs, "implicit": {}, "matmul": {}}
        for t in (int(x) for x in args.threads.split(",")):
            times, how = time_implicit(matrix, epochs, t)
            entry["implicit"][str(t)] = {"epoch_seconds": times, "timing": how}
            log(f"{size}: implicit BPR, {t} thread(s): median epoch {sorted(times)[len(times) // 2] * 1e3:.1f} ms ({how})")
            mm, tiled = time_matmul(matrix.shape[0], matrix.shape[1], t, epochs)
            entry["matmul"][str(t)] = {"seconds": mm, "tiled": tiled}
            log(f"{size}: numpy P @ Q.T, {t} thread(s): median {sorted(mm)[len(mm) // 2] * 1e3:.1f} ms")
        result["sizes"][size] = entry
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
