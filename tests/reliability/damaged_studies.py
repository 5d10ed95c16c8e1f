#!/usr/bin/python3
"""Generate a corpus of damaged study files for compare/report/budget/export (issue 13).

Usage:
    /usr/bin/python3 tests/reliability/damaged_studies.py POVSIM OUT_DIR

It first runs `POVSIM run tests/data/tiny.toml tests/data/tiny_variant.toml --runs 3 -q -o
OUT_DIR/good.h5` (two scenarios, `tiny` the baseline and `tiny_budget_cut` the variant, three
replications), then writes damaged copies OUT_DIR/<class>__<name>.h5:

  truncate      the file cut at fixed offsets and fractions
  flip, zero    bytes inverted or zeroed: superblock, object headers, compressed chunks, the
                global heap holding strings, random places (seeded)
  not_hdf5      text, empty, random bytes, a folder, symbolic links to /dev/zero and to nothing
  other_hdf5    valid HDF5 that is not a povsim study, or only half of one
  missing       a group, dataset or label list removed (h5py)
  attr          an attribute of /meta or of a scenario removed or of the wrong type or value
  shape         datasets whose shapes disagree (runs × years, replication ids, labels)
  dtype         datasets of the wrong element type
  values        NaN, ±Inf, 1e308, negative money, years out of order
  ids           duplicate, negative, huge, unsorted, disjoint replication ids
  huge          a dataset declaring 2^28…2^40 elements, chunked and never written (small file)
  scenario_text the stored scenario text not TOML, too deep, or of the wrong types
  link          soft, external and hard links that dangle or loop; a group where a dataset is

What counts as a pass (checked by run_corpus.py): each of `compare -q`, `report -o`, `budget -o`
and `export -o` exits 2 with a message naming the file and what is wrong, leaves no output; or,
for a file that is still a readable study (a flipped byte in a string, `complete = 0`), exits 0.
Never a signal, exit 1, a hang, or a half-written output. Given the same good.h5 the corpus is
the same on every run (random flips use fixed seeds).
"""
import gzip
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
S, V = "scenarios/tiny", "scenarios/tiny_budget_cut"
M = "n_registered_poor"
SCALE_ATTRS = ("DIMENSION_LIST", "REFERENCE_LIST")


def make_good(povsim, out):
    good = out / "good.h5"
    good.unlink(missing_ok=True)
    cmd = [povsim, "run", str(ROOT / "tests/data/tiny.toml"), str(ROOT / "tests/data/tiny_variant.toml"),
           "--runs", "3", "-q", "-o", str(good)]
    subprocess.run(cmd, check=True, timeout=600)
    return good


class Corpus:
    def __init__(self, good, out):
        self.good, self.out, self.data, self.names = good, out, good.read_bytes(), []

    def path(self, name):
        assert name not in self.names, name
        self.names.append(name)
        return self.out / f"{name}.h5"

    def raw(self, name, data):
        self.path(name).write_bytes(data)

    def edit(self, name, fn):
        """A copy of good.h5 changed by fn(h5py.File)."""
        p = self.path(name)
        shutil.copyfile(self.good, p)
        with h5py.File(p, "r+") as f:
            fn(f)

    def new(self, name, fn, **kw):
        """A fresh HDF5 file written by fn(h5py.File)."""
        with h5py.File(self.path(name), "w", **kw) as f:
            fn(f)


def replace(f, path, data=None, **kw):
    """Recreate dataset `path` with new data or a declared shape, keeping its plain attributes."""
    old = f[path]
    attrs = {k: v for k, v in old.attrs.items() if k not in SCALE_ATTRS}
    del f[path]
    d = f.create_dataset(path, data=data, **kw)
    for k, v in attrs.items():
        d.attrs[k] = v
    return d


def setattr_(path, key, value):
    def fn(f):
        f[path].attrs[key] = value
    return fn


def delete(*paths):
    def fn(f):
        for p in paths:
            del f[p]
    return fn


