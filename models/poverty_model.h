#pragma once
// The canonical yearly step (SPEC §4) and one whole replication.
#include "models/parameters.h"
#include "models/result_arrays.h"
#include "models/world.h"
#include "sim/pipeline.h"
#include "sim/result_cube.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace povsim::models {

/// @brief The stages of one year in their fixed order (the only place the order is written).
sim::Pipeline<World> make_yearly_pipeline();

/// @brief Called with the base-year world before the first year, then after each simulated
/// year (e.g. the household panel export); it only reads, so results do not depend on it.
using YearObserver = std::function<void(const World&, int year)>;

/// @brief Run replication @p replication of scenario @p p from the population at the end of
/// the base year to the end year; returns the [metric × year] cube, the budget arrays
/// described by result_arrays(p) and the draws of the uncertain keys (uncertain_parameters(p)).
/// @param seed master seed (replaces p.monte_carlo.seed, e.g. from --seed)
/// @param threads threads inside the replication (sim/chunked.h); the results do not depend on it
/// @param stage_seconds if given, CPU seconds of this thread per stage (make_yearly_pipeline order)
/// are added to it, plus two entries: population generation and results (metrics, arrays)
sim::ReplicationResult run_replication(const Parameters& p, std::uint64_t seed, std::uint32_t replication,
                                       const YearObserver& observer = {}, int threads = 1,
                                       std::vector<double>* stage_seconds = nullptr);

/// @brief A world at the end of the base year: parameters resolved for this replication
/// (models/uncertain_keys.h), population generated, programmes initialised.
/// @p threads: threads inside the replication (population generation included; results never depend on it).
World make_world(const Parameters& p, const sim::ReplicationStreams& streams, int threads = 1);

} // namespace povsim::models
