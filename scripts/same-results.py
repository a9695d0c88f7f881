#!/usr/bin/env python3
"""Checks that two JSON reports of one notebook hold the same results (docs/performance.md).

Usage: python3 scripts/same-results.py A.json B.json
Compares every table and chart of every cell, matched by cell and title, leaving out what
measures wall time: the tables of statements that report a training time. Exits 1 and names
the tables found in one report only and those that differ, each with the largest relative
difference of its numbers.
"""
import json, re, sys

def results(path):
    """Every table and chart, keyed by (cell, title, how many of that title came before)."""
    out = {}
    for index, cell in enumerate(json.load(open(path))["cells"], 1):
        seen = {}
        for o in cell["outputs"]:
            if o.get("type") == "table" and not any("time" in c.lower() for c in o["columns"]):
                value = o["rows"]
            elif o.get("type") == "chart":
                value = (o.get("series"), o.get("grid"))
            else:
                continue
            title = o.get("title")
            seen[title] = seen.get(title, 0) + 1
            out[(index, title, seen[title])] = value
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
def name(key):
    return f"cell {key[0]}: {key[1]}" + (f" ({key[2]})" if key[2] > 1 else "")
only = [name(k) for k in a if k not in b] + [name(k) for k in b if k not in a]
shared = [k for k in a if k in b]
differ = [k for k in shared if a[k] != b[k]]
if only or differ:
    print(f"results differ: {len(a)} against {len(b)} tables and charts")
    for key in only:
        print(f"  in one report only: {key}")
    for key in differ:
        na, nb = numbers(a[key]), numbers(b[key])
        if len(na) == len(nb):
            largest = max((abs(x - y) / abs(x) for x, y in zip(na, nb) if x != y and x != 0), default=0)
            print(f"  differs: {name(key)} (largest relative difference {largest:.3g} of {len(na)} numbers)")
        else:
            print(f"  differs: {name(key)} ({len(na)} against {len(nb)} numbers)")
    sys.exit(1)
print(f"same results: {len(a)} tables and charts compared")