def data_with(path, change):
    """fn that rewrites dataset `path` with change(array) applied."""
    def fn(f):
        a = change(f[path][()])
        kw = {"dtype": h5py.string_dtype()} if a.dtype == object else {}
        if a.size == 0:
            kw.update(chunks=(1,) * a.ndim, maxshape=(None,) * a.ndim)
        replace(f, path, a, compression="gzip", **kw)
    return fn


def chunk_offset(good, path):
    with h5py.File(good) as f:
        info = f[path].id.get_chunk_info(0)
        return info.byte_offset, info.size


def flipped(data, offsets, how="flip"):
    b = bytearray(data)
    for o in offsets:
        o %= len(b)
        b[o] = 0 if how == "zero" else b[o] ^ 0xFF
    return bytes(b)


def bytes_cases(c):
    d, n = c.data, len(c.data)
    for name, at in [("0", 0), ("1", 1), ("7", 7), ("8", 8), ("48", 48), ("100", 100), ("512", 512),
                     ("2048", 2048), ("8192", 8192), ("10pct", n // 10), ("25pct", n // 4), ("50pct", n // 2),
                     ("75pct", 3 * n // 4), ("90pct", 9 * n // 10), ("minus_4096", n - 4096), ("minus_1", n - 1)]:
        c.raw(f"truncate__at_{name}", d[:at])
    sb = {"signature": 0, "version": 8, "offset_size": 9, "eof_address": 30, "root_address": 38,
          "checksum": 46, "root_header": 52}
    for name, at in sb.items():
        c.raw(f"flip__superblock_{name}", flipped(d, [at]))
    for name, at in [("100", 100), ("1000", 1000), ("4096", 4096), ("25pct", n // 4), ("50pct", n // 2),
                     ("75pct", 3 * n // 4), ("minus_100", -100), ("minus_1", -1)]:
        c.raw(f"flip__byte_at_{name}", flipped(d, [at]))
    for name, path in [("years", "years"), ("replication", f"{S}/replication"), ("runs", f"{S}/runs/{M}"),
                       ("spending", f"{S}/budget/spending"), ("metrics_heap_ids", f"{S}/metrics")]:
        off, size = chunk_offset(c.good, path)
        c.raw(f"flip__chunk_{name}", flipped(d, [off + size // 2]))
    gcol = d.find(b"GCOL")
    name_at = d.find(b"n_registered_poor_persons", gcol)
    c.raw("flip__global_heap_string", flipped(d, [name_at + 3]))
    for k in range(1, 6):
        rnd = random.Random(k)
        c.raw(f"flip__random_16_bytes_seed{k}", flipped(d, [rnd.randrange(n) for _ in range(16)]))
    for name, at in [("first_4k", 0), ("second_4k", 4096), ("mid_4k", n // 2), ("last_4k", n - 4096)]:
        c.raw(f"zero__{name}", flipped(d, range(at, at + 4096), "zero"))
    c.raw("zero__second_half", d[: n // 2] + bytes(n - n // 2))
    c.raw("zero__all_but_signature", d[:8] + bytes(n - 8))


def not_hdf5_cases(c):
    c.raw("not_hdf5__text", b"this is not a study file\n")
    c.raw("not_hdf5__empty", b"")
    c.raw("not_hdf5__random_64k", random.Random(7).randbytes(65536))
    c.raw("not_hdf5__scenario_toml", (ROOT / "tests/data/tiny.toml").read_bytes())
    c.raw("not_hdf5__gzip_of_study", gzip.compress(c.data[:1 << 20], mtime=0))
    c.raw("not_hdf5__signature_only", c.data[:8])
    c.path("not_hdf5__directory").mkdir()
    os.symlink("/dev/zero", c.path("not_hdf5__symlink_dev_zero"))
    os.symlink("no_such_target.h5", c.path("not_hdf5__dangling_symlink"))


def other_hdf5_cases(c):
    c.new("other_hdf5__empty", lambda f: None)
    c.new("other_hdf5__unrelated_datasets", lambda f: (f.create_dataset("x", data=np.arange(10)),
                                                       f.create_group("g").attrs.__setitem__("a", 1)))

    def meta_only(f):
        m = f.create_group("meta")
        m.attrs.update({"format": "povsim-study", "format_version": 1, "seed": 42, "runs": 3,
                        "start_year": 2016, "end_year": 2022, "complete": 1})
    c.new("other_hdf5__meta_only", meta_only)

    def empty_scenarios(f):
        meta_only(f)
        f["years"] = np.arange(2016, 2023, dtype="int32")
        f.create_group("scenarios")
    c.new("other_hdf5__no_scenarios", empty_scenarios)

    def many_empty(f):
        empty_scenarios(f)
        for i in range(1000):
            f.create_group(f"scenarios/s{i:04d}")
    c.new("other_hdf5__1000_empty_scenarios", many_empty)

    # HDF5 finds a superblock at 512, 1024, … too, with what precedes it as a user block: readable
    c.raw("other_hdf5__userblock_512_prepended", b"#" * 511 + b"\n" + c.data)


def h5py_cases(c):
    E = c.edit
    for name, paths in [("meta", ["meta"]), ("years", ["years"]), ("scenarios", ["scenarios"]),
                        ("baseline", [S]), ("variant", [V]), ("replication", [f"{S}/replication"]),
                        ("runs_metric", [f"{S}/runs/{M}"]), ("runs_new_spending", [f"{S}/runs/new_spending"]),
                        ("runs_group", [f"{S}/runs"]), ("metrics_list", [f"{S}/metrics"]),
                        ("summary", [f"{S}/summary"]), ("budget", [f"{S}/budget"]),
                        ("budget_spending", [f"{S}/budget/spending"]), ("budget_programme", [f"{S}/budget/programme"]),
                        ("budget_source", [f"{S}/budget/source"]), ("registry", [f"{S}/registry"]),
                        ("comparisons", ["comparisons"]), ("run_axis", [f"{S}/runs/run"]),
                        ("variant_replication", [f"{V}/replication"])]:
        E(f"missing__{name}", delete(*paths))

    meta = "meta"
    for name, key, value in [("format_other", "format", "not-povsim"), ("format_version_999", "format_version", 999),
                             ("format_version_string", "format_version", "1"), ("seed_string", "seed", "42"),
                             ("seed_negative", "seed", np.int64(-1)), ("seed_float", "seed", 42.5),
                             ("seed_array", "seed", np.array([42, 43])), ("seed_uint64_max", "seed", np.uint64(2**64 - 1)),
                             ("start_after_end", "start_year", 2030), ("start_year_string", "start_year", "2016"),
                             ("end_year_mismatch", "end_year", 2025), ("runs_zero", "runs", 0),
                             ("runs_huge", "runs", 10**12), ("complete_zero", "complete", 0),
                             ("created_utc_bytes", "created_utc", np.bytes_(b"\xff\xfe"))]:
        E(f"attr__{name}", setattr_(meta, key, value))
    for key in ("format", "format_version", "seed", "complete", "start_year"):
        E(f"attr__{key}_removed", lambda f, k=key: f[meta].attrs.__delitem__(k))
    E("attr__meta_all_removed", lambda f: [f[meta].attrs.__delitem__(k) for k in list(f[meta].attrs)])
    E("attr__scenario_text_removed", lambda f: f[S].attrs.__delitem__("scenario_text"))
    E("attr__scenario_text_int", setattr_(S, "scenario_text", 42))
    E("attr__scenario_text_empty", setattr_(S, "scenario_text", ""))
    E("attr__scenario_text_invalid_utf8", setattr_(S, "scenario_text", np.bytes_(b"[scenario]\nname = '\xff\xfe'\n")))
    E("attr__description_removed", lambda f: f[S].attrs.__delitem__("description"))
    E("attr__command_line_1mib", setattr_(meta, "command_line", "x" * (1 << 20)))

    R, Y = f"{S}/runs/{M}", "years"
    E("shape__runs_fewer_rows", data_with(R, lambda a: a[:2]))
    E("shape__runs_more_rows", data_with(R, lambda a: np.vstack([a, a])))
    E("shape__runs_zero_rows", data_with(R, lambda a: a[:0]))
    E("shape__runs_fewer_years", data_with(R, lambda a: a[:, :6]))
    E("shape__runs_1d", data_with(R, lambda a: a.ravel()))
    E("shape__runs_3d", data_with(R, lambda a: a[:, :, None]))
    E("shape__runs_scalar", lambda f: replace(f, R, np.float64(1.0), chunks=None))
    E("shape__years_shorter", data_with(Y, lambda a: a[:6]))
    E("shape__years_longer", data_with(Y, lambda a: np.append(a, 2023)))
    E("shape__years_empty", data_with(Y, lambda a: a[:0]))
    E("shape__years_2d", data_with(Y, lambda a: a[None, :]))
    E("shape__replication_empty", data_with(f"{S}/replication", lambda a: a[:0]))
    E("shape__replication_longer", data_with(f"{S}/replication", lambda a: np.arange(5, dtype="int32")))
    E("shape__metrics_extra_name", data_with(f"{S}/metrics", lambda a: np.append(a, b"no_such_metric").astype(object)))
    E("shape__metrics_empty", data_with(f"{S}/metrics", lambda a: a[:0]))
    E("shape__spending_rank3", data_with(f"{S}/budget/spending", lambda a: a[:, :, :, 0]))
    E("shape__spending_fewer_programmes", data_with(f"{S}/budget/spending", lambda a: a[:, :, :1, :]))
    E("shape__programme_labels_extra", data_with(f"{S}/budget/programme", lambda a: np.append(a, b"ghost").astype(object)))
    E("shape__variant_fewer_runs", lambda f: [data_with(p, lambda a: a[:2])(f) for p in
                                              [f"{V}/replication"] + [f"{V}/runs/{k}" for k in f[f"{V}/runs"] if k not in ("run", "year")]])
    E("dtype__years_float", data_with(Y, lambda a: a.astype("float64") + 0.5))
    E("dtype__years_strings", data_with(Y, lambda a: a.astype(str).astype(object)))
    E("dtype__runs_int32", data_with(R, lambda a: a.astype("int32")))
    E("dtype__runs_strings", data_with(R, lambda a: a.astype(str).astype(object)))
    E("dtype__replication_float", data_with(f"{S}/replication", lambda a: a + 0.5))
    E("dtype__replication_int8", data_with(f"{S}/replication", lambda a: a.astype("int8")))
    E("dtype__metrics_integers", data_with(f"{S}/metrics", lambda a: np.arange(len(a))))

    def put(path, where, value):
        def change(a):
            a = a.copy()
            a[where] = value
            return a
        return data_with(path, change)
    E("values__runs_nan_cell", put(R, (1, 3), np.nan))
    E("values__runs_all_nan", put(R, Ellipsis, np.nan))
    E("values__runs_inf", put(R, (0, 0), np.inf))
    E("values__runs_minus_inf", put(R, (2, 6), -np.inf))
    E("values__spending_nan", put(f"{S}/budget/spending", (0, 1, 0, 0), np.nan))
    E("values__spending_1e308", put(f"{S}/budget/spending", Ellipsis, 1e308))
    E("values__spending_negative", put(f"{S}/budget/spending", (1, 2, 1, 0), -1e9))
    E("values__new_spending_inf", put(f"{S}/runs/new_spending", (0, 0), np.inf))
    E("values__summary_nan", put(f"{S}/summary/{M}/mean", Ellipsis, np.nan))
    E("values__years_not_consecutive", put(Y, 3, 2030))
    E("values__years_descending", data_with(Y, lambda a: a[::-1].copy()))
    E("values__years_duplicate", put(Y, 1, 2016))
    E("values__years_int32_min", put(Y, 0, np.iinfo("int32").min))

    Rep = f"{S}/replication"
    for name, ids in [("duplicate", [0, 0, 1]), ("negative", [-1, 0, 1]), ("huge", [2**31 - 1, 0, 1]),
                      ("unsorted", [2, 0, 1]), ("int32_min", [np.iinfo("int32").min, 0, 1])]:
        E(f"ids__{name}", data_with(Rep, lambda a, v=ids: np.array(v, dtype="int32")))
    E("ids__variant_disjoint", data_with(f"{V}/replication", lambda a: a + 10))
    E("ids__variant_duplicate", data_with(f"{V}/replication", lambda a: np.zeros_like(a)))

    for name, path, shape, chunks, dtype in [
            ("replication_2pow28", Rep, (2**28,), (2**16,), "int32"),
            ("replication_2pow40", Rep, (2**40,), (2**16,), "int32"),
            ("runs_2pow40_rows", R, (2**40, 7), (4096, 7), "float64"),
            ("runs_2pow20_years", R, (3, 2**20), (3, 4096), "float64"),
            ("years_2pow32", Y, (2**32,), (2**16,), "int32"),
            ("metrics_2pow30_names", f"{S}/metrics", (2**30,), (4096,), h5py.string_dtype()),
            ("spending_2pow40_rows", f"{S}/budget/spending", (2**40, 7, 2, 8), (64, 7, 2, 8), "float64"),
            ("programme_labels_2pow32", f"{S}/budget/programme", (2**32,), (4096,), h5py.string_dtype())]:
        E(f"huge__{name}", lambda f, p=path, s=shape, ch=chunks, dt=dtype:
          replace(f, p, shape=s, chunks=ch, dtype=dt, maxshape=(None,) * len(s), compression="gzip"))

    base_text = h5py.File(c.good)[S].attrs["scenario_text"]
    for name, text in [("not_toml", "this is [not toml = = \n"), ("parser_hazard", "[.zeta]\nx = 1\n"),
                       ("dotted_10000_deep", "a." * 9999 + "a = 1\n"),
                       ("array_10000_deep", "x = " + "[" * 10000 + "]" * 10000 + "\n"),
                       ("wrong_types", base_text.replace("name = 'tiny'", "name = 42", 1)),
                       ("label_not_string", base_text.replace("label = '低保兜底 dibao'", "label = 42", 1)),
                       ("nul_byte_fixed_length", np.bytes_(b"[scenario]\nname = 'a\x00b'\n"))]:
        E(f"scenario_text__{name}", setattr_(S, "scenario_text", text))
    vtext = h5py.File(c.good)[V].attrs["scenario_text"]
    E("scenario_text__variant_bad_target_role", setattr_(V, "scenario_text", vtext.replace("role = 'check'", "role = 'bogus'")))
    E("scenario_text__variant_target_unknown_metric", setattr_(V, "scenario_text", vtext.replace(
        "metric = 'n_registered_poor'", "metric = 'no_such_metric'")))

    def swap(path, link):
        def fn(f):
            del f[path]
            f[path] = link(f) if callable(link) else link
        return fn
    E("link__dangling_soft_runs_metric", swap(R, h5py.SoftLink("/nowhere")))
    E("link__external_missing_file", swap(R, h5py.ExternalLink("no_such_file.h5", "/x")))
    E("link__external_to_itself", swap(R, h5py.ExternalLink("link__external_to_itself.h5", "/" + R)))
    E("link__soft_cycle", lambda f: f[f"{S}/runs"].__setitem__("loop", h5py.SoftLink(f"/{S}/runs/loop")))
    E("link__hard_cycle_in_runs", lambda f: f[f"{S}/runs"].__setitem__("loop", f[S]))
    E("link__metric_is_group", lambda f: (f.__delitem__(R), f.create_group(R)))
    E("link__meta_is_dataset", swap("meta", np.arange(3)))
    E("link__replication_is_group", lambda f: (f.__delitem__(Rep), f.create_group(Rep)))
    E("link__scenarios_is_dataset", swap("scenarios", np.arange(3)))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    povsim, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for p in out.glob("*__*.h5"):
        shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
    c = Corpus(make_good(povsim, out), out)
    bytes_cases(c)
    not_hdf5_cases(c)
    other_hdf5_cases(c)
    h5py_cases(c)
    print(f"wrote {len(c.names)} damaged studies to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
