#!/usr/bin/env python3
"""Times whole `recbook run` commands against each other in one session (docs/performance.md).

    scripts/bench/time-runs.py [--runs 3] [--pairs] NOTEBOOK 'LABEL=BINARY [ARGS…]' 'LABEL=BINARY [ARGS…]' …

Each configuration runs the notebook into its own temporary folder without the value cache
(`--no-cache`: every run computes everything), the configurations taking
turns so that a noisy machine slows them alike. Prints, for each, the median and min wall time
of the whole command, the median run time the manifest records (the cells alone: no process
start, checking or report writing), their ratios to the first configuration, and whether each
run's results equal the first's (every table, chart and citation of the JSON report except
training times). The paired speed-up is the median over rounds of each round's ratio to the first
configuration, steadier than the ratio of medians on a host whose speed drifts. With `--pairs`
the configurations come in pairs (say one binary at 1 and at 2 threads, then another), and each
row's ratios are to the first of its pair instead of to the first configuration.
"""
import json, os, shlex, statistics, subprocess, sys, tempfile, time


def comparable(report):
    """The report's tables and charts, less those that report wall times."""
    kept = []
    for cell in report["cells"]:
        for output in cell["outputs"]:
            if output["type"] == "table":
                columns = output.get("columns", [])
                timed = [i for i, c in enumerate(columns) if "time" in c.lower()]
                rows = [[v for i, v in enumerate(row) if i not in timed] for row in output.get("rows", [])]
                kept.append(("table", output.get("title"), [c for i, c in enumerate(columns) if i not in timed], rows))
            elif output["type"] == "chart" and "loss" not in (output["chart"].get("title") or "").lower():
                kept.append(("chart", output["chart"]))
            elif output["type"] == "figures":
                kept.append(("figures", [(f["label"], f.get("value")) for f in output["figures"] if "time" not in f["label"].lower()]))
    return kept, [(c["source"], c.get("text")) for c in report.get("citations", [])]


def main():
    args = sys.argv[1:]
    runs = 3
    pairs = False
    while args[:1] in (["--runs"], ["--pairs"]):
        if args[0] == "--pairs":
            pairs = True
            args = args[1:]
        else:
            runs = int(args[1])
            args = args[2:]
    notebook, specs = args[0], args[1:]
    if pairs and len(specs) % 2:
        sys.exit("time-runs.py: --pairs needs an even number of configurations")
    configs = []
    for spec in specs:
        label, command = spec.split("=", 1)
        configs.append((label, shlex.split(command)))
    times = {label: [] for label, _ in configs}
    run_times = {label: [] for label, _ in configs}
    reference = None  # the first run's results
    same = {label: True for label, _ in configs}
    for _ in range(runs):
        for label, command in configs:
            with tempfile.TemporaryDirectory() as out:
                start = time.perf_counter()
                subprocess.run(command[:1] + ["run", notebook, "--output", out, "--quiet", "--no-cache"] + command[1:],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[label].append(time.perf_counter() - start)
                name = os.path.splitext(os.path.basename(notebook))[0]
                with open(os.path.join(out, name + ".json")) as f:
                    report = json.load(f)
                    run_times[label].append(report["manifest"]["totalSeconds"])
                    result = comparable(report)
            if reference is None:
                reference = result
            elif result != reference:
                same[label] = False
    print(f"{notebook}, {runs} runs each, taking turns\n")
    print("| configuration | command, median | min | speed-up | cells alone, median | speed-up | paired speed-up (whole / cells) | same results |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for position, (label, _) in enumerate(configs):
        first = configs[position - position % 2 if pairs else 0][0]
        base = statistics.median(times[first])
        base_run = statistics.median(run_times[first])
        median = statistics.median(times[label])
        run = statistics.median(run_times[label])
        # The median over rounds of each round's own ratio: on a host whose speed drifts from
        # minute to minute, runs of one round saw the same machine.
        paired = statistics.median(a / b for a, b in zip(times[first], times[label]))
        paired_run = statistics.median(a / b for a, b in zip(run_times[first], run_times[label]))
        print(f"| {label} | {median:.2f} s | {min(times[label]):.2f} s | {base / median:.2f}× | {run:.2f} s | {base_run / run:.2f}× "
              f"| {paired:.2f}× / {paired_run:.2f}× | {'yes' if same[label] else 'NO'} |")


if __name__ == "__main__":
    main()
