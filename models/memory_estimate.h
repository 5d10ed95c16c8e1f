#pragma once
// How much memory a scenario needs, known before a single household is generated, so a run
// that cannot fit (500 million households: bad_alloc after 80 s) is refused at once with the
// figure instead. The model follows what one replication's World holds at its peak:
//   household state      HouseholdTable::bytes_per_household() (64 bytes)
//   programme bits       2 bits per household and programme (enrolled, served before)
//   stage bits           4 bytes per household (eligibility bits of the programme stage)
//   candidate lists      16 bytes per candidate, twice (per chunk, then joined), for the one
//                        programme with the most: all households when its eligibility has no
//                        registry gate nor restricting word, a quarter with such a word, else
//                        its gate's group (about the registered households, or those with a
//                        basic need unmet)
//   villages             per village columns and programme bits
// times a margin (estimate_margin) for allocator slack and what the model leaves out
// (enrolment lists, tallies, the population's recipes). Calibrated against peak RSS of
// `povsim bench` (docs/performance.md, issue 13): the estimate is above every measurement.
#include "models/parameters.h"

#include <cstddef>

namespace povsim::models {

/// Multiplies the modelled bytes. Peak RSS per household measured by `povsim bench` (growth from
/// 1 M to 4 M households, issue 13) was 0.94–1.09 of the model without it (Xining the highest,
/// rural China 1:1 at 1.01); the margin keeps the estimate above every measurement (Xining by 5 %)
/// while rural China 1:1 (18.1 GiB measured, 20.7 GiB estimated) still fits this 24 GiB machine.
inline constexpr double estimate_margin = 1.15;

/// @brief Peak memory of one scenario's study, in bytes.
struct MemoryEstimate {
    double households    = 0; ///< households one world holds (the simulated, sampled population)
    double per_household = 0; ///< bytes per household of one world at its peak, margin included
    double world_bytes   = 0; ///< one world at its peak, margin included
    double results_bytes = 0; ///< the study's results for every replication (runs, arrays, summaries, file image)
    double fixed_bytes   = 0; ///< the process itself: code, libraries, scenario, buffers

    /// @return bytes with @p concurrent_worlds worlds (replications in flight) at once
    double total(int concurrent_worlds) const
    {
        return fixed_bytes + results_bytes + world_bytes * (concurrent_worlds < 1 ? 1 : concurrent_worlds);
    }
};

/// @brief The memory a study of @p p with @p runs replications needs at its peak (see the file comment).
/// @param[in] p a loaded scenario (population options applied: the households simulated)
/// @param[in] runs replications whose results are kept
MemoryEstimate estimate_memory(const Parameters& p, int runs);

} // namespace povsim::models
