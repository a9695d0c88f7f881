#!/usr/bin/env bash
# Sets recbook up (system libraries when missing), builds it in release mode and runs the
# bundled tutorial notebook; the reports land in Output/. Extra arguments go to `recbook run`,
# e.g. `bash scripts/tutorial.sh --set data=../shared/data/movielens-500`.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /opt/swift/usr/bin/swift ]] && export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh
swift build -c release --product recbook
# `recbook preview` serves through this program, built beside recbook (docs/preview.md).
swift build -c release --product recbook-preview-server
exec .build/release/recbook run Notebooks/adversarial-training.md --output Output "$@"
