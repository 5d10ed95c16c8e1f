#pragma once
// Text into HTML: the report writes every label, name and command line through esc().
#include <string>
#include <string_view>

namespace povsim::output {

/// @return @p s with &, <, > and " escaped for HTML text and attribute values
inline std::string esc(std::string_view s)
{
    std::string out;
    for (const char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace povsim::output
