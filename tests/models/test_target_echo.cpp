// The echo audit: a target that restates a number the scenario sets is not evidence.
#include "models/target_echo.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

using namespace povsim;
using namespace povsim::models;

namespace {

Target check(const std::string& metric, int year, int to_year, double value)
{
    return Target{metric, year, to_year, value, 0.1, "", TargetRole::Check, TargetCompare::About};
}

} // namespace

TEST_CASE("A check equal to a programme quota, a quota × cost or a registry count is an echo", "[models][targets]")
{
    const auto p = test::make_tiny_params(); // industry: 60 a year 2016-2017 at 19,250; water: 3 villages a year
    CHECK(find_echo(check("served:industry", 2016, 0, 60), p) == "programmes.industry.target.2016 60");
    CHECK(find_echo(check("served:water", 2016, 2017, 6), p) == "programmes.water.target 2016-2017 sum 6");
    // A stock in place in 2017 counts the quotas to date.
    CHECK(find_echo(check("served:industry", 2017, 0, 120), p) == "programmes.industry.target 2016-2017 sum 120");
    CHECK(find_echo(check("spending:industry", 2016, 0, 60 * 19250), p) ==
          "programmes.industry.target.2016 × one_off_cost 1155000");
    CHECK(find_echo(check("spending:rangers", 2016, 0, 10 * 21600), p) ==
          "programmes.rangers.target.2016 × effect.wage 216000");
    // Within 0.5 %: 100.4 restates the 100 households of the no_labour segment; 101 does not.
    CHECK(find_echo(check("exits:no_labour", 2016, 2020, 100.4), p) == "population.segments[no_labour].households 100");
    CHECK_FALSE(find_echo(check("exits:no_labour", 2016, 2020, 101), p));
    // Sums of segments and unit totals are registry counts too.
    CHECK(find_echo(check("new_exits", 2016, 2020, 320), p) == "population.segments no_labour + poor households 320");
    CHECK(find_echo(check("new_village_exits", 2016, 2020, 6), p) == "programmes.water.target 2016-2020 sum 6");
    CHECK(find_echo(check("n_poor_villages", 2016, 0, 5.99), p) == "population.units total poor_villages 6");
    auto plan = p;
    plan.thresholds.exit_plan_persons.values = {{2016, 500}, {2017, 400}};
    CHECK(find_echo(check("new_exit_persons", 2017, 0, 400), plan) == "thresholds.exit_plan_persons.2017 400");
    CHECK(find_echo(check("new_exit_persons", 2016, 2017, 900), plan) == "thresholds.exit_plan_persons 2016-2017 sum 900");
}

TEST_CASE("A value the inputs do not set, a documented 0 and an accounting target are not echoes", "[models][targets]")
{
    const auto p = test::make_tiny_params();
    CHECK_FALSE(find_echo(check("new_exits", 2016, 0, 137), p));
    CHECK_FALSE(find_echo(check("n_registered_poor", 2020, 0, 0), p)); // an emptied registry is an outcome
    auto accounting = check("served:industry", 2016, 0, 60);
    accounting.role = TargetRole::Accounting; // restates its input by definition: not audited
    CHECK_FALSE(find_echo(accounting, p));
    auto fitted = accounting;
    fitted.role = TargetRole::Calibration; // fitted targets are audited like checks
    CHECK(find_echo(fitted, p));
}
