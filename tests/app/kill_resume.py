#!/usr/bin/env python3
"""Kill a study with SIGKILL at random moments, resume it each time, and compare the result with
the same study run without interruption (issue 13: nothing lost, ever).

usage: kill_resume.py POVSIM WORKDIR KILLS SEED SCENARIO... -- RUN_ARGS...

Each round starts `povsim run` (or `run --resume` once a checkpoint or a journal exists), kills it
after a random delay, and checks what is left behind: a readable study file (if any), marked
incomplete, and its journal `.<name>.journal` (read here independently of povsim: its records are
checksummed runs of doubles whose first value is the replication id); together they must hold no
fewer replications than before the kill, and `run --resume` must say it found exactly those. After KILLS kills one last resume runs to the end; /scenarios and
/comparisons must then be h5diff-identical to the uninterrupted study, and no lock or temporary
file may remain. Prints one line per round and exits non-zero on the first failure."""
import os
import random
import re
import signal
import struct
import subprocess
import sys
import time

import h5py


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


RECORD_MAGIC = 0x3130434552564F50  # "POVREC01"


def fnv1a(data):
    h = 1469598103934665603
    for b in data:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def journal_ids(path):
    """Replication ids of the journal's whole records (a record cut short by the kill ends it)."""
    if not os.path.exists(path):
        return set()
    data = open(path, "rb").read()
    if data[:8] != b"POVSIMJ1":
        fail(f"{path}: no journal magic")
    head_len, head_sum = struct.unpack_from("<QQ", data, 8)
    if fnv1a(data[24:24 + head_len]) != head_sum:
        fail(f"{path}: the journal header is damaged")
    at, ids = 24 + head_len, set()
    while at + 24 <= len(data):
        magic, n, check = struct.unpack_from("<QQQ", data, at)
        payload = data[at + 24:at + 24 + 8 * n]
        if magic != RECORD_MAGIC or len(payload) < 8 * n or fnv1a(payload) != check:
            break
        ids.add(int(struct.unpack_from("<d", payload, 0)[0]))
        at += 24 + 8 * n
    return ids


def finished_in(path):
    """Replications held by a study file, and whether it is complete; (None, None) if absent."""
    if not os.path.exists(path):
        return None, None
    with h5py.File(path, "r") as f:
        meta = f["meta"].attrs
        return set(int(i) for i in f["scenarios"][next(iter(f["scenarios"]))]["replication"][()]), bool(meta["complete"])


def journal_of(path):
    return os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".journal")


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

    journal = journal_of(out)

    def saved():
        ids, complete = finished_in(out)
        return (ids or set()) | journal_ids(journal), complete, len(ids or ())

    held, k, finished_early, journal_only = set(), 0, 0, 0
    while k < kills:
        started = os.path.exists(out) or os.path.exists(journal)
        cmd = [povsim, "run", "--resume", out] if started else fresh + ["-o", out]
        delay = rng.uniform(0.05, min(3.0, full / 2))
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        err = err.decode()
        if started:  # what the resume found must be exactly what the last kill left
            found = re.search(r"resuming .*: (\d+) of \d+ replications finished", err)
            if found and int(found.group(1)) != len(held):
                fail(f"round {k + 1}: --resume found {found.group(1)} finished replications; study and journal hold {len(held)}")
        if proc.returncode == 0:  # it finished before the kill: check it, and start a new study
            require_identical(ref, out)
            finished_early += 1
            os.remove(out)
            held = set()
            print(f"finished before the kill after {delay:.2f} s: identical; starting again")
            continue
        k += 1
        if proc.returncode != -signal.SIGKILL:
            fail(f"round {k}: {' '.join(cmd[1:3])} ended by itself with {proc.returncode}: {err}")
        try:
            now, complete, in_file = saved()
        except Exception as e:  # a damaged file is exactly what must never happen
            fail(f"round {k}: the study file left by SIGKILL does not open: {e}")
        if complete:  # killed after its final write, before it exited: the study is whole
            require_identical(ref, out)
            again = subprocess.run([povsim, "run", "--resume", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if again.returncode != 2 or b"is complete" not in again.stderr or os.path.exists(journal):
                fail(f"round {k}: --resume of a study killed after its final write exited {again.returncode}"
                     f" ({again.stderr.decode()}); journal left: {os.path.exists(journal)}")
            finished_early += 1
            os.remove(out)
            held = set()
            print(f"kill {k:2d} after {delay:.2f} s came after the final write: identical; resume says complete; starting again")
            continue
        if not held <= now:
            fail(f"round {k}: study and journal hold {sorted(now)}, before {sorted(held)}")
        held = now
        journal_only += len(held) - in_file
        print(f"kill {k:2d} after {delay:.2f} s of {cmd[1]} {'--resume' if '--resume' in cmd else 'afresh'}:"
              f" {len(held)} replications saved, {in_file} of them in the study file")

    if journal_only == 0:  # with checkpoints alone, a kill between two of them would lose replications
        fail("no kill left a replication that only the journal held: is the journal written?")
    cmd = [povsim, "run", "--resume", out, "-q"] if os.path.exists(out) or os.path.exists(journal) else fresh + ["-o", out]
    last = subprocess.run(cmd, stderr=subprocess.PIPE)
    if last.returncode != 0:
        fail(f"the last resume exited {last.returncode}: {last.stderr.decode()}")
    require_identical(ref, out)
    left = [e for e in os.listdir(work) if e.startswith(".killed.h5")]
    if left:
        fail(f"left behind: {left}")
    print(f"identical after {kills} kills ({finished_early} runs finished before their kill) (/scenarios, /comparisons);"
          f" no lock, journal or temporary left; summed over the kills, {journal_only} of the replications found saved were in the journal alone")


if __name__ == "__main__":
    main()
