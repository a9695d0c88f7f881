"""Recompute recbook's beyond-accuracy metrics with Elliot's own metric classes.

Usage (after `recbook run scripts/reference/beyond-accuracy.md -o OUT [--set data=DATA]`):

    python3 scripts/reference/beyond_accuracy_conformance.py ELLIOT_CHECKOUT DATA OUT

ELLIOT_CHECKOUT is a checkout of github:sisinflab/elliot (its `elliot/` folder is read, not
installed: the metric modules are loaded from their files, without Elliot's package imports).
DATA is the ECIR folder the notebook ran on; OUT the run's output folder. Prints, per model and
metric, recbook's value, Elliot's value mapped onto recbook's definition, and the difference.
"""
import importlib.util
import json
import math
import sys
import types
from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def elliot_metrics(root):
    # Empty packages stand in for Elliot's, whose __init__ files import all of Elliot.
    for package in ["elliot", "elliot.evaluation", "elliot.evaluation.metrics"]:
        sys.modules[package] = types.ModuleType(package)
    base = f"{root}/elliot/evaluation"
    load_module("elliot.evaluation.metrics.base_metric", f"{base}/metrics/base_metric.py")
    popularity = load_module("popularity", f"{base}/popularity_utils/popularity.py")
    return SimpleNamespace(
        Popularity=popularity.Popularity,
        ARP=load_module("arp", f"{base}/metrics/bias/arp/arp.py").ARP,
        APLT=load_module("aplt", f"{base}/metrics/bias/aplt/aplt.py").APLT,
        ItemCoverage=load_module("item_coverage", f"{base}/metrics/coverage/item_coverage/item_coverage.py").ItemCoverage,
        Gini=load_module("gini", f"{base}/metrics/diversity/gini_index/gini_index.py").GiniIndex,
    )


def read_pairs(path):
    rows = []
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2:
                rows.append((fields[0], fields[1]))
    return rows


def main(elliot_root, data, out):
    e = elliot_metrics(elliot_root)
    train = read_pairs(f"{data}/trainingset.tsv")
    test = read_pairs(f"{data}/testset.tsv")
    # recbook's id maps (IDMap): raw ids sorted, numerically when all are integers. Elliot's
    # popularity ties then fall in the same item order as recbook's (lower index first).
    def id_map(raw):
        unique = set(raw)
        ordered = sorted(unique, key=int) if all(r.lstrip("-").isdigit() for r in unique) else sorted(unique)
        return {r: index for index, r in enumerate(ordered)}
    users = id_map([u for u, _ in train + test])
    items = id_map([i for _, i in train + test])
    train_sets = {}
    for u, i in train:
        train_sets.setdefault(u, set()).add(i)
    evaluated = {u for u, _ in test if u in train_sets}
    rows = [users[u] for u in train_sets for _ in train_sets[u]]
    cols = [items[i] for u in train_sets for i in train_sets[u]]
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(users), len(items)))
    private_items = {index: raw for raw, index in items.items()}
    dataset = SimpleNamespace(private_items=private_items, sp_i_train=matrix, transactions=len(rows))

    report = json.load(open(f"{out}/beyond-accuracy.json"))
    cited = {c["source"].strip("` ").lstrip("= ").strip(): c["mean"] for c in report["citations"]}

    pop = dataset.sp_i_train.astype(bool).sum(axis=0).tolist()[0]
    pop_by_raw = {private_items[p]: v for p, v in enumerate(pop)}
    n_items, n_users = len(items), len(users)
    worst = 0.0
    for model in ["bpr", "pop"]:
        lists = {}
        for u, i in read_pairs(f"{out}/conformance/{model}/recommendations.tsv"):
            if u in evaluated:
                lists.setdefault(u, []).append((i, 1.0))
        def objects(ratio):
            return SimpleNamespace(cutoff=10, pop=e.Popularity(dataset, pop_ratio=ratio), num_items=n_items)
        def mean(metric):
            values = metric.eval_user_metric()
            return float(np.mean(list(values.values())))
        elliot_gini = e.Gini(lists, None, None, objects(0.2)).eval()
        novelty = np.mean([np.mean([-math.log2(max(pop_by_raw[i], 1) / n_users) for i, _ in l[:10]]) for l in lists.values()])
        mapped = {
            "coverage": e.ItemCoverage(lists, None, None, objects(0.2)).eval() / n_items,
            "gini": (1 - elliot_gini) * (n_items - 1) / n_items,
            "arp": mean(e.ARP(lists, None, None, objects(0.2))),
            "aplt": mean(e.APLT(lists, None, None, objects(0.2))),
            "novelty": novelty,
        }
        aplt_default = mean(e.APLT(lists, None, None, objects(0.8)))
        print(f"{model}: {len(lists)} lists")
        for name, value in mapped.items():
            ours = cited[f"e_{model}.{name}@10"]
            worst = max(worst, abs(ours - value))
            source = "NumPy (no Elliot equivalent)" if name == "novelty" else "Elliot"
            print(f"  {name:9s} recbook {ours:.12f}  {source} {value:.12f}  |diff| {abs(ours - value):.2e}")
        print(f"  aplt with Elliot's default head (pop_ratio=0.8): {aplt_default:.6f}; Elliot's raw Gini: {elliot_gini:.6f}")
    print(f"largest |difference|: {worst:.2e}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
