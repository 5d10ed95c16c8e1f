#pragma once
// The built-in scenarios: TOML files shipped in the repository's scenarios/ folder (and
// its variants/ subfolder). A user may name one by its file name without ".toml".
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace povsim::scenarios {

/// @brief One built-in scenario as `povsim list` shows it.
struct CatalogEntry {
    std::string           name;        ///< [scenario] name
    std::string           builtin;     ///< what the command line takes: the file stem ("baiyin-budget_cut")
    std::string           title;       ///< [scenario] title, may be empty
    std::string           region;      ///< [scenario] region
    std::string           description; ///< [scenario] description
    std::string           years;       ///< "2016-2025"
    std::filesystem::path file;        ///< where it lives
    std::string           error;       ///< non-empty if the file does not load
};

/// @brief Folder of the built-in scenarios: the environment variable POVSIM_SCENARIO_DIR if set;
/// else <prefix>/share/povsim/scenarios next to an installed binary (<prefix>/bin/povsim); else
/// the source tree's scenarios/ that the binary was built from.
std::filesystem::path builtin_dir();

/// @brief Every *.toml under builtin_dir() and builtin_dir()/variants, sorted by file name.
std::vector<CatalogEntry> list_builtin();

/// @brief The names of the built-in scenarios (file stems), sorted; nothing is loaded.
std::vector<std::string> builtin_names();

/// @brief " (did you mean 'jinghe'?)" for a name close to a built-in one, else "".
std::string nearest_builtin(const std::string& name);

/// @brief The file of the built-in scenario @p name (a file stem, "jinghe"), if there is one.
std::optional<std::filesystem::path> builtin_path(const std::string& name);

/// @brief @p arg as an existing file, else the built-in scenario of that name; returns
/// @p arg unchanged if neither exists (the loader then reports the missing file).
std::filesystem::path resolve_scenario_path(const std::string& arg);

} // namespace povsim::scenarios
