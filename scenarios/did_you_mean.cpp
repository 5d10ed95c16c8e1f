#include "scenarios/did_you_mean.h"

#include <algorithm>
#include <vector>

namespace povsim::scenarios::detail {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0]               = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j]                  = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal                = above;
        }
    }
    return row[b.size()];
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates)
{
    const std::string* best     = nullptr;
    std::size_t        distance = 3;
    for (const std::string& candidate : candidates) {
        const std::size_t d = edit_distance(word, candidate);
        if (d < distance && d < word.size()) {
            distance = d;
            best     = &candidate;
        }
    }
    return best != nullptr ? " (did you mean '" + *best + "'?)" : std::string();
}

} // namespace povsim::scenarios::detail
