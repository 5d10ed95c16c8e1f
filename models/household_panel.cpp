#include "models/household_panel.h"

#include "models/population.h"
#include "models/programmes.h"
#include "models/status.h"

#include <algorithm>
#include <type_traits>
#include <utility>

namespace povsim::models {
namespace {

using Value = HouseholdPanel::Value;

template <class T>
Value column_of(Column<T> HouseholdTable::*col)
{
    return [col](const World& w, std::size_t i, int) { return static_cast<double>((w.households.*col)[i]); };
}

Value flag_of(std::uint8_t bit)
{
    return [bit](const World& w, std::size_t i, int) { return w.households.has(i, bit) ? 1.0 : 0.0; };
}

const char* const yes_no = "0=no;1=yes";

std::string code_labels(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t k = 0; k < names.size(); ++k) {
        out += (k ? ";" : "") + std::to_string(k) + "=" + names[k];
    }
    return out;
}

std::string cause_labels()
{
    std::vector<std::string> names;
    for (int c = 0; c <= static_cast<int>(Cause::Schooling); ++c) {
        names.emplace_back(cause_name(static_cast<Cause>(c)));
    }
    return code_labels(names);
}

// Code 0 is "not on the registry at the base year"; code s + 1 is segment s, named as in
// the registry/exits arrays.
std::string segment_labels(const Parameters& p)
{
    std::vector<std::string> names{"not_registered"};
    for (auto& name : segment_names(p)) {
        names.push_back(std::move(name));
    }
    return code_labels(names);
}

} // namespace

std::vector<std::int32_t> panel_sample(std::size_t population, std::size_t n)
{
    n = std::min(n, population);
    std::vector<std::int32_t> rows(n);
    for (std::size_t k = 0; k < n; ++k) {
        // k·population/n is strictly increasing in k when n ≤ population: rows are distinct.
        rows[k] = static_cast<std::int32_t>(static_cast<std::uint64_t>(k) * population / n);
    }
    return rows;
}

HouseholdPanel::HouseholdPanel(std::size_t households)
    : m_requested(households)
{
}

