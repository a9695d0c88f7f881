#!/usr/bin/env python3
"""Checks that two JSON reports of one notebook hold the same results (docs/performance.md).

Usage: python3 scripts/same-results.py A.json B.json
Compares every table and chart of every cell, leaving out what measures wall time: the
tables of statements that report a training time. Exits 1 and names the tables that differ,
with the largest relative difference of any number in them.
"""
import json, re, sys

def results(path):
    out = []
    for cell in json.load(open(path))["cells"]:
        for o in cell["outputs"]:
            if o.get("type") == "table" and not any("time" in c.lower() for c in o["columns"]):
                out.append((o.get("title"), o["rows"]))
            elif o.get("type") == "chart":
                out.append((o.get("title"), o.get("series"), o.get("grid")))
    return out

def numbers(value):
    """Every number in a table or chart, in order."""
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [x for k in sorted(value) for x in numbers(value[k])]
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in numbers(v)]
    if isinstance(value, str):  # formatted cells: "0.1233 (0.1133 – 0.1333)"
        return [float(t) for t in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", value)]
    return []

a, b = results(sys.argv[1]), results(sys.argv[2])
differ = [x[0] for x, y in zip(a, b) if x != y]
if len(a) != len(b) or differ:
    print(f"results differ: {len(a)} against {len(b)} tables and charts; differing: {differ}")
    na, nb = numbers(a), numbers(b)
    if len(na) == len(nb):
        largest = max((abs(x - y) / abs(x) for x, y in zip(na, nb) if x != y and x != 0), default=0)
        print(f"largest relative difference of a number: {largest:.3g} (of {len(na)} numbers)")
    sys.exit(1)
print(f"same results: {len(a)} tables and charts compared")
