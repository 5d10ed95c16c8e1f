#pragma once
// What every `povsim` subcommand shares: exit codes, the bad-input error, output-path checks,
// and how a subcommand hands main() the work to do once the command line is parsed.
// A subcommand lives in its own scenarios/cli_<name>.cpp with an add_<name>_command().
#include "output/study.h"

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

namespace povsim::cli {

constexpr int exit_ok = 0, exit_internal = 1, exit_bad_input = 2, exit_target_missed = 3, exit_interrupted = 130;

/// @brief A problem with the user's input (arguments, files): exit 2, "nothing was written".
struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// @brief Throws BadInput unless the folder that will hold @p file exists.
void check_writable(const std::filesystem::path& file);

/// @brief Throws BadInput unless @p file exists and is a regular file.
void check_readable(const std::filesystem::path& file);

/// @brief Reads a study file given on the command line; a missing or unreadable file, or one
/// without scenarios, is bad input.
output::Study read_study(const std::filesystem::path& file);

/// @brief Set by a subcommand's parse callback; main() runs it inside its error handling.
using Action = std::function<int()>;

} // namespace povsim::cli
