#!/usr/bin/env bash
# Fuzzes recbook's notebook reader, its checker and its ratings-file loader with libFuzzer
# (docs/fuzzing.md): builds the Fuzzing/ package with the fuzzer and address sanitizers, then runs
# each target for SECONDS (default 60). New inputs that crash go into Fuzzing/Crashes/<target>/,
# which `swift test` replays (FuzzCrashReplayTests); the script exits 1 when any target crashed.
#   bash scripts/fuzz.sh [SECONDS] [TARGET…]     TARGET: notebook, check, ratings (default all)
#   FUZZ_RUNS=N bash scripts/fuzz.sh …           instead: exactly N inputs per target from seed 1,
#                                                the same inputs on every machine (CI uses this)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /opt/swift/usr/bin/swift ]] && export PATH="/opt/swift/usr/bin:$PATH"
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(notebook check ratings)

scratch="$PWD/.build-fuzz"
# Not -sanitize=fuzzer: it links libFuzzer's own main whole, which clashes with the entry point
# SwiftPM gives executables. The same coverage flags, plus the driver without main, do the job.
# The toolchain's clang version changes with Swift releases: take whichever it ships.
fuzzer_lib="$(ls -d "$(dirname "$(command -v swift)")"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a 2>/dev/null | sort -V | tail -1)"
if [[ -z "$fuzzer_lib" ]]; then
  echo "fuzz.sh: the Swift toolchain has no libclang_rt.fuzzer_no_main for $(uname -m) under lib/clang/*/lib/linux" >&2
  exit 2
fi
(cd Fuzzing && swift build -c release --scratch-path "$scratch" -Xswiftc -sanitize=address \
  -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table -Xlinker "$fuzzer_lib" -Xlinker -lstdc++)
bin="$(cd Fuzzing && swift build -c release --scratch-path "$scratch" --show-bin-path)"

crashed=()
for target in "${targets[@]}"; do
  case "$target" in
    notebook) executable=FuzzNotebook seeds=Fuzzing/Corpus/notebook max_len=8192 ;;
    check)    executable=FuzzCheck    seeds=Fuzzing/Corpus/notebook max_len=8192 ;;
    ratings)  executable=FuzzRatings  seeds=Fuzzing/Corpus/ratings  max_len=4096 ;;
    *) echo "fuzz: unknown target '$target' (notebook, check, ratings)" >&2; exit 2 ;;
  esac
  # New interesting inputs go to a working corpus outside git; the committed seeds stay as they are.
  work="$scratch/corpus/$target" crashes="Fuzzing/Crashes/$target" log="$scratch/logs/$target.log"
  mkdir -p "$work" "$crashes" "$(dirname "$log")"
  echo "fuzz: $target for ${seconds}s (log $log)" >&2
  # Swift's once-initialised globals look like leaks at exit: leak checking is off.
  if [[ -n "${FUZZ_RUNS:-}" ]]; then limit=(-runs="$FUZZ_RUNS" -seed=1); rm -rf "$work"; mkdir -p "$work"
  else limit=(-max_total_time="$seconds"); fi
  if ASAN_OPTIONS=detect_leaks=0 "$bin/$executable" "$work" "$seeds" "${limit[@]}" -max_len="$max_len" \
      -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 \
      -artifact_prefix="$crashes/" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -2 >&2 || true
  else
    echo "fuzz: $target found a crashing input, now in $crashes/ (see $log):" >&2
    grep -E '^==[0-9]+==ERROR|Fatal error|SUMMARY' "$log" | head -5 >&2 || true
    crashed+=("$target")
  fi
done
if [[ ${#crashed[@]} -gt 0 ]]; then
  echo "fuzz: crashes in ${crashed[*]}; fix them and keep the inputs for the replay test" >&2
  exit 1
fi
if [[ -n "${FUZZ_RUNS:-}" ]]; then amount="$FUZZ_RUNS inputs"; else amount="${seconds}s"; fi
echo "fuzz: no crashes in ${targets[*]} ($amount each)" >&2
