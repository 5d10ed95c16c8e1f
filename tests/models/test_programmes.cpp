// The generic programme model: each effect kind on hand-built households (known answers),
// targeting and priority, rationing under a ceiling, phase-out, eligibility words.
#include "models/eligibility.h"
#include "models/fund_ledger.h"
#include "models/programmes.h"
#include "models/thresholds.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

using namespace povsim;
using namespace povsim::models;

namespace {

/// A world of @p incomes.size() registered poor households of @p size persons in village 0
/// (of 2 villages), with one programme; the rules are those of 2017 (line 3335).
struct ProgrammeFixture {
    Parameters                    params = test::make_tiny_params();
    World                         w;
    const sim::ReplicationStreams streams{1, 0, 2016};

    ProgrammeFixture(const Programme& prog, const std::vector<double>& incomes, int size = 2)
    {
        params.programmes = {prog};
        w.params          = &params;
        w.households.resize(incomes.size());
        for (std::size_t i = 0; i < incomes.size(); ++i) {
            w.households.size[i]      = static_cast<std::uint8_t>(size);
            w.households.labour[i]    = 1;
            w.households.status[i]    = Status::RegisteredPoor;
            w.households.income_pc[i] = static_cast<float>(incomes[i]);
        }
        w.villages = {{0, 0}, {0, 0}, {1, 1}, {0, 0}, {1000.0, 1000.0}, {0, 0}, {0.0f, 0.0f}};
        w.counties = {{"c"}, {0}, {1}, {0}};
        init_programmes(w);
    }
    /// Runs the programme stage for @p year after resetting programme income, as the income stage does.
    void run(int year, const std::vector<double>& incomes = {})
    {
        for (std::size_t i = 0; i < w.households.count(); ++i) {
            if (!incomes.empty()) {
                w.households.income_pc[i] = static_cast<float>(incomes[i]);
            } else {
                w.households.income_pc[i] -= w.households.programme_pc[i];
            }
            w.households.programme_pc[i] = 0.0f;
        }
        w.rules = rules_for_year(params, year);
        apply_programmes(w, sim::StageContext{year, year - 2016, streams});
    }
    double spent() const { return w.programmes.ledger.spending().sum(); }
    double needed() const { return w.programmes.ledger.need().sum(); }
    float income(std::size_t i) const { return w.households.income_pc[i]; }
};

Programme programme(EffectKind kind, std::vector<std::string> eligible = {"registered_poor"})
{
    Programme p;
    p.id       = "p";
    p.kind     = kind;
    p.eligible = std::move(eligible);
    p.sources  = {{"central", 0.5}, {"county", 0.5}};
    return p;
}

} // namespace

TEST_CASE("Top-up raises income to the standard and pays the difference", "[models][programmes]")
{
    auto prog = programme(EffectKind::TopUp);
    ProgrammeFixture f(prog, {2000, 3000, 4000});
    f.run(2017); // standard = the poverty line, 3335
    CHECK(f.income(0) == Approx(3335));
    CHECK(f.income(1) == Approx(3335));
    CHECK(f.income(2) == Approx(4000));
    CHECK(f.spent() == Approx((1335 + 335) * 2.0));
    CHECK(f.w.programmes.ledger.spending()(0, source_index("central")) == Approx(1670));
    CHECK(f.w.programmes.states[0].served == 2);

    prog.phase_out.values = {{2021, 0.5}};
    ProgrammeFixture g(prog, {2000});
    g.run(2020);
    CHECK(g.income(0) == Approx(3972)); // before the phase-out table: whole
    g.run(2021, {2000});
    CHECK(g.income(0) == Approx(2000 + 0.5 * (3972 * 1.06 - 2000)));
}

TEST_CASE("A budget cut scales a programme unless it is spared", "[models][programmes]")
{
    auto prog = programme(EffectKind::TopUp);
    ProgrammeFixture cut(prog, {2000});
    cut.params.budget.scale.values = {{2021, 0.5}};
    cut.run(2021, {2000});
    const double line = cut.w.rules.poverty_line;
    CHECK(cut.income(0) == Approx(2000 + 0.5 * (line - 2000)));

    prog.budget_scaled = false; // e.g. statutory dibao
    ProgrammeFixture spared(prog, {2000});
    spared.params.budget.scale.values = {{2021, 0.5}};
    spared.run(2021, {2000});
    CHECK(spared.income(0) == Approx(line));
    CHECK(spared.spent() == Approx(2 * cut.spent()));
}

