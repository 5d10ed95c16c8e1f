#pragma once
// The short table `povsim run` prints: the headline metrics per year, mean and P5–P95.
#include "output/study.h"

#include <ostream>
#include <string>
#include <vector>

namespace povsim::app {

/// @brief Print, for each scenario of @p study, one row per year with mean [P5–P95] of
/// each metric in @p metrics (names from models/metrics.h).
void print_summary(std::ostream& os, const output::Study& study, const std::vector<std::string>& metrics);

/// @brief Print, for each scenario with programmes, spending per year by programme and by
/// funding source (万元, mean [P5–P95] across replications), with the totals and shortfall.
void print_budget(std::ostream& os, const output::Study& study);

} // namespace povsim::app
