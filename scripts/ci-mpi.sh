#!/usr/bin/env bash
# CI: the MPI build (-DPOVSIM_ENABLE_MPI=ON) spreads replications over 2 ranks; each study must be
# h5diff-identical (/scenarios, /comparisons) to the single-process study of the default build:
# a plain study of two scenarios, one with a household panel, and an interrupted study resumed
# under mpirun. Needs build/povsim (scripts/build.sh) and Open MPI (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=Release -DPOVSIM_ENABLE_MPI=ON -DPOVSIM_BUILD_TESTS=OFF >/dev/null
cmake --build build-mpi -j "$(nproc)" --target povsim
# CI machines may run as root, which Open MPI refuses unless told.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
single=build/povsim
mpi() { mpirun -n 2 --oversubscribe build-mpi/povsim "$@"; }
same() {
  h5diff "$1" "$2" /scenarios /scenarios && h5diff "$1" "$2" /comparisons /comparisons
  echo "ci-mpi: $3: identical"
}
study=(jinghe --sweep thresholds.exit_margin=500 --runs 24 --threads 1 -q)

"$single" run "${study[@]}" -o "$work/single.h5"
mpi run "${study[@]}" -o "$work/mpi.h5"
same "$work/single.h5" "$work/mpi.h5" "2 ranks against 1 process"

"$single" run "${study[@]}" --households 40 --panel-replication 5 -o "$work/single_panel.h5"
mpi run "${study[@]}" --households 40 --panel-replication 5 -o "$work/mpi_panel.h5"
same "$work/single_panel.h5" "$work/mpi_panel.h5" "with a household panel"
h5diff "$work/single_panel.h5" "$work/mpi_panel.h5" /scenarios/jinghe/households /scenarios/jinghe/households

# Interrupt a single-process study (SIGINT once it has written a checkpoint), resume it on 2 ranks.
long=(jinghe --sweep thresholds.exit_margin=500 --runs 60 --threads 1 -q)
"$single" run "${long[@]}" -o "$work/full.h5"
"$single" run "${long[@]}" -o "$work/cut.h5" &
pid=$!
for _ in $(seq 1 200); do [ -f "$work/cut.h5" ] && break; sleep 0.05; done
kill -INT "$pid"
wait "$pid" || true
/usr/bin/python3 -c "import h5py,sys; m=h5py.File(sys.argv[1])['meta'].attrs; print('ci-mpi: interrupted with', m['runs'], 'of', m['runs_requested'], 'replications'); sys.exit(0 if not m['complete'] else 1)" "$work/cut.h5"
mpi run --resume "$work/cut.h5" --threads 1 -q
same "$work/full.h5" "$work/cut.h5" "resumed on 2 ranks"
