#!/usr/bin/python3
"""Open every group of a povsim study file with xarray (engine h5netcdf) and check its coordinates.

Usage: read_xarray.py FILE.h5

A researcher should get labelled axes with no code of ours:
xr.open_dataset(FILE, group="scenarios/<name>/runs", engine="h5netcdf"). For every group that
holds datasets this opens it, and checks that each data variable has the axes its `dims`
attribute names, that each axis is a coordinate of the group with one value per element, that
`year` equals /years and `run` the scenario's replication indices, and that label axes
(programme, source, ...) come back as str. Prints one line per group opened and exits 0, or
lists the problems and exits 1.
"""
import sys

import h5py
import numpy as np
import xarray as xr

from read_study import check_file


def groups_with_datasets(f):
    found = ["/"] if any(isinstance(v, h5py.Dataset) for v in f.values()) else []

    def visit(name, obj):
        if isinstance(obj, h5py.Group) and any(isinstance(v, h5py.Dataset) for v in obj.values()):
            found.append("/" + name)

    f.visititems(visit)
    return found


def check(f, problems):
    """Opens every group of the study @p f (h5py) with xarray; returns one line per group."""
    path = f.filename
    lines = []
    years = f["years"][()]
    for group in groups_with_datasets(f):
        try:
            ds = xr.open_dataset(path, group=group, engine="h5netcdf")
        except Exception as e:  # xarray and h5netcdf raise many kinds; each is a failure here
            problems.append(f"{group}: xarray cannot open it: {type(e).__name__}: {e}")
            continue
        with ds:
            h5 = f[group]
            for name, var in ds.data_vars.items():
                dims_attr = h5[name].attrs.get("dims")
                want = tuple(dims_attr.split(",")) if dims_attr else (name,)
                if var.dims != want:
                    problems.append(f"{group}/{name}: xarray axes {var.dims}, dims attribute {want}")
            for dim, size in ds.sizes.items():
                if dim not in ds.coords:
                    problems.append(f"{group}: axis {dim} has no coordinate")
                    continue
                coord = ds.coords[dim].values
                if coord.shape != (size,):
                    problems.append(f"{group}: coordinate {dim} has shape {coord.shape}, axis {size}")
                if dim == "year" and not np.array_equal(coord, years):
                    problems.append(f"{group}: year coordinate {coord} differs from /years")
                if dim == "run":
                    scenario = "/".join(group.split("/")[:3])
                    if not np.array_equal(coord, f[scenario]["replication"][()]):
                        problems.append(f"{group}: run coordinate differs from {scenario}/replication")
                if coord.dtype.kind == "O" and not all(isinstance(x, str) for x in coord):
                    problems.append(f"{group}: labels of {dim} are not str")
            lines.append(f"  {group}: {dict(ds.sizes)}")
    return lines


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return check_file(argv[1], check, "xarray opened every group with coordinates")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
