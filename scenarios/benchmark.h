#pragma once
// `povsim bench`: speed and memory of the full model on a scenario (SPEC §14). Measured by
// a program, never by a timed unit test: figures go to docs/performance.md with the command.
#include "scenarios/scenario_loader.h"

#include <ostream>

namespace povsim::scenarios {

/// @brief What one benchmark run measured.
struct BenchResult {
    double households      = 0; ///< households simulated per replication
    double household_years = 0; ///< households × years × replications
    double seconds_one     = 0; ///< wall time with one thread
    double seconds_many    = 0; ///< wall time with @ref threads threads
    int    threads         = 1;
    double peak_rss_mb     = 0; ///< peak resident memory of the process
};

/// @brief Run @p scenario's replications with 1 thread and with @p threads, and report.
BenchResult run_benchmark(const LoadedScenario& scenario, int runs, int threads, std::ostream& os);

} // namespace povsim::scenarios
