// Targets: resolving names, summing year ranges, tolerances.
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "models/targets.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

using namespace povsim;
using namespace povsim::models;

TEST_CASE("Target names resolve to metrics, budget cells and registry segments", "[models][targets]")
{
    const auto p = test::make_tiny_params();
    std::string error;
    CHECK(resolve_target("new_exits", p, error)->flow);
    CHECK_FALSE(resolve_target("n_registered_poor", p, error)->flow);
    CHECK(resolve_target("incidence", p, error)->share);
    CHECK(resolve_target("spending:dibao", p, error)->kind == TargetRef::Kind::Programme);
    CHECK(resolve_target("served:water", p, error)->kind == TargetRef::Kind::Served);
    CHECK(resolve_target("source:county", p, error)->kind == TargetRef::Kind::Source);
    CHECK(resolve_target("exits:no_labour", p, error)->kind == TargetRef::Kind::Segment);
    CHECK_FALSE(resolve_target("spending:nothing", p, error));
    CHECK(error.find("no programme 'nothing'") != std::string::npos);
    CHECK_FALSE(resolve_target("new_exit", p, error));
    CHECK_FALSE(resolve_target("exits:nobody", p, error));
}

TEST_CASE("Target values sum flows over a year range and read budget arrays", "[models][targets]")
{
    const auto p   = test::make_tiny_params();
    const auto res = run_replication(p, 42, 0);
    std::string error;
    Target t{"new_exits", 2016, 2018, 0, 0.1, ""};
    const auto ref = *resolve_target(t.metric, p, error);
    const auto row = metric_index("new_exits");
    CHECK(target_value(t, ref, res.metrics, res.arrays, p) == res.metrics(row, 0) + res.metrics(row, 1) + res.metrics(row, 2));

    // Spending of every programme over all years = the cumulative spending metric.
    double total = 0;
    for (const auto& prog : p.programmes) {
        Target s{"spending:" + prog.id, 2016, 2022, 0, 0.1, ""};
        total += target_value(s, *resolve_target(s.metric, p, error), res.metrics, res.arrays, p);
    }
    CHECK(total == Approx(res.metrics(metric_index("cum_spending"), 6)));
    // Segment exits sum to the exits of the base registry.
    Target a{"exits:no_labour", 2016, 2022, 0, 0.1, ""}, b{"exits:poor", 2016, 2022, 0, 0.1, ""};
    const double seg = target_value(a, *resolve_target(a.metric, p, error), res.metrics, res.arrays, p) +
                       target_value(b, *resolve_target(b.metric, p, error), res.metrics, res.arrays, p);
    CHECK(seg > 0);
    CHECK(seg <= res.metrics.row(row).sum());
}

TEST_CASE("Tolerances are relative, or absolute for shares and documented zeros", "[models][targets]")
{
    const auto p = test::make_tiny_params();
    std::string error;
    const auto count = *resolve_target("new_exits", p, error), share = *resolve_target("incidence", p, error);
    CHECK(within_tolerance({"new_exits", 2016, 0, 100, 0.1, ""}, count, 110));
    CHECK_FALSE(within_tolerance({"new_exits", 2016, 0, 100, 0.1, ""}, count, 110.5));
    CHECK(within_tolerance({"incidence", 2016, 0, 0.03, 0.01, ""}, share, 0.0399));
    CHECK_FALSE(within_tolerance({"incidence", 2016, 0, 0.03, 0.01, ""}, share, 0.0401));
    CHECK(within_tolerance({"new_exits", 2016, 0, 0, 14, ""}, count, 14));
    CHECK_FALSE(within_tolerance({"new_exits", 2016, 0, 0, 14, ""}, count, 14.5));
}

