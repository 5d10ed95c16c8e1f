// Paired comparison statistics: known answers on hand-made samples and cubes.
#include "sim/paired_stats.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace povsim::sim;

TEST_CASE("Identical scenarios give a zero difference and an undefined narrowing", "[sim][paired]")
{
    const std::vector<double> b{1, 2, 3, 4, 5};
    const auto                s = paired_stat(b, b, Better::lower);
    CHECK(s.n == 5);
    CHECK(s.mean_baseline == Approx(3.0));
    CHECK(s.mean_variant == Approx(3.0));
    CHECK(s.mean_diff == 0.0);
    CHECK(s.sd == 0.0);
    CHECK(s.se == 0.0);
    CHECK(s.p05 == 0.0);
    CHECK(s.p50 == 0.0);
    CHECK(s.p95 == 0.0);
    CHECK(s.prob_better == 0.0); // ties are not better
    // Independent runs would still scatter: ± z95 · sqrt(2 · 2.5).
    CHECK(s.unpaired_p95 == Approx(z95 * std::sqrt(5.0)));
    CHECK(s.unpaired_p05 == Approx(-z95 * std::sqrt(5.0)));
    CHECK(std::isnan(s.narrowing));
}

TEST_CASE("A constant shift is recovered exactly in every run", "[sim][paired]")
{
    const std::vector<double> b{10, 7, 12, 30};
    std::vector<double>       v = b;
    for (double& x : v) {
        x += 3;
    }
    const auto lower = paired_stat(b, v, Better::lower);
    CHECK(lower.mean_diff == 3.0);
    CHECK(lower.p05 == 3.0);
    CHECK(lower.p50 == 3.0);
    CHECK(lower.p95 == 3.0);
    CHECK(lower.sd == 0.0);
    CHECK(lower.prob_better == 0.0);
    CHECK(std::isnan(lower.narrowing));
    CHECK(paired_stat(b, v, Better::higher).prob_better == 1.0);
    CHECK(std::isnan(paired_stat(b, v, Better::none).prob_better));
}

TEST_CASE("Paired percentiles, P(better) and narrowing on mixed differences", "[sim][paired]")
{
    // Differences −2, −1, 0, +1, +2 on a widely spread baseline.
    const std::vector<double> b{10, 20, 30, 40, 50}, v{8, 19, 30, 41, 52};
    const auto                s = paired_stat(b, v, Better::lower);
    CHECK(s.mean_diff == Approx(0.0).margin(1e-12));
    CHECK(s.sd == Approx(std::sqrt(2.5)));
    CHECK(s.se == Approx(std::sqrt(2.5 / 5)));
    CHECK(s.p05 == Approx(-1.8)); // type 7: h = 0.2 between −2 and −1
    CHECK(s.p50 == Approx(0.0).margin(1e-12));
    CHECK(s.p95 == Approx(1.8));
    CHECK(s.prob_better == Approx(0.4)); // −2 and −1; the tie does not count
    CHECK(paired_stat(b, v, Better::higher).prob_better == Approx(0.4));
    // Marginal variances 250 and 302.5.
    const double half = z95 * std::sqrt(250.0 + 302.5);
    CHECK(s.unpaired_p05 == Approx(-half));
    CHECK(s.unpaired_p95 == Approx(half));
    CHECK(s.narrowing == Approx(2 * half / 3.6));
}

TEST_CASE("paired_stat handles empty samples and rejects unequal lengths", "[sim][paired]")
{
    const auto s = paired_stat({}, {}, Better::lower);
    CHECK(s.n == 0);
    for (double x : {s.mean_diff, s.sd, s.p05, s.p95, s.prob_better, s.unpaired_p05, s.narrowing}) {
        CHECK(std::isnan(x));
    }
    CHECK_THROWS_AS(paired_stat({1, 2}, {1}, Better::lower), std::invalid_argument);
}

namespace {

/// A set of one-row-per-metric cubes over two years: value(metric, year) = f(id, metric, year).
ReplicationSet make_set(const std::vector<std::string>& metrics, const std::vector<int>& ids, double offset)
{
    ReplicationSet set;
    for (const auto& m : metrics) {
        set.metrics.push_back({m, "u", "d " + m});
    }
    set.years           = {2020, 2021};
    set.replication_ids = ids;
    for (int id : ids) {
        ResultCube c(static_cast<Eigen::Index>(metrics.size()), 2);
        for (Eigen::Index m = 0; m < c.rows(); ++m) {
            // Metric "b" varies by replication, so pairing by the wrong row would show up.
            const double base = metrics[static_cast<std::size_t>(m)] == "b" ? 100.0 * id : 5.0;
            c(m, 0)           = base + offset;
            c(m, 1)           = base + 2 * offset;
        }
        set.runs.push_back(c);
    }
    return set;
}

} // namespace

