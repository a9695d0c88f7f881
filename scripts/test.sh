#!/usr/bin/env bash
# Runs recbook's whole test suite (installing system libraries first when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /opt/swift/usr/bin/swift ]] && export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh
# The preview's end-to-end test drives headless Chromium (and reads its DevTools endpoint with
# curl); install them when missing. Without them that one test is skipped and says why.
if ! command -v chromium >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "recbook tests: installing chromium and curl for the preview's browser test" >&2
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium curl >/dev/null; } \
    || echo "recbook tests: could not install chromium; the browser test will be skipped" >&2
fi
swift build --build-tests
swift test --skip-build "$@"

# The bundled tutorials, on their default data, in release mode (debug builds run numeric code
# far too slowly for full-size notebooks): every cell must succeed and every number the prose
# cites must have been computed. Skipped when the test run was filtered (arguments given).
if [[ $# -eq 0 ]]; then
  swift build -c release --product recbook
  tutorials="$(mktemp -d)"
  trap 'rm -rf "$tutorials"' EXIT
  .build/release/recbook run Notebooks/ --output "$tutorials" --no-cache --quiet
  if grep -l 'class="citation missing"' "$tutorials"/*.html; then
    echo "recbook tests: a bundled tutorial cites a number its run did not compute" >&2
    exit 1
  fi
  echo "recbook tests: every bundled tutorial ran on its default data, every citation computed" >&2

  # A short, deterministic fuzz of the notebook reader, the checker and the ratings loader
  # (docs/fuzzing.md): the same 20,000 inputs per target on every machine.
  FUZZ_RUNS=20000 bash scripts/fuzz.sh
fi
