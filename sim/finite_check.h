#pragma once
// Every result cell a study stores must be a finite number: an Inf or NaN (e.g. a cost of 1e308
// yuan summed over households) would pass through the summaries, the workbook and the report as
// "inf" without a word. This lists each such cell, so the caller can say where and refuse.
#include "sim/result_cube.h"

#include <cstddef>
#include <string>
#include <vector>

namespace povsim::sim {

/// @brief One line per metric, labelled-array or parameter cell of @p set that is NaN or ±Inf in
/// at least one run, e.g. "scenario 'jinghe': metric 'cum_spending' in 2017: Inf in 100 of 100 runs",
/// "scenario 'jinghe': array 'budget/spending' [2017, programme=dibao, source=central]: NaN in 3 of
/// 100 runs". Summaries are not read: they follow from the runs.
/// @param[in] set the runs of one scenario
/// @param[in] scenario its name, for the messages
/// @param[in] max_lines at most this many cell lines; one more line then says how many cells were left out
/// @return an empty list when every value is finite
std::vector<std::string> non_finite_cells(const ReplicationSet& set, const std::string& scenario,
                                          std::size_t max_lines = 20);

} // namespace povsim::sim
