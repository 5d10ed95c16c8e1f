// Thresholds and the exit / return / village / county rules, as pure functions and on
// hand-built households run through the assessment stage.
#include "models/registry.h"
#include "models/thresholds.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

using namespace povsim;
using namespace povsim::models;

TEST_CASE("Year tables hold, step and grow after the last entry", "[models][thresholds]")
{
    YearTable t{{{2016, 100.0}, {2018, 200.0}}, 0.1};
    CHECK(t.at(2010) == 100.0); // before the first entry: the first value
    CHECK(t.at(2017) == 100.0);
    CHECK(t.at(2018) == 200.0);
    CHECK(t.at(2020) == Approx(242.0));
    CHECK(t.at_or(2015, -1.0) == -1.0); // before the first entry: the fallback
    CHECK(t.at_or(2016, -1.0) == 100.0);
}

TEST_CASE("Rules of the year follow the scenario", "[models][thresholds]")
{
    auto p = test::make_tiny_params();
    const auto r2017 = rules_for_year(p, 2017);
    CHECK(r2017.poverty_line == 3335);
    CHECK(r2017.exit_line == 3635);
    CHECK(r2017.monitoring_line == Approx(1.5 * 3335));
    CHECK(r2017.registration_open);
    CHECK_FALSE(r2017.monitoring_on);
    CHECK(r2017.crisis.wage_factor == 1.0);
    const auto r2020 = rules_for_year(p, 2020);
    CHECK(r2020.monitoring_on);
    CHECK(r2020.crisis.wage_factor == 0.8);
    CHECK(r2020.crisis.job_loss_factor == 2.0);
    const auto r2022 = rules_for_year(p, 2022);
    CHECK_FALSE(r2022.registration_open);
    CHECK(r2022.poverty_line == Approx(3972 * 1.06 * 1.06));
    CHECK(r2022.poor_extra_multiplier == 0.8);
    p.thresholds.monitoring_line.values = {{2016, 5000}};
    CHECK(rules_for_year(p, 2017).monitoring_line == 5000);
}

TEST_CASE("Pure household, village and county rules", "[models][thresholds]")
{
    CHECK(next_years_above(1, 3446, 3446) == 2);
    CHECK(next_years_above(1, 3445.9, 3446) == 0);
    CHECK(meets_exit_rule(2, 2, true));
    CHECK_FALSE(meets_exit_rule(1, 2, true));
    CHECK_FALSE(meets_exit_rule(3, 2, false));
    CHECK(meets_return_rule(3000, 0, 3146, false));
    CHECK_FALSE(meets_return_rule(3200, 100, 3146, false));
    CHECK(meets_return_rule(3200, 100, 3146, true));
    Thresholds t;
    t.village_exit_collective_income = 10000;
    CHECK(meets_village_exit_rule(2, 100, 10000, true, false, t));
    CHECK_FALSE(meets_village_exit_rule(3, 100, 10000, true, false, t));
    CHECK(meets_village_exit_rule(3, 100, 10000, true, true, t));
    CHECK_FALSE(meets_village_exit_rule(0, 100, 9999, true, false, t));
    CHECK_FALSE(meets_village_exit_rule(0, 100, 10000, false, false, t));
    CHECK(meets_county_exit_rule(20, 1000, false, t));
    CHECK_FALSE(meets_county_exit_rule(21, 1000, false, t));
    CHECK(meets_county_exit_rule(30, 1000, true, t));
    CHECK(monitoring_kind(Status::Exited, 4000, 5000, {}) == MonitorKind::UnstableExited);
    CHECK(monitoring_kind(Status::NonPoor, 4000, 5000, {}) == MonitorKind::Edge);
    CHECK(monitoring_kind(Status::NonPoor, 9000, 5000, {.hardship = true}) == MonitorKind::SuddenHardship);
    CHECK(monitoring_kind(Status::NonPoor, 9000, 5000, {}) == MonitorKind::None);
    CHECK(monitoring_kind(Status::RegisteredPoor, 100, 5000, {.hardship = true}) == MonitorKind::None);
}

using test::hand_built_world;

