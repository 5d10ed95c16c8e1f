#pragma once
// netCDF-style coordinates for a study file, so that xarray (engine "h5netcdf") and netCDF
// readers open any group with labelled axes and no code of ours.
//
// Every dataset names its axes in its `dims` attribute ("run,year,programme,source"). After the
// whole file is written, each group receives a coordinate dataset per axis its datasets use —
// the group's own label list where it has one (budget/programme), otherwise a copy of the nearest
// one above it (run ← the scenario's `replication`, year ← `/years`), otherwise a 0..n-1 index —
// and every dataset has those HDF5 dimension scales attached. A 1-D dataset without `dims` (a
// label list such as `metrics`) is its own coordinate.
#include "output/h5_handles.h"

namespace povsim::output {

/// @brief Gives every dataset of @p file its dimension scales (see the file comment).
/// @throws std::runtime_error naming the dataset when an N-D dataset has no `dims`, the attribute
/// names a different number of axes than the dataset has, or a coordinate's length differs from the axis.
void attach_dimension_scales(hid_t file);

} // namespace povsim::output
