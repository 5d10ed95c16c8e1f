#!/usr/bin/python3
"""Check `povsim export` against the study it came from: pandas reads the CSV files, h5py the study.

Usage: read_export.py STUDY.h5 DIR

runs.csv must hold exactly every runs/<metric> value of every scenario (same replications and
years, values equal to the last bit); budget.csv every budget/spending and budget/need value;
parameters.csv every parameters/<key> draw; dictionary.csv every metric, budget column and
parameter once, with units as in the study. Prints the row counts and exits 0, or lists the
problems and exits 1.
"""
import sys

import h5py
import numpy as np
import pandas as pd

from read_study import data_keys, report_problems


def check(study, folder, problems):
    def need(cond, msg):
        if not cond:
            problems.append(msg)
        return cond

    # round_trip: pandas' default fast parser may be one ulp off the shortest text written.
    runs = pd.read_csv(f"{folder}/runs.csv", float_precision="round_trip")
    budget = pd.read_csv(f"{folder}/budget.csv", float_precision="round_trip")
    params = pd.read_csv(f"{folder}/parameters.csv", float_precision="round_trip")
    dictionary = pd.read_csv(f"{folder}/dictionary.csv", keep_default_na=False)
    need(list(runs.columns) == ["scenario", "replication", "year", "metric", "value"], f"runs.csv columns {list(runs.columns)}")
    need(list(budget.columns) == ["scenario", "replication", "year", "programme", "source", "spending", "need"],
         f"budget.csv columns {list(budget.columns)}")
    need(list(params.columns) == ["scenario", "replication", "parameter", "value"], f"parameters.csv columns {list(params.columns)}")
    need(not dictionary["variable"].duplicated().any(), "dictionary.csv lists a variable twice")
    units = dict(zip(dictionary["variable"], dictionary["units"]))

    with h5py.File(study, "r") as f:
        years = f["years"][()]
        n_runs = n_budget = n_params = 0
        for name, sc in f["scenarios"].items():
            reps = sc["replication"][()]
            mine = runs[runs["scenario"] == name]
            for metric in data_keys(sc["runs"]):
                want = sc["runs"][metric][()]
                got = mine[mine["metric"] == metric].pivot(index="replication", columns="year", values="value")
                if need(list(got.index) == list(reps) and list(got.columns) == list(years),
                        f"runs.csv {name}/{metric}: replications or years differ"):
                    need(np.array_equal(got.to_numpy(), want, equal_nan=True), f"runs.csv {name}/{metric}: values differ")
                need(units.get(metric) == sc["runs"][metric].attrs["units"], f"dictionary.csv: units of {metric}")
                n_runs += want.size
            if "budget" in sc:
                b = sc["budget"]
                mine_b = budget[budget["scenario"] == name]
                programmes, sources = list(b["programme"].asstr()[()]), list(b["source"].asstr()[()])
                for column in ("spending", "need"):
                    want = b[column][()]
                    got = mine_b.set_index(["replication", "year", "programme", "source"])[column]
                    index = pd.MultiIndex.from_product([reps, years, programmes, sources])
                    if need(len(got) == want.size, f"budget.csv {name}: {len(got)} rows, expected {want.size}"):
                        need(np.array_equal(got.reindex(index).to_numpy().reshape(want.shape), want),
                             f"budget.csv {name}: {column} differs")
                n_budget += b["spending"].size
            if "parameters" in sc:
                mine_p = params[params["scenario"] == name]
                for key in data_keys(sc["parameters"]):
                    got = mine_p[mine_p["parameter"] == key].set_index("replication")["value"]
                    need(np.array_equal(got.reindex(reps).to_numpy(), sc["parameters"][key][()]),
                         f"parameters.csv {name}/{key}: draws differ")
                    need(key in units, f"dictionary.csv lacks parameter {key}")
                    n_params += len(reps)
        need(len(runs) == n_runs, f"runs.csv has {len(runs)} rows, the study {n_runs} values")
        need(len(budget) == n_budget, f"budget.csv has {len(budget)} rows, the study {n_budget} values")
        need(len(params) == n_params, f"parameters.csv has {len(params)} rows, the study {n_params} draws")
        need(set(dictionary["direction"]) <= {"lower", "higher", "none", ""}, "dictionary.csv: unknown direction")
    return [f"runs.csv {len(runs)} rows, budget.csv {len(budget)}, parameters.csv {len(params)}, "
            f"dictionary.csv {len(dictionary)}"]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    problems = []
    lines = check(argv[1], argv[2], problems)
    if report_problems(argv[2], problems):
        return 1
    print(f"{argv[2]}: export matches {argv[1]}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
