#!/usr/bin/env bash
# Benchmarks recbook against references measured in the same run (docs/performance.md).
#
#   scripts/bench/run.sh [--setup-python] [--portable] [--sizes ml-500,ml-1m,ml-20m] [--repeat 5]
#
# - builds recbook-bench in release mode for this CPU (RECBOOK_TARGET_CPU=native, in .build-native),
#   as the C reference is built with -march=native; --portable builds for baseline x86-64 instead;
# - compiles ../shared/reference/sgd_limit.c (gcc -O3 -march=native) into a temporary folder and
#   runs it for each size's shape with 1,000,000 samples, 5 repetitions;
# - runs `recbook-bench core`, exporting each size's training pairs;
# - runs scripts/bench/implicit_bpr.py (implicit's BPR and numpy's P @ Q.T on the same data) in
#   the venv $RECBOOK_BENCH_VENV (default .venv-bench); --setup-python creates it;
# - prints one Markdown table of ratios against the targets.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIZES=ml-500,ml-1m,ml-20m
REPEAT=5
SETUP_PYTHON=0
PORTABLE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --setup-python) SETUP_PYTHON=1 ;;
        --portable) PORTABLE=1 ;;
        --sizes) SIZES=$2; shift ;;
        --repeat) REPEAT=$2; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
VENV=${RECBOOK_BENCH_VENV:-.venv-bench}
DATA=../shared/data/movielens-500
SGD_SOURCE=../shared/reference/sgd_limit.c
export PATH=/opt/swift/usr/bin:$PATH

TMP=$(mktemp -d "${TMPDIR:-/tmp}/recbook-bench-run.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
SKIPPED=()

if [ "$PORTABLE" = 1 ]; then
    BUILD=(swift build -c release)
    unset RECBOOK_TARGET_CPU
else
    export RECBOOK_TARGET_CPU=${RECBOOK_TARGET_CPU:-native}
    BUILD=(swift build -c release --scratch-path .build-native)
fi
echo "== building recbook-bench (release${RECBOOK_TARGET_CPU:+, target CPU $RECBOOK_TARGET_CPU})" >&2
"${BUILD[@]}" --product recbook-bench >&2
BENCH=$("${BUILD[@]}" --show-bin-path)/recbook-bench

shape() {
    case "$1" in
        ml-500) echo "500 3172" ;;
        ml-1m) echo "6040 3706" ;;
        ml-20m) echo "138000 27000" ;;
    esac
}

SGD_ARGS=()
if [ ! -f "$SGD_SOURCE" ]; then
    SKIPPED+=("sgd_limit: $SGD_SOURCE is absent")
elif ! command -v gcc >/dev/null; then
    SKIPPED+=("sgd_limit: gcc is not installed")
else
    echo "== compiling sgd_limit (gcc -O3 -march=native -fno-math-errno)" >&2
    gcc -O3 -march=native -fno-math-errno -o "$TMP/sgd_limit" "$SGD_SOURCE" -lm
    for size in ${SIZES//,/ }; do
        echo "== sgd_limit $size: $(shape "$size") 1000000 5" >&2
        # shellcheck disable=SC2046
        "$TMP/sgd_limit" $(shape "$size") 1000000 5 | tee "$TMP/sgd-$size.txt" >&2
        SGD_ARGS+=("$size=$TMP/sgd-$size.txt")
    done
fi

mkdir -p "$TMP/pairs"
echo "== recbook-bench core" >&2
"$BENCH" core --sizes "$SIZES" --threads 1,2 --repeat "$REPEAT" --data "$DATA" \
    --export-pairs "$TMP/pairs" --json "$TMP/core.json"

if [ "$SETUP_PYTHON" = 1 ] && [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet implicit numpy scipy threadpoolctl
fi
IMPLICIT_ARGS=()
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import implicit, numpy, scipy, threadpoolctl" 2>/dev/null; then
    echo "== implicit BPR and numpy P @ Q.T ($VENV)" >&2
    "$VENV/bin/python" scripts/bench/implicit_bpr.py --sizes "$SIZES" --epochs "$REPEAT" --ecir "$DATA" \
        --pairs "$TMP/pairs" > "$TMP/implicit.json"
    IMPLICIT_ARGS=(--implicit "$TMP/implicit.json")
    "$VENV/bin/python" -c "import implicit, numpy; print(f'- Python references: implicit {implicit.__version__}, numpy {numpy.__version__}')"
else
    SKIPPED+=("implicit and numpy: no venv with implicit, numpy, scipy and threadpoolctl at $VENV (set RECBOOK_BENCH_VENV or pass --setup-python)")
fi

echo
echo "## recbook against the references (ratios: recbook / reference)"
echo
SKIP_ARGS=()
for s in "${SKIPPED[@]+"${SKIPPED[@]}"}"; do SKIP_ARGS+=(--skipped "$s"); done
python3 scripts/bench/combine.py --core "$TMP/core.json" --sgd-limit "${SGD_ARGS[@]+"${SGD_ARGS[@]}"}" \
    "${IMPLICIT_ARGS[@]+"${IMPLICIT_ARGS[@]}"}" "${SKIP_ARGS[@]+"${SKIP_ARGS[@]}"}"
