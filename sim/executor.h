#pragma once
// Where replications run. Each replication's numbers depend only on its index (keyed
// streams), and results are stored by index, so any thread count gives identical output.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
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
/// @return one result per entry, in the same order; empty where cancelled before it started.
/// An exception in any task stops new work and is rethrown here after all threads join.
template <class Result>
std::vector<std::optional<Result>> run_replications(const std::vector<std::uint32_t>& replications,
                                                    const std::function<Result(std::uint32_t)>& task,
                                                    const ExecutorOptions& options)
{
    const int n = static_cast<int>(replications.size());
    std::vector<std::optional<Result>> results(replications.size());
    std::atomic<int>   next{0};
    std::atomic<bool>  failed{false};
    std::exception_ptr error;
    std::mutex         mutex;
    int                done = 0;

    auto worker = [&] {
        for (;;) {
            if (failed.load() || (options.cancel && options.cancel->load())) {
                return;
            }
            const int i = next.fetch_add(1);
            if (i >= n) {
                return;
            }
            try {
                results[i] = task(replications[i]);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!error) {
                    error = std::current_exception();
                }
                failed = true;
                return;
            }
            std::lock_guard lock(mutex);
            ++done;
            if (options.on_progress) {
                options.on_progress(done, n);
            }
        }
    };
    const int threads = std::clamp(options.threads, 1, std::max(1, n));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) {
        pool.emplace_back(worker);
    }
    worker(); // the calling thread works too
    for (auto& t : pool) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
    return results;
}

} // namespace povsim::sim
