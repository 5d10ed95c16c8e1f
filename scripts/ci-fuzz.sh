#!/usr/bin/env bash
# CI, hostile-input checks (2/2): the libFuzzer target over the scenario loader (fuzz/), built with
# clang into build-fuzz/. First every past crasher in fuzz/crashers/ runs once as a regression
# case, then the fuzzer runs for POVSIM_FUZZ_SECONDS (default 60) from a corpus seeded with the
# built-in scenarios. Any crash, sanitizer report or unexpected exception fails the script; the
# input that caused it is left in build-fuzz/findings/ (fix it, then add it to fuzz/crashers/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
seconds="${POVSIM_FUZZ_SECONDS:-60}"
start=$(date +%s)

# -O1 without NDEBUG: toml++'s own assertions stay on, so an input that breaks one is a finding.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DPOVSIM_FUZZ=ON -DPOVSIM_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" >/dev/null
cmake --build build-fuzz --target fuzz_scenario_loader -j "$(nproc)"
built=$(date +%s)
fuzzer=build-fuzz/fuzz_scenario_loader

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=0:print_stacktrace=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"

# Regression: each past crasher once, each in its own process so that all are reported.
failed=0
count=0
for f in fuzz/crashers/*; do
  count=$((count + 1))
  if ! "$fuzzer" "$f" >build-fuzz/crasher.log 2>&1; then
    echo "ci-fuzz: past crasher $f fails again:" >&2
    tail -n 40 build-fuzz/crasher.log >&2
    failed=1
  fi
done
[ "$failed" -eq 0 ] || exit 1
echo "ci-fuzz: $count past crashers load as clean errors"

# The corpus is seeded at run time (the scenarios are not copied into git) and grows locally.
mkdir -p fuzz/corpus build-fuzz/findings
cp scenarios/*.toml scenarios/variants/*.toml tests/data/tiny.toml tests/data/loader/minimal.toml \
  tests/data/loader/programmes.toml fuzz/corpus/
# -max_len 64 KiB: built-in scenarios are 36-57 kB (china.toml, 318 kB, is cut); larger inputs
# only slow the search. -timeout 10 s per input; the loader takes milliseconds.
set +e
"$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict=fuzz/toml.dict -artifact_prefix=build-fuzz/findings/ -print_final_stats=1 \
  fuzz/corpus >build-fuzz/fuzz.log 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  echo "ci-fuzz: the fuzzer found a problem (exit $rc):" >&2
  grep -v -E '^#[0-9]+' build-fuzz/fuzz.log | tail -n 80 >&2
  ls -l build-fuzz/findings >&2
  exit 1
fi
grep -E '^(stat::number_of_executed_units|stat::new_units_added|Done)' build-fuzz/fuzz.log || true
echo "ci-fuzz: no finding in ${seconds} s of fuzzing; built in $((built - start)) s, $(($(date +%s) - start)) s in all"
