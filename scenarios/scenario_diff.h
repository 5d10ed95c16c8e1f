#pragma once
// `povsim diff A B`: what a variant changes from its base, key by key, on the resolved
// scenarios (extends and --set applied), so a planner sees every value that differs.
#include "scenarios/scenario_loader.h"

#include <string>
#include <vector>

namespace povsim::scenarios {

/// @brief One dotted key whose value differs; an empty side means the key is absent there.
struct KeyChange {
    std::string key;    ///< e.g. "thresholds.monitoring_factor", "population.counties[2].name"
    std::string before; ///< TOML text of the value in A
    std::string after;  ///< TOML text of the value in B
};

/// @brief Every leaf key of the resolved scenarios whose value differs, in key order.
std::vector<KeyChange> diff_scenarios(const LoadedScenario& a, const LoadedScenario& b);

} // namespace povsim::scenarios
