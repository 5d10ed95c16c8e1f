// The memory estimate made before any household is generated (models/memory_estimate.h), held
// against the bytes a generated world really holds. Peak RSS is measured by `povsim bench`
// (docs/performance.md), not here: a test process's RSS carries every earlier test.
#include "models/memory_estimate.h"
#include "models/poverty_model.h"
#include "scenarios/population_scale.h"
#include "scenarios/scenario_loader.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace povsim;

namespace {

template <class T>
double capacity_bytes(const std::vector<T>& v)
{
    return static_cast<double>(v.capacity() * sizeof(T));
}

double capacity_bytes(const std::vector<bool>& v) { return static_cast<double>(v.capacity()) / 8.0; }

/// Bytes of the household, village and programme state of @p w, as allocated.
double world_bytes(models::World& w)
{
    double bytes = 0;
    w.households.for_each_column([&](const auto& column) { bytes += capacity_bytes(column); });
    const auto& v = w.villages;
    bytes += capacity_bytes(v.county) + capacity_bytes(v.unit) + capacity_bytes(v.poor) + capacity_bytes(v.exit_year) +
             capacity_bytes(v.collective_income) + capacity_bytes(v.infrastructure_ok) +
             capacity_bytes(v.disaster_loss);
    for (const auto& s : w.programmes.states) {
        bytes += capacity_bytes(s.enrolled) + capacity_bytes(s.served_before) +
                 static_cast<double>(s.active.capacity() * sizeof(models::Enrolment));
    }
    bytes += capacity_bytes(w.programmes.stage_bits);
    return bytes;
}

models::Parameters scenario(const std::string& name, double households)
{
    const auto loaded = scenarios::load_scenario(std::string(POVSIM_SOURCE_DIR) + "/scenarios/" + name + ".toml");
    return scenarios::scaled_population(loaded.params, households);
}

} // namespace

TEST_CASE("The memory estimate covers what a generated world holds, within its documented margin",
          "[models][memory]")
{
    for (const std::string name : {"baiyin", "jinghe", "xining"}) {
        const auto p = scenario(name, 50000);
        auto       w = models::make_world(p, sim::ReplicationStreams(p.monte_carlo.seed, 0, p.scenario.start_year));
        const double held = world_bytes(w);
        const auto   e    = models::estimate_memory(p, 1);
        INFO(name << ": world holds " << held << " bytes, estimate " << e.world_bytes << " bytes ("
                  << e.per_household << " per household)");
        CHECK(e.households == Approx(static_cast<double>(w.households.count())));
        // At rest a world holds its state; the estimate adds the programme stage's transient
        // lists on top, times the margin: above what is held, and not by more than those lists.
        CHECK(e.world_bytes >= held);
        CHECK(e.world_bytes <= held * 2.2);
        CHECK(e.per_household >= models::estimate_margin * models::HouseholdTable::bytes_per_household());
    }
}

TEST_CASE("The memory estimate grows with households, replications and worlds at once", "[models][memory]")
{
    const auto small = models::estimate_memory(scenario("jinghe", 100000), 10);
    const auto large = models::estimate_memory(scenario("jinghe", 1000000), 10);
    CHECK(large.world_bytes == Approx(10 * small.world_bytes).epsilon(0.02));
    CHECK(large.total(2) - large.total(1) == Approx(large.world_bytes));
    CHECK(large.total(0) == Approx(large.total(1))); // at least one world
    const auto many_runs = models::estimate_memory(scenario("jinghe", 100000), 1000);
    CHECK(many_runs.results_bytes == Approx(100 * small.results_bytes));
    CHECK(many_runs.world_bytes == Approx(small.world_bytes));
    // 500 million households: tens of GiB, the figure the refusal gives.
    const auto huge = models::estimate_memory(scenario("jinghe", 5e8), 1);
    CHECK(huge.world_bytes > 40.0 * (1 << 30));
}
