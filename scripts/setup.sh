#!/usr/bin/env bash
# Installs the system libraries recbook links against, and KaTeX for maths in reports, when they are missing.
# Needs a Debian-like system with apt; uses sudo when not run as root.
set -euo pipefail

need=()
pkg-config --exists libcmark-gfm 2>/dev/null || need+=(libcmark-gfm-dev libcmark-gfm-extensions-dev)
pkg-config --exists openblas 2>/dev/null || need+=(libopenblas-dev)
pkg-config --exists libcrypto 2>/dev/null || need+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# KaTeX (with its fonts) is inlined into reports whose prose has maths (docs/reports.md).
[[ -f /usr/share/javascript/katex/katex.min.js ]] || need+=(libjs-katex)

if ((${#need[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "recbook setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq pkg-config "${need[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  if [[ -x /opt/swift/usr/bin/swift ]]; then
    echo "recbook setup: add /opt/swift/usr/bin to PATH" >&2
  else
    echo "recbook setup: the Swift 6 toolchain is required (swift not found on PATH)" >&2
  fi
  exit 1
fi
