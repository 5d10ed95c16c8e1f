#!/usr/bin/python3
"""Read the parameter draws of one scenario of a povsim study file as a researcher would (h5py + NumPy).

Usage: read_parameters.py FILE.h5 SCENARIO [KEY=LOW:HIGH ...]

With keys: /scenarios/SCENARIO/parameters must hold exactly those datasets, in that order, each
float64 of shape (runs,) where runs = len(/scenarios/SCENARIO/replication), chunked with
shuffle + gzip + fletcher32, with str attributes `units`, `description` (naming its
distribution, e.g. "uniform(0.04, 0.08)") and `dims` = "run", every value within [LOW, HIGH]
and not all equal. Without keys: the scenario must have no parameters group. Prints one line
per key (name, units, min, max) and exits 0, or lists what failed and exits 1.
"""
import sys

import numpy as np

from read_study import check_file, check_filters, data_keys


def check_parameters(f, name, expected, problems):
    """Checks the parameters group of scenario @p name against {key: (low, high)}; returns summary lines."""
    def need(cond, msg):
        if not cond:
            problems.append(msg)
        return cond

    root = f"/scenarios/{name}"
    if not need(name in f["scenarios"], f"{root} missing"):
        return []
    sc = f["scenarios"][name]
    if not expected:
        need("parameters" not in sc, f"{root}/parameters exists although no key is uncertain")
        return []
    if not need("parameters" in sc, f"{root}/parameters missing"):
        return []
    g = sc["parameters"]
    need(data_keys(g) == list(expected), f"{root}/parameters holds {data_keys(g)}, expected {list(expected)}")
    n_runs = len(sc["replication"])
    lines = []
    for key, (low, high) in expected.items():
        where = f"{root}/parameters/{key}"
        if not need(key in g, f"{where} missing"):
            continue
        ds = g[key]
        need(ds.dtype == np.float64, f"{where} is not float64")
        need(ds.shape == (n_runs,), f"{where} has shape {ds.shape}, expected ({n_runs},)")
        check_filters(need, ds, where)
        units, description = ds.attrs.get("units"), ds.attrs.get("description")
        need(isinstance(units, str) and units != "", f"{where} attribute 'units' missing or not str")
        need(isinstance(description, str) and "drawn once per replication from " in description,
             f"{where} description {description!r} does not name its distribution")
        need(ds.attrs.get("dims") == "run", f"{where} dims is not 'run'")
        values = ds[()]
        need(np.all((values >= low) & (values <= high)), f"{where} values {values} outside [{low}, {high}]")
        need(n_runs < 2 or len(np.unique(values)) > 1, f"{where} is the same in every replication")
        if len(values):
            lines.append(f"  {key} [{units}]: {values.min():.6g} to {values.max():.6g} over {n_runs} runs")
    return lines


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    expected = {}
    for arg in argv[3:]:
        key, _, bounds = arg.partition("=")
        low, _, high = bounds.partition(":")
        expected[key] = (float(low), float(high))
    return check_file(argv[1], lambda f, problems: check_parameters(f, argv[2], expected, problems),
                      f"{argv[2]}: {len(expected)} uncertain parameters")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
