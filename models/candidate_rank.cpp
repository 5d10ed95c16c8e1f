#include "models/candidate_rank.h"

#include <algorithm>

namespace povsim::models {

void rank_best(std::vector<Candidate>& c, std::size_t k)
{
    // Row order breaks ties, as a stable sort of the row-ordered candidates would.
    const auto before = [](const Candidate& a, const Candidate& b) {
        return a.key < b.key || (a.key == b.key && a.unit < b.unit);
    };
    k = std::min(k, c.size());
    if (k < c.size()) {
        std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), c.end(), before);
    }
    std::sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), before);
}

} // namespace povsim::models
