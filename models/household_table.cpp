#include "models/household_table.h"

namespace povsim::models {

void HouseholdTable::resize(std::size_t n)
{
    auto zero = [n](auto& col) { col.assign(n, {}); };
    zero(village), zero(size), zero(labour), zero(employed), zero(elderly), zero(school_children);
    zero(senior_students), zero(flags), zero(status), zero(cause), zero(segment), zero(monitor), zero(years_above_line);
    zero(years_above_monitoring), zero(exit_year), zero(monitor_since), zero(risk), zero(farm_base_pc), zero(wage_per_worker), zero(base_income_pc);
    zero(transfer_pc), zero(farm_pc), zero(wage_pc), zero(income_pc), zero(programme_pc), zero(medical_oop);
    zero(programme_wage_pc), zero(programme_farm_pc), zero(topup_pc);
}

} // namespace povsim::models
