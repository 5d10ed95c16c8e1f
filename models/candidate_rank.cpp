#include "models/candidate_rank.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <utility>

namespace povsim::models {

namespace {

/// Row order breaks ties, as a stable sort of the row-ordered candidates would: a strict total
/// order, so the best k are one set however they are found. A function object, not a function:
/// passed as a pointer, std::sort called it out of line on every comparison.
struct Before {
    bool operator()(const Candidate& a, const Candidate& b) const
    {
        return a.key < b.key || (a.key == b.key && a.unit < b.unit);
    }
};
constexpr Before before{};

/// @return @p key as an unsigned integer in the same order (−0.0 as 0.0: they compare equal)
std::uint64_t ordered_bits(double key)
{
    const auto bits = std::bit_cast<std::uint64_t>(key + 0.0); // −0.0 + 0.0 is +0.0
    return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

double key_of_bits(std::uint64_t bits)
{
    return std::bit_cast<double>((bits >> 63) != 0 ? bits & ~(std::uint64_t{1} << 63) : ~bits);
}

/// The key at which a quota is reached, counting down the ranked candidates: the smallest key
/// whose candidates, with all of smaller key, weigh at least the limit; and what of the limit is
/// left for the candidates of that key (the weight of smaller keys taken off).
struct QuotaKey {
    double key;
    double left;
};

/// @p weight: each candidate's (nullptr: 1 each, the quota then a count, the key the limit-th
/// smallest). Requires the candidates' total weight to reach @p limit > 0. Radix selection on
/// the keys as ordered integers, ten bits at a time from the highest bit where the remaining
/// keys differ: the weight per digit, then only the keys of the digit where the limit is
/// reached go on. A few passes over 8-byte words with no comparison to mispredict (a
/// comparison selection's comparisons are each a coin flip).
QuotaKey quota_key(const std::vector<Candidate>& c, const std::uint8_t* weight, double limit)
{
    std::vector<std::uint64_t> keys(c.size());
    std::vector<std::uint8_t>  weights(c.size(), 1);
    std::uint64_t              lo = ~std::uint64_t{0}, hi = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        keys[i] = ordered_bits(c[i].key);
        lo      = std::min(lo, keys[i]);
        hi      = std::max(hi, keys[i]);
    }
    if (weight) {
        std::copy_n(weight, c.size(), weights.begin());
    }
    constexpr int         digit_bits = 10;
    constexpr std::size_t digits     = std::size_t{1} << digit_bits;
    // Four histograms, summed after: keys crowd into few digits, and additions to one counter in
    // a row would each wait for the last. Whole numbers: the sums are exact in any order.
    std::vector<std::uint64_t> sum(4 * digits);
    double                     left = limit;
    while (lo != hi) {
        const int           top   = 63 - std::countl_zero(lo ^ hi);
        const int           shift = std::max(0, top - digit_bits + 1);
        const std::uint64_t mask  = digits - 1;
        std::fill(sum.begin(), sum.end(), 0);
        std::size_t i = 0;
        for (; i + 4 <= keys.size(); i += 4) {
            for (std::size_t h = 0; h < 4; ++h) {
                sum[h * digits + ((keys[i + h] >> shift) & mask)] += weights[i + h];
            }
        }
        for (; i < keys.size(); ++i) {
            sum[(keys[i] >> shift) & mask] += weights[i];
        }
        std::uint64_t digit = 0;
        for (; digit + 1 < digits; ++digit) { // the limit is reached by the last digit at the latest
            const auto in_digit = static_cast<double>(sum[digit] + sum[digits + digit] + sum[2 * digits + digit] +
                                                      sum[3 * digits + digit]);
            if (in_digit >= left) {
                break;
            }
            left -= in_digit;
        }
        // Keep the keys of that digit, in place and without a branch, and their range.
        std::size_t kept = 0;
        lo = ~std::uint64_t{0}, hi = 0;
        for (std::size_t j = 0; j < keys.size(); ++j) {
            const std::uint64_t x  = keys[j];
            const bool          in = ((x >> shift) & mask) == digit;
            keys[kept]             = x;
            weights[kept]          = weights[j];
            kept += in ? 1 : 0;
            lo = in ? std::min(lo, x) : lo;
            hi = in ? std::max(hi, x) : hi;
        }
        keys.resize(kept);
        weights.resize(kept);
    }
    return {key_of_bits(lo), left};
}

/// Moves to the front of the row-ordered @p c, still in row order, every candidate of key below
/// q.key and those of key q.key while the weight of the earlier ones of that key is below q.left
/// (the rest after them, in no order); @return how many. Every row is swapped to the end of those
/// taken, which advances only if it is taken: otherwise the swap exchanges two rows not taken
/// ([taken, i) holds only such rows), so no branch follows the coin flip of each test.
std::size_t take_below(std::vector<Candidate>& c, const std::uint8_t* weight, QuotaKey q)
{
    // The weight of the tied candidates taken so far is a whole number t, and t < q.left exactly
    // when t < room, the number of whole numbers below q.left: an integer test and add on the
    // loop's chain instead of a floating one.
    const std::uint64_t room = q.left > 0 ? static_cast<std::uint64_t>(std::ceil(std::min(q.left, 0x1p62))) : 0;
    std::size_t   taken = 0;
    std::uint64_t tied  = 0; // weight of the candidates of key q.key taken so far
    for (std::size_t i = 0; i < c.size(); ++i) {
        const double key  = c[i].key;
        const bool   take = key < q.key || (key == q.key && tied < room);
        tied += key == q.key && take ? (weight ? weight[i] : 1u) : 0u;
        std::swap(c[taken], c[i]);
        taken += take ? 1 : 0;
    }
    return taken;
}

/// Moves the best @p k of the row-ordered @p c to the front, still in row order (the rest after
/// them, in no order); @return k capped at the number of candidates.
std::size_t partition_best(std::vector<Candidate>& c, std::size_t k)
{
    k = std::min(k, c.size());
    if (k == 0 || k == c.size()) {
        return k;
    }
    return take_below(c, nullptr, quota_key(c, nullptr, static_cast<double>(k)));
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
    if (!(limit > 0)) {
        return 0; // the first ranked is already at the limit
    }
    double total = 0;
    for (const auto w : weight) {
        total += w;
    }
    if (total < limit) {
        return c.size(); // the limit is never reached: everyone
    }
    return take_below(c, weight.data(), quota_key(c, weight.data(), limit));
}

} // namespace povsim::models
