#pragma once
// One pass over all household rows, in fixed chunks on the world's threads (sim/chunked.h).
// A stage's body counts into its chunk's own flows; the chunks are added to the year's flows
// in chunk order, so the totals are the same bits whatever the number of threads.
#include "models/world.h"
#include "sim/chunked.h"

#include <cstdint>
#include <vector>

namespace povsim::models {

/// @brief What one chunk of a household pass produces.
struct ChunkFlows {
    YearFlows                  flows; ///< counts of this chunk's rows
    std::vector<std::uint32_t> rows;  ///< rows the stage keeps for a later sequential step, in row order
};

/// @brief Run @p body(begin, end, ChunkFlows&) for every chunk of household rows [begin, end)
/// (a stage that draws a chunk's random words in one batch); body may write those rows and its
/// chunk only. Flows are added to w.flows; kept rows are appended to @p rows in row order.
template <class Body>
void for_household_chunks(World& w, Body&& body, std::vector<std::uint32_t>* rows = nullptr)
{
    const std::size_t       n = w.households.count();
    std::vector<ChunkFlows> parts(sim::chunk_count(n));
    sim::for_each_chunk(n, w.threads, [&](std::size_t c, std::size_t begin, std::size_t end) {
        parts[c].flows = w.flows.zeroed();
        body(begin, end, parts[c]);
    });
    for (const auto& part : parts) {
        w.flows += part.flows;
        if (rows) {
            rows->insert(rows->end(), part.rows.begin(), part.rows.end());
        }
    }
}

/// @brief Run @p body(i, ChunkFlows&) for every household row i; body may write row i and its
/// chunk only. Flows are added to w.flows; kept rows are appended to @p rows (if given) in row order.
template <class Body>
void for_households(World& w, Body&& body, std::vector<std::uint32_t>* rows = nullptr)
{
    for_household_chunks(
        w,
        [&](std::size_t begin, std::size_t end, ChunkFlows& part) {
            for (std::size_t i = begin; i < end; ++i) {
                body(i, part);
            }
        },
        rows);
}

} // namespace povsim::models
