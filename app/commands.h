#pragma once
// The `povsim` subcommands, one file each (app/cli_<name>.cpp). Each add_<name>_command() adds
// its subcommand and options to the parser; when the subcommand is parsed, its callback sets
// @p action to the work, which main() then runs inside its error handling (exit codes in
// app/cli_common.h).
#include "app/cli_common.h"

#include <string>

namespace CLI {
class App;
}

namespace povsim::app {

/// `run`: scenarios on common random numbers into one HDF5 study; @p command_line is stored in it.
CLI::App* add_run_command(CLI::App& app, cli::Action& action, const std::string& command_line);
/// `check`: a scenario validated and printed fully resolved.
CLI::App* add_check_command(CLI::App& app, cli::Action& action);
/// `diff`: what scenario B changes from A, key by key.
CLI::App* add_diff_command(CLI::App& app, cli::Action& action);
/// `list`: the built-in scenarios.
CLI::App* add_list_command(CLI::App& app, cli::Action& action);
/// `validate`: documented targets against the simulation, by role.
CLI::App* add_validate_command(CLI::App& app, cli::Action& action, const std::string& command_line);
/// `calibrate`: least-squares fit of parameters to the calibration targets.
CLI::App* add_calibrate_command(CLI::App& app, cli::Action& action);
/// `bench`: household-years per second in CPU time, per stage, and memory.
CLI::App* add_bench_command(CLI::App& app, cli::Action& action);
/// `compare`: paired differences of variants against a baseline (SPEC §8, §12).
CLI::App* add_compare_command(CLI::App& app, cli::Action& action);
/// `report`: the planner's offline HTML page (SPEC §1, §11).
CLI::App* add_report_command(CLI::App& app, cli::Action& action);
/// `budget`: the finance bureau's workbook and budget CSV (SPEC §1, §12).
CLI::App* add_budget_command(CLI::App& app, cli::Action& action);
/// `export`: the study as tidy long CSV files for R, pandas or a database.
CLI::App* add_export_command(CLI::App& app, cli::Action& action);

} // namespace povsim::app
