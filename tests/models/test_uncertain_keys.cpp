// Resolving a replication's parameters (models/uncertain_keys.h): each uncertain key drawn
// from its own named stream, fixed keys untouched and not reported, and the model reading
// the drawn values (a replication equals the same replication run with its draws fixed).
#include "models/draws.h"
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "models/uncertain_keys.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

#include <set>

using namespace povsim;
using namespace povsim::models;

namespace {
Uncertain uniform(double low, double high)
{
    Uncertain u;
    u.dist = Uncertain::Dist::Uniform, u.a = low, u.b = high, u.lo = 0, u.hi = 1e300;
    return u;
}

Programme& programme(Parameters& p, const std::string& id)
{
    for (auto& prog : p.programmes)
        if (prog.id == id)
            return prog;
    FAIL("no programme " << id);
    return p.programmes.front();
}

std::vector<double> draws_of(const Parameters& p, int replications)
{
    std::vector<double> out;
    for (int r = 0; r < replications; ++r) {
        const auto resolved = resolve_parameters(p, sim::ReplicationStreams(42, r, p.scenario.start_year));
        REQUIRE(!resolved.draws.empty());
        out.push_back(resolved.draws.front());
    }
    return out;
}
} // namespace

TEST_CASE("Every listed key has a unique dotted name and programmes are listed by id", "[models][uncertain]")
{
    const auto            p = test::make_tiny_params();
    std::set<std::string> keys;
    std::size_t           n = 0;
    for_each_uncertain(p, [&](const UncertainKey& k, const Uncertain&) {
        keys.insert(k.key), ++n;
        CHECK(!k.units.empty());
        CHECK(!k.description.empty());
    });
    CHECK(keys.size() == n);
    // 9 income (7 trends and sigmas, 2 transitory shocks), 4 × 4 base incomes, 3 detection/verification,
    // 13 shocks, 6 per programme
    CHECK(n == 9 + 16 + 3 + 13 + 6 * p.programmes.size());
    for (const char* key : {"income.transfer_growth", "population.income.poor_labour.ratio_low",
                            "population.income.non_poor.sigma", "identification.p_detect",
                            "identification.p_detect_monitoring", "thresholds.verification_pass_rate",
                            "shocks.illness_prob", "programmes.industry.effect.success_probability",
                            "programmes.rangers.effect.wage", "programmes.credit.effect.default_probability"})
        CHECK(keys.contains(key));
    CHECK(find_uncertain(p, "income.farm_growth") == &p.income.farm_growth);
    REQUIRE(p.programmes[1].id == "industry");
    CHECK(find_uncertain(p, "programmes.industry.effect.decay") == &p.programmes[1].effect.decay);
    CHECK(find_uncertain(p, "thresholds.exit_margin") == nullptr); // not an uncertain key
}

TEST_CASE("A scenario with fixed keys only draws nothing and resolves to itself", "[models][uncertain]")
{
    const auto p        = test::make_tiny_params();
    const auto resolved = resolve_parameters(p, sim::ReplicationStreams(42, 0, 2016));
    CHECK(resolved.draws.empty());
    CHECK(uncertain_parameters(p).empty());
    CHECK(resolved.params.income.farm_growth.value() == p.income.farm_growth.value());
    CHECK(run_replication(p, 42, 0).parameters.empty());
}

TEST_CASE("A uniform key's draws lie in range, differ between replications, and are its own stream",
          "[models][uncertain]")
{
    auto p               = test::make_tiny_params();
    p.income.farm_growth = uniform(0.04, 0.08);
    const auto infos     = uncertain_parameters(p);
    REQUIRE(infos.size() == 1); // the fixed keys are not reported
    CHECK(infos[0].name == "income.farm_growth");
    CHECK(infos[0].units == "1/yr");
    CHECK(infos[0].description ==
          "Yearly trend growth of farm income per person; drawn once per replication from uniform(0.04, 0.08)");

    const auto draws = draws_of(p, 20);
    for (double d : draws) {
        CHECK(d >= 0.04);
        CHECK(d <= 0.08);
    }
    CHECK(std::set<double>(draws.begin(), draws.end()).size() == draws.size());
    // Known construction: the key's stream is named by the key (purpose ParameterUncertainty, base year).
    const sim::ReplicationStreams streams(42, 3, 2016);
    auto rng = streams.named_stream(2015, sim::DrawPurpose::ParameterUncertainty, "income.farm_growth");
    CHECK(draws[3] == draw_uncertain(p.income.farm_growth, rng));
    // The resolved copy holds the draw as a fixed value, clamp bounds kept.
    const auto resolved = resolve_parameters(p, streams);
    CHECK(resolved.params.income.farm_growth.is_fixed());
    CHECK(resolved.params.income.farm_growth.value() == draws[3]);
    CHECK(resolved.params.income.farm_growth.lo == 0);
    CHECK(run_replication(p, 42, 3).parameters == std::vector<double>{draws[3]});
}