TEST_CASE("compare_paired pairs runs by replication index and metrics by name", "[sim][paired]")
{
    const auto base    = make_set({"a", "b", "only_base"}, {0, 1, 2, 3}, 0.0);
    const auto variant = make_set({"b", "a"}, {3, 1, 0, 2}, 1.5); // other row and metric order
    const auto c = compare_paired("base", base, "var", variant, [](const std::string& m) {
        return m == "a" ? Better::higher : Better::none;
    });
    CHECK(c.baseline == "base");
    CHECK(c.variant == "var");
    CHECK(c.n_pairs == 4);
    CHECK(c.years == std::vector<int>{2020, 2021});
    REQUIRE(c.metrics.size() == 2); // only_base is not in the variant
    CHECK(c.metrics[0].metric == "a");
    CHECK(c.metrics[0].description == "d a");
    CHECK(c.metrics[0].better == Better::higher);
    CHECK(c.metrics[1].metric == "b");
    for (const auto& m : c.metrics) {
        REQUIRE(m.years.size() == 2);
        for (int y = 0; y < 2; ++y) {
            const double shift = 1.5 * (y + 1);
            CHECK(m.years[y].mean_diff == Approx(shift));
            CHECK(m.years[y].p05 == Approx(shift)); // exact pairing: every run shifted alike
            CHECK(m.years[y].p95 == Approx(shift));
        }
    }
    CHECK(c.metrics[0].years[0].prob_better == 1.0);
    CHECK(std::isnan(c.metrics[1].years[0].prob_better));
    // Metric b spreads 0..300 in both scenarios, yet pairing removes all of it.
    CHECK(c.metrics[1].years[0].unpaired_p95 - c.metrics[1].years[0].unpaired_p05 > 200);
}

TEST_CASE("compare_paired refuses sets that cannot be paired", "[sim][paired]")
{
    const auto none = [](const std::string&) { return Better::none; };
    const auto base = make_set({"a"}, {0, 1, 2}, 0.0);
    CHECK_THROWS_AS(compare_paired("b", base, "v", make_set({"a"}, {0, 1, 3}, 0.0), none), std::invalid_argument);
    CHECK_THROWS_AS(compare_paired("b", base, "v", make_set({"a"}, {0, 1}, 0.0), none), std::invalid_argument);
    auto other_years  = make_set({"a"}, {0, 1, 2}, 0.0);
    other_years.years = {2019, 2020};
    CHECK_THROWS_AS(compare_paired("b", base, "v", other_years, none), std::invalid_argument);
    auto twice = make_set({"a"}, {0, 1, 1}, 0.0);
    CHECK_THROWS_AS(compare_paired("b", base, "v", twice, none), std::invalid_argument);
}

TEST_CASE("paired_window sums a flow over the window and reads a stock at its end, paired by id", "[sim][paired]")
{
    const auto base    = make_set({"b"}, {0, 1, 2}, 0.0);
    const auto variant = make_set({"b"}, {2, 0, 1}, 1.5); // other row order
    const auto sum     = paired_window(base, variant, "b", 2020, 2021, WindowReduce::sum);
    CHECK(sum.replication_ids == std::vector<int>{0, 1, 2});
    // b = 100·id in both years; the variant adds 1.5 in 2020 and 3 in 2021.
    CHECK(sum.baseline == std::vector<double>{0, 200, 400});
    CHECK(sum.variant == std::vector<double>{4.5, 204.5, 404.5});
    const auto last = paired_window(base, variant, "b", 2020, 2021, WindowReduce::last);
    CHECK(last.variant == std::vector<double>{3, 103, 203});
    const auto first_year = paired_window(base, variant, "b", 2020, 2020, WindowReduce::sum);
    CHECK(first_year.variant == std::vector<double>{1.5, 101.5, 201.5});
    CHECK_THROWS_AS(paired_window(base, variant, "a", 2020, 2021, WindowReduce::sum), std::invalid_argument);
    CHECK_THROWS_AS(paired_window(base, variant, "b", 2020, 2022, WindowReduce::sum), std::invalid_argument);
    CHECK_THROWS_AS(paired_window(base, make_set({"b"}, {0, 1, 3}, 0.0), "b", 2020, 2021, WindowReduce::sum),
                    std::invalid_argument);
}
