// Threads inside one replication (sim/chunked.h): a world of several chunks gives the same bits
// on 1, 2 or 3 threads, and so do study files written from studies run across and inside
// replications; the fast paths of the yearly step agree with the plain ones they replace.
#include "models/candidate_rank.h"
#include "models/draws.h"
#include "models/word_draws.h"
#include "models/eligibility.h"
#include "models/population.h"
#include "models/shocks.h"
#include "models/poverty_model.h"
#include "models/thresholds.h"
#include "output/hdf5_writer.h"
#include "scenarios/population_scale.h"
#include "app/study_runner.h"
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
        app::StudyRequest req;
        req.scenarios       = {s};
        req.runs            = 2;
        req.threads         = threads;
        req.threads_per_run = per_run;
        const auto path     = dir / name;
        output::write_study_h5(path, app::run_study(req));
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
    // A very small copy still generates: cells rounded to no households get no persons either.
    for (const double n : {3.0, 17.0, 60.0}) {
        const auto small = scenarios::scaled_population(base, n);
        CHECK_NOTHROW(models::make_world(small, sim::ReplicationStreams(1, 0, 2016)));
    }
    CHECK(big.population.units[0].registered_households == 100 * base.population.units[0].registered_households);
    for (std::size_t k = 0; k < base.programmes.size(); ++k) {
        for (const auto& [year, v] : base.programmes[k].target.values) {
            CHECK(big.programmes[k].target.values.at(year) == Approx(100 * v));
        }
    }
}

TEST_CASE("BinomialInverse returns k exactly when the uniform falls in the k-th step of the CDF", "[models][draws]")
{
    for (const auto& [n, p] : {std::pair{5, 0.3}, {12, 0.7}, {1, 0.05}, {40, 0.5}, {3, 0.999}}) {
        const models::BinomialInverse draw(p);
        // Above 0.5 the sampler inverts the failures' CDF (the smaller tail) and returns n − failures.
        const bool   flip = p > 0.5;
        const double q    = flip ? 1.0 - p : p;
        double cdf = 0, pmf = std::pow(1.0 - q, n);
        for (int k = 0; k <= n; ++k) {
            if (k > 0) {
                pmf *= (q / (1.0 - q)) * (n - k + 1) / k;
            }
            const double lower = cdf;
            cdf += pmf;
            if (pmf > 1e-9) { // a step wide enough to aim inside it
                CHECK(draw(lower + 0.5 * pmf, n) == (flip ? n - k : k));
            }
        }
        CHECK(draw(1.0 - 1e-15, n) <= n);
        CHECK(draw(1e-300, n) >= 0);
    }
    const models::BinomialInverse never(0.0), always(1.0);
    CHECK(never(0.5, 7) == 0);
    CHECK(always(0.5, 7) == 7);
    // The edge cases without their own branches: no members, and counts past the table.
    for (const double u : {1e-300, 0.5, 1.0 - 0x1p-33}) {
        CHECK(never(u, 0) == 0);
        CHECK(always(u, 0) == 0);
        CHECK(always(u, 255) == 255);
        CHECK(always(u, 300) == 255); // n is capped at the table's 255
        CHECK(models::BinomialInverse(0.3)(u, 0) == 0);
        CHECK(models::BinomialInverse(0.8)(u, 0) == 0);
    }
}

TEST_CASE("BinomialInverse::none is true only where the draw is 0, and for most draws of a small p", "[models][draws]")
{
    const sim::ReplicationStreams streams(3, 0, 2016);
    auto                          rng = streams.stream(2016, sim::DrawPurpose::Demography, 0);
    for (const double p : {0.0, 0.01, 0.2, 0.5, 0.6, 1.0}) {
        const models::BinomialInverse draw(p);
        int                           none = 0, zero = 0;
        for (int k = 0; k < 20000; ++k) {
            const std::uint32_t w = rng();
            const int           n = static_cast<int>(rng() % 9);
            const bool          z = draw(models::uniform_of(w), n) == 0;
            if (draw.none(w, n)) {
                REQUIRE(z);
                ++none;
            }
            zero += z ? 1 : 0;
        }
        // Below one half, every zero is found by the test (the inversion stops at once); above,
        // the tail is flipped and none() claims nothing.
        CHECK(none == (p <= 0.5 ? zero : 0));
        if (p == 0.01) {
            CHECK(none > 18000);
        }
    }
}

