#pragma once
// Threads inside one replication. Rows are cut into chunks of a fixed size that never depends on
// the number of threads; each chunk writes its own partial results, and the caller combines
// them in chunk order, so a replication gives the same bits on 1 thread or 64.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace povsim::sim {

/// Rows per chunk: large enough that a chunk's partial results cost nothing, small enough to
/// spread a county-sized world over two cores.
inline constexpr std::size_t chunk_rows = std::size_t{1} << 15;

/// @return the number of chunks of @p rows rows
inline std::size_t chunk_count(std::size_t rows) { return (rows + chunk_rows - 1) / chunk_rows; }

/// @brief Run @p fn(chunk, begin, end) for every chunk of [0, @p rows) on @p threads threads
/// (the caller's thread included). Chunks may run in any order and at the same time, so @p fn
/// must write only rows [begin, end) and per-chunk results. The first exception is rethrown.
template <class Fn>
void for_each_chunk(std::size_t rows, int threads, Fn&& fn)
{
    const std::size_t chunks = chunk_count(rows);
    const auto run = [&](std::size_t c) { fn(c, c * chunk_rows, std::min(rows, (c + 1) * chunk_rows)); };
    if (threads <= 1 || chunks <= 1) {
        for (std::size_t c = 0; c < chunks; ++c) {
            run(c);
        }
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool>        failed{false};
    std::exception_ptr       error;
    std::mutex               mutex;
    const auto worker = [&] {
        for (std::size_t c = next++; c < chunks && !failed; c = next++) {
            try {
                run(c);
            } catch (...) {
                const std::lock_guard lock(mutex);
                error  = error ? error : std::current_exception();
                failed = true;
            }
        }
    };
    std::vector<std::thread> pool;
    const auto extra = static_cast<std::size_t>(threads) - 1;
    for (std::size_t t = 0; t < std::min(extra, chunks - 1); ++t) {
        pool.emplace_back(worker);
    }
    worker();
    for (auto& t : pool) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

} // namespace povsim::sim
