#pragma once
// Documented targets against simulated results (SPEC §13). A target names a metric of the
// cube or a budget array cell group; over a year range it sums a flow. How a mean is judged:
//   about:    passes when |mean − value| <= allowed; the band meets it when P5 <= value <= P95;
//   at_least: passes when mean >= value − allowed; the band meets it when P95 >= value;
//   at_most:  passes when mean <= value + allowed; the band meets it when P5 <= value;
// allowed = tolerance × |value|, or tolerance itself for shares and a documented 0. The error is
// the miss, (mean − value) but 0 when a bound is met, relative to |value| (absolute for a 0).
#include "models/parameters.h"
#include "sim/result_cube.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace povsim::models {

/// @brief The TOML words for TargetRole and TargetCompare, in enum order.
inline constexpr std::string_view target_role_names[]    = {"accounting", "calibration", "check"};
inline constexpr std::string_view target_compare_names[] = {"about", "at_least", "at_most"};
inline std::string_view name_of(TargetRole r) { return target_role_names[static_cast<int>(r)]; }
inline std::string_view name_of(TargetCompare c) { return target_compare_names[static_cast<int>(c)]; }

/// @brief The last year a target covers: to_year, or its one year.
inline int last_year(const Target& t) { return t.to_year > 0 ? t.to_year : t.year; }
/// @brief "2016", or "2016-2020" for a range.
inline std::string years_text(const Target& t)
{
    return std::to_string(t.year) + (t.to_year > 0 ? "-" + std::to_string(t.to_year) : "");
}

/// @brief What a target's `metric` refers to, resolved once.
struct TargetRef {
    enum class Kind : std::uint8_t { Metric, Programme, Served, Source, Segment, ShareOf, SegmentPathway, Group };
    Kind kind  = Kind::Metric;
    int  index = 0;     ///< metric row, programme, source or segment index
    int  array = -1;    ///< position in result_arrays() of the array it reads
    bool share = false; ///< a share (tolerance absolute) rather than a count or amount
    bool flow  = false; ///< may be summed over a year range
    int  denominator = -1;      ///< ShareOf: the array whose same cells divide `array`'s (sums over the years)
    std::uint8_t pathways = 0;  ///< SegmentPathway: bit k set = pathway k counts
    int measure = -1, measures = 0, groups = 0; ///< Group: cell (year × groups + index) × measures + measure
};

/// @brief Resolve @p metric for scenario @p p; on failure returns nothing and sets @p error.
std::optional<TargetRef> resolve_target(const std::string& metric, const Parameters& p, std::string& error);

/// @brief Simulated value of @p target in one replication (@p arrays as result_arrays(p) lays them out).
double target_value(const Target& target, const TargetRef& ref, const sim::ResultCube& metrics,
                    const std::vector<std::vector<double>>& arrays, const Parameters& p);

/// @brief The miss @p target allows: tolerance × |value|, or tolerance itself for shares and a documented 0.
double allowed_miss(const Target& target, const TargetRef& ref);

/// @brief How far @p mean lies on the wrong side of what @p target asks, signed: mean − value for
/// about; for a bound the same, but 0 when the bound is met. NaN when @p mean is NaN.
double miss(const Target& target, double mean);

/// @brief Whether @p simulated meets @p target's tolerance (|miss| <= allowed_miss).
bool within_tolerance(const Target& target, const TargetRef& ref, double simulated);

/// @brief Whether the band [@p p05, @p p95] meets @p target somewhere: holds the value (about),
/// reaches up to a floor (at_least: P95 >= value) or down to a ceiling (at_most: P5 <= value).
bool band_meets(const Target& target, double p05, double p95);

/// @brief A target's error: the miss relative to |value|, or the miss itself for a documented 0.
struct TargetError {
    double value    = 0;     ///< a fraction (0.05 = 5 %), or an amount when @ref absolute
    bool   absolute = false; ///< the documented value is 0: no relative error exists
};
TargetError target_error(const Target& target, double mean);

} // namespace povsim::models
