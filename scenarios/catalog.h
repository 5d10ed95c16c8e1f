#pragma once
// The built-in scenarios: TOML files shipped in the repository's scenarios/ folder (and
// its variants/ subfolder). A user may name one by its file name without ".toml".
#include <filesystem>
#include <string>
#include <vector>

namespace povsim::scenarios {

/// @brief One built-in scenario as `povsim list` shows it.
struct CatalogEntry {
    std::string           name;        ///< [scenario] name
    std::string           region;      ///< [scenario] region
    std::string           description; ///< [scenario] description
    std::string           years;       ///< "2016-2025"
    std::filesystem::path file;        ///< where it lives
    std::string           error;       ///< non-empty if the file does not load
};

/// @brief Folder of the built-in scenarios (POVSIM_SCENARIO_DIR, set at build time, or
/// the environment variable of the same name).
std::filesystem::path builtin_dir();

/// @brief Every *.toml under builtin_dir() and builtin_dir()/variants, sorted by file name.
std::vector<CatalogEntry> list_builtin();

/// @brief @p arg as an existing file, else the built-in scenario of that name; returns
/// @p arg unchanged if neither exists (the loader then reports the missing file).
std::filesystem::path resolve_scenario_path(const std::string& arg);

} // namespace povsim::scenarios
