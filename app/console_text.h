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

} // namespace povsim::app
