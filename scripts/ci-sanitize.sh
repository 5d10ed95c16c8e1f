#!/usr/bin/env bash
# CI, hostile-input checks (1/2): the whole test suite built with AddressSanitizer and
# UndefinedBehaviorSanitizer into build-asan/. Any report aborts the process that made it, so the
# test that reached it fails. Extra arguments go to ctest (e.g. -R loader).
# POVSIM_SANITIZE_JOBS sets the build and test parallelism (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs="${POVSIM_SANITIZE_JOBS:-$(nproc)}"
start=$(date +%s)

# -O1 -g1 (line tables only): measured, it compiles in half the time of -O2 -g (a fresh build
# took 13 CPU-minutes), the suite still runs in about 4 minutes on 2 cores, and reports still
# give file and line.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOVSIM_SANITIZE=ON \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" >/dev/null
cmake --build build-asan -j "$jobs"
built=$(date +%s)

# Also seen by the povsim binary and the Python scripts the tests start (a child povsim is
# instrumented too). abort_on_error: a child povsim's report is a signal, never mistaken for one
# of its exit codes. detect_leaks=0: a leak is no hostile-input finding, and leaks at exit (HDF5,
# Python) were not sorted out; memory errors and undefined behaviour still abort.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=0:print_stacktrace=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
# Left to scripts/test.sh's suite, by name: tests that start povsim under `ulimit -v`, which
# ASan cannot honour (it reserves terabytes of address space for its shadow memory before main,
# so povsim aborts at once). Keep this list to that reason only.
ulimit_tests='The memory check takes the smallest bound|refuse a study declaring 2.28 replications|The hostile-input corpus gives'
echo "ci-sanitize: not run under ASan (they need ulimit -v): ${ulimit_tests//|/; }"
cd build-asan
# --timeout: a test slowed past 10 minutes by ASan is a failure to look at, not a hang.
ctest --output-on-failure -j "$jobs" --timeout 600 -E "$ulimit_tests" "$@"
echo "ci-sanitize: built in $((built - start)) s, tested in $(($(date +%s) - built)) s"