TEST_CASE("A full top-up never leaves income below the standard by float rounding", "[models][programmes]")
{
    auto prog = programme(EffectKind::TopUp);
    ProgrammeFixture f(prog, {1234.567, 2.5, 4209.9});
    for (int year = 2021; year <= 2025; ++year) { // lines with fractions after 2020
        f.run(year, {1234.567, 2.5, 4209.9});
        const double line = f.w.rules.poverty_line;
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(static_cast<double>(f.income(i)) >= line);
        }
    }
}

TEST_CASE("Tiered top-up pays flat amounts by gap rank", "[models][programmes]")
{
    auto prog                = programme(EffectKind::TopUp);
    prog.effect.tiers        = {2500, 2016, 400};
    prog.effect.tier_shares  = {0.2, 0.3, 0.5};
    ProgrammeFixture f(prog, {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}, 1);
    f.run(2017);
    const std::vector<double> paid{2500, 2500, 2016, 2016, 2016, 400, 400, 400, 400, 400};
    for (std::size_t i = 0; i < paid.size(); ++i) {
        CHECK(f.income(i) == Approx(100.0 * (i + 1) + paid[i]));
    }
    CHECK(f.spent() == Approx(2 * 2500 + 3 * 2016 + 5 * 400));
    CHECK(tier_of(0, 10, prog.effect.tier_shares) == 0);
    CHECK(tier_of(9, 10, prog.effect.tier_shares) == 2);
}

TEST_CASE("Grant: one-off cost, income with decay for its duration, failures", "[models][programmes]")
{
    auto prog                  = programme(EffectKind::Grant);
    prog.one_off_cost          = 19250;
    prog.effect.income         = 1000;
    prog.effect.duration_years = 2;
    prog.effect.decay          = 0.5;
    ProgrammeFixture f(prog, {2000});
    f.run(2016);
    CHECK(f.income(0) == Approx(3000));
    CHECK(f.spent() == Approx(19250));
    f.run(2017);
    CHECK(f.income(0) == Approx(2500)); // decayed by half
    CHECK(f.spent() == 0);              // no recurring cost
    f.run(2018);
    CHECK(f.income(0) == Approx(2000)); // ended after two years
    CHECK(f.w.programmes.states[0].active.empty());
    f.run(2019);
    CHECK(f.spent() == 0); // `once`: not enrolled again

    prog.effect.success_probability = 0.0;
    ProgrammeFixture g(prog, {2000});
    g.run(2016);
    CHECK(g.income(0) == Approx(2000)); // failed project: paid for, no income
    CHECK(g.spent() == Approx(19250));
}

TEST_CASE("Wage job: a paid post, and a market job after training", "[models][programmes]")
{
    auto post          = programme(EffectKind::WageJob);
    post.effect.wage   = 21600; // ranger: 1,800 yuan/month
    post.effect.duration_years = 3;
    post.target.values = {{2017, 1}};
    ProgrammeFixture f(post, {1000, 3000}, 3);
    f.run(2017);
    CHECK(f.income(0) == Approx(1000 + 7200)); // largest gap first
    CHECK(f.income(1) == Approx(3000));
    CHECK(f.spent() == Approx(21600));
    f.run(2018);
    CHECK(f.income(0) == Approx(1000 + 7200)); // the post continues and is paid again
    CHECK(f.spent() == Approx(21600));

    auto training                          = programme(EffectKind::WageJob);
    training.one_off_cost                  = 600;
    training.effect.wage                   = 6000;
    training.effect.paid_by_programme      = false;
    training.effect.employment_probability = 1.0;
    training.effect.duration_years         = 2;
    ProgrammeFixture g(training, {1000}, 2);
    g.run(2017);
    CHECK(g.income(0) == Approx(4000));
    CHECK(g.spent() == Approx(600)); // the employer pays the wage
    g.run(2018);
    CHECK(g.income(0) == Approx(4000));
    CHECK(g.spent() == 0);
}

