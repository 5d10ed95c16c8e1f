#pragma once
// Test fixtures built in C++ (no loader involved), so model tests do not depend on the
// scenario parser. One small region: 2 counties, 3 units, 12 villages, ~1,500 households.
#include "models/parameters.h"
#include "models/world.h"

#include <string>

namespace povsim::test {

/// @brief One programme of every effect kind, with a ceiling and a phase-out.
inline void add_tiny_programmes(models::Parameters& p)
{
    using models::EffectKind;
    auto make = [](std::string id, EffectKind kind, std::vector<std::string> eligible) {
        models::Programme prog;
        prog.id       = std::move(id);
        prog.kind     = kind;
        prog.eligible = std::move(eligible);
        prog.sources  = {{"central", 0.5}, {"provincial", 0.3}, {"county", 0.2}};
        return prog;
    };
    auto dibao = make("dibao", EffectKind::TopUp, {"supported", "no_labour"});
    dibao.phase_out.values = {{2021, 1.0}, {2022, 0.8}};
    auto industry = make("industry", EffectKind::Grant, {"registered_poor", "has_labour"});
    industry.target.values = {{2016, 60}, {2017, 60}};
    industry.one_off_cost = 19250;
    industry.effect.income = 600, industry.effect.success_probability = 0.8, industry.effect.duration_years = 4;
    industry.effect.decay = 0.1;
    industry.ceiling.values = {{2016, 800000}};
    auto rangers = make("rangers", EffectKind::WageJob, {"registered_poor", "unemployed_labour"});
    rangers.target.values = {{2016, 10}};
    rangers.effect.wage = 21600, rangers.effect.duration_years = 5;
    auto credit = make("credit", EffectKind::Loan, {"registered_poor", "has_labour"});
    credit.target.values = {{2017, 30}};
    credit.effect.principal = 50000, credit.effect.insurance_premium = 0.025, credit.effect.income = 400;
    credit.effect.default_probability = 0.1, credit.effect.success_probability = 0.7;
    auto housing = make("housing", EffectKind::StateChange, {"housing_unsafe"});
    housing.one_off_cost = 25000, housing.effect.sets = {"housing_safe"};
    auto assist = make("medical", EffectKind::Reimbursement, {"supported"});
    assist.effect.ratio = 0.8, assist.effect.cap = 50000;
    auto water = make("water", EffectKind::Village, {"water_unsafe"});
    water.unit = "villages", water.one_off_cost = 300000, water.effect.sets = {"water_safe"};
    water.target.values = {{2016, 3}, {2017, 3}};
    p.programmes = {dibao, industry, rangers, credit, housing, assist, water};
    p.budget.source_ceilings["county"].values = {{2021, 200000}};
}

/// @brief A small but complete scenario: every stage has something to do.
inline models::Parameters make_tiny_params()
{
    models::Parameters p;
    p.scenario.name       = "tiny";
    p.scenario.start_year = 2016;
    p.scenario.end_year   = 2022;
    p.scenario.base_year  = 2015;
    p.monte_carlo.runs    = 4;
    p.monte_carlo.seed    = 42;
    p.thresholds.poverty_line.values = {{2015, 2968}, {2016, 3146}, {2017, 3335}, {2018, 3535}, {2019, 3747}, {2020, 3972}};
    p.thresholds.poverty_line.growth_after = 0.06;
    p.thresholds.exit_margin            = 300;
    p.thresholds.exit_consecutive_years = 2;
    p.thresholds.verification_pass_rate = 0.95;
    p.population.counties = {{"east", false, true, ""}, {"west", true, true, ""}};
    p.population.units    = {
        {"u1", "east", 4, 2, 500, 1600, 120, 330},
        {"u2", "east", 4, 1, 400, 1250, 60, 170},
        {"u3", "west", 4, 3, 600, 1900, 220, 600},
    };
    p.population.segments = {
        {"no_labour", 100, 190, false, "registered_poor", 0, "labour"},
        {"exited", 80, 250, true, "exited", 2015, "other"},
        {"poor", 220, 660, true, "registered_poor", 0, "illness"},
    };
    p.population.poor_labour    = {0.6, 1.4, 2, 2, 0, 0, 1.0, 0.55, 0.3, 0.03, 0.02};
    p.population.poor_no_labour = {0.3, 0.9, 2, 2, 0, 0, 1.0, 0.25, 0.0, 0.0, 0.05};
    p.population.exited         = {0.4, 1.0, 2, 2, 4200, 0.3, 1.1, 0.5, 0.35, 0.03, 0.02};
    p.population.non_poor       = {0.4, 1.0, 2, 2, 11000, 0.6, 1.0, 0.5, 0.35, 0.08, 0.02};
    p.shocks.reimbursement = {
        {"basic", false, 0.55, 0.05, 500, 150000},
        {"critical", false, 0.5, 0.0, 15000, 300000},
        {"assistance", true, 0.7, 0.0, 0, 20000},
    };
    p.crises = {{2020, 0.8, 2.0, 1.0, "pandemic"}};
    p.transition.poor_extra_phase_out.values = {{2020, 1.0}, {2021, 1.0}, {2022, 0.8}};
    p.population.villages.poor_collective_income_median = 20000;
    p.thresholds.village_exit_collective_income         = 10000;
    add_tiny_programmes(p);
    return p;
}

/// @brief A world of @p n hand-set households of two persons in one village of one county
/// (@p poor: on the poor lists), with the monitoring cohorts sized for the horizon.
inline models::World hand_built_world(const models::Parameters& p, std::size_t n, bool poor = true)
{
    models::World w;
    w.params = &p;
    w.households.resize(n);
    const std::uint8_t listed = poor ? 1 : 0;
    w.villages = {{0}, {0}, {listed}, {0}, {50000.0}, {1}, {0.0f}};
    w.counties = {{"c"}, {0}, {listed}, {0}};
    for (std::size_t i = 0; i < n; ++i) {
        w.households.size[i] = 2;
    }
    const auto periods = static_cast<std::size_t>(p.scenario.end_year - p.scenario.base_year + 1);
    w.monitoring.flagged.assign(periods, 0.0);
    w.monitoring.removed_within_2y.assign(periods, 0.0);
    return w;
}

} // namespace povsim::test
