#pragma once
// Refuses a study that cannot fit in memory before any household is generated (issue 13: 500
// million households ran 80 s into bad_alloc). The need is models::estimate_memory (calibrated
// to err on the high side); what is available is the smallest of the kernel's MemAvailable, the
// room left under the cgroup's memory limit (containers, CI) and the address-space limit
// (ulimit -v).
#include "scenarios/scenario_loader.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace povsim::app {

/// @brief Memory this process may still use, and what sets the bound.
struct AvailableMemory {
    double      bytes = 0;     ///< 0 when nothing could be read (the check is then skipped)
    std::string source;        ///< e.g. "MemAvailable", "the cgroup limit", "ulimit -v"
};

/// @brief Reads /proc/meminfo, the cgroup (v2 memory.max / memory.current, or v1
/// memory.limit_in_bytes / memory.usage_in_bytes) and RLIMIT_AS; the smallest wins.
AvailableMemory available_memory();

/// @brief "1,234,567" for a whole number.
std::string with_thousands(double n);

/// @brief Throws cli::BadInput when the scenarios need more memory than is available, e.g.
/// "baiyin: 500,000,000 households need about 61.2 GiB (2 worlds at once), more than the 22.1 GiB
/// available (MemAvailable); use fewer --threads, or --force to try anyway". With @p force the same
/// text goes to @p notes as a note and the command goes on.
/// @param[in] scenarios the study's scenarios (their results add up; the largest world counts)
/// @param[in] concurrent_worlds replications in flight at once (min(threads, runs))
/// @param[in] runs replications whose results are kept; default: each scenario's [monte_carlo] runs
void check_memory(const std::vector<scenarios::LoadedScenario>& scenarios, int concurrent_worlds, bool force,
                  std::ostream& notes, std::optional<int> runs = std::nullopt);

} // namespace povsim::app
