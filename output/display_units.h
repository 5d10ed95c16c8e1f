#pragma once
// How a stored unit is shown to people: money is stored in yuan (exact, for researchers) and shown
// in 万元 (10,000 yuan) by every console table, CSV for people, the workbook and the report, as
// Chinese budget documents do. Incomes (yuan/person/yr) stay in 元; every other unit as stored.
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

} // namespace povsim::output
