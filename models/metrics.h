#pragma once
// The results vocabulary (STYLE rule 7): new_* = flow during the year, n_* = stock at
// year end, cum_* = cumulative since the start year; other names are levels or rates.
// Each metric is declared once, with its unit and meaning, in metrics.cpp.
#include "models/world.h"
#include "sim/result_cube.h"

#include <vector>

namespace povsim::models {

/// @brief Names, units and descriptions of every metric, in cube row order.
const std::vector<sim::MetricInfo>& metric_infos();

/// @return row of metric @p name in the cube, or -1
int metric_index(const std::string& name);

/// @brief Fill column @p year_index of @p cube from the world at the end of the year.
void record_metrics(const World& w, sim::ResultCube& cube, int year_index);

} // namespace povsim::models
