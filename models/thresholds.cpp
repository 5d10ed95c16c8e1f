#include "models/thresholds.h"

#include <cmath>

namespace povsim::models {

double YearTable::at(int year) const
{
    if (values.empty()) {
        return 0.0;
    }
    auto it = values.upper_bound(year);
    if (it == values.begin()) {
        return it->second; // before the first entry: the first value
    }
    --it;
    const int years_past = it == std::prev(values.end()) ? year - it->first : 0;
    return it->second * std::pow(1.0 + growth_after, years_past);
}

YearRules rules_for_year(const Parameters& p, int year)
{
    YearRules r;
    r.year            = year;
    r.poverty_line    = p.thresholds.poverty_line.at(year);
    r.exit_line       = r.poverty_line + p.thresholds.exit_margin;
    r.monitoring_line = p.thresholds.monitoring_line.empty() ? p.thresholds.monitoring_factor * r.poverty_line
                                                            : p.thresholds.monitoring_line.at(year);
    r.pension         = p.income.pension.at(year);
    // Poverty-specific extras are kept whole until the phase-out schedule says otherwise.
    r.poor_extra_multiplier = p.transition.poor_extra_phase_out.at_or(year, 1.0);
    r.registration_open = year <= p.identification.registration_last_year;
    r.monitoring_on     = year >= p.identification.monitoring_start_year;
    r.crisis.year       = year;
    for (const auto& c : p.crises) {
        if (c.year == year) {
            r.crisis = c;
        }
    }
    return r;
}

void update_rules(World& w, const sim::StageContext& ctx)
{
    w.rules = rules_for_year(*w.params, ctx.year);
    w.flows = YearFlows{};
    w.flows.exits_by_segment.assign(w.params->population.segments.size(), 0.0);
    w.flows.exits_by_segment_pathway.assign(w.params->population.segments.size() * pathway_count, 0.0);
    w.flows.exit_persons_by_segment.assign(w.params->population.segments.size(), 0.0);
    w.flows.monitor_removed_by_cohort.assign(w.monitoring.removed_within_2y.size(), 0.0);
}

int next_years_above(int years_above, double income_pc, double exit_line)
{
    return income_pc >= exit_line ? std::min(years_above + 1, 255) : 0;
}

bool meets_exit_rule(int years_above, int required_years, bool basic_needs_met)
{
    return basic_needs_met && years_above >= required_years;
}

bool meets_return_rule(double income_pc, double medical_oop_pc, double poverty_line, bool after_medical)
{
    const double judged = after_medical ? income_pc - medical_oop_pc : income_pc;
    return judged < poverty_line;
}

bool meets_village_exit_rule(double poor_persons, double persons, double collective_income, bool infrastructure_ok,
                             bool western, const Thresholds& t)
{
    const double limit     = western ? t.village_exit_incidence_western : t.village_exit_incidence;
    const double incidence = persons > 0 ? poor_persons / persons : 0.0;
    return incidence <= limit && collective_income >= t.village_exit_collective_income && infrastructure_ok;
}

bool meets_county_exit_rule(double poor_persons, double persons, bool western, const Thresholds& t)
{
    const double limit = western ? t.county_exit_incidence_western : t.county_exit_incidence;
    return (persons > 0 ? poor_persons / persons : 0.0) <= limit;
}

} // namespace povsim::models
