#pragma once
// Which way each metric should move for a policy change to count as an improvement: fewer
// registered poor, returns, new poor, monitored households or yuan spent is better, more exits
// or income is better. Used for P(better) in `povsim compare` and /comparisons.
#include "sim/paired_stats.h"

#include <map>
#include <string>

namespace povsim::models {

/// @brief The table behind better_direction(): metric name → favourable direction.
const std::map<std::string, sim::Better>& better_directions();

/// @brief The favourable direction of metric @p name; Better::none for metrics not in the table
/// (shocks, prices, lines, population counts), where "better" has no meaning.
sim::Better better_direction(const std::string& name);

} // namespace povsim::models
