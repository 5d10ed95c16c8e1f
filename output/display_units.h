#pragma once
// How a stored unit is shown to people: money is stored in yuan (exact, for researchers) and shown
// in 万元 (10,000 yuan) by every console table, CSV for people, the workbook and the report, as
// Chinese budget documents do. Incomes (yuan/person/yr) stay in 元; every other unit as stored.
#include <cmath>
#include <cstdio>
#include <string>

namespace povsim::output {

struct DisplayUnits {
    std::string label;       ///< e.g. "万元", "households"
    double      divisor = 1; ///< stored value / divisor = shown value
};

/// @brief The shown unit of values stored in @p units ("yuan" → 万元 ÷ 10,000).
inline DisplayUnits display_units(const std::string& units)
{
    if (units == "yuan") {
        return {"万元", 1e4};
    }
    if (units == "yuan/household") { // cost per exit, as the workbook shows it (万元/户)
        return {"万元/household", 1e4};
    }
    return {units, 1};
}

/// @return @p x for reading: whole numbers with thousands separators ("12,345") from 100 up,
/// three significant figures below ("0.425", "17.5"), "-" for NaN
inline std::string grouped(double x)
{
    if (std::isnan(x)) {
        return "-";
    }
    char buf[64];
    if (std::abs(x) < 100) {
        std::snprintf(buf, sizeof buf, "%.3g", x);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.0f", std::abs(x));
    const std::string digits(buf);
    std::string       out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return (x < 0 ? "-" : "") + out;
}

} // namespace povsim::output
