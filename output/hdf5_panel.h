#pragma once
// The micro-data panel of a scenario (sim::PanelTable), as a long table of equal-length 1-D
// columns, so `pd.DataFrame({k: g[k][:] for k in g})` gives a data frame:
//   /scenarios/<name>/<table name>/<column>    int32 or float32 [row], chunked, deflate
// Each column has `units` and `description`, code columns also `labels` ("0=a;1=b;…"); the
// group has `description`, `columns` (the order, comma-separated) and the table's integer
// attributes. Called by write_study_h5, which owns the file and its atomic commit.
#include "output/study.h"

#include <hdf5.h>

#include <string>

namespace povsim::output {

/// @brief Checks sc.panel (if any) before anything is written: valid group and column names,
/// unique columns of equal length, and no labelled array of the scenario under the panel's group.
/// @throws std::runtime_error starting with @p where and naming the column at fault.
void validate_panel(const ScenarioOutput& sc, const std::string& where);

/// @brief Writes sc.panel under @p scenario_group (nothing when it has none); validate_panel first.
/// @param[in] root path of the scenario group, for error messages.
void write_panel(hid_t scenario_group, const ScenarioOutput& sc, const std::string& root);

} // namespace povsim::output
