#pragma once
// Each replication's draws of a scenario's uncertain parameters (SPEC §11):
//   /scenarios/<name>/parameters/<key>    float64 [run], chunked, deflate; attribute dims = "run"
// <key> is the dotted scenario key (e.g. income.farm_growth); `units` and `description` (what it
// is and its distribution) as on every dataset. Rows follow /scenarios/<name>/replication. A
// scenario without uncertain parameters has no such group. Called by write_study_h5.
#include "output/study.h"

#include <hdf5.h>

#include <string>

namespace povsim::output {

/// @brief Name of the group under a scenario that holds the draws.
inline constexpr const char* parameters_group = "parameters";

/// @brief Checks sc.runs.parameters before anything is written: valid, unique names, one run
/// list per parameter as long as the metric runs, and no array or panel in the way.
/// @throws std::runtime_error starting with @p where and naming the parameter at fault.
void validate_parameters(const ScenarioOutput& sc, const std::string& where);

/// @brief Writes the draws under @p scenario_group (nothing when there are no uncertain parameters).
/// @param[in] root path of the scenario group, for error messages.
void write_parameters(hid_t scenario_group, const ScenarioOutput& sc, const std::string& root);

} // namespace povsim::output
