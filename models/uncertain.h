#pragma once
// A scenario value that is fixed or a distribution drawn once per replication (SPEC §7:
// parameter uncertainty), and what calibration and the study file need to know about one:
// its location, a copy moved to another location, and its text.
#include <cassert>
#include <cstdint>
#include <string>
#include <utility>

namespace povsim::models {

/// @brief A value that is either fixed or drawn once per replication. TOML: a number, or an
/// inline table such as `{ dist = "uniform", low = 0.02, high = 0.05 }`. A number converts
/// to a fixed value, so defaults and hand-built scenarios read like plain doubles.
struct Uncertain {
    enum class Dist : std::uint8_t { Fixed, Uniform, Normal, LogNormal, Beta, Triangular };
    Dist   dist = Dist::Fixed;
    double a    = 0; ///< Fixed: value; Uniform/Triangular: low; Normal: mean; LogNormal: median; Beta: alpha
    double b    = 0; ///< Uniform/Triangular: high; Normal: sd; LogNormal: sigma (of log); Beta: beta
    double c    = 0; ///< Triangular: mode
    double lo   = -1e300; ///< lower bound the drawn value is clamped to (from the key's valid range)
    double hi   = 1e300;  ///< upper bound

    constexpr Uncertain() = default;
    constexpr Uncertain(double v) : a(v) {} // NOLINT(google-explicit-constructor): a number is a fixed value

    static Uncertain fixed(double v) { return Uncertain(v); }
    bool is_fixed() const { return dist == Dist::Fixed; }
    /// @brief The value the model reads. Stages see the replication's resolved parameters
    /// (resolve_parameters), where every key is fixed at its draw.
    double value() const
    {
        assert(is_fixed() && "read a resolved Parameters (models/uncertain_keys.h)");
        return a;
    }
};

/// @return the location calibration moves: the value (fixed), midpoint (uniform), mode
/// (triangular), mean (normal), median (lognormal) or mean alpha/(alpha+beta) (beta)
double location(const Uncertain& u);

/// @return @p u moved so that location() is @p x, its spread kept: uniform and triangular
/// shift every point by the same amount, normal sets the mean, lognormal the median, beta keeps
/// alpha + beta and sets the mean; a fixed value becomes @p x
Uncertain with_location(const Uncertain& u, double x);

/// @return the locations for which with_location() keeps every point of the distribution in
/// the key's range [lo, hi] (beta: the open interval (0, 1))
std::pair<double, double> location_range(const Uncertain& u);

/// @return the distribution in words for a study file, e.g. "uniform(0.04, 0.08)",
/// "normal(mean 0.05, sd 0.01), clamped to [0, 1]", or the number of a fixed value
std::string describe(const Uncertain& u);

/// @return @p u as a TOML value the loader reads back, e.g. `{ dist = "uniform", low = 0.04, high = 0.08 }`
std::string to_toml(const Uncertain& u);

} // namespace povsim::models
