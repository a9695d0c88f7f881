#!/usr/bin/env python3
"""Measures `recbook preview`: how long from saving the notebook to the served page showing it.

Usage (from the repository root, after `swift build -c release`, which builds recbook and recbook-preview-server):
    python3 scripts/bench/preview_latency.py [--recbook .build/release/recbook]
        [--notebook Notebooks/adversarial-training.md] [--repeats 10]

It copies the notebook into a temporary folder (so its cache starts empty there), starts the
preview on a free port, waits for the first run, then
  1. appends a sentence to the prose `repeats` times and times save → page contains it;
  2. changes two front-matter parameters in turn (`pgd_steps`, read only by the PGD curves, then
     `epsilon`, read by the single attacks and APR training) and reports each refresh's time and
     the page's computed/from-cache counts.
The page is fetched every 5 ms; the preview itself looks at the files every 100 ms.
"""
import argparse, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as reply:
        return reply.read().decode("utf-8")


def save(path, text):
    # As editors do: a new file renamed over the old one.
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def wait_for(url, needle, timeout=600):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            page = fetch(url)
            if needle(page):
                return time.perf_counter(), page
        except OSError:
            pass
        time.sleep(0.005)
    raise SystemExit("timed out waiting for the page")


def status(page):
    found = re.search(r'id="recbook-preview-status">([^<]*)<', page)
    return found.group(1) if found else "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recbook", default=".build/release/recbook")
    parser.add_argument("--notebook", default="Notebooks/adversarial-training.md")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="recbook-preview-bench-")
    notebook = os.path.join(work, "nb.md")
    shutil.copy(args.notebook, notebook)
    preview = subprocess.Popen(
        [args.recbook, "preview", notebook, "--port", "0", "--output", os.path.join(work, "Output")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = re.search(r"http://\S+", preview.stdout.readline()).group(0)
        started = time.perf_counter()
        _, page = wait_for(url, lambda p: "refreshed at" in p)
        print(f"first run (empty cache): {time.perf_counter() - started:.2f} s; {status(page)}")

        text = open(notebook).read()
        latencies = []
        for i in range(args.repeats):
            marker = f"previewmark{i}x"
            text += f"\nA prose edit, {marker}.\n"
            saved = time.perf_counter()
            save(notebook, text)
            shown, page = wait_for(url, lambda p, m=marker: m in p)
            latencies.append((shown - saved) * 1000)
            time.sleep(0.15)
        print(f"prose edit → page shows it: median {statistics.median(latencies):.0f} ms, "
              f"min {min(latencies):.0f} ms, max {max(latencies):.0f} ms over {len(latencies)}; {status(page)}")

        # Two option changes: `pgd_steps` feeds only the PGD curves; `epsilon` feeds the single
        # attacks and APR training, so much more depends on it.
        for name, old, new in [("pgd_steps", "3", "2"), ("epsilon", "0.5", "0.75")]:
            changed = re.sub(rf"^(  {name}: ){re.escape(old)}$", rf"\g<1>{new}", text, count=1, flags=re.M)
            assert changed != text, f"the notebook has no `{name}: {old}` parameter"
            text = changed
            before = status(fetch(url))
            saved = time.perf_counter()
            save(notebook, text)
            shown, page = wait_for(url, lambda p: status(p) != before and "refreshed at" in p)
            print(f"option change ({name} {old} → {new}) → page refreshed: {(shown - saved) * 1000:.0f} ms; {status(page)}")
            time.sleep(0.15)
    finally:
        preview.send_signal(signal.SIGINT)
        code = preview.wait(timeout=10)
        print(f"preview stopped on SIGINT with exit code {code}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
