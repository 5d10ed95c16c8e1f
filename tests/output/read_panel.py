#!/usr/bin/python3
"""Read the household panels of a povsim study file as a researcher would (h5py + NumPy) and check them.

Usage: read_panel.py FILE.h5 HOUSEHOLDS

HOUSEHOLDS is the --households value the file was written with. For every scenario, the
group /scenarios/<name>/households must be a long table: equal-length 1-D columns (int32 or
float32, chunked, shuffle + gzip + fletcher32) in the order of its `columns` attribute,
each with `units` and `description`, code and flag columns with `labels` ("0=a;1=b") that
name every value present. Rows are periods (base year, then every year of /years) times
households, the same households in every period and every scenario; its replication is
one of the scenario's runs. When the panel holds every household, the yearly counts of
registered, exited, monitored and living households equal runs/<metric> of that
replication. Prints a summary and exits 0, or lists what failed and exits 1.
"""
import sys

import h5py
import numpy as np

from read_study import data_keys, report_problems

# statuses on the registry (labels of the status column): registered_poor, returned, new_poor
REGISTERED = ("registered_poor", "returned", "new_poor")


def parse_labels(text):
    codes = {}
    for item in text.split(";"):
        code, _, name = item.partition("=")
        codes[int(code)] = name
    return codes


def check_panel(f, name, sc, requested, need):
    root = f"/scenarios/{name}/households"
    g = sc["households"]
    columns = g.attrs.get("columns", "").split(",")
    need(data_keys(g) == columns, f"{root}: members {data_keys(g)} are not the `columns` attribute {columns}")
    need(sorted(g) == sorted(columns + ["row"]), f"{root}: the only coordinate is not `row`: {list(g)}")
    frame = {k: g[k][:] for k in columns if k in g}  # what the README's pd.DataFrame receives
    lengths = {k: v.shape for k, v in frame.items()}
    if not need(len(set(lengths.values())) == 1 and all(len(s) == 1 for s in lengths.values()),
                f"{root}: columns are not equal-length 1-D arrays: {lengths}"):
        return None
    for k in frame:
        ds, where = g[k], f"{root}/{k}"
        need(ds.dtype in (np.int32, np.float32), f"{where} is {ds.dtype}, not int32 or float32")
        need(ds.chunks is not None and ds.compression == "gzip" and ds.shuffle and ds.fletcher32,
             f"{where} is not chunked with shuffle + gzip + fletcher32")
        if ds.attrs.get("units") in ("code", "flag"):
            labels = ds.attrs.get("labels")
            if need(isinstance(labels, str), f"{where} has no `labels`"):
                codes = parse_labels(labels)
                need(set(np.unique(frame[k])) <= set(codes), f"{where} holds codes missing from its labels {labels}")

    years = f["years"][()]
    n = int(g.attrs["households"])
    total = int(g.attrs["households_total"])
    need(n == min(requested, total), f"{root}: {n} households, expected min({requested}, {total})")
    periods = np.concatenate(([years[0] - 1], years))
    need(int(g.attrs["periods"]) == len(periods), f"{root}: attribute periods is not {len(periods)}")
    period, ids = frame["period"], frame["household_id"]
    if not need(len(period) == len(periods) * n, f"{root}: {len(period)} rows, expected {len(periods)} x {n}"):
        return None
    need((period.reshape(len(periods), n) == periods[:, None]).all(), f"{root}: periods are not {periods} in blocks")
    ids = ids.reshape(len(periods), n)
    need((ids == ids[0]).all(), f"{root}: the households change from period to period")
    need(len(np.unique(ids[0])) == n and ids[0].min() >= 0 and ids[0].max() < total, f"{root}: bad household ids")

    replication = int(g.attrs["replication"])
    reps = list(sc["replication"][()])
    if not need(replication in reps, f"{root}: replication {replication} is not among the runs {reps}"):
        return ids[0]
    if n == total:
        run = reps.index(replication)
        status_names = parse_labels(g["status"].attrs["labels"])
        status = np.vectorize(status_names.get)(frame["status"]).reshape(len(periods), n)[1:]
        monitor = frame["monitor"].reshape(len(periods), n)[1:]
        alive = status != "dissolved"
        counts = {
            "n_registered_poor": np.isin(status, REGISTERED).sum(axis=1),
            "n_exited": (status == "exited").sum(axis=1),
            "n_monitored": ((monitor != 0) & alive).sum(axis=1),
            "n_households": alive.sum(axis=1),
            "n_persons": np.where(alive, frame["size"].reshape(len(periods), n)[1:], 0).sum(axis=1),
        }
        for metric, got in counts.items():
            want = sc["runs"][metric][run]
            need(np.array_equal(got, want), f"{root}: yearly {metric} {got} differ from runs/{metric} {want}")
    return ids[0]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    problems = []

    def need(cond, msg):
        if not cond:
            problems.append(msg)
        return cond

    try:
        with h5py.File(argv[1], "r") as f:
            households = {}
            for name, sc in f["scenarios"].items():
                if need("households" in sc, f"/scenarios/{name}/households missing"):
                    households[name] = check_panel(f, name, sc, int(argv[2]), need)
            samples = [ids for ids in households.values() if ids is not None]
            need(all(np.array_equal(s, samples[0]) for s in samples), "scenarios follow different households")
            if not problems:
                for name, sc in f["scenarios"].items():
                    g = sc["households"]
                    last = g["status"][-int(g.attrs["households"]):]
                    labels = parse_labels(g["status"].attrs["labels"])
                    print(f"{name}: replication {g.attrs['replication']}, {g.attrs['households']} of "
                          f"{g.attrs['households_total']} households x {g.attrs['periods']} periods, "
                          f"{len(g)} columns; last period: "
                          + ", ".join(f"{labels[c]} {int((last == c).sum())}" for c in sorted(set(last))))
    except (OSError, KeyError, TypeError, ValueError) as e:
        problems.append(f"cannot read: {e!r}")
    if report_problems(argv[1], problems):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
