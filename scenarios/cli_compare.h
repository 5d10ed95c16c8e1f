#pragma once
// `povsim compare STUDY.h5 …`: paired differences between scenarios run on common random
// numbers (SPEC §8, §12), each variant against a baseline, per metric and year, with the
// probability that the variant is better and how much pairing narrowed the interval.
#include "scenarios/cli_common.h"

namespace CLI {
class App;
}

/// @brief Adds the `compare` subcommand to @p app; when it is parsed, @p action is set to the work.
/// @return the subcommand.
CLI::App* add_compare_command(CLI::App& app, povsim::cli::Action& action);
