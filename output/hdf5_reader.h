#pragma once
// Reads a study file written by write_study_h5 back into a Study, for `compare`, `report`,
// `budget` and the tests. Files come from users, so every problem — missing, not HDF5,
// truncated, someone else's HDF5, a newer layout, inconsistent shapes — becomes one
// std::runtime_error naming the file and what is wrong, never a crash or an HDF5 trace.
#include "output/study.h"

#include <filesystem>

namespace povsim::output {

/// @brief Reads the whole study in @p path (meta, years, every scenario's text, runs and summaries,
/// its labelled arrays with their summaries when the scenario lists any, and the draws of its
/// uncertain parameters when it has a parameters group).
/// @param[in] path a file written by write_study_h5.
/// @return the study; metric infos come from the runs datasets' `units`/`description` attributes,
///         array infos from `<scenario>/arrays`, each array's `units`/`description`/`dims` attributes and
///         its group's label lists; scenarios, metrics and arrays keep the order they were written in.
/// @throws std::runtime_error "<path>: <what is wrong>" for any unreadable or foreign file.
Study read_study_h5(const std::filesystem::path& path);

} // namespace povsim::output
