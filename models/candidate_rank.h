#pragma once
// Ranking a programme's candidates (models/programmes.cpp): best key first, ties by row, exactly
// the order a stable sort by key of the row-ordered candidates gives.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace povsim::models {

/// @brief A unit eligible this year and its priority key (smaller first; never NaN: keys are
/// income gaps and random words).
struct Candidate {
    double        key;
    std::uint32_t unit;
};

/// @brief Puts the best @p k of @p c (given in row order) first, in order of key, then row.
/// A quota of a few thousand among a million eligible selects and sorts only those few thousand.
/// (A stable radix sort for large quotas was tried: no faster here, and 32 bytes more per candidate.)
void rank_best(std::vector<Candidate>& c, std::size_t k);

/// @brief Puts the best @p k of @p c (given in row order) first, in row order: the same units as
/// rank_best, without ordering them by key (for a quota of households served in row order).
void select_best_in_row_order(std::vector<Candidate>& c, std::size_t k);

/// @brief Puts first, in row order, the candidates a quota of @p limit weighted units reaches in
/// rank order (key, then row): each is taken while the weight of those ranked before it is below
/// the limit, as counting down the ranked list would take them. @p weight[j] is c[j]'s (persons,
/// a household's size byte): whole numbers, so sums in any order are exact. @p c is given in row order.
/// @return how many were taken. Found by selection without sorting them: for a quota of persons
/// served in row order.
std::size_t select_weighted_in_row_order(std::vector<Candidate>& c, const std::vector<std::uint8_t>& weight,
                                         double limit);

} // namespace povsim::models
