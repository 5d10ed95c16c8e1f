#include "scenarios/console_summary.h"

#include "sim/ensemble_stats.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <cstdio>

namespace povsim::scenarios {
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
    double sum = 0;
    for (double v : per_run) {
        sum += v;
    }
    const double mean = per_run.empty() ? 0.0 : sum / static_cast<double>(per_run.size());
    return cell(mean / 1e4, sim::quantile(per_run, 0.05) / 1e4, sim::quantile(per_run, 0.95) / 1e4);
}

/// One table: a row per label, a column per year, each cell mean [P5-P95] across runs;
/// @p value(run, year, row) in yuan. Rows are what varies most (programmes), so the table
/// keeps the width of the horizon however many programmes a scenario has.
void print_table(std::ostream& os, const std::string& title, const std::vector<int>& years,
                 const std::vector<std::string>& labels, std::size_t runs,
                 const std::function<double(std::size_t, std::size_t, std::size_t)>& value)
{
    os << "\n" << title << " (万元 = 10,000 yuan; mean [P5-P95])\n";
    std::size_t width = 8;
    for (const auto& l : labels) {
        width = std::max(width, l.size());
    }
    char buf[128];
    std::snprintf(buf, sizeof buf, "%-*s", static_cast<int>(width), "");
    os << buf;
    for (int y : years) {
        std::snprintf(buf, sizeof buf, "  %-20d", y);
        os << buf;
    }
    os << "\n";
    for (std::size_t c = 0; c < labels.size(); ++c) {
        std::snprintf(buf, sizeof buf, "%-*s", static_cast<int>(width), labels[c].c_str());
        os << buf;
        for (std::size_t y = 0; y < years.size(); ++y) {
            std::vector<double> per_run(runs);
            for (std::size_t r = 0; r < runs; ++r) {
                per_run[r] = value(r, y, c);
            }
            std::snprintf(buf, sizeof buf, "  %-20s", wan_cell(per_run).c_str());
            os << buf;
        }
        os << "\n";
    }
}

const sim::ArrayInfo* find_array(const sim::ReplicationSet& set, const std::string& path, std::size_t& index)
{
    for (index = 0; index < set.arrays.size(); ++index) {
        if (set.arrays[index].path == path) {
            return &set.arrays[index];
        }
    }
    return nullptr;
}

} // namespace

void print_budget(std::ostream& os, const output::Study& study)
{
    for (const auto& sc : study.scenarios) {
        std::size_t a = 0;
        const auto* info = find_array(sc.runs, "budget/spending", a);
        if (!info || info->dim_labels.empty() || info->dim_labels[0].empty() || sc.runs.runs.empty()) {
            continue;
        }
        const auto& progs   = info->dim_labels[0];
        const auto& sources = info->dim_labels[1];
        const auto& runs    = sc.runs.array_runs[a];
        const std::size_t n_prog = progs.size(), n_src = sources.size();
        auto at = [&](std::size_t r, std::size_t y, std::size_t k, std::size_t s) {
            return runs[r][(y * n_prog + k) * n_src + s];
        };
        os << "\nBudget of scenario " << sc.name << "\n";
        print_table(os, "Spending by programme", study.years, progs, runs.size(), [&](auto r, auto y, auto k) {
            double v = 0;
            for (std::size_t s = 0; s < n_src; ++s) {
                v += at(r, y, k, s);
            }
            return v;
        });
        // Only the sources some programme draws on.
        std::vector<std::string> used;
        std::vector<std::size_t> used_index;
        for (std::size_t s = 0; s < n_src; ++s) {
            bool any = false;
            for (std::size_t r = 0; r < runs.size() && !any; ++r) {
                for (std::size_t y = 0; y < study.years.size() && !any; ++y) {
                    for (std::size_t k = 0; k < n_prog && !any; ++k) {
                        any = at(r, y, k, s) != 0;
                    }
                }
            }
            if (any) {
                used.push_back(sources[s]);
                used_index.push_back(s);
            }
        }
        print_table(os, "Spending by funding source", study.years, used, runs.size(), [&](auto r, auto y, auto c) {
            double v = 0;
            for (std::size_t k = 0; k < n_prog; ++k) {
                v += at(r, y, k, used_index[c]);
            }
            return v;
        });
        const std::vector<std::string> totals{"new_spending", "new_budget_need", "new_shortfall"};
        std::vector<int> rows;
        for (const auto& name : totals) {
            for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
                if (sc.runs.metrics[m].name == name) {
                    rows.push_back(static_cast<int>(m));
                }
            }
        }
        print_table(os, "Totals", study.years, totals, runs.size(),
                    [&](auto r, auto y, auto c) { return sc.runs.runs[r](rows[c], static_cast<Eigen::Index>(y)); });
    }
}

void print_summary(std::ostream& os, const output::Study& study, const std::vector<std::string>& metrics)
{
    for (const auto& sc : study.scenarios) {
        os << "\nScenario " << sc.name << " — " << sc.runs.runs.size() << " replications, seed " << study.meta.seed
           << (study.meta.complete ? "" : " (INCOMPLETE: interrupted)") << "\n";
        os << "mean [P5-P95] per year\n";
        char head[64];
        std::snprintf(head, sizeof head, "%-6s", "year");
        os << head;
        std::vector<int> rows;
        for (const auto& name : metrics) {
            for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
                if (sc.runs.metrics[m].name == name) {
                    rows.push_back(static_cast<int>(m));
                    std::snprintf(head, sizeof head, "  %-24s", name.c_str());
                    os << head;
                }
            }
        }
        os << "\n";
        for (std::size_t y = 0; y < study.years.size(); ++y) {
            std::snprintf(head, sizeof head, "%-6d", study.years[y]);
            os << head;
            for (int m : rows) {
                const auto& s = sc.summary[m];
                std::snprintf(head, sizeof head, "  %-24s", cell(s.mean(y), s.p05(y), s.p95(y)).c_str());
                os << head;
            }
            os << "\n";
        }
    }
}

} // namespace povsim::scenarios
