#pragma once
// The summary table as long-format CSV (one row per scenario × metric × year), the shape R,
// pandas and spreadsheet pivot tables consume directly. Numbers are written with the fewest
// digits that parse back to the same double, so the CSV can serve as a golden regression file.
#include "output/study.h"

#include <filesystem>
#include <string>

namespace povsim::output {

/// @brief Writes `scenario,metric,units,year,mean,sd,se,p05,p50,p95` rows for every scenario, metric and year.
/// @param[in] path destination; written atomically (temporary sibling, then rename).
/// @param[in] study summaries parallel to each scenario's metrics, one value per year of study.years.
/// @throws std::runtime_error naming @p path on an inconsistent study or an I/O error; the destination is
///         then untouched.
void write_summary_csv(const std::filesystem::path& path, const Study& study);

/// @brief Writes the summary of one labelled array as long-format CSV: header
/// `scenario,year,<dim>,...,units,mean,sd,se,p05,p50,p95` (one column per dimension after year, e.g.
/// programme,source), then one row per scenario × year × label combination in row-major order.
/// @param[in] path destination; written atomically (temporary sibling, then rename).
/// @param[in] study scenarios with array_summary parallel to runs.arrays; scenarios without @p array_path
///            are skipped (labels may differ between scenarios, dimension names may not).
/// @param[in] array_path e.g. "budget/spending".
/// @throws std::runtime_error naming @p path if no scenario has the array, scenarios disagree on its
///         dimension names, a summary does not match its array's shape, or on an I/O error; the
///         destination is then untouched.
void write_array_summary_csv(const std::filesystem::path& path, const Study& study, const std::string& array_path);

/// @brief A CSV field quoted per RFC 4180 when it holds a comma, quote, CR or LF; otherwise unchanged.
/// @param[in] field raw UTF-8 text.
/// @return the field as it must appear in the file.
std::string csv_field(const std::string& field);

/// @brief Shortest decimal text that parses back to exactly @p value; NaN as "NaN", infinities as "Inf"/"-Inf".
/// @param[in] value any double.
/// @return e.g. "0.1", "1e+300", "-0".
std::string csv_number(double value);

} // namespace povsim::output
