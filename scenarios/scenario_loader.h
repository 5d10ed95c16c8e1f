#pragma once
// Loading a scenario is all-or-nothing (SPEC §10, §15): the loader either returns fully
// validated Parameters or throws one ScenarioError that lists every problem it could find,
// each naming file, line, column and dotted key, so a planner fixes a file in one pass and
// the caller never writes anything from a half-read scenario.
#include "models/parameters.h"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace povsim::scenarios {

/// @brief One problem found in a scenario file or a `--set` override.
struct ScenarioIssue {
    std::string file;       ///< scenario file, extended file, or "--set"
    int         line   = 0; ///< 1-based; 0 when the problem has no single position (e.g. a missing table)
    int         column = 0; ///< 1-based; 0 when unknown
    std::string key;        ///< full dotted key, e.g. `population.units[2].households`; may be empty
    std::string message;    ///< what is wrong, with the offending value where useful

    /// @brief Formats as `file:line:col: key 'a.b': message` (line/col and key omitted when absent).
    /// @return the one-line description
    std::string to_string() const;
};

/// @brief Thrown by the loader when a scenario is invalid; carries every issue found.
class ScenarioError : public std::runtime_error {
  public:
    /// @brief Builds the error; what() lists the issues one per line.
    /// @param[in] issues the problems found, in the order they were found
    explicit ScenarioError(std::vector<ScenarioIssue> issues);

    /// @return the problems found
    const std::vector<ScenarioIssue>& issues() const { return m_issues; }

  private:
    std::vector<ScenarioIssue> m_issues;
};

/// @brief A scenario ready to run, plus the text it was built from.
struct LoadedScenario {
    models::Parameters params;        ///< validated parameters
    std::string        resolved_toml; ///< the scenario after `extends` and `--set`, as TOML; loads back to @ref params
    std::string        source_file;   ///< the file (or virtual path) that was loaded
};

/// @brief Reads, merges (`extends`), overrides (`--set`) and validates a scenario file.
/// @param[in] file      the scenario TOML file; `extends` paths are relative to its directory
/// @param[in] overrides `dotted.key=value` strings from `--set`, applied in order after `extends`
/// @return the validated scenario
/// @throws ScenarioError listing every issue found; nothing else is done on error
LoadedScenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});

/// @brief The same as load_scenario(), from text in memory (tests, fuzzing, stdin).
/// @param[in] text         TOML text of the scenario
/// @param[in] virtual_path names the text in issues; `extends` is resolved relative to its directory
/// @param[in] overrides    `dotted.key=value` strings from `--set`
/// @return the validated scenario
/// @throws ScenarioError listing every issue found
LoadedScenario load_scenario_text(std::string_view text, const std::string& virtual_path,
                                  const std::vector<std::string>& overrides = {});

} // namespace povsim::scenarios