TEST_CASE("Loan: principal from credit, interest subsidy and premium for the term", "[models][programmes]")
{
    auto loan                     = programme(EffectKind::Loan);
    loan.effect.principal         = 50000;
    loan.effect.term_years        = 3;
    loan.effect.interest_rate     = 0.0435;
    loan.effect.interest_subsidy  = 1.0;
    loan.effect.insurance_premium = 0.025;
    loan.effect.income            = 500;
    ProgrammeFixture f(loan, {2000});
    f.run(2016);
    const auto& spend = f.w.programmes.ledger.spending();
    CHECK(spend(0, source_index("credit")) == 50000);
    CHECK(spend(0, source_index("central")) + spend(0, source_index("county")) == Approx(50000 * 0.0685));
    CHECK(f.income(0) == Approx(2500));
    f.run(2017);
    CHECK(f.spent() == Approx(3425));
    f.run(2018);
    CHECK(f.spent() == Approx(3425));
    f.run(2019);
    CHECK(f.spent() == 0); // term over
    CHECK(f.income(0) == Approx(2000));

    loan.effect.default_probability = 1.0;
    ProgrammeFixture g(loan, {2000});
    g.run(2016);
    g.run(2017); // certain default in the first continuing year: the income stops
    CHECK(g.income(0) == Approx(2000));
    CHECK(g.w.programmes.states[0].active.front().principal == 0.0f);
}

TEST_CASE("State change: safe housing, and relocation with its income mix", "[models][programmes]")
{
    auto housing         = programme(EffectKind::StateChange, {"housing_unsafe"});
    housing.one_off_cost = 20000;
    housing.effect.sets  = {"housing_safe"};
    ProgrammeFixture f(housing, {2000, 2000});
    f.w.households.set(1, flag::HousingUnsafe, true);
    f.run(2016);
    CHECK_FALSE(f.w.households.has(1, flag::HousingUnsafe));
    CHECK(f.spent() == Approx(20000)); // only the eligible household

    auto move                       = programme(EffectKind::StateChange);
    move.one_off_cost               = 140018;
    move.effect.sets                = {"relocated"};
    move.effect.farm_income_factor  = 0.5;
    move.effect.income              = 800;
    move.effect.duration_years      = 3;
    ProgrammeFixture g(move, {2000});
    g.w.households.farm_base_pc[0] = 1000;
    g.w.households.set(0, flag::WaterUnsafe, true);
    g.run(2016);
    CHECK(g.w.households.farm_base_pc[0] == Approx(500));
    CHECK_FALSE(g.w.households.has(0, flag::WaterUnsafe));
    CHECK(g.income(0) == Approx(2800));
    CHECK(g.spent() == Approx(140018));
}

TEST_CASE("Reimbursement pays its share of out-of-pocket cost, more for the extreme poor", "[models][programmes]")
{
    auto assist                      = programme(EffectKind::Reimbursement);
    assist.effect.ratio              = 0.8;
    assist.effect.extreme_poor_ratio = 0.9;
    assist.effect.deductible         = 1000;
    assist.effect.cap                = 50000;
    ProgrammeFixture f(assist, {2000, 2000, 2000});
    f.w.households.medical_oop[0] = 11000;
    f.w.households.medical_oop[1] = 200000;
    f.w.households.medical_oop[2] = 11000;
    f.w.households.labour[2]      = 0;
    f.run(2016);
    CHECK(f.w.households.medical_oop[0] == Approx(11000 - 8000));
    CHECK(f.w.households.medical_oop[1] == Approx(200000 - 50000)); // capped
    CHECK(f.w.households.medical_oop[2] == Approx(11000 - 9000));
    CHECK(f.spent() == Approx(8000 + 50000 + 9000));
    CHECK(reimbursement_payment(500, 0.8, 1000, 5000) == 0);
}

TEST_CASE("Village programme: infrastructure, water for every household, collective income", "[models][programmes]")
{
    auto water                       = programme(EffectKind::Village, {"infrastructure_missing"});
    water.unit                       = "villages";
    water.one_off_cost               = 1.4e6;
    water.effect.sets                = {"infrastructure", "water_safe"};
    water.effect.collective_income   = 5000;
    water.effect.revolving_fund      = 500000;
    water.effect.fund_return         = 0.05;
    ProgrammeFixture f(water, {2000, 2000});
    f.w.households.set(0, flag::WaterUnsafe, true);
    f.w.households.set(1, flag::WaterUnsafe, true);
    f.w.households.village[1] = 1; // village 1 already has its infrastructure
    f.w.villages.infrastructure_ok[1] = 1;
    f.run(2016);
    CHECK(f.w.villages.infrastructure_ok[0] == 1);
    CHECK(f.w.villages.collective_income[0] == Approx(1000 + 5000 + 25000));
    CHECK_FALSE(f.w.households.has(0, flag::WaterUnsafe));
    CHECK(f.w.households.has(1, flag::WaterUnsafe)); // other village untouched
    CHECK(f.spent() == Approx(1.4e6 + 500000));
    CHECK(f.w.programmes.states[0].served == 1);
}

