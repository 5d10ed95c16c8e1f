#pragma once
// What every `povsim` subcommand shares: exit codes, the bad-input error, output-path checks,
// and how a subcommand hands main() the work to do once the command line is parsed.
// A subcommand lives in its own app/cli_<name>.cpp with an add_<name>_command() (app/commands.h).
#include "output/study.h"
#include "scenarios/scenario_loader.h"

#include <filesystem>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
class Validator;
}

namespace povsim::cli {

constexpr int exit_ok = 0, exit_internal = 1, exit_bad_input = 2, exit_target_missed = 3, exit_interrupted = 130;

/// @brief A problem with the user's input (arguments, files): exit 2, "nothing was written".
struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// @brief Throws BadInput unless @p file can be written: not a folder, in a folder that exists and
/// that this process may write into. Checked before any simulation, so a bad --out costs nothing.
void check_writable(const std::filesystem::path& file);

/// @brief Throws BadInput if an output is one of the inputs, or two outputs are one file (by
/// canonical path, so ./a.h5 and a.h5, or a symbolic link, are caught too).
void check_distinct(const std::vector<std::filesystem::path>& inputs, const std::vector<std::filesystem::path>& outputs);

/// @brief check_writable, and unless @p force, BadInput when @p file exists: a study is never
/// replaced by accident.
void check_new_output(const std::filesystem::path& file, bool force);

/// @brief Throws BadInput unless @p file exists and is a regular file.
void check_readable(const std::filesystem::path& file);

/// @brief Reads a study file given on the command line; a missing or unreadable file, or one
/// without scenarios, is bad input.
output::Study read_study(const std::filesystem::path& file);

/// @brief Set by a subcommand's parse callback; main() runs it inside its error handling.
using Action = std::function<int()>;

/// @brief What changes a scenario on the command line: `--set key=value` and `--only-province`.
struct ScenarioArgs {
    std::vector<std::string> sets;
    std::string              only_province;
    /// The --set list with --only-province appended as its own --set (a quoted TOML string).
    std::vector<std::string> overrides() const;
};

/// @brief @p text as a TOML basic string, quoted, for a --set value.
std::string toml_string(const std::string& text);

/// @brief A validator for --seed: a whole number 0 ≤ seed < 2^64, digits only (CLI11 alone would
/// wrap -1 to 2^64 − 1 and saturate larger values).
CLI::Validator seed_check();

/// @brief Adds --set (and, if @p with_province, --only-province) to @p sub, filling @p args.
void add_scenario_args(CLI::App& sub, ScenarioArgs& args, bool with_province = true);

/// @brief A scenario file, or the file of a built-in name; BadInput, with the nearest built-in
/// name, when it is neither.
std::filesystem::path scenario_path(const std::string& arg);

/// @brief Scenario files or built-in names, each loaded with the same overrides.
std::vector<scenarios::LoadedScenario> load_all(const std::vector<std::string>& names,
                                                const std::vector<std::string>& overrides);

} // namespace povsim::cli
