// The favourable direction of each metric, behind P(better) in `povsim compare`.
#include "models/metric_direction.h"
#include "models/metrics.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace povsim;
using sim::Better;

TEST_CASE("Fewer poor, returns and yuan are better, more exits are better, monitoring has no direction",
          "[models][compare]")
{
    for (const char* m : {"n_registered_poor", "new_returns", "new_poor", "new_spending"}) {
        INFO(m);
        CHECK(models::better_direction(m) == Better::lower);
    }
    // A wider monitoring net can be the policy: more monitored households is neither better nor worse.
    for (const char* m : {"n_monitored", "n_monitored_edge", "n_monitored_unstable_exited",
                          "n_monitored_sudden_hardship", "share_exited_monitored"}) {
        INFO(m);
        CHECK(models::better_direction(m) == Better::none);
    }
    CHECK(models::better_direction("new_exits") == Better::higher);
    CHECK(models::better_direction("mean_income_all") == Better::higher);
    CHECK(models::better_direction("price_index") == Better::none);
    CHECK(models::better_direction("n_exited") == Better::none);
    CHECK(models::better_direction("no_such_metric") == Better::none);
}

TEST_CASE("Every metric in the direction table is a metric the engine records", "[models][compare]")
{
    for (const auto& [name, better] : models::better_directions()) {
        INFO(name);
        CHECK(models::metric_index(name) >= 0);
        CHECK(better != Better::none); // unlisted already means none
    }
}

TEST_CASE("Every metric the engine records is either directed or deliberately undirected", "[models][compare]")
{
    const auto& table      = models::better_directions();
    const auto& undirected = models::undirected_metrics();
    for (const auto& info : models::metric_infos()) {
        INFO(info.name);
        const bool directed = table.count(info.name) == 1;
        const bool none     = std::count(undirected.begin(), undirected.end(), info.name) == 1;
        CHECK(directed != none); // a new metric must be classified, once
    }
    CHECK(table.size() + undirected.size() == models::metric_infos().size());
}
