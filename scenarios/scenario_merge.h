#pragma once
// `extends` and `--set` act on the TOML tree, before any validation, so one validator sees
// the final scenario. Nodes are moved between trees, never copied: toml++ drops a node's
// source position on copy but keeps it on move, and that position is how every issue names
// the file and line a value came from, whichever file of an extends chain (or `--set`) it was.
// Internal to the loader (namespace detail).
#include "scenarios/toml_reader.h"

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace povsim::scenarios::detail {

/// @brief Reads a whole file (UTF-8 text, byte for byte).
/// @return the text, or nothing when @p file is not a readable regular file
std::optional<std::string> read_file_text(const std::filesystem::path& file);

/// @brief Parses @p text and the chain of files it `extends`, merged base first, `extends` dropped.
/// @param[in]  text    TOML text of the scenario
/// @param[in]  name    names @p text in issues and node sources; `extends` is relative to its directory
/// @param[out] issues  syntax errors, unreadable or cyclic `extends`
/// @param[out] files   when given: the names of the chain's files as node sources carry them, base
///                     first and @p name last (declaration order across files, for programmes)
/// @return the merged table, or nothing when a file could not be parsed or an `extends` failed
std::optional<toml::table> read_with_extends(std::string_view text, const std::string& name, IssueList& issues,
                                             std::vector<std::string>* files = nullptr);

/// @brief The source name of values given with `--set` (they come after every file).
const std::string& set_source_name();

/// @brief Deep-merges @p overlay onto @p base by moving its nodes: tables merge key by key,
/// anything else (arrays of tables, distribution tables, values) replaces the base value.
/// @param[in,out] base    the table extended
/// @param[in]     overlay the extending table (left hollow)
void merge_over(toml::table& base, toml::table&& overlay);

/// @brief Applies `dotted.key=value` overrides in order. Numeric segments index arrays; missing
/// tables are created (an unknown key is then reported by validation). Values are parsed as TOML,
/// falling back to a string, and carry the source path "--set".
/// @param[in,out] root      the merged scenario, or nullptr to only check the overrides' syntax
/// @param[in]     overrides the `--set` arguments
/// @param[out]    issues    malformed overrides and paths that cannot be followed
void apply_overrides(toml::table* root, const std::vector<std::string>& overrides, IssueList& issues);

} // namespace povsim::scenarios::detail
