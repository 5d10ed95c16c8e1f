#include "models/metric_direction.h"

#include <map>

namespace povsim::models {

const std::map<std::string, sim::Better>& better_directions()
{
    using sim::Better;
    // Unlisted means no direction: a printed "-" is safer than a P(better) with a guessed sign.
    // n_exited is unlisted on purpose: more exited households can mean more exits or fewer
    // people ever entering the registry, and it cannot tell which.
    static const std::map<std::string, Better> table{
        {"n_registered_poor", Better::lower},       {"n_registered_poor_persons", Better::lower},
        {"n_base_registry_poor", Better::lower},    {"incidence", Better::lower},
        {"new_exits", Better::higher},              {"new_exit_persons", Better::higher},
        {"new_exits_labour", Better::higher},       {"new_exit_persons_labour", Better::higher},
        {"cum_exits", Better::higher},              {"new_returns", Better::lower},
        {"new_return_persons", Better::lower},      {"cum_returns", Better::lower},
        {"return_rate", Better::lower},             {"new_poor", Better::lower},
        {"new_poor_persons", Better::lower},        {"cum_new_poor", Better::lower},
        {"n_monitored", Better::lower},             {"n_poor_villages", Better::lower},
        {"new_village_exits", Better::higher},      {"n_poor_counties", Better::lower},
        {"new_county_exits", Better::higher},       {"mean_income_registered", Better::higher},
        {"mean_income_exited", Better::higher},     {"mean_income_all", Better::higher},
        {"n_below_line_persons", Better::lower},    {"poverty_gap_index", Better::lower},
        {"n_basic_needs_shortfall", Better::lower}, {"n_housing_unsafe", Better::lower},
        {"n_water_unsafe", Better::lower},          {"new_spending", Better::lower},
        {"cum_spending", Better::lower},            {"new_shortfall", Better::lower},
        {"cost_per_exit", Better::lower},
    };
    return table;
}

sim::Better better_direction(const std::string& name)
{
    const auto& table = better_directions();
    const auto  it    = table.find(name);
    return it == table.end() ? sim::Better::none : it->second;
}

} // namespace povsim::models
