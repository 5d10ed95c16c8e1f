#pragma once
// Inputs that reach defects of toml++ 3.3 (Debian 12's libtomlplusplus), refused before the parser
// sees them. Found by fuzzing (fuzz/):
//  - a table header whose key does not start with a key character ("[.zeta]", "[[[a]]]", "[" at
//    a line end) fails an assertion in parse_key(): an abort in a build with assertions;
//  - some non-ASCII code points (U+00A1–U+0499 such as 'é', U+2C5E–U+3057 such as '、' and
//    '「', U+FB26–U+FEFE) reach __builtin_unreachable() in is_non_ascii_horizontal_whitespace(),
//    wherever the parser asks "is this whitespace?": outside strings, and in a """string""" right
//    after a backslash and the spaces and line breaks that follow it.
//  - a '}' where an array expects a value ("x = [}") fails an assertion in parse_value(), and a
//    date and 'T' without a digit after it ("1979-05-27T:32") one in parse_time(), a date, a
//    space and a single digit ("2020-01-01 2,") one in parse_value().
// Debian's compiled library happens to behave on both, but undefined behaviour is no guarantee.
#include <optional>
#include <string>
#include <string_view>

namespace povsim::scenarios::detail {

/// @brief Where a text would reach a parser defect, and why it is refused.
struct ParserHazard {
    int         line   = 0; ///< 1-based
    int         column = 0; ///< 1-based, in code points like the parser's own messages
    std::string key;        ///< the table header's text, when the hazard is in one
    std::string message;
};

/// @return the first place where @p text would reach a known toml++ 3.3 defect, else nothing.
/// Only text that is not valid TOML 1.0 is refused, and one valid case: a code point listed above
/// first on a line continued by a backslash in a """string""" (the message says how to write it).
std::optional<ParserHazard> parser_hazard(std::string_view text);

/// @return true if toml++ 3.3 reaches unreachable code when it asks whether @p c is whitespace
bool reaches_toml_unreachable(char32_t c);

} // namespace povsim::scenarios::detail
