#include "models/candidate_rank.h"

#include <algorithm>

namespace povsim::models {

namespace {

/// Row order breaks ties, as a stable sort of the row-ordered candidates would: a strict total
/// order, so the best k are one set however they are found. A function object, not a function:
/// passed as a pointer, std::nth_element called it out of line on every comparison.
struct Before {
    bool operator()(const Candidate& a, const Candidate& b) const
    {
        return a.key < b.key || (a.key == b.key && a.unit < b.unit);
    }
};
constexpr Before before{};

/// Moves the best @p k to the front (in no order); @return k capped at the number of candidates.
std::size_t partition_best(std::vector<Candidate>& c, std::size_t k)
{
    k = std::min(k, c.size());
    if (k < c.size()) {
        std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), c.end(), before);
    }
    return k;
}

} // namespace

void rank_best(std::vector<Candidate>& c, std::size_t k)
{
    k = partition_best(c, k);
    std::sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), before);
}

void select_best_in_row_order(std::vector<Candidate>& c, std::size_t k)
{
    k = partition_best(c, k);
    std::sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k),
              [](const Candidate& a, const Candidate& b) { return a.unit < b.unit; });
}

} // namespace povsim::models
