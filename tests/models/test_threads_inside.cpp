// Threads inside one replication (sim/chunked.h): a world of several chunks gives the same bits
// on 1, 2 or 3 threads, and so do study files written from studies run across and inside
// replications; the fast paths of the yearly step agree with the plain ones they replace.
#include "models/draws.h"
#include "models/eligibility.h"
#include "models/population.h"
#include "models/poverty_model.h"
#include "models/thresholds.h"
#include "output/hdf5_writer.h"
#include "scenarios/population_scale.h"
#include "scenarios/study_runner.h"
#include "sim/chunked.h"
#include "tests/support/builders.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

using namespace povsim;

namespace {

/// The tiny region at 100,000 households: four chunks of rows.
models::Parameters several_chunks()
{
    return scenarios::scaled_population(test::make_tiny_params(), 100000);
}

double households(const models::Parameters& p)
{
    double n = 0;
    for (const auto& u : p.population.units) {
        n += u.households;
    }
    return n;
}

} // namespace

TEST_CASE("A replication gives the same bits on 1, 2 and 3 threads inside it", "[models][threads]")
{
    const auto p = several_chunks();
    REQUIRE(sim::chunk_count(static_cast<std::size_t>(households(p))) >= 3);
    const auto one = models::run_replication(p, 42, 1, {}, 1);
    for (const int threads : {2, 3}) {
        const auto many = models::run_replication(p, 42, 1, {}, threads);
        CHECK((one.metrics == many.metrics).all());
        CHECK(one.arrays == many.arrays);
        CHECK(one.parameters == many.parameters);
    }
    // The comparison can fail: another replication differs.
    const auto other = models::run_replication(p, 42, 2, {}, 1);
    CHECK_FALSE((one.metrics == other.metrics).all());
}

TEST_CASE("Study files are h5diff-identical for 1 thread, threads across and threads inside replications",
          "[models][threads][cli]")
{
    test::TempDir dir;
    scenarios::LoadedScenario s{several_chunks(), "", "tiny-scaled"};
    const auto write = [&](int threads, int per_run, const std::string& name) {
        scenarios::StudyRequest req;
        req.scenarios       = {s};
        req.runs            = 2;
        req.threads         = threads;
        req.threads_per_run = per_run;
        const auto path     = dir / name;
        output::write_study_h5(path, scenarios::run_study(req));
        return path;
    };
    const auto serial = write(1, 1, "serial.h5"), across = write(2, 1, "across.h5"), inside = write(2, 2, "inside.h5");
    CHECK(test::run_command("h5diff --exclude-path /meta " + test::q(serial) + " " + test::q(across)).exit_code == 0);
    CHECK(test::run_command("h5diff --exclude-path /meta " + test::q(serial) + " " + test::q(inside)).exit_code == 0);
}

TEST_CASE("Scaling a scenario keeps its shares and its segments summing to the units", "[scenarios][threads]")
{
    const auto base = test::make_tiny_params();
    const auto big  = scenarios::scaled_population(base, 150000); // 100 ×
    CHECK(households(big) == Approx(150000).margin(3));
    long reg = 0, seg = 0;
    for (const auto& u : big.population.units) {
        reg += u.registered_households;
    }
    for (const auto& sg : big.population.segments) {
        seg += sg.households;
    }
    CHECK(reg == seg);
    CHECK(big.population.units[0].registered_households == 100 * base.population.units[0].registered_households);
    for (std::size_t k = 0; k < base.programmes.size(); ++k) {
        for (const auto& [year, v] : base.programmes[k].target.values) {
            CHECK(big.programmes[k].target.values.at(year) == Approx(100 * v));
        }
    }
}

TEST_CASE("BinomialSampler draws the same numbers as Boost's binomial", "[models][draws]")
{
    const sim::ReplicationStreams streams(7, 3, 2016);
    for (const double p : {0.0, 0.013, 0.05, 0.3, 0.5, 0.62, 0.97, 1.0}) {
        const models::BinomialSampler sampler(p);
        for (std::uint32_t e = 0; e < 400; ++e) {
            const int n = static_cast<int>(e % 70); // past the table (64) and into BTRD for large n·p
            auto a = streams.stream(2017, sim::DrawPurpose::Demography, e);
            auto b = streams.stream(2017, sim::DrawPurpose::Demography, e);
            for (int k = 0; k < 3; ++k) {
                REQUIRE(sampler(a, n) == models::draw_binomial(b, n, p));
            }
            CHECK(a() == b()); // and they consumed the same words
        }
    }
}

TEST_CASE("Compiled eligibility answers as the plain predicates do", "[models][eligibility]")
{
    const auto p = test::make_tiny_params();
    const sim::ReplicationStreams streams(42, 0, p.scenario.start_year);
    auto w = models::make_world(p, streams);
    w.rules = models::rules_for_year(*w.params, 2017);
    std::vector<std::uint32_t> bits;
    std::vector<std::uint32_t> gates[models::CompiledEligibility::gate_count];
    models::stage_household_bits(w, bits, gates);
    const std::vector<std::vector<std::string>> lists = {
        {"registered_poor"}, {"supported", "has_labour"}, {"!non_poor", "no_labour"}, {"monitored", "ill"},
        {"exited", "!has_student"}, {"in_poor_village", "income_below:1.5"}, {"disabled", "!chronic"},
        {"has_school_child", "housing_unsafe"}, {"registered_poor", "!registered_poor"}, {"unemployed_labour", "elderly"},
        {"segment:poor", "cause:illness"}, {"water_unsafe", "!uninsured", "!dropout"}};
    int eligible = 0;
    for (const auto& words : lists) {
        const auto preds    = models::parse_eligibility(words, false, models::segment_names(*w.params));
        const auto compiled = models::compile_eligibility(preds);
        for (std::size_t i = 0; i < w.households.count(); ++i) {
            const bool plain = models::household_eligible(w, i, preds);
            REQUIRE(models::household_eligible(w, i, compiled, bits) == plain);
            eligible += plain;
        }
        // A household outside the gate group is never eligible.
        if (compiled.gate != models::CompiledEligibility::Gate::All) {
            const auto& rows = gates[static_cast<int>(compiled.gate)];
            for (std::size_t i = 0; i < w.households.count(); ++i) {
                if (!std::binary_search(rows.begin(), rows.end(), static_cast<std::uint32_t>(i))) {
                    CHECK_FALSE(models::household_eligible(w, i, preds));
                }
            }
        }
    }
    CHECK(eligible > 0);
}
