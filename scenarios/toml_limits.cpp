#include "scenarios/toml_limits.h"

namespace povsim::scenarios::detail {

std::optional<LimitBreach> exceeds_limits(std::string_view text)
{
    if (text.size() > max_scenario_bytes) {
        return LimitBreach{0, "the file is larger than " + std::to_string(max_scenario_bytes >> 20) + " MiB (a scenario is text of a few hundred kB)"};
    }
    int  line = 1, depth = 0, segments = 1;
    bool in_key = true; // before '=' on a line, or inside a [header]
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"' || c == '\'') { // skip a string, one-line or multi-line, counting its newlines
            const bool        multi = text.substr(i, 3) == std::string(3, c);
            const std::string close = multi ? std::string(3, c) : std::string(1, c);
            std::size_t       j     = i + close.size();
            for (; j < text.size() && text.compare(j, close.size(), close) != 0; ++j) {
                if (c == '"' && text[j] == '\\') {
                    ++j; // an escaped character, possibly a quote
                } else if (text[j] == '\n') {
                    ++line;
                }
            }
            i = j + close.size() - 1;
            continue;
        }
        if (c == '#') {
            while (i + 1 < text.size() && text[i + 1] != '\n') {
                ++i;
            }
            continue;
        }
        // Dots are counted within one key: from a line start, '{' or ',' up to the next '=' (so a
        // float's dot counts once and resets at the next separator).
        if (c == '\n' || c == ',' || c == '{') {
            line += c == '\n';
            in_key = true, segments = 1;
        } else if (c == '=') {
            in_key = false;
        } else if (c == '.' && in_key && ++segments > max_key_segments) {
            return LimitBreach{line, "a key of more than " + std::to_string(max_key_segments) + " parts"};
        }
        if ((c == '[' || c == '{') && ++depth > max_nesting + 2) { // + 2: the brackets of [[header]]
            return LimitBreach{line, "nested more than " + std::to_string(max_nesting) + " levels deep"};
        }
        if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

} // namespace povsim::scenarios::detail
