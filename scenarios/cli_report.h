#pragma once
// `povsim report STUDY.h5 [MORE.h5 …] -o report.html`: the planner's page (SPEC §1, §11) —
// trajectories with bands, each variant against the baseline, the budget stacked by programme
// and source, village and county exits, and the validation table, in one offline HTML file.
#include "scenarios/cli_common.h"

namespace CLI {
class App;
}

/// @brief Adds the `report` subcommand to @p app; when it is parsed, @p action is set to the work.
/// @return the subcommand, for main() to inspect if it needs to.
CLI::App* add_report_command(CLI::App& app, povsim::cli::Action& action);
