#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run the default scenario
# (Jinghe County, 100 replications), printing a summary and writing jinghe.h5.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
# --force: running the quick start again replaces its own jinghe.h5 (run refuses otherwise).
build/povsim run scenarios/jinghe.toml --runs 100 --out jinghe.h5 --force
