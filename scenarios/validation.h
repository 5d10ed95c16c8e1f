#pragma once
// `povsim validate`: each documented target of a scenario against its simulated
// distribution (SPEC §13).
#include "models/parameters.h"
#include "output/study.h"

#include <ostream>
#include <vector>

namespace povsim::scenarios {

/// @brief One target checked against the replications of one scenario.
struct TargetCheck {
    models::Target target;
    double mean = 0, p05 = 0, p95 = 0;
    bool   passes = false; ///< the mean is within the target's tolerance
    bool   inside = false; ///< the documented value lies within [P5, P95]
};

/// @brief Evaluate every target of @p params on the replications in @p out.
std::vector<TargetCheck> check_targets(const models::Parameters& params, const output::ScenarioOutput& out);

/// @brief The validation table of one scenario; returns whether every target passes.
bool print_validation(std::ostream& os, const std::string& scenario, const std::vector<TargetCheck>& checks);

} // namespace povsim::scenarios
