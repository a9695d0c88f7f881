#!/usr/bin/env python3
"""Checks that two JSON reports of one notebook hold the same results (docs/performance.md).

Usage: python3 scripts/same-results.py A.json B.json
Compares every table and chart of every cell, leaving out what measures wall time: the
tables of statements that report a training time. Exits 1 and names the tables that differ.
"""
import json, sys

def results(path):
    out = []
    for cell in json.load(open(path))["cells"]:
        for o in cell["outputs"]:
            if o.get("type") == "table" and not any("time" in c.lower() for c in o["columns"]):
                out.append((o.get("title"), o["rows"]))
            elif o.get("type") == "chart":
                out.append((o.get("title"), o.get("series"), o.get("grid")))
    return out

a, b = results(sys.argv[1]), results(sys.argv[2])
differ = [x[0] for x, y in zip(a, b) if x != y]
if len(a) != len(b) or differ:
    print(f"results differ: {len(a)} against {len(b)} tables and charts; differing: {differ}")
    sys.exit(1)
print(f"same results: {len(a)} tables and charts compared")
