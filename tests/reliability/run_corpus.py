#!/usr/bin/python3
"""Run povsim on the hostile-input corpora and tabulate what it does (issue 13, reliability table).

Usage:
    /usr/bin/python3 tests/reliability/run_corpus.py POVSIM WORKDIR [--json OUT.json]
                     [--timeout 60] [--mem-limit-gib 8]

It generates WORKDIR/scenarios (bad_scenarios.py) and WORKDIR/studies (damaged_studies.py), then
runs, one at a time, each with a timeout:
  - `POVSIM check FILE` on every scenario case, and on those check accepts (exit 0) also
    `POVSIM run FILE --runs 1 -q -o WORKDIR/out/<case>/run/x.h5`, to see what run does with them;
  - `compare STUDY -q`, `report STUDY -o …/x.html`, `budget STUDY -o …/x.xlsx` and
    `export STUDY -o …/dir` on every damaged study, and on good.h5 as a control.
Every command writes into a folder of its own, WORKDIR/out/<case>/<command>/, so anything left
there is seen. Children run with an address-space limit (--mem-limit-gib, default 8 GiB, so that
a file declaring a 2^40-row dataset cannot take the shared machine's memory: an allocation
beyond it fails inside povsim) and a 4 GiB file-size limit.

A case passes when it exits 2 with a message on stderr and leaves nothing in its output folder;
a scenario case's message must also name the file (its file name, or that of the file it
extends, appears on stderr). Exit 0 is "accepted": correct for a study that is still readable
and for the `valid_oddity` scenarios, listed separately for the others (a validation gap, or a
tolerable damage) and then checked to have written a whole output (the HTML closes, the
workbook is a zip, export has its four CSV files, run its study). Failures:
  hard: a signal, a timeout, exit 1 ("internal error") or any code other than 0 and 2, output left
        behind after a non-zero exit, exit 0 with a missing or incomplete output;
  message: exit 2 with nothing on stderr, or a scenario message not naming the file.
Prints per class the number of cases and the count of each exit code per command, then every
failure and every accepted case. Exits 1 if there is any failure, else 0.
"""
import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
STUDY_COMMANDS = ("compare", "report", "budget", "export")


