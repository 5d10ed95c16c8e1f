#pragma once
// Limits checked before a scenario text reaches the TOML parser (issue: a dotted key or a table
// header 100,000 levels deep overflowed toml++'s recursion; a 1 GiB file was read whole before
// its parse error). No scenario comes near them: the national one is 0.3 MB, 6 levels deep.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace povsim::scenarios::detail {

inline constexpr std::size_t max_scenario_bytes = 16u << 20; ///< 16 MiB
inline constexpr int         max_key_segments   = 64;        ///< a.b.c… in one key or header
inline constexpr int         max_nesting        = 64;        ///< arrays and inline tables inside each other

/// @brief Which limit a text breaks, and on which line (1-based; 0 for the whole file).
struct LimitBreach {
    int         line = 0;
    std::string message;
};

/// @return the first limit @p text breaks, else nothing. Strings and comments are skipped, so a
/// long description or a URL with dots does not count.
std::optional<LimitBreach> exceeds_limits(std::string_view text);

} // namespace povsim::scenarios::detail