TEST_CASE("Word counts give the uniform's answer for every word, at the boundary too", "[models][draws]")
{
    // The last word whose uniform gives a draw of 0, found on the draw itself; none() must agree
    // with the draw on both sides of it (the table is the same bisection, so this checks the
    // count is the draw's and not one off).
    for (const double p : {0.003, 0.01, 0.2, 0.5}) {
        const models::BinomialInverse draw(p);
        for (const int n : {1, 2, 5, 9, 40}) {
            const auto zero = [&](std::uint64_t w) { return draw(models::uniform_of(static_cast<std::uint32_t>(w)), n) == 0; };
            const std::uint64_t count = models::words_where([&](double u) { return draw(u, n) == 0; });
            REQUIRE(count < (std::uint64_t{1} << 32));
            if (count == 0) { // P(0) below 2^-32 (p = 0.5, n = 40): no word gives 0
                CHECK_FALSE(draw.none(std::uint32_t{0}, n));
                CHECK_FALSE(zero(0));
                continue;
            }
            for (const std::uint64_t w : {count - 1, count, count + 1, std::uint64_t{0}, (std::uint64_t{1} << 32) - 1}) {
                CHECK(draw.none(static_cast<std::uint32_t>(w), n) == zero(w));
            }
            CHECK(zero(count - 1));
            CHECK_FALSE(zero(count));
        }
    }
    for (const double p : {0.0, 1e-12, 0.05, 0.5, 0.999999, 1.0}) {
        const std::uint64_t c = models::words_below(p);
        if (c > 0) {
            CHECK(models::uniform_of(static_cast<std::uint32_t>(c - 1)) < p);
        }
        if (c < (std::uint64_t{1} << 32)) {
            CHECK_FALSE(models::uniform_of(static_cast<std::uint32_t>(c)) < p);
        }
    }
    // A guess that is off by more than a few words gives the bisection's answer all the same.
    const auto below_third = [](double u) { return u < 1.0 / 3.0; };
    const std::uint64_t third = models::words_where(below_third);
    for (const double guess : {0.0, 1e6, 0x1p32 / 3.0, 0x1p32 / 3.0 + 2.0, 0x1p32 / 3.0 - 3.0, 5e9, -1.0, std::nan("")}) {
        CHECK(models::words_where(below_third, guess) == third);
    }
    CHECK(models::words_below(1.0 / 3.0) == third);
    CHECK(models::words_below(0.0) == 0);
    CHECK(models::words_below(1.0) == std::uint64_t{1} << 32);
    CHECK(models::words_below(0.5) == std::uint64_t{1} << 31);
}

TEST_CASE("Compiled eligibility answers as the plain predicates do", "[models][eligibility]")
{
    const auto p = test::make_tiny_params();
    const sim::ReplicationStreams streams(42, 0, p.scenario.start_year);
    auto w = models::make_world(p, streams);
    w.rules = models::rules_for_year(*w.params, 2017);
    std::vector<std::uint32_t> bits;
    models::stage_household_bits(w, bits);
    using G = models::CompiledEligibility::Gate;
    // Each gate group from the household's own columns, not from the stage bits.
    const auto in_group = [&](G g, std::size_t i) {
        const models::Status s = w.households.status[i];
        const bool alive = s != models::Status::Dissolved;
        switch (g) {
        case G::RegisteredPoor: return models::is_registered_poor(s);
        case G::Supported: return alive && models::policy_applies(w, i, w.rules.year);
        case G::Monitored: return alive && w.households.monitor[i] != models::MonitorKind::None;
        case G::Exited: return s == models::Status::Exited;
        case G::NotNonPoor: return alive && s != models::Status::NonPoor;
        case G::NeedsUnmet: return alive && (w.households.flags[i] & models::flag::BasicNeedsUnmet) != 0;
        default: return true;
        }
    };
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
        // A household outside the gate group is never eligible (the memory estimate's bound).
        for (std::size_t i = 0; i < w.households.count(); ++i) {
            if (!in_group(compiled.gate, i)) {
                CHECK_FALSE(models::household_eligible(w, i, preds));
            }
        }
    }
    CHECK(eligible > 0);
}

TEST_CASE("rank_best gives the order of a stable sort by key, and select_best_in_row_order its best k in row order, for small and large quotas", "[models][programmes]")
{
    const sim::ReplicationStreams streams(3, 0, 2016);
    for (const std::size_t n : {10u, 5000u, 60000u}) {
        auto rng = streams.stream(2016, sim::DrawPurpose::Programme, static_cast<std::uint32_t>(n));
        std::vector<models::Candidate> c(n);
        for (std::size_t i = 0; i < n; ++i) {
            // Few distinct keys (many ties), both signs, and −0.0 beside 0.0.
            const int v = static_cast<int>(rng() % 41) - 20;
            c[i]        = {v == 0 ? (rng() % 2 ? -0.0 : 0.0) : v * 17.25, static_cast<std::uint32_t>(i)};
        }
        auto expected = c;
        std::stable_sort(expected.begin(), expected.end(),
                         [](const models::Candidate& a, const models::Candidate& b) { return a.key < b.key; });
        for (const std::size_t k : {std::size_t{0}, std::size_t{3}, n / 3, n}) {
            auto got = c;
            models::rank_best(got, k);
            for (std::size_t r = 0; r < std::min(k, n); ++r) {
                REQUIRE(got[r].unit == expected[r].unit);
            }
            // The same best k, in row order, when only the set matters.
            auto in_rows = c;
            models::select_best_in_row_order(in_rows, k);
            std::vector<std::uint32_t> want;
            for (std::size_t r = 0; r < std::min(k, n); ++r) {
                want.push_back(expected[r].unit);
            }
            std::sort(want.begin(), want.end());
            for (std::size_t r = 0; r < want.size(); ++r) {
                REQUIRE(in_rows[r].unit == want[r]);
            }
        }
    }
}
