#pragma once
// `povsim export STUDY.h5 -o DIR`: the study as tidy long CSV files (output/tidy_export.h) for
// researchers who analyse in R, pandas or a database rather than with HDF5.
#include "scenarios/cli_common.h"

namespace CLI {
class App;
}

/// @brief Adds the `export` subcommand to @p app; when it is parsed, @p action is set to the work.
CLI::App* add_export_command(CLI::App& app, povsim::cli::Action& action);
