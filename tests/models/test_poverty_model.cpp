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
    const auto a = run_replication(p, 42, 3);
    const auto b = run_replication(p, 42, 3);
    const auto c = run_replication(p, 42, 4);
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
    const auto a = run_replication(base, 42, 0);
    const auto b = run_replication(variant, 42, 0);
    for (const char* shock : {"price_index", "new_disaster_villages", "new_illness", "n_persons"}) {
        INFO(shock);
        CHECK((a.row(metric_index(shock)) == b.row(metric_index(shock))).all());
    }
    CHECK_FALSE((a.row(metric_index("new_exits")) == b.row(metric_index("new_exits"))).all());
}

TEST_CASE("A crisis year cuts wages and raises job losses", "[models][pipeline]")
{
    auto with = test::make_tiny_params();
    auto without = with;
    without.crises.clear();
    const int y2020 = 2020 - 2016;
    double jobs_with = 0, jobs_without = 0, income_with = 0, income_without = 0;
    for (std::uint32_t r = 0; r < 4; ++r) {
        const auto a = run_replication(with, 42, r), b = run_replication(without, 42, r);
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
