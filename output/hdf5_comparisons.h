#pragma once
// The /comparisons part of a study file: for each variant against the baseline, per metric,
// the paired differences over replications matched by index (common random numbers):
//   /comparisons/<variant>_vs_<baseline>/<metric>/{mean_diff,p05,p95,prob_better}  float64 [year]
// Called by write_study_h5, which owns the file and its atomic commit.
#include "output/study.h"

#include <hdf5.h>

#include <string>

namespace povsim::output {

/// @brief Group name of one comparison under /comparisons.
std::string comparison_group_name(const sim::PairedComparison& c);

/// @brief Checks study.comparisons before anything is written: valid HDF5 names, no two
/// comparisons on one group, years equal to the study's, one PairedStat per year.
/// @throws std::runtime_error naming the comparison and metric at fault.
void validate_comparisons(const Study& study);

/// @brief Writes /comparisons (nothing when study.comparisons is empty); validate_comparisons first.
void write_comparisons(hid_t file, const Study& study);

} // namespace povsim::output
