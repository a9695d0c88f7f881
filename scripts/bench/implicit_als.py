#!/usr/bin/env python3
"""Reference for recbook-bench baselines: implicit's CPU ALS (conjugate gradient) on the same data.

recbook-bench writes each size's training pairs into DIR (<size>-users.npy, <size>-items.npy,
<size>.shape, as `recbook-bench core --export-pairs` does). This script then

- times implicit.cpu.als.AlternatingLeastSquares iterations (factors 64, CG, cg_steps 3) with
  each thread count, per iteration through fit's callback (one warm-up iteration dropped);
- for the conformance sizes, trains with every seed for the full iterations and writes the
  factors as raw little-endian float32 (<size>-seed<S>-users.f32, -items.f32) so that recbook
  evaluates them with its own protocol.

recbook's confidence is c = 1 + alpha for a training pair; implicit uses the stored value as the
confidence (and 1 for absent pairs), so the matrix holds 1 + alpha and implicit's own alpha is 1.

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


def log(message):
    print(message, file=sys.stderr, flush=True)


def confidence_matrix(folder, size, alpha):
    users = np.load(os.path.join(folder, f"{size}-users.npy"))
    items = np.load(os.path.join(folder, f"{size}-items.npy"))
    with open(os.path.join(folder, f"{size}.shape")) as f:
        n_users, n_items = (int(x) for x in f.read().split())
    data = np.full(len(users), 1.0 + alpha, dtype=np.float32)
    return sp.csr_matrix((data, (users, items)), shape=(n_users, n_items))


def make_model(args, iterations, threads, seed):
    from implicit.cpu.als import AlternatingLeastSquares

    model = AlternatingLeastSquares(
        factors=args.factors, regularization=args.reg, alpha=1.0, iterations=iterations,
        calculate_training_loss=False, num_threads=threads, random_state=seed, use_cg=True)
    model.cg_steps = args.cg_steps
    return model


def time_iterations(matrix, args, threads):
    seconds = []
    model = make_model(args, args.iterations + 1, threads, seed=1)
    model.fit(matrix, show_progress=False, callback=lambda it, elapsed, loss: seconds.append(elapsed))
    return seconds[1:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--sizes", default="ml-1m,ml-20m")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--iterations", type=int, default=5, help="timed iterations per thread count")
    parser.add_argument("--conformance-sizes", default="ml-500,ml-1m")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--conformance-iterations", type=int, default=15)
    parser.add_argument("--conformance-threads", type=int, default=2)
    parser.add_argument("--factors", type=int, default=64)
    parser.add_argument("--reg", type=float, default=0.01)
    parser.add_argument("--alpha", type=float, default=1.0)
    parser.add_argument("--cg-steps", type=int, default=3)
    args = parser.parse_args()
    import implicit

    result = {"implicit": implicit.__version__, "timing": {}, "factors": {}}
    with threadpool_limits(1):  # implicit parallelises itself; BLAS stays on one thread
        for size in [s for s in args.sizes.split(",") if s]:
            matrix = confidence_matrix(args.folder, size, args.alpha)
            result["timing"][size] = {}
            for threads in (int(t) for t in args.threads.split(",")):
                seconds = time_iterations(matrix, args, threads)
                log(f"implicit ALS {size}, {threads} thread(s): " + ", ".join(f"{s:.3f}s" for s in seconds))
                result["timing"][size][str(threads)] = seconds
        for size in [s for s in args.conformance_sizes.split(",") if s]:
            matrix = confidence_matrix(args.folder, size, args.alpha)
            result["factors"][size] = {}
            for seed in (int(s) for s in args.seeds.split(",")):
                model = make_model(args, args.conformance_iterations, args.conformance_threads, seed)
                start = time.perf_counter()
                model.fit(matrix, show_progress=False)
                log(f"implicit ALS {size}, seed {seed}: {time.perf_counter() - start:.2f}s")
                paths = []
                for side, factors in (("users", model.user_factors), ("items", model.item_factors)):
                    path = os.path.join(args.folder, f"{size}-seed{seed}-{side}.f32")
                    np.ascontiguousarray(factors, dtype="<f4").tofile(path)
                    paths.append(path)
                result["factors"][size][str(seed)] = paths
    print(json.dumps(result))


if __name__ == "__main__":
    main()
