#include "models/candidate_rank.h"

#include <algorithm>
#include <utility>

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

/// Moves the best @p k of the row-ordered @p c to the front, still in row order (the rest after
/// them, in no order); @return k capped at the number of candidates. The k-th best key is found
/// among the keys alone (8 bytes each, compared without the tie-break), then one pass takes every
/// key below it and, of the keys equal to it, the first in row order: ties by row, as `before`.
std::size_t partition_best(std::vector<Candidate>& c, std::size_t k)
{
    k = std::min(k, c.size());
    if (k == 0 || k == c.size()) {
        return k;
    }
    std::vector<double> keys(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
        keys[i] = c[i].key;
    }
    const auto kth = keys.begin() + static_cast<std::ptrdiff_t>(k - 1);
    std::nth_element(keys.begin(), kth, keys.end());
    const double threshold = *kth;
    std::size_t  at_threshold = k - static_cast<std::size_t>(std::count_if(
        keys.begin(), kth, [threshold](double key) { return key < threshold; })); // all below it precede kth
    std::size_t  taken = 0;
    for (std::size_t i = 0; taken < k; ++i) {
        const bool below = c[i].key < threshold;
        const bool tied  = !below && c[i].key == threshold && at_threshold > 0;
        if (below || tied) {
            at_threshold -= tied ? 1 : 0;
            std::swap(c[taken++], c[i]);
        }
    }
    return k;
}

} // namespace

void rank_best(std::vector<Candidate>& c, std::size_t k)
{
    k = partition_best(c, k);
    std::sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), before);
}

void select_best_in_row_order(std::vector<Candidate>& c, std::size_t k) { partition_best(c, k); }

std::size_t select_weighted_in_row_order(std::vector<Candidate>& c, const std::vector<std::uint8_t>& weight,
                                         double limit)
{
    // The candidates by (key, position): the same order as (key, row), since c is in row order.
    std::vector<Candidate> r(c.size());
    for (std::size_t j = 0; j < c.size(); ++j) {
        r[j] = {c[j].key, static_cast<std::uint32_t>(j)};
    }
    // Narrow [lo, hi) down to the range that holds the first candidate not taken: everything
    // before lo is taken (its weight is in `before_lo`), nothing from hi on is.
    double      before_lo = 0;
    std::size_t lo = 0, hi = r.size();
    constexpr std::size_t sorted_below = 64;
    while (hi - lo > sorted_below) {
        const std::size_t mid = lo + (hi - lo) / 2;
        std::nth_element(r.begin() + static_cast<std::ptrdiff_t>(lo), r.begin() + static_cast<std::ptrdiff_t>(mid),
                         r.begin() + static_cast<std::ptrdiff_t>(hi), before);
        double left = 0; // of the candidates better than r[mid]
        for (std::size_t j = lo; j < mid; ++j) {
            left += weight[r[j].unit];
        }
        if (before_lo + left >= limit) {
            hi = mid; // r[mid] comes after the limit is reached: neither it nor any after it is taken
        } else {
            before_lo += left, lo = mid;
        }
    }
    std::sort(r.begin() + static_cast<std::ptrdiff_t>(lo), r.begin() + static_cast<std::ptrdiff_t>(hi), before);
    std::size_t first_out = lo;
    for (; first_out < hi && before_lo < limit; ++first_out) {
        before_lo += weight[r[first_out].unit];
    }
    if (first_out == r.size()) {
        return c.size();
    }
    // One pass in row order takes every candidate before the first one left out.
    const Candidate threshold = r[first_out];
    std::size_t     taken     = 0;
    for (std::size_t j = 0; j < c.size(); ++j) {
        if (before(Candidate{c[j].key, static_cast<std::uint32_t>(j)}, threshold)) {
            std::swap(c[taken++], c[j]);
        }
    }
    return taken;
}

} // namespace povsim::models