void HouseholdPanel::define_fields(const World& w)
{
    const auto& p   = *w.params;
    using HT        = HouseholdTable;
    auto integer    = [this](std::string name, std::string units, std::string description, Value value,
                          std::string labels = {}) {
        m_fields.push_back({{std::move(name), std::move(units), std::move(description), std::move(labels),
                             std::vector<std::int32_t>{}},
                            std::move(value)});
    };
    auto amount = [this](std::string name, std::string units, std::string description, Value value) {
        m_fields.push_back(
            {{std::move(name), std::move(units), std::move(description), {}, std::vector<float>{}}, std::move(value)});
    };
    auto yes_no_flag = [&](std::string name, std::string description, std::uint8_t bit) {
        integer(std::move(name), "flag", std::move(description), flag_of(bit), yes_no);
    };

    integer("period", "year",
            "Calendar year of the row: the base year holds the generated population before the first simulated "
            "year, every later year the state at the end of that year",
            [](const World&, std::size_t, int period) { return double(period); });
    integer("household_id", "index",
            "Household row, the same in every period, replication and scenario of the study (its random-stream key)",
            [](const World&, std::size_t i, int) { return double(i); });
    integer("village", "index", "Village of the household (0-based, villages numbered unit by unit)",
            column_of(&HT::village));
    std::vector<std::string> counties(w.counties.name.begin(), w.counties.name.end());
    integer("county", "code", "County of the household's village",
            [](const World& w, std::size_t i, int) { return double(w.villages.county[w.households.village[i]]); },
            code_labels(counties));

    integer("size", "persons", "Members of the household", column_of(&HT::size));
    integer("labour", "persons", "Labour-capable members", column_of(&HT::labour));
    integer("employed", "persons", "Members in wage work (at most labour)", column_of(&HT::employed));
    integer("elderly", "persons", "Members aged 60 or more", column_of(&HT::elderly));
    integer("school_children", "persons", "Members in compulsory school", column_of(&HT::school_children));
    integer("senior_students", "persons", "Members in senior high, vocational school or university",
            column_of(&HT::senior_students));
    yes_no_flag("disabled", "A member is disabled", flag::Disabled);
    yes_no_flag("chronic", "A member is chronically ill", flag::Chronic);
    yes_no_flag("housing_unsafe", "Basic need unmet: safe housing", flag::HousingUnsafe);
    yes_no_flag("water_unsafe", "Basic need unmet: safe drinking water", flag::WaterUnsafe);
    yes_no_flag("dropout", "Basic need unmet: a member dropped out of compulsory school", flag::Dropout);
    yes_no_flag("uninsured", "Basic need unmet: medical insurance", flag::Uninsured);
    yes_no_flag("ill_this_year", "An illness event in the year", flag::IllThisYear);
    yes_no_flag("hardship", "Sudden hardship in the year (out-of-pocket medical cost above last year's income)",
         flag::Hardship);

    integer("status", "code",
            "Registry status at the end of the period (registered_poor, returned and new_poor are on the registry)",
            column_of(&HT::status), "0=non_poor;1=registered_poor;2=exited;3=returned;4=new_poor;5=dissolved");
    integer("cause", "code", "Main cause of poverty recorded on the registry", column_of(&HT::cause),
            cause_labels());
    integer("segment", "code", "Registry segment the household belonged to at the base year",
            column_of(&HT::segment), segment_labels(p));
    integer("monitor", "code", "Kind of anti-return monitoring (防返贫监测) at the end of the period",
            column_of(&HT::monitor), "0=none;1=unstable_exited;2=edge;3=sudden_hardship");
    integer("years_above_line", "years", "Consecutive years with income at or above the exit line (line + margin)",
            column_of(&HT::years_above_line));
    integer("years_above_monitoring", "years", "Consecutive years with income at or above the monitoring line",
            column_of(&HT::years_above_monitoring));
    integer("exit_year", "year", "Year of the last exit from the registry, 0 if never exited",
            column_of(&HT::exit_year));
    integer("monitor_since", "year", "Year the current monitoring flag was raised, 0 if not monitored",
            column_of(&HT::monitor_since));
    integer("risk", "bits", "Risks of the year: 1 = own income fell, 2 = fell by at least the hardship share",
            column_of(&HT::risk));

    amount("farm_base_pc", "yuan/person/yr", "Farm income potential per person before price and disaster",
           column_of(&HT::farm_base_pc));
    amount("wage_per_worker", "yuan/yr", "Yearly wage of one employed member", column_of(&HT::wage_per_worker));
    amount("business_pc", "yuan/person/yr",
           "Business income per person (a share of the base-year income grown at the region's rate, also after dissolution)",
           [](const World& w, std::size_t i, int) { return static_cast<double>(w.households.business_pc(i)); });
    amount("property_pc", "yuan/person/yr",
           "Property and dividend income per person (a share of the base-year income grown at the region's rate, also after dissolution)",
           [](const World& w, std::size_t i, int) { return static_cast<double>(w.households.property_pc(i)); });
    amount("transfer_pc", "yuan/person/yr", "Transfers other than pension per person", column_of(&HT::transfer_pc));
    amount("farm_pc", "yuan/person/yr", "Farm income per person in the year, after price and disaster",
           column_of(&HT::farm_pc));
    amount("wage_pc", "yuan/person/yr", "Wage income per person in the year", column_of(&HT::wage_pc));
    amount("income_pc", "yuan/person/yr",
           "Per-capita net income in the year (all components, programmes included), compared with the poverty line",
           column_of(&HT::income_pc));
    amount("programme_pc", "yuan/person/yr",
           "Of income_pc, income from programmes in the year (transfers, posts, effects)",
           column_of(&HT::programme_pc));
    amount("programme_wage_pc", "yuan/person/yr", "Of programme_pc, posts and jobs (exit pathway wages), whole yuan",
           column_of(&HT::programme_wage_pc));
    amount("programme_farm_pc", "yuan/person/yr",
           "Of programme_pc, industry, credit and relocation income (exit pathway farm_business), whole yuan",
           column_of(&HT::programme_farm_pc));
    amount("topup_pc", "yuan/person/yr", "Of programme_pc, the safety-net top-up (exit pathway safety_net)",
           column_of(&HT::topup_pc));
    amount("medical_oop", "yuan/yr", "Out-of-pocket medical cost of the household in the year, after reimbursement",
           column_of(&HT::medical_oop));

    // Village programmes enrol villages, and yearly ones keep no enrolment: neither is household state.
    for (std::size_t k = 0; k < p.programmes.size(); ++k) {
        if (village_kind(p.programmes[k]) || !persistent(p.programmes[k].kind)) {
            continue;
        }
        integer("enrolled_" + p.programmes[k].id, "flag",
                "Enrolled at the end of the period in programme '" + p.programmes[k].id +
                    "' (a current enrolment of a persistent programme)",
                [k](const World& w, std::size_t i, int) { return w.programmes.states[k].enrolled[i] ? 1.0 : 0.0; },
                yes_no);
    }
}

void HouseholdPanel::record(const World& w, int period)
{
    if (m_fields.empty()) {
        m_population = w.households.count();
        m_rows       = panel_sample(m_population, m_requested);
        define_fields(w);
        // The base year and every simulated year: one allocation per column, not one per period.
        const auto& sc      = w.params->scenario;
        const auto  periods = static_cast<std::size_t>(sc.end_year - sc.base_year + 1);
        for (auto& field : m_fields) {
            std::visit([&](auto& values) { values.reserve(m_rows.size() * periods); }, field.column.values);
        }
    }
    ++m_periods;
    for (auto& field : m_fields) {
        std::visit(
            [&](auto& values) {
                using T = typename std::decay_t<decltype(values)>::value_type;
                for (const std::int32_t row : m_rows) {
                    values.push_back(static_cast<T>(field.value(w, static_cast<std::size_t>(row), period)));
                }
            },
            field.column.values);
    }
}

sim::PanelTable HouseholdPanel::take(std::uint32_t replication)
{
    sim::PanelTable out;
    out.name        = "households";
    out.description = "Household panel of one replication: one row per sampled household and period (base year, "
                      "then the end of every simulated year); a systematic sample of household rows "
                      "floor(k * households_total / households), which keeps the registry mix of every unit "
                      "and includes non-poor households";
    out.attributes  = {{"replication", replication},
                       {"households", static_cast<std::int64_t>(m_rows.size())},
                       {"households_requested", static_cast<std::int64_t>(m_requested)},
                       {"households_total", static_cast<std::int64_t>(m_population)},
                       {"periods", static_cast<std::int64_t>(m_periods)}};
    for (auto& field : m_fields) {
        out.columns.push_back(std::move(field.column));
    }
    m_fields.clear();
    m_periods = 0;
    return out;
}

} // namespace povsim::models
