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

namespace {

/// Two arrays over years {2016, 2017}: a [year × programme(2) × source(3)] one whose element i of
/// run r is r * (i + 1), and a [year × county(1)] one.
ReplicationSet make_array_set(int n_runs)
{
    ReplicationSet set;
    set.years  = {2016, 2017};
    set.arrays = {{"budget/spending", "yuan", "d", {"year", "programme", "source"}, {{"a", "b"}, {"x", "y", "z"}}},
                  {"labour/migrants", "persons", "d", {"year", "county"}, {{"c"}}}};
    set.array_runs.resize(2);
    for (int r = 1; r <= n_runs; ++r) {
        set.runs.push_back(ResultCube(0, 2));
        std::vector<double> spending(12);
        for (std::size_t i = 0; i < spending.size(); ++i) {
            spending[i] = r * static_cast<double>(i + 1);
        }
        set.array_runs[0].push_back(spending);
        set.array_runs[1].push_back({10.0 * r, -1.0 * r});
    }
    return set;
}

} // namespace

TEST_CASE("summarise_arrays gives element-wise mean, sd (n-1), se and type-7 percentiles", "[sim][stats]")
{
    // Runs r = 1..4: element i holds r * (i + 1), so every statistic is (i + 1) times that of {1, 2, 3, 4}.
    const auto s = summarise_arrays(make_array_set(4));
    REQUIRE(s.size() == 2);
    for (const auto* v : {&s[0].mean, &s[0].sd, &s[0].se, &s[0].p05, &s[0].p50, &s[0].p95}) {
        CHECK(v->size() == 12);
    }
    for (std::size_t i = 0; i < 12; ++i) {
        const double k = static_cast<double>(i + 1);
        INFO("element " << i);
        CHECK(s[0].mean[i] == Approx(2.5 * k));
        CHECK(s[0].sd[i] == Approx(std::sqrt(5.0 / 3.0) * k));
        CHECK(s[0].se[i] == Approx(std::sqrt(5.0 / 3.0) / 2.0 * k));
        CHECK(s[0].p05[i] == Approx(1.15 * k));
        CHECK(s[0].p50[i] == Approx(2.5 * k));
        CHECK(s[0].p95[i] == Approx(3.85 * k));
    }
    REQUIRE(s[1].mean.size() == 2);
    CHECK(s[1].mean[0] == Approx(25.0));
    CHECK(s[1].p05[1] == Approx(-3.85)); // {-1, -2, -3, -4}
    CHECK(s[1].p95[1] == Approx(-1.15));

    // Same numbers as summarise() gives for the same values held as a metric.
    ReplicationSet as_metric;
    as_metric.metrics = {{"m", "u", "d"}};
    as_metric.years   = {2016, 2017};
    const auto set = make_array_set(4);
    for (const auto& run : set.array_runs[1]) {
        ResultCube c(1, 2);
        c << run[0], run[1];
        as_metric.runs.push_back(c);
    }
    const auto m = summarise(as_metric);
    for (int y = 0; y < 2; ++y) {
        CHECK(s[1].mean[y] == m[0].mean(y));
        CHECK(s[1].sd[y] == m[0].sd(y));
        CHECK(s[1].p05[y] == m[0].p05(y));
    }
}

TEST_CASE("summarise_arrays with one run, no runs and a malformed run", "[sim][stats]")
{
    const auto one = summarise_arrays(make_array_set(1));
    CHECK(one[0].mean[5] == 6.0);
    CHECK(one[0].sd[5] == 0.0);
    CHECK(one[0].se[5] == 0.0);
    CHECK(one[0].p05[5] == 6.0);
    CHECK(one[0].p95[5] == 6.0);

    const auto none = summarise_arrays(make_array_set(0));
    REQUIRE(none[0].mean.size() == 12);
    CHECK(std::isnan(none[0].mean[0]));
    CHECK(std::isnan(none[0].p95[11]));

    auto bad = make_array_set(3);
    bad.array_runs[0][2].pop_back();
    CHECK_THROWS_WITH(summarise_arrays(bad), Catch::Contains("budget/spending") && Catch::Contains("run 2"));
}
