// Synthetic population: exact margins, conservation of households and persons over a run,
// determinism in (seed, replication).
#include "models/metrics.h"
#include "models/population.h"
#include "models/poverty_model.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

#include <map>
#include <numeric>

using namespace povsim;
using namespace povsim::models;

TEST_CASE("Two-margin allocation keeps both margins exact", "[models][population]")
{
    const std::vector<int> rows{633, 369, 315, 332, 118}, cols{716, 343, 708};
    const auto cells = allocate_two_margins(rows, cols);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        CHECK(std::accumulate(cells[r].begin(), cells[r].end(), 0) == rows[r]);
    }
    for (std::size_t c = 0; c < cols.size(); ++c) {
        int sum = 0;
        for (const auto& row : cells) {
            CHECK(row[c] >= 0);
            sum += row[c];
        }
        CHECK(sum == cols[c]);
    }
    CHECK(cells[0][0] == 256); // 716 × 633 / 1767 = 256.49: its remainder loses to larger ones
}

TEST_CASE("Household sizes sum exactly to the persons given", "[models][population]")
{
    sim::CounterRng rng(sim::StreamKey{1, 0, 0, sim::DrawPurpose::PopulationSize, 0});
    for (auto [n, persons] : std::vector<std::pair<int, int>>{{716, 1312}, {1, 1}, {10, 10}, {100, 500}, {0, 0}}) {
        const auto sizes = draw_sizes(n, persons, rng);
        REQUIRE(static_cast<int>(sizes.size()) == n);
        CHECK(std::accumulate(sizes.begin(), sizes.end(), 0) == persons);
        for (int s : sizes) {
            CHECK(s >= 1);
        }
    }
}

TEST_CASE("Generated population matches unit and segment totals", "[models][population]")
{
    const auto p = test::make_tiny_params();
    const sim::ReplicationStreams streams(p.monte_carlo.seed, 0, p.scenario.start_year);
    const World w = make_world(p, streams);
    const auto& hh = w.households;

    std::map<int, int> unit_hh, unit_persons, unit_reg_hh, unit_reg_persons;
    int registered = 0, exited = 0, no_labour = 0;
    for (std::size_t i = 0; i < hh.count(); ++i) {
        const int u = w.villages.unit[hh.village[i]];
        unit_hh[u] += 1, unit_persons[u] += hh.size[i];
        if (hh.status[i] != Status::NonPoor) {
            unit_reg_hh[u] += 1, unit_reg_persons[u] += hh.size[i];
        }
        registered += hh.status[i] == Status::RegisteredPoor;
        exited += hh.status[i] == Status::Exited;
        no_labour += hh.status[i] == Status::RegisteredPoor && hh.labour[i] == 0;
        CHECK(hh.labour[i] + hh.elderly[i] + hh.school_children[i] + hh.senior_students[i] <= hh.size[i]);
        CHECK(hh.employed[i] <= hh.labour[i]);
    }
    for (int u = 0; u < 3; ++u) {
        const auto& unit = p.population.units[u];
        CHECK(unit_hh[u] == unit.households);
        CHECK(unit_persons[u] == unit.persons);
        CHECK(unit_reg_hh[u] == unit.registered_households);
        CHECK(unit_reg_persons[u] == unit.registered_persons);
    }
    CHECK(registered == 100 + 220);
    CHECK(exited == 80);
    CHECK(no_labour == 100);
    CHECK(w.villages.count() == 12);
    CHECK(w.counties.count() == 2);
    int poor_villages = 0;
    for (std::size_t v = 0; v < w.villages.count(); ++v) {
        poor_villages += w.villages.poor[v];
    }
    CHECK(poor_villages == 6);
}

TEST_CASE("Population is deterministic in seed and replication", "[models][population]")
{
    const auto p = test::make_tiny_params();
    auto income_of = [&](std::uint64_t seed, std::uint32_t rep) {
        const World w = make_world(p, sim::ReplicationStreams(seed, rep, 2016));
        return w.households.income_pc;
    };
    CHECK(income_of(42, 1) == income_of(42, 1));
    CHECK(income_of(42, 1) != income_of(42, 2));
    CHECK(income_of(42, 1) != income_of(43, 1));
}

TEST_CASE("Households and persons are conserved through a run and statuses partition them", "[models][population]")
{
    auto p = test::make_tiny_params();
    const auto cube = run_replication(p, 42, 0).metrics;
    const int total_hh = 500 + 400 + 600, total_persons = 1600 + 1250 + 1900;
    auto row = [&](const char* name) { return cube.row(metric_index(name)); };
    for (int y = 0; y < cube.cols(); ++y) {
        CHECK(row("n_households")(y) == total_hh);
        CHECK(row("n_persons")(y) == total_persons);
        CHECK(row("n_registered_poor")(y) + row("n_exited")(y) <= total_hh);
        CHECK(row("n_monitored")(y) == row("n_monitored_unstable_exited")(y) + row("n_monitored_edge")(y) +
                                           row("n_monitored_sudden_hardship")(y));
    }
    // Stock-flow identity: registered(t) = registered(t-1) - exits + returns + new poor.
    for (int y = 1; y < cube.cols(); ++y) {
        CHECK(row("n_registered_poor")(y) == row("n_registered_poor")(y - 1) - row("new_exits")(y) +
                                                 row("new_returns")(y) + row("new_poor")(y));
        CHECK(row("cum_returns")(y) == row("cum_returns")(y - 1) + row("new_returns")(y));
    }

    // With dissolution, dissolved households leave the counts but not the table.
    p.demography.dissolution = 0.5;
    const auto c2 = run_replication(p, 42, 0).metrics;
    CHECK(c2(metric_index("n_households"), c2.cols() - 1) < total_hh);
}
