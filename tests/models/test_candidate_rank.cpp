// Weighted selection for a quota of persons (models/candidate_rank.h): the same households, in
// row order, as ranking all candidates and counting persons down the ranked list would take.
#include "models/candidate_rank.h"
#include "sim/rng.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace povsim;

namespace {

/// Nothing lost or doubled: @p c still holds @p n distinct units (the rest, after those taken,
/// are the candidates not taken; every unit of the tests' inputs is distinct).
void require_each_once(const std::vector<models::Candidate>& c, std::size_t n)
{
    std::vector<std::uint32_t> all;
    for (const auto& x : c) {
        all.push_back(x.unit);
    }
    std::sort(all.begin(), all.end());
    REQUIRE(std::adjacent_find(all.begin(), all.end()) == all.end());
    REQUIRE(all.size() == n);
}

} // namespace

TEST_CASE("select_weighted_in_row_order takes what counting persons down the ranked list takes, in row order", "[models][programmes]")
{
    const sim::ReplicationStreams streams(5, 0, 2016);
    for (const std::size_t n : {1u, 10u, 63u, 64u, 65u, 5000u, 60000u}) {
        auto rng = streams.stream(2016, sim::DrawPurpose::Programme, static_cast<std::uint32_t>(n));
        std::vector<models::Candidate> c(n);
        std::vector<std::uint8_t>      weight(n);
        std::uint32_t                  row = 0;
        double                         total = 0;
        for (std::size_t i = 0; i < n; ++i) {
            // Few distinct keys (many ties), both signs, −0.0 beside 0.0; rows with gaps; 1–8 persons.
            const int v = static_cast<int>(rng() % 41) - 20;
            row += 1 + rng() % 3;
            c[i]      = {v == 0 ? (rng() % 2 ? -0.0 : 0.0) : v * 17.25, row};
            weight[i] = static_cast<std::uint8_t>(1 + rng() % 8);
            total += weight[i];
        }
        // The reference: a stable sort by key (ties by row), then each taken while the persons
        // ranked before it are below the limit, then the taken in row order.
        std::vector<std::size_t> ranked(n);
        for (std::size_t i = 0; i < n; ++i) {
            ranked[i] = i;
        }
        std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) { return c[a].key < c[b].key; });
        for (const double limit : {0.0, 0.5, 1.0, total / 3, std::floor(total / 3) + 0.5, total - 1, total, total + 10}) {
            std::vector<std::uint32_t> want;
            double                     before = 0;
            for (std::size_t r = 0; r < n && before < limit; ++r) {
                want.push_back(c[ranked[r]].unit);
                before += weight[ranked[r]];
            }
            std::sort(want.begin(), want.end());
            auto              got   = c;
            const std::size_t taken = models::select_weighted_in_row_order(got, weight, limit);
            REQUIRE(taken == want.size());
            for (std::size_t r = 0; r < taken; ++r) {
                REQUIRE(got[r].unit == want[r]);
            }
            require_each_once(got, n);
        }
    }
}

TEST_CASE("select_best_in_row_order and rank_best take the best k by key, ties by row", "[models][programmes]")
{
    const sim::ReplicationStreams streams(9, 0, 2016);
    for (const std::size_t n : {1u, 2u, 5u, 64u, 1000u, 70000u}) {
        auto rng = streams.stream(2016, sim::DrawPurpose::Programme, static_cast<std::uint32_t>(n));
        for (const int kind : {0, 1, 2}) {
            // 0: few distinct keys (many ties) with −0.0 beside 0.0; 1: continuous keys of both
            // signs and magnitudes far apart; 2: random-priority keys, minus a 32-bit word.
            std::vector<models::Candidate> c(n);
            std::uint32_t                  row = 0;
            for (std::size_t i = 0; i < n; ++i) {
                row += 1 + rng() % 3;
                const int    v   = static_cast<int>(rng() % 21) - 10;
                const double u   = sim::uniform53(rng(), rng());
                const double key = kind == 0   ? (v == 0 ? (rng() % 2 ? -0.0 : 0.0) : v * 0.75)
                                   : kind == 1 ? (u - 0.4) * std::pow(10.0, static_cast<double>(rng() % 12))
                                               : -static_cast<double>(rng() % 5 == 0 ? 0u : rng());
                c[i] = {key, row};
            }
            // The reference: a stable sort by key of the row-ordered candidates.
            auto ranked = c;
            std::stable_sort(ranked.begin(), ranked.end(),
                             [](const models::Candidate& a, const models::Candidate& b) { return a.key < b.key; });
            for (const std::size_t k : {std::size_t{0}, std::size_t{1}, n / 3, n - 1, n, n + 5}) {
                const std::size_t taken = std::min(k, n);
                auto              best  = c;
                models::rank_best(best, k);
                auto rows = c;
                models::select_best_in_row_order(rows, k);
                std::vector<std::uint32_t> want;
                for (std::size_t r = 0; r < taken; ++r) {
                    REQUIRE(best[r].unit == ranked[r].unit); // rank order, ties by row
                    want.push_back(ranked[r].unit);
                }
                std::sort(want.begin(), want.end());
                for (std::size_t r = 0; r < taken; ++r) {
                    REQUIRE(rows[r].unit == want[r]); // the same units, in row order
                }
                require_each_once(rows, n);
            }
        }
    }
}
