#!/usr/bin/python3
"""Open a povsim study file the way a researcher would (h5py + NumPy only) and check it.

Usage: read_study.py FILE.h5

Checks that /meta, /years and every scenario are where the documented layout says, that
text comes back as Python str, that every dataset has `units` and `description`, and that
each summary can be recomputed from runs/<metric> with NumPy (mean, sd with ddof=1, se,
type-7 percentiles). Labelled arrays listed in /scenarios/<name>/arrays (absent in files
without arrays) are checked the same way: shape (runs, years, <one axis per label list>) as
named by their `dims` attribute, label lists <dir>/<axis> as long as their axis, and
<dir>/summary/<name>/<stat> recomputed from the runs along axis 0. Every dataset has HDF5
dimension scales, named as its `dims` attribute says, in its own group (so xarray opens any
group with coordinates): `run` equal to the scenario's replication indices and `year` to
/years. Prints a short summary and exits 0, or lists what failed and exits 1.
"""
import sys

import h5py
import numpy as np

STATS = ("mean", "sd", "se", "p05", "p50", "p95")
PERCENTILES = {"p05": 5.0, "p50": 50.0, "p95": 95.0}


def expected_stats(runs):
    """Mean, sd (ddof=1, 0 for one run), se and type-7 percentiles along axis 0 of a non-empty array."""
    n_runs = runs.shape[0]
    expected = {
        "mean": runs.mean(axis=0),
        "sd": runs.std(axis=0, ddof=1) if n_runs > 1 else np.zeros(runs.shape[1:]),
    }
    expected["se"] = expected["sd"] / np.sqrt(n_runs)
    for stat, q in PERCENTILES.items():
        expected[stat] = np.percentile(runs, q, axis=0, method="linear")
    return expected


def is_coordinate(obj):
    """True for the dimension-scale datasets (coordinates) the writer adds beside the data."""
    return isinstance(obj, h5py.Dataset) and obj.attrs.get("CLASS") == b"DIMENSION_SCALE"


def data_keys(group):
    """Names of the members of @p group that are data, not coordinates."""
    return [k for k in group.keys() if not is_coordinate(group[k])]


def check_coordinates(f, path, obj, need):
    """Checks that every axis of dataset @p obj has one dimension scale of the right name and length
    in its own group; run and year scales must equal the replication indices and /years."""
    if is_coordinate(obj):
        return
    axes = obj.attrs["dims"].split(",") if "dims" in obj.attrs else [path.rsplit("/", 1)[-1]]
    if not need(len(axes) == obj.ndim, f"/{path} dims {axes} for {obj.ndim} axes"):
        return
    parent = obj.parent.name
    for k, axis in enumerate(axes):
        scales = list(obj.dims[k].values())
        if not need(len(scales) == 1, f"/{path} axis {k} ({axis}) has {len(scales)} dimension scales"):
            continue
        scale = scales[0]
        need(scale.name == f"{parent.rstrip('/')}/{axis}", f"/{path} axis {k} scale is {scale.name}, not {axis}")
        need(scale.shape == (obj.shape[k],), f"/{path} axis {k} scale {scale.name} has shape {scale.shape}")
        if axis == "year":
            need(np.array_equal(scale[()], f["years"][()]), f"{scale.name} differs from /years")
        if axis == "run":
            scenario = "/".join(parent.split("/")[:3])
            need(np.array_equal(scale[()], f[scenario]["replication"][()]),
                 f"{scale.name} differs from {scenario}/replication")


def check_filters(need, ds, where):
    need(ds.chunks is not None and ds.compression == "gzip" and ds.shuffle and ds.fletcher32,
         f"{where} is not chunked with shuffle + gzip + fletcher32")


