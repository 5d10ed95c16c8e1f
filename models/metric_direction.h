#pragma once
// Which way each metric should move for a policy change to count as an improvement: fewer
// registered poor, returns, new poor or yuan spent is better, more exits or income is better;
// monitored households have no direction (a wider net can be the policy). Used for P(better)
// in `povsim compare`, /comparisons and the export's data dictionary.
#include "sim/paired_stats.h"

#include <map>
#include <string>
#include <vector>

namespace povsim::models {

/// @brief The table behind better_direction(): metric name → favourable direction.
const std::map<std::string, sim::Better>& better_directions();

/// @brief Metrics deliberately without a direction (shocks, prices, lines, population counts,
/// ambiguous flows); together with better_directions() they cover every metric exactly once.
const std::vector<std::string>& undirected_metrics();

/// @brief The favourable direction of metric @p name; Better::none for metrics not in the table
/// (shocks, prices, lines, population counts), where "better" has no meaning.
sim::Better better_direction(const std::string& name);

} // namespace povsim::models