TEST_CASE("Assessment exits, returns and keeps households as the rules say", "[models][thresholds]")
{
    auto p = test::make_tiny_params();
    p.thresholds.verification_pass_rate = 1.0;
    World w = hand_built_world(p, 6);
    auto& hh = w.households;
    const sim::ReplicationStreams streams(1, 0, 2016);
    const sim::StageContext ctx{2017, 1, streams};
    w.rules = rules_for_year(p, 2017); // line 3335, exit line 3635

    hh.status[0] = Status::RegisteredPoor, hh.years_above_line[0] = 1, hh.income_pc[0] = 3700; // exits
    hh.status[1] = Status::RegisteredPoor, hh.years_above_line[1] = 0, hh.income_pc[1] = 3700; // first year only
    hh.status[2] = Status::RegisteredPoor, hh.years_above_line[2] = 1, hh.income_pc[2] = 3700;
    hh.set(2, flag::HousingUnsafe, true);                                                     // basic need unmet
    hh.status[3] = Status::Exited, hh.exit_year[3] = 2016, hh.income_pc[3] = 3000;            // returns
    hh.status[4] = Status::Exited, hh.exit_year[4] = 2016, hh.income_pc[4] = 3400;            // stays out
    hh.status[5] = Status::NewPoor, hh.years_above_line[5] = 5, hh.income_pc[5] = 3600;       // below exit line

    assess(w, ctx);
    CHECK(hh.status[0] == Status::Exited);
    CHECK(hh.exit_year[0] == 2017);
    CHECK(hh.status[1] == Status::RegisteredPoor);
    CHECK(hh.years_above_line[1] == 1);
    CHECK(hh.status[2] == Status::RegisteredPoor);
    CHECK(hh.status[3] == Status::Returned);
    CHECK(hh.status[4] == Status::Exited);
    CHECK(hh.status[5] == Status::NewPoor);
    CHECK(hh.years_above_line[5] == 0);
    CHECK(w.flows.exits == 1);
    CHECK(w.flows.exit_persons == 2);
    CHECK(w.flows.returns == 1);
    // Village: 3 registered poor households of 6 → incidence 50 %: stays poor; county too.
    CHECK(w.villages.exit_year[0] == 0);
    CHECK(w.counties.exit_year[0] == 0);
}

TEST_CASE("A yearly exit plan certifies the richest eligible households first, up to its persons", "[models][thresholds]")
{
    auto p = test::make_tiny_params();
    p.thresholds.verification_pass_rate = 1.0;
    p.thresholds.exit_consecutive_years = 1;
    p.thresholds.exit_plan_persons.values = {{2017, 4}}; // persons; 2018 has no plan
    World w = hand_built_world(p, 4);                   // 2 persons each
    auto& hh = w.households;
    const sim::ReplicationStreams streams(1, 0, 2016);
    w.rules = rules_for_year(p, 2017); // exit line 3635
    const double incomes[] = {3700, 5000, 4000, 3000};
    for (std::size_t i = 0; i < 4; ++i) {
        hh.status[i] = Status::RegisteredPoor, hh.years_above_line[i] = 0, hh.income_pc[i] = incomes[i];
    }
    assess(w, sim::StageContext{2017, 1, streams});
    CHECK(hh.status[1] == Status::Exited); // 5,000: furthest above the line
    CHECK(hh.status[2] == Status::Exited); // 4,000: fills the plan (4 persons)
    CHECK(hh.status[0] == Status::RegisteredPoor); // eligible, waits for a later plan
    CHECK(hh.years_above_line[0] == 1);
    CHECK(hh.status[3] == Status::RegisteredPoor); // below the line
    CHECK(w.flows.exit_persons == 4);

    w.flows = {};
    w.rules = rules_for_year(p, 2018); // no plan: every eligible household exits
    hh.income_pc[0] = 4000;
    assess(w, sim::StageContext{2018, 1, streams});
    CHECK(hh.status[0] == Status::Exited);
    CHECK(w.flows.exits == 1);
}

TEST_CASE("A village and a county exit once incidence falls below the threshold", "[models][thresholds]")
{
    auto p = test::make_tiny_params();
    World w = hand_built_world(p, 60);
    auto& hh = w.households;
    for (std::size_t i = 0; i < 60; ++i) {
        hh.status[i] = Status::NonPoor, hh.income_pc[i] = 20000;
    }
    hh.status[0] = Status::RegisteredPoor, hh.income_pc[0] = 100; // 2 of 120 persons = 1.7 %
    const sim::ReplicationStreams streams(1, 0, 2016);
    w.rules = rules_for_year(p, 2018);
    assess(w, sim::StageContext{2018, 2, streams});
    CHECK(w.villages.exit_year[0] == 2018);
    CHECK(w.counties.exit_year[0] == 2018);
    CHECK(w.flows.village_exits == 1);
    CHECK(w.flows.county_exits == 1);
}

TEST_CASE("Monitoring ends after enough safe years", "[models][thresholds]")
{
    auto p = test::make_tiny_params();
    p.thresholds.monitoring_exit_years = 2;
    World w = hand_built_world(p, 2);
    auto& hh = w.households;
    const sim::ReplicationStreams streams(1, 0, 2016);
    w.rules = rules_for_year(p, 2021); // monitoring line 1.5 × 4210.3
    hh.status[0] = hh.status[1] = Status::NonPoor;
    hh.monitor[0] = hh.monitor[1] = MonitorKind::Edge;
    hh.income_pc[0] = 9000, hh.years_above_monitoring[0] = 1; // second safe year → leaves
    hh.income_pc[1] = 9000, hh.years_above_monitoring[1] = 0; // first safe year → stays
    assess(w, sim::StageContext{2021, 5, streams});
    CHECK(hh.monitor[0] == MonitorKind::None);
    CHECK(hh.monitor[1] == MonitorKind::Edge);
    CHECK(w.flows.monitoring_exits == 1);
}