def limits(mem_gib):
    def apply():
        gib = 1 << 30
        resource.setrlimit(resource.RLIMIT_AS, (mem_gib * gib, mem_gib * gib))
        resource.setrlimit(resource.RLIMIT_FSIZE, (4 * gib, 4 * gib))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def execute(cmd, timeout, mem_gib):
    """Run cmd in its own process group; returns (code or signal name or 'timeout', seconds, stderr)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True, preexec_fn=limits(mem_gib))
    try:
        _, err = p.communicate(timeout=timeout)
        code = p.returncode if p.returncode >= 0 else signal.Signals(-p.returncode).name
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        _, err = p.communicate()
        code = "timeout"
    return code, time.monotonic() - start, err.decode("utf-8", "replace")


def left_behind(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def complete_output(command, out):
    """For exit 0: is the output there and whole?"""
    if command == "report":
        return out.is_file() and out.read_bytes().rstrip().endswith(b"</html>")
    if command == "budget":
        return out.is_file() and zipfile.is_zipfile(out)
    if command == "export":
        return all((out / f).is_file() for f in ("runs.csv", "budget.csv", "parameters.csv", "dictionary.csv"))
    if command == "run":
        return out.is_file() and out.read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"
    return True


def judge(rec, case_file, extended):
    """Sets rec['verdict'] to pass | accepted | fail and rec['why']."""
    code, err, left = rec["exit"], rec["stderr"].strip(), rec["left_behind"]
    rec["verdict"], rec["why"] = "pass", ""
    if code == 0:
        rec["verdict"] = "accepted"
        if not rec["output_complete"]:
            rec["verdict"], rec["why"] = "fail", "exit 0 but the output is missing or incomplete"
        elif left:
            rec["verdict"], rec["why"] = "fail", "exit 0 but left other files: " + ", ".join(left[:5])
        return
    if code == "timeout" or isinstance(code, str):
        rec["verdict"], rec["why"] = "fail", "timeout" if code == "timeout" else f"killed by {code}"
    elif code != 2:
        rec["verdict"], rec["why"] = "fail", "exit 1 (internal error)" if code == 1 else f"exit {code}"
    elif not err:
        rec["verdict"], rec["why"] = "fail", "exit 2 without a message"
    elif rec["corpus"] == "scenario" and case_file.name not in err:
        if extended and Path(extended).name in err:
            rec["note"] = "message names only the extended file"
        else:
            rec["verdict"], rec["why"] = "fail", "message does not name the file"
    if left:
        rec["verdict"] = "fail"
        rec["why"] = (rec["why"] + "; " if rec["why"] else "") + "left output behind: " + ", ".join(left[:5])


def record(corpus, cls, case, command, cmd, outdir, out, args, case_file, extended=None):
    outdir.mkdir(parents=True, exist_ok=True)
    code, secs, err = execute(cmd, args.timeout, args.mem_limit_gib)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    rec = {"corpus": corpus, "class": cls, "case": case, "command": command,
           "argv": " ".join(map(str, cmd)), "exit": code, "seconds": round(secs, 3),
           "stderr_first": lines[0] if lines else "", "stderr_head": lines[:4], "stderr": err[:20000],
           "left_behind": [x for x in left_behind(outdir) if code != 0 or out is None or
                           not (x == out.name or x.startswith(out.name + "/"))],
           "output_complete": code == 0 and complete_output(command, out)}
    rec["names_line"] = bool(re.search(r":\d+(:\d+)?: ", err))
    judge(rec, case_file, extended)
    return rec


def run_scenarios(povsim, work, args):
    recs = []
    for f in sorted((work / "scenarios").glob("*.toml")):
        cls, case = f.stem.split("__", 1)[0], f.stem
        head = f.read_bytes()[:400].decode("utf-8", "replace")
        m = re.match(r'\s*extends\s*=\s*"([^"]*)"', head)
        outdir = work / "out" / case / "check"
        r = record("scenario", cls, case, "check", [povsim, "check", str(f)], outdir, None, args, f,
                   m.group(1) if m else None)
        recs.append(r)
        if r["exit"] == 0:
            out = work / "out" / case / "run" / "x.h5"
            recs.append(record("scenario", cls, case, "run",
                               [povsim, "run", str(f), "--runs", "1", "-q", "-o", str(out)],
                               out.parent, out, args, f))
    return recs


def run_studies(povsim, work, args):
    recs = []
    studies = sorted((work / "studies").glob("*__*.h5"), key=lambda p: p.name)
    for f in [work / "studies" / "good.h5"] + studies:
        case = f.stem
        cls = case.split("__", 1)[0] if "__" in case else "control"
        for command in STUDY_COMMANDS:
            outdir = work / "out" / case / command
            out = {"compare": None, "report": outdir / "x.html", "budget": outdir / "x.xlsx",
                   "export": outdir / "dir"}[command]
            cmd = [povsim, command, str(f), "-q"] if command == "compare" else [povsim, command, str(f), "-o", str(out)]
            recs.append(record("study", cls, case, command, cmd, outdir, out, args, f))
    return recs


def table(recs, corpus, commands):
    rows = defaultdict(lambda: defaultdict(Counter))
    cases = defaultdict(set)
    for r in recs:
        if r["corpus"] == corpus:
            rows[r["class"]][r["command"]][str(r["exit"])] += 1
            cases[r["class"]].add(r["case"])
    head = f"{'class':<16}{'cases':>6}  " + "".join(f"{c:<24}" for c in commands)
    print(head)
    print("-" * len(head))
    total = defaultdict(Counter)
    for cls in sorted(rows):
        cells = []
        for c in commands:
            cnt = rows[cls][c]
            total[c].update(cnt)
            cells.append(" ".join(f"{k}×{v}" for k, v in sorted(cnt.items())) or "-")
        print(f"{cls:<16}{len(cases[cls]):>6}  " + "".join(f"{x:<24}" for x in cells))
    n = sum(len(v) for v in cases.values())
    print(f"{'all':<16}{n:>6}  " + "".join(f"{' '.join(f'{k}×{v}' for k, v in sorted(total[c].items())):<24}" for c in commands))


def show(r):
    print(f"  [{r['class']}] {r['case']}  {r['command']}: exit {r['exit']} in {r['seconds']:.2f} s"
          + (f" — {r['why']}" if r.get("why") else ""))
    print(f"      $ {r['argv']}")
    for ln in r["stderr_head"][:3]:
        print(f"      | {ln[:300]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("povsim")
    ap.add_argument("workdir", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--mem-limit-gib", type=int, default=8)
    args = ap.parse_args()
    povsim, work = str(Path(args.povsim).resolve()), args.workdir.resolve()
    t0 = time.monotonic()
    subprocess.run([sys.executable, str(HERE / "bad_scenarios.py"), str(work / "scenarios")], check=True)
    subprocess.run([sys.executable, str(HERE / "damaged_studies.py"), povsim, str(work / "studies")], check=True)
    if (work / "out").exists():
        subprocess.run(["rm", "-rf", "--", str(work / "out")], check=True)
    t1 = time.monotonic()
    recs = run_scenarios(povsim, work, args) + run_studies(povsim, work, args)
    t2 = time.monotonic()

    version = subprocess.run([povsim, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"\n{povsim} ({version}, built {time.ctime(os.path.getmtime(povsim))})")
    print("\n== Scenario corpus: exit codes per command")
    table(recs, "scenario", ("check", "run"))
    sc = [r for r in recs if r["corpus"] == "scenario" and r["command"] == "check" and r["exit"] == 2]
    print(f"check exit 2: {sum(r['verdict'] == 'pass' for r in sc)} of {len(sc)} name the file, "
          f"{sum(r['names_line'] for r in sc)} give a line (file:line:)")
    print("\n== Damaged-study corpus: exit codes per command")
    table(recs, "study", STUDY_COMMANDS)

    fails = [r for r in recs if r["verdict"] == "fail"]
    accepted = [r for r in recs if r["verdict"] == "accepted"]
    notes = [r for r in recs if r.get("note")]
    print(f"\n== Failures ({len(fails)})")
    for r in fails:
        show(r)
    by_case = defaultdict(list)
    for r in accepted:
        by_case[(r["class"], r["case"])].append(r)
    print(f"\n== Accepted: exit 0 ({len(accepted)} commands on {len(by_case)} cases; first message that is not 'wrote …')")
    for (cls, case), rs in by_case.items():
        said = next((ln for r in rs for ln in r["stderr_head"] if not ln.startswith("wrote ")), "")
        tag = "  (expected)" if cls in ("valid_oddity", "control") else ""
        print(f"  [{cls}] {case}: {' '.join(r['command'] for r in rs)}{tag}  {said[:160] or '(silent)'}")
    if notes:
        print(f"\n== Notes ({len(notes)})")
        for r in notes:
            print(f"  [{r['class']}] {r['case']}  {r['command']}: {r['note']}: {r['stderr_head'][1:2] or r['stderr_first']}")
    hard = [r for r in fails if not r["why"].startswith(("exit 2 without", "message does"))]
    print(f"\n{len(recs)} commands on {len({r['case'] for r in recs})} cases; {len(fails)} failures "
          f"({len(hard)} hard), {len(accepted)} accepted; corpus generation {t1 - t0:.1f} s, "
          f"commands {t2 - t1:.1f} s, total {t2 - t0:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(recs, indent=1, ensure_ascii=False))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
