// Whole replications: bit-identical reruns, distinct replications, common random numbers.
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

using namespace povsim;
using namespace povsim::models;

TEST_CASE("The yearly pipeline runs the stages in the documented order", "[models][pipeline]")
{
    const std::vector<std::string> expected{"rules", "demography", "shocks", "income", "identify", "programmes", "assess"};
    CHECK(make_yearly_pipeline().names() == expected);
}

TEST_CASE("A replication is bit-identical when rerun and differs from another", "[models][pipeline]")
{
    const auto p = test::make_tiny_params();
    const auto a = run_replication(p, 42, 3).metrics;
    const auto b = run_replication(p, 42, 3).metrics;
    const auto c = run_replication(p, 42, 4).metrics;
    CHECK((a == b).all());
    CHECK_FALSE((a == c).all());
    CHECK(a.rows() == static_cast<Eigen::Index>(metric_infos().size()));
    CHECK(a.cols() == 7);
}

TEST_CASE("Scenarios run with one seed share their shocks (common random numbers)", "[models][pipeline]")
{
    const auto base = test::make_tiny_params();
    auto variant = base;
    variant.thresholds.exit_margin = 600; // a policy change that does not touch shocks
    const auto a = run_replication(base, 42, 0).metrics;
    const auto b = run_replication(variant, 42, 0).metrics;
    for (const char* shock : {"price_index", "new_disaster_villages", "new_illness", "n_persons"}) {
        INFO(shock);
        CHECK((a.row(metric_index(shock)) == b.row(metric_index(shock))).all());
    }
    CHECK_FALSE((a.row(metric_index("new_exits")) == b.row(metric_index("new_exits"))).all());
}

TEST_CASE("Budget arrays reconcile with the spending metrics (money in = money out)", "[models][pipeline]")
{
    const auto p   = test::make_tiny_params();
    const auto res = run_replication(p, 42, 1);
    const auto infos = result_arrays(p);
    REQUIRE(res.arrays.size() == infos.size());
    const std::size_t n_prog = p.programmes.size(), n_src = funding_sources().size();
    double total_spent = 0;
    for (int y = 0; y < res.metrics.cols(); ++y) {
        double spent = 0, need = 0;
        for (std::size_t c = 0; c < n_prog * n_src; ++c) {
            spent += res.arrays[0][y * n_prog * n_src + c];
            need += res.arrays[1][y * n_prog * n_src + c];
            CHECK(res.arrays[0][y * n_prog * n_src + c] <= res.arrays[1][y * n_prog * n_src + c] + 1e-6);
        }
        CHECK(spent == Approx(res.metrics(metric_index("new_spending"), y)));
        CHECK(need - spent == Approx(res.metrics(metric_index("new_shortfall"), y)).margin(1e-6));
        total_spent += spent;
    }
    CHECK(total_spent > 0);
    CHECK(total_spent == Approx(res.metrics(metric_index("cum_spending"), res.metrics.cols() - 1)));
    // The industry ceiling (800,000 in 2016 for 60 grants of 19,250) rations: a shortfall.
    const std::size_t industry = 1;
    double need_2016 = 0, spent_2016 = 0;
    for (std::size_t s = 0; s < n_src; ++s) {
        need_2016 += res.arrays[1][industry * n_src + s];
        spent_2016 += res.arrays[0][industry * n_src + s];
    }
    CHECK(need_2016 == Approx(60 * 19250));
    CHECK(spent_2016 <= 800000);
    CHECK(spent_2016 > 700000);
}

TEST_CASE("Programmes lift exits above the no-programme run on the same shocks", "[models][pipeline]")
{
    const auto with = test::make_tiny_params();
    auto without = with;
    without.programmes.clear();
    double exits_with = 0, exits_without = 0;
    for (std::uint32_t r = 0; r < 4; ++r) {
        exits_with += run_replication(with, 42, r).metrics.row(metric_index("new_exits")).sum();
        exits_without += run_replication(without, 42, r).metrics.row(metric_index("new_exits")).sum();
    }
    CHECK(exits_with > exits_without);
}

TEST_CASE("A crisis year cuts wages and raises job losses", "[models][pipeline]")
{
    auto with = test::make_tiny_params();
    auto without = with;
    without.crises.clear();
    const int y2020 = 2020 - 2016;
    double jobs_with = 0, jobs_without = 0, income_with = 0, income_without = 0;
    for (std::uint32_t r = 0; r < 4; ++r) {
        const auto a = run_replication(with, 42, r).metrics, b = run_replication(without, 42, r).metrics;
        jobs_with += a(metric_index("new_job_losses"), y2020);
        jobs_without += b(metric_index("new_job_losses"), y2020);
        income_with += a(metric_index("mean_income_all"), y2020);
        income_without += b(metric_index("mean_income_all"), y2020);
        // Years before the crisis are untouched.
        CHECK(a(metric_index("mean_income_all"), y2020 - 1) == b(metric_index("mean_income_all"), y2020 - 1));
    }
    CHECK(jobs_with > 1.5 * jobs_without);
    CHECK(income_with < income_without);
}
