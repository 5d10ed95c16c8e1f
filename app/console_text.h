#pragma once
// Console columns for UTF-8 text: a Chinese character is 3 bytes and prints 2 columns wide, "Δ"
// 2 bytes and 1 column, so printf's byte widths misalign tables with labels like 万元.
#include <string>

namespace povsim::app {

/// @return the columns @p text takes on a terminal (East Asian wide characters count 2)
inline std::size_t display_width(const std::string& text)
{
    std::size_t columns = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        // U+1100 and above in 3 or 4 bytes: CJK, fullwidth punctuation (wide); 2 bytes: Greek, Latin (narrow).
        columns += bytes >= 3 && lead >= 0xE1 ? 2 : 1;
        i += bytes;
    }
    return columns;
}

/// @return @p text padded with spaces on the right to @p columns display columns
inline std::string padded(const std::string& text, std::size_t columns)
{
    const auto w = display_width(text);
    return w >= columns ? text : text + std::string(columns - w, ' ');
}

/// @return @p text broken into lines of at most @p columns display columns, each after @p indent:
/// at the last space where there is one (English), else between characters (Chinese)
inline std::string wrapped(const std::string& text, std::size_t columns, const std::string& indent)
{
    std::string out, line;
    std::size_t last_space = std::string::npos;
    for (std::size_t i = 0; i < text.size();) {
        const auto        lead  = static_cast<unsigned char>(text[i]);
        const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        line += text.substr(i, bytes);
        if (text[i] == ' ') {
            last_space = line.size() - 1;
        }
        i += bytes;
        if (display_width(indent + line) > columns) {
            const bool at_space = last_space != std::string::npos;
            const auto cut      = at_space ? last_space : line.size() - bytes;
            out += indent + line.substr(0, cut) + "\n";
            line       = line.substr(at_space ? cut + 1 : cut);
            last_space = std::string::npos;
        }
    }
    return out + indent + line + "\n";
}

} // namespace povsim::app
