#pragma once
// Paired comparisons as long-format CSV, one row per variant × metric × year, for R, pandas
// and spreadsheets (same number spelling as csv_writer.h).
#include "sim/paired_stats.h"

#include <filesystem>
#include <string>
#include <vector>

namespace povsim::output {

/// @brief Writes `variant,baseline,metric,year,mean_baseline,mean_variant,mean_diff,p05,p50,p95,prob_better,
/// unpaired_p05,unpaired_p95,narrowing` rows; undefined values (prob_better of a metric without a
/// favourable direction, narrowing of a zero-width paired interval) are written as NaN.
/// @param[in] path destination; written atomically (temporary sibling, then rename).
/// @param[in] comparisons what to write, in order.
/// @param[in] metrics only these metrics (in each comparison's order); every metric when empty.
/// @throws std::runtime_error naming @p path on an I/O error; the destination is then untouched.
void write_comparison_csv(const std::filesystem::path& path, const std::vector<sim::PairedComparison>& comparisons,
                          const std::vector<std::string>& metrics = {});

} // namespace povsim::output