def check_arrays(sc, root, n_runs, n_years, need):
    """Checks every labelled array a scenario lists; returns their paths."""
    if "arrays" not in sc:
        return []
    paths = list(sc["arrays"].asstr()[()])
    need(len(set(paths)) == len(paths), f"{root}/arrays lists a path twice")
    for path in paths:
        where = f"{root}/{path}"
        if not need(path in sc and isinstance(sc[path], h5py.Dataset), f"{where} listed but missing"):
            continue
        ds = sc[path]
        directory, _, base = path.rpartition("/")
        group = sc[directory] if directory else sc
        gpath = f"{root}/{directory}" if directory else root
        dims = ds.attrs.get("dims")
        if not need(isinstance(dims, str), f"{where} attribute 'dims' missing or not str"):
            continue
        dims = dims.split(",")
        need(dims[:2] == ["run", "year"], f"{where} dims {dims} do not start with run, year")
        need(ds.ndim == len(dims), f"{where} has {ds.ndim} axes but dims names {len(dims)}")
        need(ds.dtype == np.float64, f"{where} is not float64")
        check_filters(need, ds, where)
        label_lengths = []
        for axis in dims[2:]:
            if not need(axis in group, f"{gpath}/{axis} (labels of {where}) missing"):
                label_lengths.append(-1)
                continue
            labels = list(group[axis].asstr()[()])
            need(all(isinstance(x, str) for x in labels), f"{gpath}/{axis} is not a list of str")
            label_lengths.append(len(labels))
        need(ds.shape == (n_runs, n_years, *label_lengths),
             f"{where} has shape {ds.shape}, expected {(n_runs, n_years, *label_lengths)}")
        runs = ds[()]
        expected = expected_stats(runs) if n_runs > 0 else None
        for stat in STATS:
            spath = f"{gpath}/summary/{base}/{stat}"
            got = sc.get(f"{directory + '/' if directory else ''}summary/{base}/{stat}")
            if not need(isinstance(got, h5py.Dataset), f"{spath} missing"):
                continue
            need(got.attrs.get("dims") == ",".join(dims[1:]), f"{spath} dims is not {','.join(dims[1:])!r}")
            check_filters(need, got, spath)
            got = got[()]
            if not need(got.shape == ds.shape[1:], f"{spath} has shape {got.shape}, expected {ds.shape[1:]}"):
                continue
            if expected is None:
                need(np.isnan(got).all(), f"{spath} is not NaN although there are no runs")
            else:
                need(np.allclose(got, expected[stat], rtol=1e-12, atol=0.0, equal_nan=True),
                     f"{spath} differs from NumPy: {got} vs {expected[stat]}")
    return paths


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
        need(sorted(metrics) == sorted(data_keys(sc["runs"])), f"{root}/metrics does not list runs/*")
        for metric in metrics:
            ds = sc["runs"][metric]
            need(ds.shape == (n_runs, len(years)), f"{root}/runs/{metric} has shape {ds.shape}")
            need(ds.dtype == np.float64, f"{root}/runs/{metric} is not float64")
            need(ds.chunks is not None and ds.compression == "gzip" and ds.shuffle,
                 f"{root}/runs/{metric} is not chunked with shuffle + gzip")
            runs = ds[()]
            if n_runs == 0:
                continue
            expected = expected_stats(runs)
            for stat in STATS:
                got = sc["summary"][metric][stat][()]
                need(got.shape == (len(years),), f"{root}/summary/{metric}/{stat} has shape {got.shape}")
                need(np.allclose(got, expected[stat], rtol=1e-12, atol=0.0, equal_nan=True),
                     f"{root}/summary/{metric}/{stat} differs from NumPy: {got} vs {expected[stat]}")
        check_arrays(sc, root, n_runs, len(years), need)

    def labelled(path, obj):
        if isinstance(obj, h5py.Dataset):
            for key in ("units", "description"):
                need(isinstance(obj.attrs.get(key), str), f"/{path} attribute {key!r} missing or not str")
            check_coordinates(f, path, obj, need)

    f.visititems(labelled)


def report_problems(path, problems):
    """Prints the problems found in @p path; True when there were any (shared by the read_* scripts)."""
    if problems:
        print(f"{path}: {len(problems)} problem(s)")
        for p in problems:
            print("  " + p)
    return bool(problems)


def check_file(path, check, heading):
    """Runs check(f, problems) -> summary lines on the study file @p path opened with h5py.

    Prints the problems, or @p heading and the lines; returns the exit code, 1 on any problem
    (shared by the read_* scripts).
    """
    problems = []
    lines = []
    try:
        with h5py.File(path, "r") as f:
            lines = check(f, problems)
    except (OSError, KeyError, TypeError, ValueError) as e:
        problems.append(f"cannot read: {e}")
    if report_problems(path, problems):
        return 1
    print(f"{path}: {heading}")
    print("\n".join(lines))
    return 0


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
                    arrays = list(sc["arrays"].asstr()[()]) if "arrays" in sc else []
                    print(f"  {name}: {len(sc['replication'])} runs, {len(metrics)} metrics "
                          f"({', '.join(metrics)}), {len(arrays)} arrays"
                          f"{' (' + ', '.join(arrays) + ')' if arrays else ''}; {sc.attrs['description']}")
    except (OSError, KeyError, TypeError, ValueError) as e:
        problems.append(f"cannot read: {e}")
    if report_problems(argv[1], problems):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
