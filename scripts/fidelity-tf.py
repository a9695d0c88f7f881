#!/usr/bin/env python3
"""recbook's BPR-MF over seeds against the seed notebook's TensorFlow runs (docs/fidelity.md).

Usage: python3 scripts/fidelity-tf.py RUN.json [TF-RUNS.tsv]
RUN.json is the JSON report of `recbook run Notebooks/adversarial-training.md
--set data=../shared/data/movielens-500`; TF-RUNS.tsv defaults to
../shared/reference/seed-tf-runs.tsv. Needs scipy for the t distribution.
"""
import csv, json, statistics, sys

from scipy import stats

run = json.load(open(sys.argv[1]))
tf_path = sys.argv[2] if len(sys.argv) > 2 else "../shared/reference/seed-tf-runs.tsv"
rows = [r for r in csv.reader(open(tf_path), delimiter="\t") if r and not r[0].startswith("#")]
header, tf_rows = rows[0], rows[1:]

table = next(o for c in run["cells"] for o in c["outputs"]
             if o.get("type") == "table" and o.get("title") == "“clean” for each element")
for metric, tf_column in [("AUC", "bpr_auc"), ("HR@100", "bpr_hr")]:
    ours = [row[table["columns"].index(metric)] for row in table["rows"]]
    theirs = [float(r[header.index(tf_column)]) for r in tf_rows]
    va, vb = statistics.variance(ours) / len(ours), statistics.variance(theirs) / len(theirs)
    df = (va + vb) ** 2 / (va ** 2 / (len(ours) - 1) + vb ** 2 / (len(theirs) - 1))
    d = statistics.mean(ours) - statistics.mean(theirs)
    half = stats.t.ppf(0.975, df) * (va + vb) ** 0.5
    p = stats.ttest_ind(ours, theirs, equal_var=False).pvalue
    print(f"{metric}: recbook {statistics.mean(ours):.4f} (sd {statistics.stdev(ours):.4f}, n {len(ours)}), "
          f"TensorFlow {statistics.mean(theirs):.4f} (sd {statistics.stdev(theirs):.4f}, n {len(theirs)}), "
          f"difference {d:+.4f} ({d - half:+.4f} to {d + half:+.4f}), Welch p = {p:.2f}")
