#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run the whole test suite.
# CTest prints its summary line and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)"
