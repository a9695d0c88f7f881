#!/usr/bin/env bash
# How much two busy cores slow each other on this machine: runs a notebook on one thread
# alone, then two copies at once (each on one thread), taking turns, and prints the medians.
# The throughput of two at once bounds what any 2-thread run of the same work can reach
# (docs/performance.md, "Families").
#
#   scripts/bench/two-at-once.sh [RUNS] [NOTEBOOK] [RECBOOK ARGS…]
set -euo pipefail
RUNS=${1:-5}
NOTEBOOK=${2:-scripts/bench/families.md}
shift $(( $# < 2 ? $# : 2 ))
RECBOOK=${RECBOOK:-.build/release/recbook}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/recbook-two.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
run() { "$RECBOOK" run "$NOTEBOOK" -o "$TMP/$1" -q --no-cache --threads 1 "${@:2}" > /dev/null 2>&1; }
now() { python3 -c 'import time; print(time.perf_counter())'; }
alone=(); pair=()
for _ in $(seq "$RUNS"); do
    start=$(now); run a "$@"; end=$(now)
    alone+=("$(python3 -c "print($end - $start)")")
    start=$(now); run b "$@" & run c "$@"; wait; end=$(now)
    pair+=("$(python3 -c "print($end - $start)")")
done
python3 - "${alone[*]}" "${pair[*]}" <<'PY'
import statistics, sys
alone = [float(x) for x in sys.argv[1].split()]
pair = [float(x) for x in sys.argv[2].split()]
a, p = statistics.median(alone), statistics.median(pair)
print(f"one run alone, median {a:.2f} s; two at once, median {p:.2f} s (both finished)")
print(f"throughput of two at once: {2 * a / p:.2f}× one alone")
PY
