#!/usr/bin/env python3
"""EASE closed form (Steck 2019) in NumPy float64, for the Swift tests and conformance runs.

    P = inv(XᵀX + λI);  B = I − P · diagMat(1 / diag(P));  diag(B) = 0;  scores = X · B

Without arguments: writes the tiny fixture Tests/RecommenderKitTests/Fixtures/ease-reference.json
(the matrix, λ and every user's scores). With --pairs USERS.npy ITEMS.npy --shape FILE
--lambda L --users N --out FILE: scores of the first N users of those training pairs (raw
little-endian float32, users × items), for comparing recbook's EASE on a real-sized set.
"""
import argparse
import json
import os

import numpy as np


def ease_scores(x, lam):
    gram = x.T @ x + lam * np.eye(x.shape[1])
    p = np.linalg.inv(gram)
    b = -p / np.diag(p)[None, :]
    np.fill_diagonal(b, 0.0)
    return x @ b


def tiny_fixture(path):
    # 5 users × 4 items, every item seen at least once; λ small enough to matter.
    pairs = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 0), (2, 2), (2, 3), (3, 3), (4, 0), (4, 1), (4, 3)]
    x = np.zeros((5, 4))
    for u, i in pairs:
        x[u, i] = 1.0
    lam = 2.0
    scores = ease_scores(x, lam)
    with open(path, "w") as f:
        json.dump({"users": 5, "items": 4, "pairs": pairs, "lambda": lam, "scores": scores.tolist()}, f, indent=1)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", nargs=2)
    parser.add_argument("--shape")
    parser.add_argument("--lambda", dest="lam", type=float, default=500.0)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.pairs is None:
        here = os.path.dirname(os.path.abspath(__file__))
        tiny_fixture(os.path.join(here, "..", "..", "Tests", "RecommenderKitTests", "Fixtures", "ease-reference.json"))
        return
    users = np.load(args.pairs[0])
    items = np.load(args.pairs[1])
    with open(args.shape) as f:
        n_users, n_items = (int(v) for v in f.read().split())
    x = np.zeros((n_users, n_items))
    x[users, items] = 1.0
    gram = x.T @ x + args.lam * np.eye(n_items)
    p = np.linalg.inv(gram)
    b = -p / np.diag(p)[None, :]
    np.fill_diagonal(b, 0.0)
    np.ascontiguousarray(x[: args.users] @ b, dtype="<f4").tofile(args.out)


if __name__ == "__main__":
    main()
