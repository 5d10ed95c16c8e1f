#!/usr/bin/python3
"""Open a povsim study file the way a researcher would (h5py + NumPy only) and check it.

Usage: read_study.py FILE.h5

Checks that /meta, /years and every scenario are where the documented layout says, that
text comes back as Python str, that every dataset has `units` and `description`, and that
each summary can be recomputed from runs/<metric> with NumPy (mean, sd with ddof=1, se,
type-7 percentiles). Prints a short summary and exits 0, or lists what failed and exits 1.
"""
import sys

import h5py
import numpy as np

STATS = ("mean", "sd", "se", "p05", "p50", "p95")
PERCENTILES = {"p05": 5.0, "p50": 50.0, "p95": 95.0}


def check_study(f, problems):
    def need(cond, msg):
        if not cond:
            problems.append(msg)
        return cond

    meta = f.get("meta")
    if not need(isinstance(meta, h5py.Group), "/meta group missing"):
        return
    for key in ("format", "engine_version", "git_commit", "created_utc", "command_line"):
        need(isinstance(meta.attrs.get(key), str), f"/meta attribute {key!r} missing or not str")
    for key in ("format_version", "seed", "runs", "runs_requested", "start_year", "end_year", "complete"):
        need(np.issubdtype(type(meta.attrs.get(key)), np.integer), f"/meta attribute {key!r} missing or not integer")
    need(meta.attrs.get("format") == "povsim-study", "/meta format is not 'povsim-study'")
    need(meta.attrs.get("format_version") == 1, "/meta format_version is not 1")

    years = f["years"][()]
    need(years.ndim == 1 and years.dtype == np.int32, "/years is not a 1-D int32 array")
    if need(len(years) > 0, "/years is empty"):
        need(years[0] == meta.attrs["start_year"] and years[-1] == meta.attrs["end_year"],
             "/years does not run from start_year to end_year")

    for name, sc in f["scenarios"].items():
        root = f"/scenarios/{name}"
        for key in ("scenario_text", "description", "source_file"):
            need(isinstance(sc.attrs.get(key), str), f"{root} attribute {key!r} missing or not str")
        reps = sc["replication"][()]
        n_runs = len(reps)
        need(meta.attrs["runs"] <= n_runs, f"{root}: /meta runs exceeds the stored replications")
        metrics = list(sc["metrics"].asstr()[()])
        need(sorted(metrics) == sorted(sc["runs"].keys()), f"{root}/metrics does not list runs/*")
        for metric in metrics:
            ds = sc["runs"][metric]
            need(ds.shape == (n_runs, len(years)), f"{root}/runs/{metric} has shape {ds.shape}")
            need(ds.dtype == np.float64, f"{root}/runs/{metric} is not float64")
            need(ds.chunks is not None and ds.compression == "gzip" and ds.shuffle,
                 f"{root}/runs/{metric} is not chunked with shuffle + gzip")
            runs = ds[()]
            if n_runs == 0:
                continue
            expected = {
                "mean": runs.mean(axis=0),
                "sd": runs.std(axis=0, ddof=1) if n_runs > 1 else np.zeros(len(years)),
            }
            expected["se"] = expected["sd"] / np.sqrt(n_runs)
            for stat, q in PERCENTILES.items():
                expected[stat] = np.percentile(runs, q, axis=0, method="linear")
            for stat in STATS:
                got = sc["summary"][metric][stat][()]
                need(got.shape == (len(years),), f"{root}/summary/{metric}/{stat} has shape {got.shape}")
                need(np.allclose(got, expected[stat], rtol=1e-12, atol=0.0, equal_nan=True),
                     f"{root}/summary/{metric}/{stat} differs from NumPy: {got} vs {expected[stat]}")

    def labelled(path, obj):
        if isinstance(obj, h5py.Dataset):
            for key in ("units", "description"):
                need(isinstance(obj.attrs.get(key), str), f"/{path} attribute {key!r} missing or not str")

    f.visititems(labelled)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    problems = []
    try:
        with h5py.File(argv[1], "r") as f:
            check_study(f, problems)
            if not problems:
                meta = f["meta"].attrs
                print(f"{argv[1]}: povsim {meta['engine_version']} ({meta['git_commit']}), seed {meta['seed']}, "
                      f"{meta['runs']}/{meta['runs_requested']} runs, years {meta['start_year']}-{meta['end_year']}, "
                      f"complete={bool(meta['complete'])}")
                for name, sc in f["scenarios"].items():
                    metrics = list(sc["metrics"].asstr()[()])
                    print(f"  {name}: {len(sc['replication'])} runs, {len(metrics)} metrics "
                          f"({', '.join(metrics)}); {sc.attrs['description']}")
    except (OSError, KeyError, TypeError, ValueError) as e:
        problems.append(f"cannot read: {e}")
    if problems:
        print(f"{argv[1]}: {len(problems)} problem(s)")
        for p in problems:
            print("  " + p)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
