#include "models/uncertain.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace povsim::models {
namespace {

constexpr double unbounded = 1e299; // Uncertain's ±1e300 defaults mean "no bound"

/// 12 significant digits: a shifted point prints as 0.05, not 0.049999999999999996, and
/// still reads back to the same location well within any Monte Carlo noise.
std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

std::string clamp_text(const Uncertain& u)
{
    // A "> 0" range is stored as the smallest positive double: say 0.
    const std::string lo = number(std::abs(u.lo) < 1e-300 ? 0.0 : u.lo);
    const bool        low = u.lo > -unbounded, high = u.hi < unbounded;
    if (low && high)
        return ", clamped to [" + lo + ", " + number(u.hi) + "]";
    if (low)
        return ", clamped to >= " + lo;
    return high ? ", clamped to <= " + number(u.hi) : "";
}

} // namespace

double location(const Uncertain& u)
{
    using D = Uncertain::Dist;
    switch (u.dist) {
    case D::Uniform: return 0.5 * (u.a + u.b);
    case D::Triangular: return u.c;
    case D::Beta: return u.a / (u.a + u.b);
    case D::Fixed:
    case D::Normal:
    case D::LogNormal: break;
    }
    return u.a;
}

Uncertain with_location(const Uncertain& u, double x)
{
    using D     = Uncertain::Dist;
    Uncertain out = u;
    switch (u.dist) {
    case D::Uniform:
    case D::Triangular: {
        // Clamped only against rounding: within location_range() the shifted points stay in range.
        const double shift = x - location(u);
        out.a = std::clamp(u.a + shift, u.lo, u.hi), out.b = std::clamp(u.b + shift, u.lo, u.hi);
        out.c = u.dist == D::Triangular ? x : 0.0; // exact, so the mode equals x without rounding
        break;
    }
    case D::Beta: {
        const double concentration = u.a + u.b;
        out.a = x * concentration, out.b = (1.0 - x) * concentration;
        break;
    }
    case D::Fixed:
    case D::Normal:
    case D::LogNormal: out.a = x; break;
    }
    return out;
}

std::pair<double, double> location_range(const Uncertain& u)
{
    using D = Uncertain::Dist;
    switch (u.dist) {
    case D::Uniform:
    case D::Triangular: {
        const double m = location(u);
        return {u.lo + (m - u.a), u.hi - (u.b - m)};
    }
    case D::Beta: return {std::nextafter(0.0, 1.0), std::nextafter(1.0, 0.0)};
    case D::LogNormal: return {std::max(u.lo, std::nextafter(0.0, 1.0)), u.hi};
    case D::Fixed:
    case D::Normal: break;
    }
    return {u.lo, u.hi};
}

std::string describe(const Uncertain& u)
{
    using D = Uncertain::Dist;
    switch (u.dist) {
    case D::Uniform: return "uniform(" + number(u.a) + ", " + number(u.b) + ")";
    case D::Triangular:
        return "triangular(low " + number(u.a) + ", mode " + number(u.c) + ", high " + number(u.b) + ")";
    case D::Normal: return "normal(mean " + number(u.a) + ", sd " + number(u.b) + ")" + clamp_text(u);
    case D::LogNormal: return "lognormal(median " + number(u.a) + ", sigma " + number(u.b) + ")" + clamp_text(u);
    case D::Beta: return "beta(alpha " + number(u.a) + ", beta " + number(u.b) + ")";
    case D::Fixed: break;
    }
    return number(u.a);
}

std::string to_toml(const Uncertain& u)
{
    using D = Uncertain::Dist;
    switch (u.dist) {
    case D::Uniform: return R"({ dist = "uniform", low = )" + number(u.a) + ", high = " + number(u.b) + " }";
    case D::Triangular:
        return R"({ dist = "triangular", low = )" + number(u.a) + ", mode = " + number(u.c) + ", high = " +
               number(u.b) + " }";
    case D::Normal: return R"({ dist = "normal", mean = )" + number(u.a) + ", sd = " + number(u.b) + " }";
    case D::LogNormal: return R"({ dist = "lognormal", median = )" + number(u.a) + ", sigma = " + number(u.b) + " }";
    case D::Beta: return R"({ dist = "beta", alpha = )" + number(u.a) + ", beta = " + number(u.b) + " }";
    case D::Fixed: break;
    }
    return number(u.a);
}

} // namespace povsim::models