TEST_CASE("Floors and ceilings pass when the mean meets them, relaxed by the tolerance", "[models][targets]")
{
    const auto  p = test::make_tiny_params();
    std::string error;
    const auto  count = *resolve_target("spending:dibao", p, error);
    Target floor{"spending:dibao", 2016, 2020, 2000, 0.1, "", TargetRole::Check, TargetCompare::AtLeast};
    Target ceiling = floor;
    ceiling.compare = TargetCompare::AtMost;
    // at_least 2,000 with 10 %: passes from 1,800 up, however far above.
    CHECK(within_tolerance(floor, count, 1e9));
    CHECK(within_tolerance(floor, count, 1800));
    CHECK_FALSE(within_tolerance(floor, count, 1799));
    CHECK(within_tolerance(ceiling, count, 0));
    CHECK(within_tolerance(ceiling, count, 2200));
    CHECK_FALSE(within_tolerance(ceiling, count, 2201));
    // The error is 0 when the bound is met, else the shortfall relative to the value.
    CHECK(target_error(floor, 5000).value == 0.0);
    CHECK(target_error(floor, 1500).value == Approx(-0.25));
    CHECK(target_error(ceiling, 2500).value == Approx(0.25));
    CHECK_FALSE(target_error(ceiling, 2500).absolute);
    // "Inside": the band meets the bound somewhere.
    CHECK(band_meets(floor, 1000, 2000));
    CHECK_FALSE(band_meets(floor, 1000, 1999));
    CHECK(band_meets(ceiling, 2000, 9000));
    CHECK_FALSE(band_meets(ceiling, 2001, 9000));
    // "About" needs the value inside the band, and signs its error.
    Target about = floor;
    about.compare = TargetCompare::About;
    CHECK(band_meets(about, 1900, 2100));
    CHECK_FALSE(band_meets(about, 2001, 2100));
    CHECK(target_error(about, 2100).value == Approx(0.05));
    CHECK(target_error(about, 1900).value == Approx(-0.05));
    // A documented 0 has no relative error: the absolute difference.
    about.value = 0;
    CHECK(target_error(about, 12).value == 12);
    CHECK(target_error(about, 12).absolute);
    // Shares allow an absolute tolerance for bounds too.
    const auto share = *resolve_target("incidence", p, error);
    Target low{"incidence", 2020, 0, 0.03, 0.01, "", TargetRole::Check, TargetCompare::AtMost};
    CHECK(allowed_miss(low, share) == 0.01);
    CHECK(within_tolerance(low, share, 0.0399));
    CHECK_FALSE(within_tolerance(low, share, 0.0401));
}

TEST_CASE("Pathway exits of a segment, persons served and the registered share read their arrays",
          "[models][targets]")
{
    const auto p   = test::make_tiny_params();
    const auto res = run_replication(p, 42, 0);
    std::string error;
    const auto value = [&](const std::string& metric, int year, int to_year) {
        const Target t{metric, year, to_year, 0, 0.1, ""};
        return target_value(t, *resolve_target(metric, p, error), res.metrics, res.arrays, p);
    };
    // The four pathways of a segment add up to its exits; market + social likewise.
    for (const char* seg : {"no_labour", "poor"}) {
        const std::string s = seg;
        const double all = value("exits:" + s, 2016, 2022);
        const double parts = value("exits_wages:" + s, 2016, 2022) + value("exits_farm_business:" + s, 2016, 2022) +
                             value("exits_transfers:" + s, 2016, 2022) + value("exits_safety_net:" + s, 2016, 2022);
        CHECK(parts == Approx(all));
        CHECK(value("exits_market:" + s, 2016, 2022) + value("exits_social:" + s, 2016, 2022) == Approx(all));
    }
    CHECK(value("exits:no_labour", 2016, 2022) + value("exits:poor", 2016, 2022) > 0); // not a sum of zeros
    // Persons served by a household programme: at least the households served; its registered
    // share is a share in [0, 1] and reads the persons arrays of the same programme.
    const auto dibao = *resolve_target("share_registered:dibao", p, error);
    CHECK(dibao.share);
    CHECK_FALSE(dibao.flow);
    const double persons = value("served_persons:dibao", 2017, 0), households = value("served:dibao", 2017, 0);
    CHECK(households > 0);
    CHECK(persons >= households);
    const double share = value("share_registered:dibao", 2017, 0);
    CHECK(share > 0);
    CHECK(share <= 1.0);
    const int registered = result_array_index(p, "budget/served_persons_registered");
    const auto k = static_cast<std::size_t>(dibao.index), n_prog = p.programmes.size();
    CHECK(share == Approx(res.arrays[static_cast<std::size_t>(registered)][1 * n_prog + k] / persons));
    CHECK_FALSE(resolve_target("exits_lottery:poor", p, error));
    CHECK(error.find("unknown target kind") != std::string::npos);
}
