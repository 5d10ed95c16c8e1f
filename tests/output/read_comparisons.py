#!/usr/bin/python3
"""Check the /comparisons group of a povsim study file with h5py + NumPy only.

Usage: read_comparisons.py FILE.h5

Every scenario after the first must have /comparisons/<variant>_vs_<baseline> (attributes variant,
baseline, n_pairs), and each of its metrics mean_diff, p05, p95 and prob_better [year], chunked
with shuffle + gzip + fletcher32 and labelled with units and description, equal to what NumPy
computes from the two scenarios' runs/<metric> paired by /scenarios/<name>/replication.
prob_better is the share of strictly favourable differences in the direction named by the
metric group's `better` attribute, and NaN when it is "none". Prints one line per comparison
and exits 0, or lists the problems and exits 1.
"""
import sys

import numpy as np

from read_study import check_file


def paired_runs(sc, metric):
    """runs/<metric> of one scenario, rows sorted by replication index."""
    order = np.argsort(sc["replication"][()])
    return sc["runs"][metric][()][order]


def check(f, problems):
    def need(cond, msg):
        if not cond:
            problems.append(msg)
        return cond

    names = list(f["scenarios"].keys())
    if not need("comparisons" in f, "/comparisons missing"):
        return []
    base_name = names[0]
    base = f["scenarios"][base_name]
    lines = []
    for variant_name in names[1:]:
        group = f"{variant_name}_vs_{base_name}"
        root = f"/comparisons/{group}"
        if not need(group in f["comparisons"], f"{root} missing"):
            continue
        g = f["comparisons"][group]
        need(g.attrs.get("variant") == variant_name and g.attrs.get("baseline") == base_name,
             f"{root} attributes variant/baseline are wrong")
        variant = f["scenarios"][variant_name]
        need(np.array_equal(np.sort(base["replication"][()]), np.sort(variant["replication"][()])),
             f"{root}: the two scenarios hold different replications")
        need(g.attrs.get("n_pairs") == len(base["replication"]), f"{root} n_pairs is wrong")
        metrics = list(g.keys())
        need(sorted(metrics) == sorted(base["metrics"].asstr()[()]), f"{root} does not hold every metric")
        for metric in metrics:
            mg = g[metric]
            diff = paired_runs(variant, metric) - paired_runs(base, metric)
            better = mg.attrs.get("better")
            if not need(better in ("lower", "higher", "none"), f"{root}/{metric} attribute better is {better!r}"):
                continue
            if better == "none":
                prob = np.full(diff.shape[1], np.nan)
            else:
                prob = ((diff < 0) if better == "lower" else (diff > 0)).mean(axis=0)
            expected = {
                "mean_diff": diff.mean(axis=0),
                "p05": np.percentile(diff, 5.0, axis=0, method="linear"),
                "p95": np.percentile(diff, 95.0, axis=0, method="linear"),
                "prob_better": prob,
            }
            for stat, want in expected.items():
                where = f"{root}/{metric}/{stat}"
                if not need(stat in mg, f"{where} missing"):
                    continue
                ds = mg[stat]
                need(ds.chunks is not None and ds.compression == "gzip" and ds.shuffle and ds.fletcher32,
                     f"{where} is not chunked with shuffle + gzip + fletcher32")
                for key in ("units", "description"):
                    need(isinstance(ds.attrs.get(key), str) and ds.attrs[key], f"{where} attribute {key!r} missing")
                got = ds[()]
                need(got.shape == want.shape and np.allclose(got, want, rtol=1e-12, atol=1e-9, equal_nan=True),
                     f"{where} differs from NumPy: {got} vs {want}")
        lines.append(f"  {group}: {len(metrics)} metrics, {g.attrs.get('n_pairs')} pairs")
    return lines


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return check_file(argv[1], check, "comparisons match NumPy")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
