#!/usr/bin/env python3
"""Kill a study with SIGKILL at random moments, resume it each time, and compare the result with
the same study run without interruption (issue 13: nothing lost, ever).

usage: kill_resume.py POVSIM WORKDIR KILLS SEED SCENARIO... -- RUN_ARGS...

Each round starts `povsim run` (or `run --resume` once a checkpoint exists), kills it after a
random delay, and checks the study file left behind: a readable study, marked incomplete, holding
no fewer replications than before. After KILLS kills one last resume runs to the end; /scenarios and
/comparisons must then be h5diff-identical to the uninterrupted study, and no lock or temporary
file may remain. Prints one line per round and exits non-zero on the first failure."""
import os
import random
import signal
import subprocess
import sys
import time

import h5py


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def finished_in(path):
    """Replications held by a study file, and whether it is complete; (None, None) if absent."""
    if not os.path.exists(path):
        return None, None
    with h5py.File(path, "r") as f:
        meta = f["meta"].attrs
        return int(meta["runs"]), bool(meta["complete"])


def require_identical(ref, out):
    for group in ("/scenarios", "/comparisons"):
        diff = subprocess.run(["h5diff", ref, out, group, group], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if diff.returncode != 0:
            fail(f"h5diff {group}: {diff.stdout.decode()[:2000]}")


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    povsim, work, kills, seed = args[0], args[1], int(args[2]), int(args[3])
    scenarios, run_args = args[4:sep], args[sep + 1:]
    rng = random.Random(seed)
    ref = os.path.join(work, "reference.h5")
    out = os.path.join(work, "killed.h5")
    fresh = [povsim, "run", *scenarios, *run_args, "-q"]

    start = time.monotonic()
    subprocess.run(fresh + ["-o", ref], check=True)
    full = time.monotonic() - start
    print(f"uninterrupted run: {full:.2f} s")

    held, k, finished_early = 0, 0, 0
    while k < kills:
        n, complete = finished_in(out)
        cmd = [povsim, "run", "--resume", out, "-q"] if n is not None else fresh + ["-o", out]
        delay = rng.uniform(0.05, min(3.0, full / 2))
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        if proc.returncode == 0:  # it finished before the kill: check it, and start a new study
            require_identical(ref, out)
            finished_early += 1
            os.remove(out)
            held = 0
            print(f"finished before the kill after {delay:.2f} s: identical; starting again")
            continue
        k += 1
        if proc.returncode != -signal.SIGKILL:
            fail(f"round {k}: {' '.join(cmd[1:3])} ended by itself with {proc.returncode}: {err.decode()}")
        try:
            n, complete = finished_in(out)
        except Exception as e:  # a damaged file is exactly what must never happen
            fail(f"round {k}: the study file left by SIGKILL does not open: {e}")
        if n is not None and (complete or n < held):
            fail(f"round {k}: the file holds {n} replications (complete={complete}), before {held}")
        held = n or 0
        print(f"kill {k:2d} after {delay:.2f} s of {cmd[1]} {'--resume' if '--resume' in cmd else 'afresh'}:"
              f" {held} replications saved")

    cmd = [povsim, "run", "--resume", out, "-q"] if os.path.exists(out) else fresh + ["-o", out]
    last = subprocess.run(cmd, stderr=subprocess.PIPE)
    if last.returncode != 0:
        fail(f"the last resume exited {last.returncode}: {last.stderr.decode()}")
    require_identical(ref, out)
    left = [e for e in os.listdir(work) if e.startswith(".killed.h5")]
    if left:
        fail(f"left behind: {left}")
    print(f"identical after {kills} kills ({finished_early} runs finished before their kill) (/scenarios, /comparisons); no lock or temporary left")


if __name__ == "__main__":
    main()
