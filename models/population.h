#pragma once
// Synthetic population: counties → villages → households generated from the scenario's
// aggregates (unit and segment counts are matched exactly), deterministic in
// (seed, replication). Non-registered households are generated too: new poverty and
// edge households come from them.
#include "models/world.h"
#include "sim/rng.h"

#include <string>
#include <vector>

namespace povsim::models {

/// @brief Split @p col_totals over rows so that row sums equal @p row_totals (which must
/// have the same grand total) and each column's split is proportional to the rows.
/// Returns cells[row][col]; integer, non-negative, both margins exact.
std::vector<std::vector<int>> allocate_two_margins(const std::vector<int>& row_totals,
                                                   const std::vector<int>& col_totals);

/// @brief Household sizes (each 1..30) summing exactly to @p persons, dispersed around the mean.
std::vector<int> draw_sizes(int households, int persons, sim::CounterRng& rng);

/// @brief Build counties, villages and households of one replication at the end of the base year.
void generate_population(World& w, const sim::ReplicationStreams& streams);

/// @brief Names of the registry segments in order ("segment_<k>" for an unnamed one): the labels of
/// registry/exits, the panel's segment codes and the eligibility word segment:NAME.
std::vector<std::string> segment_names(const Parameters& p);

} // namespace povsim::models
