// Exit pathways, the monitoring triggers and risk removal (风险消除), and the post-exit support
// taper, on hand-built households with known answers.
#include "models/registry.h"
#include "models/shocks.h"
#include "models/thresholds.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

using namespace povsim;
using namespace povsim::models;

namespace {
World small_world(const Parameters& p, std::size_t n) { return test::hand_built_world(p, n, false); }
} // namespace

TEST_CASE("An exit's pathway is the first income layer that reaches the exit line", "[models][monitoring]")
{
    auto p = test::make_tiny_params();
    World w = small_world(p, 4);
    auto& hh = w.households;
    const double line = 4000;
    // Wages alone reach it.
    hh.wage_pc[0] = 3000, hh.programme_wage_pc[0] = 1200, hh.farm_pc[0] = 500, hh.income_pc[0] = 4700;
    CHECK(exit_pathway(hh, 0, line) == Pathway::Wages);
    // Market income reaches it and farm + industry income is the larger part.
    hh.wage_pc[1] = 1000, hh.farm_pc[1] = 2000, hh.programme_farm_pc[1] = 1500, hh.income_pc[1] = 4500;
    CHECK(exit_pathway(hh, 1, line) == Pathway::FarmBusiness);
    // Market income 2,500 falls short; pensions and asset income take it to 4,100 without a top-up.
    hh.farm_pc[2] = 2500, hh.income_pc[2] = 4100;
    CHECK(exit_pathway(hh, 2, line) == Pathway::Transfers);
    // Only the top-up takes it over.
    hh.farm_pc[3] = 1000, hh.topup_pc[3] = 2000, hh.income_pc[3] = 4100;
    CHECK(exit_pathway(hh, 3, line) == Pathway::SafetyNet);
}

TEST_CASE("Monitoring flags a risk, not a level, when the scenario says so", "[models][monitoring]")
{
    // Below the monitoring line and falling: flagged; below but stable: not when a fall is required.
    CHECK(monitoring_kind(Status::Exited, 4000, 6000, {.income_fell = true}) == MonitorKind::UnstableExited);
    CHECK(monitoring_kind(Status::Exited, 4000, 6000, {.income_fell = false}) == MonitorKind::None);
    // A basic need at risk flags an exited household at any income, a never-poor one only in the range.
    CHECK(monitoring_kind(Status::Exited, 9000, 6000, {.income_fell = false, .needs_unmet = true}) ==
          MonitorKind::UnstableExited);
    CHECK(monitoring_kind(Status::NonPoor, 5000, 6000, {.income_fell = false, .needs_unmet = true}) ==
          MonitorKind::Edge);
    CHECK(monitoring_kind(Status::NonPoor, 9000, 6000, {.income_fell = false, .needs_unmet = true}) ==
          MonitorKind::None);
    CHECK(monitoring_kind(Status::Exited, 9000, 6000, {.hardship = true}) == MonitorKind::SuddenHardship);
}

TEST_CASE("Risk is removed once income is stably above the removal line, a one-off hardship at once",
          "[models][monitoring]")
{
    auto p = test::make_tiny_params();
    p.thresholds.risk_removal_factor   = 1.0; // the poverty line
    p.thresholds.monitoring_exit_years = 2;
    World w = small_world(p, 4);
    auto& hh = w.households;
    const sim::ReplicationStreams streams(1, 0, 2016);
    w.rules = rules_for_year(p, 2021); // poverty line 4210.3, monitoring line 6315
    for (std::size_t i = 0; i < 4; ++i) {
        hh.status[i] = Status::NonPoor, hh.monitor[i] = MonitorKind::Edge, hh.monitor_since[i] = 2020;
        hh.income_pc[i] = 5000; // above the poverty line, below the monitoring line
    }
    w.monitoring.flagged[5] = 4; // the 2020 cohort (base year 2015)
    hh.years_above_monitoring[0] = 1;                                   // second safe year: removed
    hh.years_above_monitoring[1] = 0;                                   // first safe year: stays
    hh.monitor[2] = MonitorKind::SuddenHardship;                        // one-off, its year over: removed
    hh.monitor_since[3] = 2021;                                         // flagged this year: helped first
    hh.years_above_monitoring[3] = 5;
    assess(w, sim::StageContext{2021, 5, streams});
    CHECK(hh.monitor[0] == MonitorKind::None);
    CHECK(hh.monitor[1] == MonitorKind::Edge);
    CHECK(hh.monitor[2] == MonitorKind::None);
    CHECK(hh.monitor[3] == MonitorKind::Edge);
    CHECK(w.flows.monitoring_exits == 2);
    CHECK(w.monitoring.removed_within_2y[5] == 2); // both removed one year after the 2020 flag

    // Without the factor the monitoring line applies and 5,000 is not safe.
    p.thresholds.risk_removal_factor = 0;
    hh.monitor[1] = MonitorKind::Edge, hh.years_above_monitoring[1] = 1;
    assess(w, sim::StageContext{2021, 5, streams});
    CHECK(hh.monitor[1] == MonitorKind::Edge);
    CHECK(hh.years_above_monitoring[1] == 0);
}

TEST_CASE("Post-exit support tapers over the years after keep_policy_years, never returning", "[models][monitoring]")
{
    auto p = test::make_tiny_params();
    p.transition.keep_policy_years   = 3;
    p.transition.support_taper_years = 3;
    const std::size_t n = 20000;
    World w = small_world(p, n);
    auto& hh = w.households;
    for (std::size_t i = 0; i < n; ++i) {
        hh.status[i] = Status::Exited, hh.exit_year[i] = 2016;
    }
    std::vector<std::uint8_t> before(n, 1);
    const double expected[] = {1.0, 0.75, 0.5, 0.25, 0.0, 0.0}; // 2019 … 2024: 1 − k/4 in the k-th year after
    for (int year = 2019; year <= 2024; ++year) {
        double supported = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const bool now = policy_applies(w, i, year);
            CHECK_FALSE((now && !before[i])); // support, once ended, does not come back
            before[i] = now;
            supported += now;
        }
        CHECK(supported / n == Approx(expected[year - 2019]).margin(0.015));
    }
    p.transition.support_taper_years = 0; // a cliff: all at once after keep_policy_years
    CHECK(policy_applies(w, 0, 2019));
    CHECK_FALSE(policy_applies(w, 0, 2020));
}

TEST_CASE("With exit_topup_no_labour_only a household with labour exits on income without its top-up",
          "[models][monitoring]")
{
    auto p = test::make_tiny_params();
    p.thresholds.verification_pass_rate = 1.0;
    p.thresholds.exit_consecutive_years = 1;
    World w = small_world(p, 3);
    auto& hh = w.households;
    const sim::ReplicationStreams streams(1, 0, 2016);
    w.rules = rules_for_year(p, 2017); // exit line 3635
    for (std::size_t i = 0; i < 3; ++i) {
        hh.status[i] = Status::RegisteredPoor, hh.income_pc[i] = 3700, hh.topup_pc[i] = 500;
    }
    hh.labour[0] = 1, hh.labour[1] = 0; // with and without labour, both lifted over the line by the top-up
    hh.labour[2] = 1, hh.topup_pc[2] = 0; // with labour, over the line on its own income
    p.thresholds.exit_topup_no_labour_only = true;
    assess(w, sim::StageContext{2017, 1, streams});
    CHECK(hh.status[0] == Status::RegisteredPoor);
    CHECK(hh.status[1] == Status::Exited);
    CHECK(hh.status[2] == Status::Exited);
    CHECK(w.flows.exits_by_pathway[static_cast<int>(Pathway::SafetyNet)] == 1); // the one without labour
}
