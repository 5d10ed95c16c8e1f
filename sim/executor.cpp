#include "sim/executor.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

namespace povsim::sim {

std::vector<std::optional<ResultCube>> run_replications(const std::vector<std::uint32_t>& replications,
                                                        const std::function<ResultCube(std::uint32_t)>& task,
                                                        const ExecutorOptions& options)
{
    const int n = static_cast<int>(replications.size());
    std::vector<std::optional<ResultCube>> results(replications.size());
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
