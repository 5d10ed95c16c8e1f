#pragma once
// Where replications run. Each replication's numbers depend only on its index (keyed
// streams), and results are stored by index, so any thread count gives identical output.
#include "sim/result_cube.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace povsim::sim {

/// @brief How to run a batch of replications.
struct ExecutorOptions {
    int threads = 1; ///< worker threads (≥ 1)
    /// Called after each finished replication with (done, total), serialised by the executor.
    std::function<void(int, int)> on_progress;
    /// When set to true (e.g. by a signal handler) no new replication starts.
    const std::atomic<bool>* cancel = nullptr;
};

/// @brief Run @p task for each entry of @p replications on a pool of threads.
/// @return one cube per entry, in the same order; empty where cancelled before it started.
/// An exception in any task stops new work and is rethrown here after all threads join.
std::vector<std::optional<ResultCube>> run_replications(const std::vector<std::uint32_t>& replications,
                                                        const std::function<ResultCube(std::uint32_t)>& task,
                                                        const ExecutorOptions& options);

} // namespace povsim::sim
