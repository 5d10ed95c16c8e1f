// Draws by inversion used at population generation: the guide-table search gives
// std::upper_bound's index, the tabulated Beta quantile stays within its interpolation error of
// Boost's ibeta_inv, and the truncated normal has the tail's known mean.
#include "models/quantile_draws.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

using namespace povsim::models;

TEST_CASE("The guide-table search returns std::upper_bound's index for every value", "[models][population]")
{
    for (const int n : {1, 2, 7, 300}) {
        CumulativeWeights w;
        double total = 0;
        std::uint32_t s = 12345u + static_cast<std::uint32_t>(n);
        for (int k = 0; k < n; ++k) {
            s = s * 1664525u + 1013904223u;
            total += k % 5 == 0 ? 6.25 : 1.0 + (s >> 24) / 64.0; // uneven weights, some large
            w.push_back(total);
        }
        w.index();
        const auto expected = [&](double x) {
            const auto it = std::upper_bound(w.cum.begin(), w.cum.end(), x);
            return static_cast<int>(std::min<std::ptrdiff_t>(it - w.cum.begin(), n - 1));
        };
        for (int k = 0; k <= 20000; ++k) {
            const double x = total * k / 20000.0;
            REQUIRE(w.find(x) == expected(x));
        }
        for (const double c : w.cum) { // exactly on a boundary, and a hair either side
            for (const double x : {c, std::nextafter(c, 0.0), std::nextafter(c, 2 * total)}) {
                if (x < total) {
                    REQUIRE(w.find(x) == expected(x));
                }
            }
        }
    }
}

TEST_CASE("Tabulated Beta quantiles agree with ibeta_inv and keep the mean", "[models][population]")
{
    for (const auto& [a, b] : {std::pair{2.0, 2.0}, std::pair{1.5, 4.0}, std::pair{0.8, 0.8}}) {
        const BetaQuantiles q(a, b);
        double worst = 0, sum = 0;
        const int n = 100000;
        for (int k = 0; k < n; ++k) {
            const double u = (k + 0.5) / n;
            const double x = q(u);
            sum += x;
            if (u > 1e-3 && u < 1 - 1e-3) {
                worst = std::max(worst, std::abs(x - boost::math::ibeta_inv(a, b, u)));
            }
            REQUIRE(x >= 0.0);
            REQUIRE(x <= 1.0);
        }
        INFO("Beta(" << a << ", " << b << ")");
        CHECK(worst < 5e-4); // of the [low, high] range: under one yuan of a base-year income
        CHECK(sum / n == Approx(a / (a + b)).margin(2e-4));
    }
}

TEST_CASE("The truncated normal lies above its floor with the tail's mean", "[models][population]")
{
    const boost::math::normal_distribution<double> normal;
    for (const double z0 : {-3.0, -0.4, 0.0, 1.3, 5.0}) {
        const NormalAbove draw(z0);
        double sum = 0, low = 1e9;
        const int n = 20000;
        for (int k = 0; k < n; ++k) {
            const double z = draw((k + 0.5) / n);
            sum += z;
            low = std::min(low, z);
        }
        const double mean = boost::math::pdf(normal, z0) / boost::math::cdf(boost::math::complement(normal, z0));
        INFO("floor " << z0);
        CHECK(low >= z0);
        CHECK(sum / n == Approx(mean).margin(2e-3));
    }
}
