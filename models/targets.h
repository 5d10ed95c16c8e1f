#pragma once
// Documented targets against simulated results (SPEC §13). A target names a metric of the
// cube or a budget array cell group; over a year range it sums a flow.
#include "models/parameters.h"
#include "sim/result_cube.h"

#include <optional>
#include <string>
#include <vector>

namespace povsim::models {

/// @brief What a target's `metric` refers to, resolved once.
struct TargetRef {
    enum class Kind : std::uint8_t { Metric, Programme, Served, Source, Segment };
    Kind kind  = Kind::Metric;
    int  index = 0;     ///< metric row, programme, source or segment index
    int  array = -1;    ///< position in result_arrays() of the array it reads
    bool share = false; ///< a share (tolerance absolute) rather than a count or amount
    bool flow  = false; ///< may be summed over a year range
};

/// @brief Resolve @p metric for scenario @p p; on failure returns nothing and sets @p error.
std::optional<TargetRef> resolve_target(const std::string& metric, const Parameters& p, std::string& error);

/// @brief Simulated value of @p target in one replication (@p arrays as result_arrays(p) lays them out).
double target_value(const Target& target, const TargetRef& ref, const sim::ResultCube& metrics,
                    const std::vector<std::vector<double>>& arrays, const Parameters& p);

/// @brief Whether @p simulated meets @p target's tolerance.
bool within_tolerance(const Target& target, const TargetRef& ref, double simulated);

} // namespace povsim::models
