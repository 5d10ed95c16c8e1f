#include "app/console_national.h"

#include "app/console_table.h"
#include "models/fund_ledger.h"
#include "output/budget_table.h"
#include "scenarios/scenario_loader.h"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace povsim::app {
namespace {

/// mean [P5-P95] with @p digits decimals after dividing by @p unit.
std::string cell(double mean, double lo, double hi, double unit, int digits)
{
    char buf[80];
    std::snprintf(buf, sizeof buf, "%.*f [%.*f-%.*f]", digits, mean / unit, digits, lo / unit, digits, hi / unit);
    return buf;
}

struct Column {
    std::string title;
    std::function<std::string(std::size_t year)> value;
};

void print_columns(std::ostream& os, const std::string& title, const std::vector<int>& years,
                   const std::vector<Column>& columns)
{
    os << "\n" << title << " (mean [P5-P95])\n";
    ConsoleTable table{"year", {}, {}, std::vector<std::vector<std::string>>(years.size())};
    for (const auto& c : columns) {
        table.column_titles.push_back(c.title);
    }
    for (std::size_t y = 0; y < years.size(); ++y) {
        table.row_labels.push_back(std::to_string(years[y]));
        for (const auto& c : columns) {
            table.cells[y].push_back(c.value(y));
        }
    }
    print_table(os, table);
}

/// A metric column in @p unit (1e4 = 万) with @p digits decimals.
Column metric_column(const output::ScenarioOutput& sc, const std::string& name, const std::string& title, double unit,
                     int digits)
{
    for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
        if (sc.runs.metrics[m].name == name) {
            const auto& s = sc.summary[m];
            return {title, [&s, unit, digits](std::size_t y) { return cell(s.mean(y), s.p05(y), s.p95(y), unit, digits); }};
        }
    }
    return {title, [](std::size_t) { return std::string("-"); }};
}

/// A column of one group × measure of a groups/* array [year × group × measure].
Column group_column(const output::ScenarioOutput& sc, int array, std::size_t group, std::size_t measure,
                    const std::string& title, double unit, int digits)
{
    const auto& info     = sc.runs.arrays[static_cast<std::size_t>(array)];
    const auto& s        = sc.array_summary[static_cast<std::size_t>(array)];
    const auto  groups   = info.dim_labels[0].size();
    const auto  measures = info.dim_labels[1].size();
    return {title, [&s, groups, measures, group, measure, unit, digits](std::size_t y) {
                const auto k = (y * groups + group) * measures + measure;
                return cell(s.mean[k], s.p05[k], s.p95[k], unit, digits);
            }};
}

/// Central-source spending and need against the central fund ceiling (full scale), 亿元.
void print_central_fund(std::ostream& os, const output::Study& study, const output::ScenarioOutput& sc)
{
    const auto paid = output::BudgetCube::find(sc, "budget/spending");
    const auto need = output::BudgetCube::find(sc, "budget/need");
    const int  central = models::source_index("central");
    if (!paid || !need || central < 0 || paid->runs() == 0) {
        return;
    }
    // The ceiling as the scenario states it (full scale): the file's own text, loaded again.
    const auto loaded  = scenarios::load_scenario_text(sc.scenario_text, sc.source_file);
    const auto ceiling = loaded.params.budget.source_ceilings.find("central");
    const double weight = loaded.params.population.weight;
    const auto per_run = [&](const output::BudgetCube& cube, std::size_t y) {
        std::vector<double> v(cube.runs());
        for (std::size_t r = 0; r < v.size(); ++r) {
            v[r] = cube.sum(r, y, {output::all_labels, static_cast<std::size_t>(central)});
        }
        return output::run_stats(v);
    };
    const std::vector<Column> columns{
        {"central need (亿元)", [&](std::size_t y) { const auto s = per_run(*need, y); return cell(s.mean, s.p05, s.p95, 1e8, 1); }},
        {"central paid (亿元)", [&](std::size_t y) { const auto s = per_run(*paid, y); return cell(s.mean, s.p05, s.p95, 1e8, 1); }},
        {"central fund (亿元)", [&](std::size_t y) {
             if (ceiling == loaded.params.budget.source_ceilings.end()) {
                 return std::string("no ceiling");
             }
             char buf[32];
             std::snprintf(buf, sizeof buf, "%.1f", ceiling->second.at_or(study.years[y], 0.0) * weight / 1e8);
             return std::string(buf);
         }},
    };
    print_columns(os, "Central source against the central special fund (中央财政专项扶贫资金)", study.years, columns);
}

