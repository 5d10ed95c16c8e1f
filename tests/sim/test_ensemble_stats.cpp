// Ensemble statistics: known answers for mean, sd, se and type-7 quantiles.
#include "sim/ensemble_stats.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace povsim::sim;

TEST_CASE("Type-7 quantiles match R and NumPy", "[sim][stats]")
{
    const std::vector<double> v{4, 1, 3, 2};
    CHECK(quantile(v, 0.0) == 1.0);
    CHECK(quantile(v, 1.0) == 4.0);
    CHECK(quantile(v, 0.5) == Approx(2.5));
    CHECK(quantile(v, 0.05) == Approx(1.15)); // h = 0.15
    CHECK(quantile(v, 0.95) == Approx(3.85));
    CHECK(quantile({5.0}, 0.05) == 5.0);
    CHECK(std::isnan(quantile({}, 0.5)));
}

TEST_CASE("summarise gives mean, sd (n-1), se and percentiles per metric and year", "[sim][stats]")
{
    ReplicationSet set;
    set.metrics = {{"a", "u", "d"}, {"b", "u", "d"}};
    set.years   = {2016, 2017};
    for (double r : {1.0, 2.0, 3.0, 4.0}) {
        ResultCube c(2, 2);
        c << r, 10 * r, 7, -r;
        set.runs.push_back(c);
    }
    const auto s = summarise(set);
    REQUIRE(s.size() == 2);
    CHECK(s[0].mean(0) == Approx(2.5));
    CHECK(s[0].sd(0) == Approx(std::sqrt(5.0 / 3.0)));
    CHECK(s[0].se(0) == Approx(std::sqrt(5.0 / 3.0) / 2.0));
    CHECK(s[0].mean(1) == Approx(25.0));
    CHECK(s[1].sd(0) == 0.0);
    CHECK(s[1].p05(1) == Approx(-3.85));
    CHECK(s[1].p50(1) == Approx(-2.5));
}
