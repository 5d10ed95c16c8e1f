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
        {"n_base_registry_poor", Better::lower},    {"n_base_registry_poor_persons", Better::lower},
        {"new_sudden_hardship", Better::lower},
        {"mean_medical_oop", Better::lower},    {"incidence", Better::lower},
        {"new_exits", Better::higher},              {"new_exit_persons", Better::higher},
        {"new_exits_labour", Better::higher},       {"new_exit_persons_labour", Better::higher},
        {"cum_exits", Better::higher},              {"new_returns", Better::lower},
        {"new_return_persons", Better::lower},      {"cum_returns", Better::lower},
        {"return_rate", Better::lower},             {"new_poor", Better::lower},
        {"new_poor_persons", Better::lower},        {"cum_new_poor", Better::lower},
        {"n_poor_villages", Better::lower},
        {"new_village_exits", Better::higher},      {"n_poor_counties", Better::lower},
        {"new_county_exits", Better::higher},       {"mean_income_registered", Better::higher},
        {"mean_income_exited", Better::higher},     {"mean_income_all", Better::higher},
        {"n_below_line_persons", Better::lower},    {"poverty_gap_index", Better::lower},
        {"nbs_incidence", Better::lower},          {"mean_income_ever_registered", Better::higher},
        {"n_basic_needs_shortfall", Better::lower}, {"n_housing_unsafe", Better::lower},
        {"n_water_unsafe", Better::lower},          {"new_spending", Better::lower},
        {"cum_spending", Better::lower},            {"new_shortfall", Better::lower},
        {"cost_per_exit", Better::lower},
        {"share_flags_removed_2y", Better::higher},
        {"mean_village_collective_income", Better::higher}, {"share_villages_with_collective_income", Better::higher},
        {"share_poor_villages_with_collective_income", Better::higher},
        {"n_base_registry_unexited", Better::lower}, {"n_zero_employment_supported", Better::lower},
        {"n_registered_below_line_no_topup", Better::lower}, {"mean_farm_business_income_exited", Better::higher},
        {"n_wage_employed_persons", Better::higher}, {"n_wage_employed_persons_ever_registered", Better::higher},
    };
    return table;
}

const std::vector<std::string>& undirected_metrics()
{
    // Exogenous shocks and prices, the line itself, population counts, and flows where more can
    // be good or bad (more flagged = better detection or more risk; n_exited, see above).
    static const std::vector<std::string> names{
        "n_exited",       "new_monitored",    "new_monitoring_exits",  "new_illness",
        "new_disability", "new_disaster_villages", "new_job_losses", "new_budget_need",
        "mean_programme_income_registered", "price_index", "poverty_line", "n_households", "n_persons",
        // how households leave says how durable an exit is, not whether more of one kind is better
        "new_exits_wages", "new_exits_farm_business", "new_exits_transfers", "new_exits_safety_net",
        "new_exit_persons_wages", "new_exit_persons_farm_business", "new_exit_persons_transfers",
        "new_exit_persons_safety_net",
        "n_persons_topup_dependent", // fewer may mean more self-reliance or less protection
        // Monitoring is a policy lever: a wider net (a higher income range, more kinds) monitors
        // more households on purpose, so more is not worse; its outcome shows in returns and new poor.
        "n_monitored", "n_monitored_unstable_exited", "n_monitored_edge", "n_monitored_sudden_hardship",
        "share_exited_monitored",
    };
    return names;
}

sim::Better better_direction(const std::string& name)
{
    const auto& table = better_directions();
    const auto  it    = table.find(name);
    return it == table.end() ? sim::Better::none : it->second;
}

} // namespace povsim::models