/// One row per province: the NBS headcount and incidence in the first year, 2020 and the last year.
void print_provinces(std::ostream& os, const output::Study& study, const output::ScenarioOutput& sc, int persons,
                     int shares, std::size_t first_province)
{
    const auto& labels = sc.runs.arrays[static_cast<std::size_t>(persons)].dim_labels[0];
    std::vector<std::size_t> years{0};
    for (std::size_t y = 1; y < study.years.size(); ++y) {
        if (study.years[y] == 2020 || y + 1 == study.years.size()) {
            years.push_back(y);
        }
    }
    os << "\nNBS poor by province (万人, incidence %; mean [P5-P95])\n";
    ConsoleTable table{"province", {}, {}, {}};
    for (const auto y : years) {
        table.column_titles.push_back(std::to_string(study.years[y]) + " 万人");
        table.column_titles.push_back(std::to_string(study.years[y]) + " %");
    }
    for (std::size_t g = first_province; g < labels.size(); ++g) {
        table.row_labels.push_back(labels[g]);
        auto& row = table.cells.emplace_back();
        for (const auto y : years) {
            row.push_back(group_column(sc, persons, g, 1, "", 1e4, 0).value(y));
            row.push_back(group_column(sc, shares, g, 0, "", 0.01, 1).value(y));
        }
    }
    print_table(os, table);
}

} // namespace

void print_national(std::ostream& os, const output::Study& study)
{
    for (const auto& sc : study.scenarios) {
        const int persons = sim::array_index(sc.runs.arrays, "groups/persons");
        const int shares  = sim::array_index(sc.runs.arrays, "groups/shares");
        if (persons < 0 || shares < 0 || sc.runs.runs.empty()) {
            continue;
        }
        os << "\nForecast of scenario " << sc.name << " — " << sc.runs.runs.size() << " replications, seed "
           << study.meta.seed << " (万 = 10,000)\n";
        print_columns(os, "Poverty by the NBS concept and on the registry", study.years,
                      {metric_column(sc, "n_below_line_persons", "NBS poor (万人)", 1e4, 0),
                       metric_column(sc, "nbs_incidence", "NBS incidence (%)", 0.01, 2),
                       metric_column(sc, "n_registered_poor_persons", "registered poor (万人)", 1e4, 0),
                       metric_column(sc, "incidence", "registry incidence (%)", 0.01, 2)});
        print_columns(os, "Flows", study.years,
                      {metric_column(sc, "new_exit_persons", "exits (万人)", 1e4, 0),
                       metric_column(sc, "new_return_persons", "returns (万人)", 1e4, 1),
                       metric_column(sc, "new_poor_persons", "new poor (万人)", 1e4, 1),
                       metric_column(sc, "n_monitored", "monitored (万户)", 1e4, 1)});
        print_columns(os, "Counties, villages and incomes", study.years,
                      {metric_column(sc, "new_county_exits", "county exits", 1, 0),
                       metric_column(sc, "new_village_exits", "village exits", 1, 0),
                       metric_column(sc, "mean_income_registered", "income registered (元)", 1, 0),
                       metric_column(sc, "mean_income_exited", "income exited (元)", 1, 0)});
        const auto& labels = sc.runs.arrays[static_cast<std::size_t>(persons)].dim_labels[0];
        std::vector<Column> regions;
        for (std::size_t g = 0; g < labels.size(); ++g) {
            if (std::find(std::begin(models::zone_names), std::end(models::zone_names), labels[g]) ==
                std::end(models::zone_names)) {
                break; // regions come first, then provinces
            }
            regions.push_back(group_column(sc, persons, g, 1, labels[g] + " NBS poor (万人)", 1e4, 0));
            regions.push_back(group_column(sc, shares, g, 0, labels[g] + " incidence (%)", 0.01, 2));
        }
        print_columns(os, "NBS poor by region", study.years, regions);
        print_provinces(os, study, sc, persons, shares, regions.size() / 2);
        print_central_fund(os, study, sc);
    }
}

} // namespace povsim::app