TEST_CASE("A ceiling rations units in priority order and records the shortfall", "[models][programmes]")
{
    auto grant         = programme(EffectKind::Grant);
    grant.one_off_cost = 10000;
    grant.effect.income = 100;
    grant.ceiling.values = {{2016, 25000}};
    ProgrammeFixture f(grant, {3000, 1000, 2000, 500});
    f.run(2016);
    CHECK(f.spent() == Approx(20000));
    CHECK(f.needed() == Approx(40000));
    CHECK(f.income(3) == Approx(600)); // largest gaps served first
    CHECK(f.income(1) == Approx(1100));
    CHECK(f.income(2) == Approx(2000)); // rationed out
    CHECK(f.income(0) == Approx(3000));

    grant.priority = "least_gap"; // the smallest gaps first: 3000 and 2000
    ProgrammeFixture g(grant, {3000, 1000, 2000, 500});
    g.run(2016);
    CHECK(g.income(0) == Approx(3100));
    CHECK(g.income(2) == Approx(2100));
    CHECK(g.income(3) == Approx(500));
}

TEST_CASE("Targets count households or persons and phase out with the multiplier", "[models][programmes]")
{
    auto grant          = programme(EffectKind::Grant);
    grant.one_off_cost  = 1;
    grant.unit          = "persons";
    grant.target.values = {{2016, 5}}; // persons: households of 2 until 5 persons are reached
    ProgrammeFixture f(grant, {1000, 1100, 1200, 1300, 1400});
    f.run(2016);
    CHECK(f.w.programmes.states[0].served == 3);
    CHECK(f.spent() == Approx(3 * 2)); // one_off_cost is per person

    auto share             = programme(EffectKind::Grant);
    share.one_off_cost     = 1;
    share.target_share     = 0.5;
    share.phase_out.values = {{2016, 0.5}};
    ProgrammeFixture g(share, {1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700});
    g.run(2016);
    CHECK(g.w.programmes.states[0].served == 2); // 8 × 0.5 × 0.5
    CHECK(phase_out_multiplier(share, 2015) == 1.0);

    // A share of persons counts persons on both sides: half of 8 × 2 persons = 4 households.
    auto insure         = programme(EffectKind::StateChange);
    insure.unit         = "persons";
    insure.target_share = 0.5;
    insure.effect.sets  = {"insured"};
    ProgrammeFixture h(insure, {1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700});
    h.run(2016);
    CHECK(h.w.programmes.states[0].served == 4);
}

TEST_CASE("Eligibility words parse, negate and report what is allowed", "[models][programmes]")
{
    std::string error;
    const auto below = parse_predicate("income_below:1.5", false, error);
    REQUIRE(below);
    CHECK(below->value == 1.5);
    CHECK(parse_predicate("!monitored", false, error)->negated);
    CHECK(parse_predicate("cause:illness", false, error)->value == static_cast<double>(Cause::Illness));
    CHECK_FALSE(parse_predicate("registred_poor", false, error));
    CHECK(error.find("allowed: registered_poor") != std::string::npos);
    CHECK_FALSE(parse_predicate("poor_village", false, error)); // a village word for households
    CHECK_FALSE(parse_predicate("income_below", false, error));
    CHECK(error.find("needs a value") != std::string::npos);
    CHECK(parse_predicate("collective_income_below:50000", true, error));
    CHECK(parse_predicate("segment:no_labour", false, error, {"exited", "no_labour"})->value == 2);
    CHECK_FALSE(parse_predicate("segment:nobody", false, error, {"exited", "no_labour"}));
    CHECK(error.find("no registry segment 'nobody'") != std::string::npos);

    auto prog = programme(EffectKind::TopUp, {"!registered_poor"});
    ProgrammeFixture f(prog, {1000});
    f.run(2017);
    CHECK(f.spent() == 0);
    CHECK(programme_substream("dibao") == programme_substream("dibao"));
    CHECK(programme_substream("dibao") != programme_substream("relocation"));
    CHECK(programme_substream("dibao") < 0x8000u);
}
