// The household panel: which households it follows, and that its rows agree with the metrics
// of the replication it watched, which watching does not change.
#include "models/household_panel.h"
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "models/status.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace povsim;
using namespace povsim::models;

namespace {

template <class T>
const std::vector<T>& column(const sim::PanelTable& t, const std::string& name)
{
    for (const auto& c : t.columns) {
        if (c.name == name) {
            return std::get<std::vector<T>>(c.values);
        }
    }
    FAIL("no column " << name);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("The panel sample is systematic, distinct and clamped to the population", "[models][panel]")
{
    CHECK(panel_sample(10, 5) == std::vector<std::int32_t>{0, 2, 4, 6, 8});
    CHECK(panel_sample(1500, 1) == std::vector<std::int32_t>{0});
    CHECK(panel_sample(7, 7) == std::vector<std::int32_t>{0, 1, 2, 3, 4, 5, 6});
    CHECK(panel_sample(3, 100) == std::vector<std::int32_t>{0, 1, 2});
    const auto rows = panel_sample(1500, 999);
    CHECK(std::set<std::int32_t>(rows.begin(), rows.end()).size() == 999);
    CHECK(std::is_sorted(rows.begin(), rows.end()));
    CHECK(rows.back() < 1500);
}

TEST_CASE("A panel of every household agrees with the metrics of its replication", "[models][panel]")
{
    const auto     p = test::make_tiny_params();
    HouseholdPanel panel(1000000);
    const auto     watched = run_replication(p, 42, 2, [&](const World& w, int year) { panel.record(w, year); });
    const auto     alone   = run_replication(p, 42, 2);
    // Watching only reads: the watched replication is bit-identical to the same one alone.
    CHECK((watched.metrics == alone.metrics).all());
    CHECK(watched.arrays == alone.arrays);

    const auto table = panel.take(2);
    const int  years = p.scenario.end_year - p.scenario.start_year + 1;
    const auto n     = static_cast<std::size_t>(*table.attribute("households"));
    CHECK(table.attribute("households_total") == static_cast<std::int64_t>(n));
    CHECK(table.attribute("replication") == 2);
    CHECK(table.attribute("periods") == years + 1);
    const auto& period = column<std::int32_t>(table, "period");
    const auto& id     = column<std::int32_t>(table, "household_id");
    const auto& status = column<std::int32_t>(table, "status");
    const auto& size   = column<std::int32_t>(table, "size");
    const auto& mon    = column<std::int32_t>(table, "monitor");
    const auto& income = column<float>(table, "income_pc");
    REQUIRE(period.size() == n * (years + 1));
    for (const auto& c : table.columns) {
        INFO(c.name);
        CHECK(c.size() == period.size());
        CHECK_FALSE(c.units.empty());
        CHECK_FALSE(c.description.empty());
    }

    auto metric = [&](const char* name, int y) { return watched.metrics(metric_index(name), y); };
    for (int t = 0; t <= years; ++t) {
        INFO("period " << p.scenario.base_year + t);
        double registered = 0, exited = 0, monitored = 0, households = 0, persons = 0, income_sum = 0;
        for (std::size_t k = t * n; k < (t + 1) * n; ++k) {
            REQUIRE(period[k] == p.scenario.base_year + t);
            REQUIRE(id[k] == static_cast<std::int32_t>(k - t * n));
            const auto s = static_cast<Status>(status[k]);
            if (s == Status::Dissolved) {
                continue;
            }
            registered += is_registered_poor(s);
            exited += s == Status::Exited;
            monitored += mon[k] != 0;
            households += 1, persons += size[k], income_sum += double(income[k]) * size[k];
        }
        CHECK(registered > 0);
        if (t == 0) {
            continue; // the base year has no metrics column
        }
        const int y = t - 1;
        CHECK(registered == metric("n_registered_poor", y));
        CHECK(exited == metric("n_exited", y));
        CHECK(monitored == metric("n_monitored", y));
        CHECK(households == metric("n_households", y));
        CHECK(persons == metric("n_persons", y));
        CHECK(income_sum / persons == Approx(metric("mean_income_all", y)).epsilon(1e-9));
    }
}

TEST_CASE("A panel of a few households follows the same rows every period, poor and non-poor", "[models][panel]")
{
    const auto     p = test::make_tiny_params();
    HouseholdPanel panel(5);
    CHECK(panel.empty());
    (void)run_replication(p, 42, 0, [&](const World& w, int year) { panel.record(w, year); });
    const auto  table  = panel.take(0);
    const auto& id     = column<std::int32_t>(table, "household_id");
    const auto& status = column<std::int32_t>(table, "status");
    const auto& county = column<std::int32_t>(table, "county");
    REQUIRE(id.size() == 5 * 8);
    const std::vector<std::int32_t> first(id.begin(), id.begin() + 5);
    CHECK(first == panel_sample(static_cast<std::size_t>(*table.attribute("households_total")), 5));
    for (std::size_t k = 0; k < id.size(); ++k) {
        CHECK(id[k] == first[k % 5]);
    }
    const std::set<std::int32_t> base_status(status.begin(), status.begin() + 5);
    CHECK(base_status.count(static_cast<std::int32_t>(Status::NonPoor)) == 1);
    CHECK(base_status.size() > 1);
    CHECK(std::set<std::int32_t>(county.begin(), county.end()).size() == 2);
}
