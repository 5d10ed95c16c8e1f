#include "app/console_summary.h"

#include "app/console_table.h"
#include "output/budget_table.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <cstdio>

namespace povsim::app {
namespace {

std::string cell(double mean, double lo, double hi)
{
    // Shares keep three decimals, small counts one, large counts none.
    const double scale    = std::max({std::abs(mean), std::abs(lo), std::abs(hi)});
    const bool   integral = mean == std::floor(mean) && lo == std::floor(lo) && hi == std::floor(hi);
    const char*  fmt      = integral || scale >= 100 ? "%.0f [%.0f-%.0f]"
                            : scale < 1             ? "%.3f [%.3f-%.3f]"
                                                    : "%.1f [%.1f-%.1f]";
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, mean, lo, hi);
    return buf;
}

/// Across replications: mean [P5-P95] of @p per_run (one value per run), in 万元.
std::string wan_cell(const std::vector<double>& per_run)
{
    const auto s = output::run_stats(per_run);
    return cell(s.mean / 1e4, s.p05 / 1e4, s.p95 / 1e4);
}

/// One table: a row per label, a column per year, each cell mean [P5-P95] across runs;
/// @p value(run, year, row) in yuan. Rows are what varies most (programmes), so the table
/// keeps the width of the horizon however many programmes a scenario has (wrapped by years).
void print_budget_table(std::ostream& os, const std::string& title, const std::vector<int>& years,
                        const std::vector<std::string>& labels, std::size_t runs,
                        const std::function<double(std::size_t, std::size_t, std::size_t)>& value)
{
    os << "\n" << title << " (万元 = 10,000 yuan; mean [P5-P95])\n";
    ConsoleTable table{"", labels, {}, std::vector<std::vector<std::string>>(labels.size())};
    for (const int y : years) {
        table.column_titles.push_back(std::to_string(y));
    }
    for (std::size_t c = 0; c < labels.size(); ++c) {
        for (std::size_t y = 0; y < years.size(); ++y) {
            std::vector<double> per_run(runs);
            for (std::size_t r = 0; r < runs; ++r) {
                per_run[r] = value(r, y, c);
            }
            table.cells[c].push_back(wan_cell(per_run));
        }
    }
    print_table(os, table);
}

} // namespace

void print_budget(std::ostream& os, const output::Study& study)
{
    for (const auto& sc : study.scenarios) {
        const auto cube = output::BudgetCube::find(sc, "budget/spending");
        if (!cube || cube->programmes().empty() || cube->runs() == 0) {
            continue;
        }
        const auto& progs = cube->programmes();
        os << "\nBudget of scenario " << sc.name << "\n";
        print_budget_table(os, "Spending by programme", study.years, progs, cube->runs(),
                    [&](auto r, auto y, auto k) { return cube->sum(r, y, {k, output::all_labels}); });
        // Only the sources some programme draws on.
        const auto               used_index = cube->used_sources();
        std::vector<std::string> used;
        for (const std::size_t s : used_index) {
            used.push_back(cube->sources()[s]);
        }
        print_budget_table(os, "Spending by funding source", study.years, used, cube->runs(),
                    [&](auto r, auto y, auto c) { return cube->sum(r, y, {output::all_labels, used_index[c]}); });
        const std::vector<std::string> totals{"new_spending", "new_budget_need", "new_shortfall"};
        std::vector<int> rows;
        for (const auto& name : totals) {
            for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
                if (sc.runs.metrics[m].name == name) {
                    rows.push_back(static_cast<int>(m));
                }
            }
        }
        print_budget_table(os, "Totals", study.years, totals, cube->runs(),
                    [&](auto r, auto y, auto c) { return sc.runs.runs[r](rows[c], static_cast<Eigen::Index>(y)); });
    }
}

void print_summary(std::ostream& os, const output::Study& study, const std::vector<std::string>& metrics)
{
    for (const auto& sc : study.scenarios) {
        os << "\nScenario " << sc.name << " — " << sc.runs.runs.size() << " replications, seed " << study.meta.seed
           << (study.meta.complete ? "" : " (INCOMPLETE: interrupted)") << "\n";
        os << "mean [P5-P95] per year\n";
        ConsoleTable     table{"year", {}, {}, std::vector<std::vector<std::string>>(study.years.size())};
        std::vector<int> rows;
        for (const auto& name : metrics) {
            for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
                if (sc.runs.metrics[m].name == name) {
                    rows.push_back(static_cast<int>(m));
                    table.column_titles.push_back(name);
                }
            }
        }
        for (std::size_t y = 0; y < study.years.size(); ++y) {
            table.row_labels.push_back(std::to_string(study.years[y]));
            for (int m : rows) {
                const auto& s = sc.summary[m];
                table.cells[y].push_back(cell(s.mean(y), s.p05(y), s.p95(y)));
            }
        }
        print_table(os, table);
    }
}

} // namespace povsim::app
