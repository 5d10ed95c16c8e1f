#include "models/metrics.h"

#include "models/shocks.h"
#include "sim/chunked.h"

#include <cmath>
#include <cstdint>
#include <functional>

namespace povsim::models {
namespace {

/// One pass over households at year end; every household metric reads from here. Counts of
/// households and persons are integers: sums of whole numbers are exact in double too, so the
/// same values, without an int-to-double conversion and a floating add per count and household.
struct Tally {
    using Count = std::uint64_t;
    Count households = 0, persons = 0;
    Count registered = 0, registered_persons = 0, exited = 0, base_registry_poor = 0, base_registry_poor_persons = 0;
    Count monitored[4] = {0, 0, 0, 0};
    Count exited_persons = 0, below_line_persons = 0;
    Count needs_shortfall = 0, housing_unsafe = 0, water_unsafe = 0;
    Count monitored_exited = 0;
    Count base_unexited = 0, zero_employment_supported = 0, below_line_no_topup = 0, topup_dependent_persons = 0;
    Count employed_persons = 0, employed_persons_registered = 0;
    double income_all = 0, income_registered = 0, income_exited = 0, gap = 0;
    double programme_registered = 0, farm_business_exited = 0;

    Tally& operator+=(const Tally& o)
    {
        for (auto [to, from] :
             {std::pair{&households, &o.households}, {&persons, &o.persons}, {&registered, &o.registered},
              {&registered_persons, &o.registered_persons}, {&exited, &o.exited},
              {&base_registry_poor, &o.base_registry_poor}, {&base_registry_poor_persons, &o.base_registry_poor_persons},
              {&exited_persons, &o.exited_persons}, {&below_line_persons, &o.below_line_persons},
              {&needs_shortfall, &o.needs_shortfall}, {&housing_unsafe, &o.housing_unsafe},
              {&water_unsafe, &o.water_unsafe}, {&monitored_exited, &o.monitored_exited},
              {&base_unexited, &o.base_unexited}, {&zero_employment_supported, &o.zero_employment_supported},
              {&below_line_no_topup, &o.below_line_no_topup}, {&topup_dependent_persons, &o.topup_dependent_persons},
              {&employed_persons, &o.employed_persons}, {&employed_persons_registered, &o.employed_persons_registered}}) {
            *to += *from;
        }
        for (int k = 0; k < 4; ++k) {
            monitored[k] += o.monitored[k];
        }
        for (auto [to, from] : {std::pair{&income_all, &o.income_all}, {&income_registered, &o.income_registered},
                                {&income_exited, &o.income_exited}, {&gap, &o.gap},
                                {&programme_registered, &o.programme_registered},
                                {&farm_business_exited, &o.farm_business_exited}}) {
            *to += *from;
        }
        return *this;
    }
};
static_assert(sizeof(Tally) == 29 * 8, "a new Tally field must be added to operator+=");

/// One chunk of households (sim/chunked.h), so the year-end pass runs on the world's threads.
void tally_rows(const World& w, Tally& t, std::size_t begin, std::size_t end)
{
    const auto& hh   = w.households;
    const double line = w.rules.poverty_line;
    for (std::size_t i = begin; i < end; ++i) {
        if (hh.status[i] == Status::Dissolved) {
            continue;
        }
        const Tally::Count n = hh.size[i];
        const double       persons = hh.size[i], y = hh.income_pc[i];
        t.households += 1, t.persons += n, t.income_all += y * persons;
        if (is_registered_poor(hh.status[i])) {
            t.registered += 1, t.registered_persons += n, t.income_registered += y * persons;
            t.base_registry_poor += hh.status[i] == Status::RegisteredPoor;
            t.base_registry_poor_persons += hh.status[i] == Status::RegisteredPoor ? n : 0;
            t.programme_registered += hh.programme_pc[i] * persons;
            t.needs_shortfall += (hh.flags[i] & flag::BasicNeedsUnmet) != 0;
        } else if (hh.status[i] == Status::Exited) {
            t.exited += 1, t.exited_persons += n, t.income_exited += y * persons;
            t.monitored_exited += hh.monitor[i] != MonitorKind::None;
            t.farm_business_exited +=
                persons * (static_cast<double>(hh.farm_pc[i]) + hh.business_pc(i) + hh.programme_farm_pc[i]);
        }
        t.base_unexited += hh.segment[i] > 0 && (hh.status[i] == Status::RegisteredPoor || hh.status[i] == Status::Returned);
        const bool post_or_job = hh.programme_wage_pc[i] > 0;
        t.zero_employment_supported += hh.labour[i] > 0 && hh.employed[i] == 0 && !post_or_job && policy_applies(w, i, w.rules.year);
        t.below_line_no_topup += is_registered_poor(hh.status[i]) && y < line && hh.topup_pc[i] <= 0;
        t.topup_dependent_persons += hh.topup_pc[i] > 0 && y - hh.topup_pc[i] < line ? n : 0;
        // A post or placed job counts one worker: the programme keeps no count of posts per household.
        const Tally::Count workers = hh.employed[i] + (post_or_job ? 1u : 0u);
        t.employed_persons += workers;
        t.employed_persons_registered += ever_registered(hh.status[i]) ? workers : 0;
        t.monitored[static_cast<int>(hh.monitor[i])] += 1;
        if (y < line) {
            t.below_line_persons += n;
            t.gap += persons * (line - y) / line;
        }
        t.housing_unsafe += hh.has(i, flag::HousingUnsafe);
        t.water_unsafe += hh.has(i, flag::WaterUnsafe);
    }
}

Tally tally(const World& w)
{
    std::vector<Tally> parts(sim::chunk_count(w.households.count()));
    sim::for_each_chunk(w.households.count(), w.threads,
                        [&](std::size_t c, std::size_t begin, std::size_t end) { tally_rows(w, parts[c], begin, end); });
    Tally t;
    for (const auto& part : parts) {
        t += part;
    }
    return t;
}

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

/// Cohort flagged two years before the year just recorded: share removed within two years.
double flags_removed_within_2y(const World& w)
{
    const int cohort = w.rules.year - 2 - w.params->scenario.base_year;
    if (cohort < 0 || static_cast<std::size_t>(cohort) >= w.monitoring.flagged.size()) {
        return 0.0;
    }
    return ratio(w.monitoring.removed_within_2y[static_cast<std::size_t>(cohort)],
                 w.monitoring.flagged[static_cast<std::size_t>(cohort)]);
}

struct MetricDef {
    sim::MetricInfo                                        info;
    std::function<double(const Tally&, const World&)> value;
};

const std::vector<MetricDef>& definitions()
{
    using T = const Tally&;
    using W = const World&;
    static const std::vector<MetricDef> defs = {
        {{"n_registered_poor", "households", "Households on the poverty registry (registered poor, returned or new poor) at year end"}, [](T t, W) { return t.registered; }},
        {{"n_registered_poor_persons", "persons", "Persons in registered poor households at year end"}, [](T t, W) { return t.registered_persons; }},
        {{"n_base_registry_poor", "households", "Households of the base-year registry that have never exited, at year end"}, [](T t, W) { return t.base_registry_poor; }},
        {{"n_base_registry_poor_persons", "persons", "Persons in base-year registry households that have never exited, at year end (a plan's cohort arithmetic)"}, [](T t, W) { return t.base_registry_poor_persons; }},
        {{"n_base_registry_unexited", "households", "Base-year registry households on the registry at year end, never exited or exited and returned"}, [](T t, W) { return t.base_unexited; }},
        {{"n_zero_employment_supported", "households", "Supported households (registered, monitored or exited within the policy period) with labour but nobody in wage work, a post or a placed job (零就业家庭)"}, [](T t, W) { return t.zero_employment_supported; }},
        {{"n_registered_below_line_no_topup", "households", "Registered poor households below the poverty line after the year's programmes that got no safety-net top-up"}, [](T t, W) { return t.below_line_no_topup; }},
        {{"n_persons_topup_dependent", "persons", "Persons in households that got a top-up and would be below the poverty line without it"}, [](T t, W) { return t.topup_dependent_persons; }},
        {{"n_wage_employed_persons", "persons", "Members in wage work, plus one per household holding a programme post or placed job, at year end"}, [](T t, W) { return t.employed_persons; }},
        {{"n_wage_employed_persons_ever_registered", "persons", "Of n_wage_employed_persons, those in households that are or were on the registry"}, [](T t, W) { return t.employed_persons_registered; }},
        {{"incidence", "share", "Registered poor persons / rural persons (poverty incidence, 贫困发生率)"}, [](T t, W) { return ratio(t.registered_persons, t.persons); }},
        {{"new_exits", "households", "Households certified out of poverty during the year"}, [](T, W w) { return w.flows.exits; }},
        {{"new_exit_persons", "persons", "Persons in households that exited during the year"}, [](T, W w) { return w.flows.exit_persons; }},
        {{"new_exits_labour", "households", "Households with labour-capable members certified out of poverty during the year"}, [](T, W w) { return w.flows.exits_labour; }},
        {{"new_exit_persons_labour", "persons", "Persons in households with labour-capable members that exited during the year"}, [](T, W w) { return w.flows.exit_persons_labour; }},
        {{"new_returns", "households", "Exited households that fell back below the poverty line during the year (返贫)"}, [](T, W w) { return w.flows.returns; }},
        {{"new_return_persons", "persons", "Persons in households that returned to poverty during the year"}, [](T, W w) { return w.flows.return_persons; }},
        {{"new_exits_wages", "households", "Exits during the year carried over the exit line by wages and employment (own work, posts and jobs from programmes)"}, [](T, W w) { return w.flows.exits_by_pathway[0]; }},
        {{"new_exits_farm_business", "households", "Exits during the year carried by farm, business and industry income (own and from industry, credit and relocation programmes)"}, [](T, W w) { return w.flows.exits_by_pathway[1]; }},
        {{"new_exits_transfers", "households", "Exits during the year carried by asset income, pensions and other programme transfers (market income below the exit line)"}, [](T, W w) { return w.flows.exits_by_pathway[2]; }},
        {{"new_exits_safety_net", "households", "Exits during the year that reach the exit line only with the safety-net top-up (兜底)"}, [](T, W w) { return w.flows.exits_by_pathway[3]; }},
        {{"new_exit_persons_wages", "persons", "Persons in households exiting by wages and employment"}, [](T, W w) { return w.flows.exit_persons_by_pathway[0]; }},
        {{"new_exit_persons_farm_business", "persons", "Persons in households exiting by farm, business and industry income"}, [](T, W w) { return w.flows.exit_persons_by_pathway[1]; }},
        {{"new_exit_persons_transfers", "persons", "Persons in households exiting by asset income and other transfers"}, [](T, W w) { return w.flows.exit_persons_by_pathway[2]; }},
        {{"new_exit_persons_safety_net", "persons", "Persons in households exiting through the safety-net top-up"}, [](T, W w) { return w.flows.exit_persons_by_pathway[3]; }},
        {{"new_poor", "households", "Never-registered households registered as newly poor during the year (新致贫)"}, [](T, W w) { return w.flows.new_poor; }},
        {{"new_poor_persons", "persons", "Persons in households newly registered as poor during the year"}, [](T, W w) { return w.flows.new_poor_persons; }},
        {{"n_exited", "households", "Households with status exited at year end"}, [](T t, W) { return t.exited; }},
        {{"cum_exits", "households", "Exits since the start year (a household can exit more than once)"}, [](T, W w) { return w.cum_exits; }},
        {{"cum_returns", "households", "Returns to poverty since the start year"}, [](T, W w) { return w.cum_returns; }},
        {{"cum_new_poor", "households", "New registrations since the start year"}, [](T, W w) { return w.cum_new_poor; }},
        {{"return_rate", "share", "Returns during the year / exited households at the start of the year"}, [](T, W w) { return ratio(w.flows.returns, w.flows.exited_stock_at_start); }},
        {{"n_monitored", "households", "Households under anti-return monitoring at year end (防返贫监测对象)"}, [](T t, W) { return t.monitored[1] + t.monitored[2] + t.monitored[3]; }},
        {{"n_monitored_unstable_exited", "households", "Monitored households of kind unstable exited (脱贫不稳定户)"}, [](T t, W) { return t.monitored[1]; }},
        {{"n_monitored_edge", "households", "Monitored households of kind edge (边缘易致贫户)"}, [](T t, W) { return t.monitored[2]; }},
        {{"n_monitored_sudden_hardship", "households", "Monitored households of kind sudden hardship (突发严重困难户)"}, [](T t, W) { return t.monitored[3]; }},
        {{"new_monitored", "households", "Households flagged for monitoring during the year"}, [](T, W w) { return w.flows.new_monitored; }},
        {{"share_exited_monitored", "share", "Exited households under monitoring / exited households, at year end"}, [](T t, W) { return ratio(t.monitored_exited, t.exited); }},
        {{"share_flags_removed_2y", "share", "Of the households flagged for monitoring two years before, the share whose risk was removed by year end (0 before a cohort has two years)"}, [](T, W w) { return flags_removed_within_2y(w); }},
        {{"new_monitoring_exits", "households", "Households whose monitoring ended during the year (risk removed)"}, [](T, W w) { return w.flows.monitoring_exits; }},
        {{"n_poor_villages", "villages", "Villages on the poor-village list that have not exited, at year end"}, [](T, W w) { double n = 0; for (std::size_t j = 0; j < w.villages.count(); ++j) n += w.villages.poor[j] && w.villages.exit_year[j] == 0; return n; }},
        {{"mean_village_collective_income", "yuan/village/yr", "Mean collective income of all villages (村集体经济收入)"}, [](T, W w) { double y = 0; for (double c : w.villages.collective_income) y += c; return ratio(y, static_cast<double>(w.villages.count())); }},
        {{"share_villages_with_collective_income", "share", "Villages with any collective income / all villages (the rest are 空壳村)"}, [](T, W w) { double n = 0; for (double c : w.villages.collective_income) n += c > 0; return ratio(n, static_cast<double>(w.villages.count())); }},
        {{"share_poor_villages_with_collective_income", "share", "Villages of the base-year poor-village list with any collective income / those villages"}, [](T, W w) { double n = 0, k = 0; for (std::size_t j = 0; j < w.villages.count(); ++j) if (w.villages.poor[j]) k += 1, n += w.villages.collective_income[j] > 0; return ratio(n, k); }},
        {{"new_village_exits", "villages", "Poor villages that exited during the year"}, [](T, W w) { return w.flows.village_exits; }},
        {{"n_poor_counties", "counties", "Counties on the poor-county list that have not exited (摘帽), at year end"}, [](T, W w) { double n = 0; for (std::size_t k = 0; k < w.counties.count(); ++k) n += w.counties.poor[k] && w.counties.exit_year[k] == 0; return n; }},
        {{"new_county_exits", "counties", "Poor counties that exited (摘帽) during the year"}, [](T, W w) { return w.flows.county_exits; }},
        {{"mean_income_registered", "yuan/person/yr", "Mean per-capita net income of registered poor persons"}, [](T t, W) { return ratio(t.income_registered, t.registered_persons); }},
        {{"mean_income_exited", "yuan/person/yr", "Mean per-capita net income of persons in exited households"}, [](T t, W) { return ratio(t.income_exited, t.exited_persons); }},
        {{"mean_income_ever_registered", "yuan/person/yr", "Mean per-capita net income of persons in registered poor and exited households (贫困户人均纯收入, the registry's whole cohort)"}, [](T t, W) { return ratio(t.income_registered + t.income_exited, t.registered_persons + t.exited_persons); }},
        {{"mean_farm_business_income_exited", "yuan/person/yr", "Mean per-capita farm, business and industry-programme income of persons in exited households"}, [](T t, W) { return ratio(t.farm_business_exited, t.exited_persons); }},
        {{"mean_income_all", "yuan/person/yr", "Mean per-capita net income of all rural persons"}, [](T t, W) { return ratio(t.income_all, t.persons); }},
        {{"n_below_line_persons", "persons", "Persons whose household per-capita income is below the poverty line, registered or not"}, [](T t, W) { return t.below_line_persons; }},
        {{"nbs_incidence", "share", "Persons below the poverty line / rural persons: the NBS headcount ratio (a survey concept), beside the registry's incidence"}, [](T t, W) { return ratio(t.below_line_persons, t.persons); }},
        {{"poverty_gap_index", "share", "Mean over all rural persons of max(0, line − income) / line (FGT1)"}, [](T t, W) { return ratio(t.gap, t.persons); }},
        {{"n_basic_needs_shortfall", "households", "Registered poor households with a basic need unmet (housing, water, schooling, insurance)"}, [](T t, W) { return t.needs_shortfall; }},
        {{"n_housing_unsafe", "households", "Households without safe housing"}, [](T t, W) { return t.housing_unsafe; }},
        {{"n_water_unsafe", "households", "Households without safe drinking water"}, [](T t, W) { return t.water_unsafe; }},
        {{"new_illness", "households", "Households with an illness event during the year"}, [](T, W w) { return w.flows.illness; }},
        {{"mean_medical_oop", "yuan/household", "Mean out-of-pocket medical cost of households with an illness event, after reimbursement"}, [](T, W w) { return ratio(w.flows.medical_oop, w.flows.illness); }},
        {{"new_sudden_hardship", "households", "Households whose out-of-pocket medical cost exceeded last year's income"}, [](T, W w) { return w.flows.hardship; }},
        {{"new_disability", "persons", "Labour-capable members who became disabled during the year"}, [](T, W w) { return w.flows.disability; }},
        {{"new_disaster_villages", "villages", "Villages hit by a natural disaster during the year"}, [](T, W w) { return w.flows.disaster_villages; }},
        {{"new_job_losses", "persons", "Workers who lost wage employment during the year"}, [](T, W w) { return w.flows.job_losses; }},
        {{"new_spending", "yuan", "Programme spending in the year, all programmes and sources (ceilings applied)"}, [](T, W w) { return w.flows.spending; }},
        {{"new_budget_need", "yuan", "What the programmes would have cost in the year without ceilings"}, [](T, W w) { return w.flows.need; }},
        {{"new_shortfall", "yuan", "Budget need not paid because of ceilings (need − spending)"}, [](T, W w) { return w.flows.need - w.flows.spending; }},
        {{"cum_spending", "yuan", "Programme spending since the start year"}, [](T, W w) { return w.cum_spending; }},
        {{"cost_per_exit", "yuan/household", "Cumulative spending / cumulative exits (0 before the first exit)"}, [](T, W w) { return ratio(w.cum_spending, w.cum_exits); }},
        {{"mean_programme_income_registered", "yuan/person/yr", "Mean programme income per person of registered poor persons"}, [](T t, W) { return ratio(t.programme_registered, t.registered_persons); }},
        {{"price_index", "index", "Regional farm price index (1 = base year)"}, [](T, W w) { return std::exp(w.log_price); }},
        {{"poverty_line", "yuan/person/yr", "Poverty line in force in the year"}, [](T, W w) { return w.rules.poverty_line; }},
        {{"n_households", "households", "Rural households at year end (dissolved excluded)"}, [](T t, W) { return t.households; }},
        {{"n_persons", "persons", "Rural persons at year end (dissolved households excluded)"}, [](T t, W) { return t.persons; }},
    };
    return defs;
}

} // namespace

const std::vector<sim::MetricInfo>& metric_infos()
{
    static const std::vector<sim::MetricInfo> infos = [] {
        std::vector<sim::MetricInfo> out;
        for (const auto& d : definitions()) {
            out.push_back(d.info);
        }
        return out;
    }();
    return infos;
}

int metric_index(const std::string& name)
{
    const auto& infos = metric_infos();
    for (std::size_t m = 0; m < infos.size(); ++m) {
        if (infos[m].name == name) {
            return static_cast<int>(m);
        }
    }
    return -1;
}

void record_metrics(const World& w, sim::ResultCube& cube, int year_index)
{
    const Tally t    = tally(w);
    const auto& defs = definitions();
    for (std::size_t m = 0; m < defs.size(); ++m) {
        cube(static_cast<Eigen::Index>(m), year_index) = defs[m].value(t, w);
    }
}

} // namespace povsim::models
