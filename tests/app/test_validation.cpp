// The verdict of validate: which misses set exit 3, and the tally of the evidence.
#include "app/validation.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace povsim;
using models::TargetRole;

namespace {

app::TargetCheck row(TargetRole role, double value, double mean, bool passes, bool inside, bool echo = false)
{
    app::TargetCheck c;
    c.target       = models::Target{"new_exits", 2016, 0, value, 0.1, "", role, models::TargetCompare::About};
    c.mean         = mean;
    c.passes       = passes;
    c.inside       = inside;
    c.error        = models::target_error(c.target, mean);
    if (echo) {
        c.echo = "programmes.x.target.2016 100";
    }
    return c;
}

} // namespace

TEST_CASE("The tally counts checks only, leaves echoes out and takes the median of relative errors", "[validation]")
{
    const std::vector<app::TargetCheck> checks{
        row(TargetRole::Accounting, 100, 150, false, false), // not evidence, whatever its error
        row(TargetRole::Calibration, 100, 100, true, true),
        row(TargetRole::Check, 100, 110, true, true),   // +10 %
        row(TargetRole::Check, 200, 170, false, false), // −15 %
        row(TargetRole::Check, 100, 102, true, true),   // +2 %
        row(TargetRole::Check, 0, 4, true, false),      // a documented 0: absolute, out of the median
        row(TargetRole::Check, 100, 500, false, true, true), // an echo: left out entirely
    };
    const auto t = app::tally_checks(checks);
    CHECK(t.checks == 4);
    CHECK(t.inside == 2);
    CHECK(t.echoes == 1);
    CHECK(t.relative == 3);
    CHECK(t.median_abs_error == Approx(0.10));
    CHECK(app::tally_line(t) == "checks 4 (1 echo left out), inside P5–P95 2 (coverage 50 %), median |error| "
                                      "10.0 % (over the 3 with a non-zero documented value)");
    CHECK(app::error_text(checks[3]) == "-15.0 %");
    CHECK(app::error_text(checks[5]) == "+4 (abs)");
    // The accounting miss alone decides the exit code; a failing check only with --strict.
    CHECK(app::targets_missed(checks, false));
    const std::vector<app::TargetCheck> only_checks(checks.begin() + 1, checks.end());
    CHECK_FALSE(app::targets_missed(only_checks, false));
    CHECK(app::targets_missed(only_checks, true));
    CHECK(std::isnan(app::tally_checks({}).median_abs_error));
}
