#pragma once
// Suggestions for a mistyped word: a scenario key, a programme id, a built-in scenario name, a
// command-line option. No TOML here, so that the command line can use it too.
#include <span>
#include <string>
#include <string_view>

namespace povsim::scenarios::detail {

/// @return the Levenshtein distance between @p a and @p b
std::size_t edit_distance(std::string_view a, std::string_view b);
/// @return " (did you mean 'x'?)" for the closest candidate within distance 2, else ""
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

} // namespace povsim::scenarios::detail