TEST_CASE("Adding a second uncertain key leaves the first key's draws unchanged", "[models][uncertain]")
{
    auto one                   = test::make_tiny_params();
    one.identification.p_detect = uniform(0.6, 0.95);
    auto two                   = one;
    // Listed before p_detect, so an index-based stream would shift p_detect's draws.
    two.income.transfer_growth = uniform(0.0, 0.05);
    REQUIRE(uncertain_parameters(two).size() == 2);
    REQUIRE(uncertain_parameters(two)[1].name == "identification.p_detect");
    for (std::uint32_t r = 0; r < 10; ++r) {
        const sim::ReplicationStreams streams(42, r, 2016);
        const auto                    a = resolve_parameters(one, streams).draws;
        const auto                    b = resolve_parameters(two, streams).draws;
        CHECK(a[0] == b[1]);
    }
}

TEST_CASE("An uncertain programme effect changes outcomes: each replication runs at its own draw",
          "[models][uncertain]")
{
    auto p                                 = test::make_tiny_params();
    programme(p, "industry").effect.income = uniform(200, 2000);
    const auto at                          = [&](double income, std::uint32_t r) {
        auto fixed                                 = p;
        programme(fixed, "industry").effect.income = income;
        return run_replication(fixed, 42, r).metrics;
    };
    const auto mean_income = metric_index("mean_income_all");
    std::set<double> draws;
    for (std::uint32_t r = 0; r < 6; ++r) {
        const auto uncertain = run_replication(p, 42, r);
        REQUIRE(uncertain.parameters.size() == 1);
        const double draw = uncertain.parameters[0];
        draws.insert(draw);
        // The same replication with the effect fixed at the draw gives the same result, bit for bit.
        CHECK((at(draw, r) == uncertain.metrics).all());
        // In the first year the same households enrol whatever the gain (incomes before programmes
        // do not depend on it), so mean income is linear in the gain: the draw moves it by
        // slope × (draw − 1100), the slope measured between gains of 1100 and 2000.
        const double mid   = at(1100, r)(mean_income, 0);
        const double slope = (at(2000, r)(mean_income, 0) - mid) / 900;
        CHECK(slope > 0);
        CHECK(uncertain.metrics(mean_income, 0) - mid == Approx(slope * (draw - 1100)).epsilon(1e-3));
    }
    CHECK(draws.size() == 6);
}

TEST_CASE("A world made by make_world owns its resolved parameters and survives a move or copy",
          "[models][uncertain]")
{
    auto p               = test::make_tiny_params();
    p.income.farm_growth = uniform(0.04, 0.08);
    const sim::ReplicationStreams streams(42, 2, 2016);
    World                         a      = make_world(p, streams);
    const Parameters*             before = a.params;
    REQUIRE(a.params == a.resolved.get()); // on the heap, not inside the World
    const double drawn = a.params->income.farm_growth.value();
    CHECK(a.drawn == std::vector<double>{drawn});

    World moved = std::move(a);
    CHECK(moved.params == before);
    const World copy = moved;
    CHECK(copy.params->income.farm_growth.value() == drawn);
    CHECK(copy.programmes.ledger.spending().size() == moved.programmes.ledger.spending().size());
    // The copy runs on: a year of the pipeline reads the drawn parameters through params.
    World      runner = copy;
    const auto pipe   = make_yearly_pipeline();
    pipe.run(runner, sim::StageContext{2016, 0, streams});
    CHECK(runner.flows.illness > 0);
}
