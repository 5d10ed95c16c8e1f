// A distribution's location, moved copy and text (models/uncertain.h): what calibrate fits
// and what the study file says about each uncertain parameter. Known answers by hand.
#include "models/uncertain.h"

#include <catch2/catch.hpp>

using namespace povsim::models;
using Dist = Uncertain::Dist;

namespace {
Uncertain make(Dist dist, double a, double b, double c = 0, double lo = 0, double hi = 1)
{
    Uncertain u;
    u.dist = dist, u.a = a, u.b = b, u.c = c, u.lo = lo, u.hi = hi;
    return u;
}
} // namespace

TEST_CASE("A uniform moves both ends by the same amount so its midpoint is the value", "[models][uncertain]")
{
    const auto u = make(Dist::Uniform, 0.04, 0.08);
    CHECK(location(u) == Approx(0.06));
    const auto moved = with_location(u, 0.07);
    CHECK(moved.dist == Dist::Uniform);
    CHECK(moved.a == Approx(0.05));
    CHECK(moved.b == Approx(0.09));
    CHECK(location(moved) == Approx(0.07));
    // Half the width, 0.02, must stay inside [0, 1] at both ends.
    const auto [lo, hi] = location_range(u);
    CHECK(lo == Approx(0.02));
    CHECK(hi == Approx(0.98));
    CHECK(with_location(u, 0.02).a >= 0.0); // at the bound, never a rounding below it
}

TEST_CASE("A triangular moves every point so its mode is the value", "[models][uncertain]")
{
    const auto t     = make(Dist::Triangular, 0.3, 0.6, 0.4, 0, 5);
    const auto moved = with_location(t, 0.5);
    CHECK(location(t) == 0.4);
    CHECK(moved.a == Approx(0.4));
    CHECK(moved.c == 0.5);
    CHECK(moved.b == Approx(0.7));
    const auto [lo, hi] = location_range(t);
    CHECK(lo == Approx(0.1)); // mode − low = 0.1 above the range's 0
    CHECK(hi == Approx(4.8)); // high − mode = 0.2 below the range's 5
}

TEST_CASE("A normal sets its mean and a lognormal its median, keeping the spread", "[models][uncertain]")
{
    const auto n = with_location(make(Dist::Normal, 0.05, 0.01, 0, -1, 1), 0.07);
    CHECK((n.dist == Dist::Normal && n.a == 0.07 && n.b == 0.01));
    const auto l = make(Dist::LogNormal, 600, 0.2, 0, 0, 1e300);
    CHECK(location(l) == 600);
    const auto moved = with_location(l, 800);
    CHECK((moved.a == 800 && moved.b == 0.2));
    CHECK(location_range(l).first > 0); // a median must stay positive
}

TEST_CASE("A beta keeps alpha + beta and sets its mean", "[models][uncertain]")
{
    const auto b = make(Dist::Beta, 8, 2);
    CHECK(location(b) == Approx(0.8));
    const auto moved = with_location(b, 0.5);
    CHECK(moved.a == Approx(5));
    CHECK(moved.b == Approx(5));
    const auto [lo, hi] = location_range(b);
    CHECK((lo > 0 && lo < 1e-300 && hi < 1 && hi > 1 - 1e-15));
}

TEST_CASE("A fixed value becomes the value itself", "[models][uncertain]")
{
    const Uncertain f = 3.0;
    CHECK(f.is_fixed());
    CHECK(f.value() == 3.0);
    CHECK(location(f) == 3.0);
    CHECK(with_location(f, 4.0).value() == 4.0);
}

TEST_CASE("Distributions are described for the study file and written as TOML", "[models][uncertain]")
{
    CHECK(describe(make(Dist::Uniform, 0.04, 0.08)) == "uniform(0.04, 0.08)");
    CHECK(describe(make(Dist::Triangular, 0.3, 0.6, 0.4)) == "triangular(low 0.3, mode 0.4, high 0.6)");
    CHECK(describe(make(Dist::Normal, 0.05, 0.01)) == "normal(mean 0.05, sd 0.01), clamped to [0, 1]");
    CHECK(describe(make(Dist::LogNormal, 600, 0.2, 0, 4.9e-324, 1e300)) ==
          "lognormal(median 600, sigma 0.2), clamped to >= 0");
    CHECK(describe(make(Dist::Beta, 8, 2)) == "beta(alpha 8, beta 2)");
    CHECK(describe(Uncertain(0.25)) == "0.25");
    // Shifted points print short, not as 0.049999999999999996.
    CHECK(to_toml(with_location(make(Dist::Uniform, 0.04, 0.08), 0.07)) ==
          R"({ dist = "uniform", low = 0.05, high = 0.09 })");
    CHECK(to_toml(make(Dist::Triangular, 0.3, 0.6, 0.4)) ==
          R"({ dist = "triangular", low = 0.3, mode = 0.4, high = 0.6 })");
    CHECK(to_toml(make(Dist::Normal, 0.05, 0.01)) == R"({ dist = "normal", mean = 0.05, sd = 0.01 })");
    CHECK(to_toml(make(Dist::LogNormal, 600, 0.2)) == R"({ dist = "lognormal", median = 600, sigma = 0.2 })");
    CHECK(to_toml(make(Dist::Beta, 5, 5)) == R"({ dist = "beta", alpha = 5, beta = 5 })");
    CHECK(to_toml(Uncertain(1200)) == "1200");
}
