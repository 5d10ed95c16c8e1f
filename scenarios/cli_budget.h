#pragma once
// `povsim budget STUDY.h5`: the budget outputs for finance bureaus (SPEC §1, §12) — the Excel
// workbook and/or the budget CSV of one scenario of a study file written by `povsim run`.
#include "scenarios/cli_common.h"

namespace CLI {
class App;
}

/// @brief Adds the `budget` subcommand to @p app; when it is parsed, @p action is set to the work.
/// @return the subcommand, for main() to inspect if it needs to.
CLI::App* add_budget_command(CLI::App& app, povsim::cli::Action& action);
