#pragma once
// Writes one study (every scenario of one `run` command) to one HDF5 file, laid out as
// SPEC §11 / STYLE §5.7 describe, so a researcher can open it with h5py and find every array
// labelled with units and a description without reading our code. The file appears whole or
// not at all (AtomicFile).
#include "output/study.h"

#include <filesystem>

namespace povsim::output {

/// @brief Layout version written to /meta `format_version`; bump on incompatible layout changes.
inline constexpr int study_format_version = 1;

/// @brief Value of /meta `format`, by which the reader tells a study file from other HDF5 files.
inline constexpr const char* study_format_name = "povsim-study";

/// @brief Writes @p study to @p path atomically (temporary sibling, then rename).
/// @param[in] path destination; an existing file there is replaced only on success.
/// @param[in] study what to write; every cube must be [metrics × years] and summaries parallel to metrics;
///            array_runs[a][r] and array_summary[a] must match each ArrayInfo (layout: array_layout.h),
///            and arrays sharing a group must agree on the labels of a dimension they share.
/// @throws std::runtime_error naming @p path and the problem (inconsistent study, I/O error); the
///         destination is then untouched and no temporary file remains.
void write_study_h5(const std::filesystem::path& path, const Study& study);

} // namespace povsim::output
