#include "output/budget_table.h"

#include "output/atomic_file.h"
#include "output/budget_ceilings.h"
#include "output/csv_writer.h"
#include "sim/ensemble_stats.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace povsim::output {

RunStats run_stats(const std::vector<double>& per_run)
{
    if (per_run.empty()) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return {nan, nan, nan, nan};
    }
    return {sim::mean_sd(per_run).mean, sim::quantile(per_run, 0.05), sim::quantile(per_run, 0.50),
            sim::quantile(per_run, 0.95)};
}

double share_above(const std::vector<double>& per_run, double ceiling)
{
    if (per_run.empty()) {
        return 0.0;
    }
    std::size_t above = 0;
    for (const double v : per_run) {
        above += v > ceiling ? 1 : 0;
    }
    return static_cast<double>(above) / static_cast<double>(per_run.size());
}

std::optional<BudgetCube> BudgetCube::find(const ScenarioOutput& sc, const std::string& path)
{
    const auto& set = sc.runs;
    for (std::size_t a = 0; a < set.arrays.size(); ++a) {
        const auto& info = set.arrays[a];
        if (info.path != path) {
            continue;
        }
        if (info.dim_names != std::vector<std::string>{"year", "programme", "source"} || info.dim_labels.size() != 2) {
            return std::nullopt;
        }
        if (a >= set.array_runs.size()) {
            throw std::runtime_error("scenario '" + sc.name + "', array '" + path + "': no values");
        }
        BudgetCube cube;
        cube.m_programmes = &info.dim_labels[0];
        cube.m_sources    = &info.dim_labels[1];
        cube.m_runs       = &set.array_runs[a];
        cube.m_units      = &info.units;
        cube.m_years      = set.years.size();
        for (const auto& run : *cube.m_runs) {
            if (run.size() != info.size(cube.m_years)) {
                throw std::runtime_error("scenario '" + sc.name + "', array '" + path +
                                         "': a run does not have one value per year, programme and source");
            }
        }
        return cube;
    }
    return std::nullopt;
}

double BudgetCube::sum(std::size_t r, std::size_t y, BudgetSlice slice) const
{
    const std::size_t k0 = slice.programme == all_labels ? 0 : slice.programme;
    const std::size_t k1 = slice.programme == all_labels ? m_programmes->size() : slice.programme + 1;
    const std::size_t s0 = slice.source == all_labels ? 0 : slice.source;
    const std::size_t s1 = slice.source == all_labels ? m_sources->size() : slice.source + 1;
    double            v  = 0;
    for (std::size_t k = k0; k < k1; ++k) {
        for (std::size_t s = s0; s < s1; ++s) {
            v += at(r, y, k, s);
        }
    }
    return v;
}

std::vector<double> BudgetCube::across_runs(std::size_t y, BudgetSlice slice) const
{
    std::vector<double> out(runs());
    for (std::size_t r = 0; r < out.size(); ++r) {
        out[r] = sum(r, y, slice);
    }
    return out;
}

std::vector<double> BudgetCube::horizon_across_runs(BudgetSlice slice) const
{
    std::vector<double> out(runs(), 0.0);
    for (std::size_t r = 0; r < out.size(); ++r) {
        for (std::size_t y = 0; y < m_years; ++y) {
            out[r] += sum(r, y, slice);
        }
    }
    return out;
}

bool BudgetCube::draws_on(std::size_t k, std::size_t s) const
{
    for (std::size_t r = 0; r < runs(); ++r) {
        for (std::size_t y = 0; y < m_years; ++y) {
            if (at(r, y, k, s) != 0) {
                return true;
            }
        }
    }
    return false;
}

std::vector<std::size_t> BudgetCube::used_sources() const
{
    std::vector<std::size_t> used;
    for (std::size_t s = 0; s < m_sources->size(); ++s) {
        for (std::size_t k = 0; k < m_programmes->size(); ++k) {
            if (draws_on(k, s)) {
                used.push_back(s);
                break;
            }
        }
    }
    return used;
}

std::vector<BudgetRow> budget_rows(const BudgetCube& cube, const std::vector<int>& years)
{
    const auto&            progs   = cube.programmes();
    const auto&            sources = cube.sources();
    const auto             used    = cube.used_sources();
    std::vector<std::vector<bool>> pairs(progs.size(), std::vector<bool>(sources.size()));
    for (std::size_t k = 0; k < progs.size(); ++k) {
        for (const std::size_t s : used) {
            pairs[k][s] = cube.draws_on(k, s);
        }
    }
    std::vector<BudgetRow> rows;
    for (std::size_t y = 0; y < cube.years(); ++y) {
        const int year = years.at(y);
        for (std::size_t k = 0; k < progs.size(); ++k) {
            for (const std::size_t s : used) {
                if (pairs[k][s]) {
                    rows.push_back({year, progs[k], sources[s], run_stats(cube.across_runs(y, {k, s}))});
                }
            }
        }
        for (std::size_t k = 0; k < progs.size(); ++k) {
            rows.push_back({year, progs[k], "", run_stats(cube.across_runs(y, {k, all_labels}))});
        }
        for (const std::size_t s : used) {
            rows.push_back({year, "", sources[s], run_stats(cube.across_runs(y, {all_labels, s}))});
        }
        rows.push_back({year, "", "", run_stats(cube.across_runs(y, {}))});
    }
    return rows;
}

double rounded_wan(double yuan)
{
    return std::round(yuan / 1e2) / 1e2 + 0.0; // + 0.0: no "-0" for a tiny negative
}

void write_budget_csv(const std::filesystem::path& path, const std::string& scenario, const BudgetCube& cube,
                      const std::vector<int>& years, const std::vector<CeilingRow>& ceilings)
{
    const std::string where = path.string();
    if (cube.units() != "yuan") {
        throw std::runtime_error(where + ": budget amounts are in '" + cube.units() + "', expected yuan");
    }
    const auto rows = budget_rows(cube, years);
    write_text_file(path, [&](std::ostream& os) {
        os << "scenario,year,programme,source,mean_wan_yuan,p05_wan_yuan,p50_wan_yuan,p95_wan_yuan,ceiling_wan_yuan,"
              "p_above,p_above_lo95,p_above_hi95\n";
        const std::string name = csv_field(scenario);
        for (const auto& row : rows) {
            os << name << ',' << row.year << ',' << csv_field(row.programme.empty() ? "all" : row.programme) << ','
               << csv_field(row.source.empty() ? "all" : row.source);
            for (const double v : {row.stats.mean, row.stats.p05, row.stats.p50, row.stats.p95}) {
                os << ',' << csv_number(rounded_wan(v));
            }
            const CeilingRow* c = row.programme.empty() ? find_ceiling(ceilings, row.year, row.source) : nullptr;
            if (c) {
                // Shares to 0.0001, one more digit than the tables' 0.0 %.
                os << ',' << csv_number(c->ceiling_wan);
                for (const double p : {c->share.p, c->share.lo, c->share.hi}) {
                    os << ',' << csv_number(std::round(p * 1e4) / 1e4);
                }
            } else {
                os << ",,,,";
            }
            os << '\n';
        }
    });
}

} // namespace povsim::output
