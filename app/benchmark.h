#pragma once
// `povsim bench`: speed and memory of the full model on a scenario (SPEC §14). Measured by
// a program, never by a timed unit test: figures go to docs/performance.md with the command.
// Throughput is household-years per CPU second (per core), so other load on the machine and
// idle threads do not flatter or blur it; wall time is reported beside it.
#include "scenarios/scenario_loader.h"

#include <ostream>
#include <vector>

namespace povsim::app {

/// @brief What to measure.
struct BenchRequest {
    int runs    = 4; ///< replications per timing
    int threads = 0; ///< threads of the parallel timings (0: all cores)
    /// sizes for the scaling rows (scaled_population; one replication each, all threads inside it)
    std::vector<double> households;
};

/// @brief One timing.
struct BenchTiming {
    double households_years = 0, wall_seconds = 0, cpu_seconds = 0;
    int    threads = 1;
    double per_core() const { return cpu_seconds > 0 ? households_years / cpu_seconds : 0.0; }
};

/// @brief What one benchmark run measured.
struct BenchResult {
    double      households = 0; ///< households simulated per replication
    BenchTiming one, across, inside;
    std::vector<double> stage_ns; ///< CPU ns per household-year per stage, then population and results
    double      peak_rss_mb = 0;
};

/// @brief Time @p scenario as @p request asks and print a report to @p os.
BenchResult run_benchmark(const scenarios::LoadedScenario& scenario, const BenchRequest& request, std::ostream& os);

} // namespace povsim::app
