#pragma once
// The budget as a finance bureau reads it, computed once for the console table, the budget CSV
// and the Excel workbook: a labelled [run × year × programme × source] array summed over any
// programme / source selection, then summarised across replications. Percentiles of a total
// are taken on each run's total, never by adding percentiles (P95 of a sum ≠ sum of P95s).
#include "output/study.h"

#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace povsim::output {

/// @brief "Every label of this axis" in a BudgetSlice.
inline constexpr std::size_t all_labels = std::numeric_limits<std::size_t>::max();

/// @brief Which cells of one year to add up: one programme or all, one source or all.
struct BudgetSlice {
    std::size_t programme = all_labels;
    std::size_t source    = all_labels;
};

/// @brief Mean and type-7 percentiles of one quantity across replications (NaN when there are no runs).
struct RunStats {
    double mean = 0, p05 = 0, p50 = 0, p95 = 0;
};

/// @brief Mean, P5, P50 and P95 of @p per_run (one value per replication).
RunStats run_stats(const std::vector<double>& per_run);

/// @brief Share of @p per_run strictly greater than @p ceiling (0 for no runs).
double share_above(const std::vector<double>& per_run, double ceiling);

/// @brief A view of one scenario's [run × year × programme × source] array (e.g. budget/spending).
/// Holds references into the ScenarioOutput it was made from, which must outlive it.
class BudgetCube {
public:
    /// @brief The array at @p path of @p sc, if it exists with dims {year, programme, source}.
    /// @throws std::runtime_error naming the scenario and array if its values do not match its shape.
    static std::optional<BudgetCube> find(const ScenarioOutput& sc, const std::string& path);

    const std::vector<std::string>& programmes() const { return *m_programmes; }
    const std::vector<std::string>& sources() const { return *m_sources; }
    std::size_t                     runs() const { return m_runs->size(); }
    std::size_t                     years() const { return m_years; }
    const std::string&              units() const { return *m_units; }

    /// @brief The value of one cell of run @p r.
    double at(std::size_t r, std::size_t y, std::size_t programme, std::size_t source) const
    {
        return (*m_runs)[r][(y * m_programmes->size() + programme) * m_sources->size() + source];
    }

    /// @brief Sum of the cells @p slice selects in year @p y of run @p r.
    double sum(std::size_t r, std::size_t y, BudgetSlice slice) const;

    /// @brief sum() of year @p y for every run.
    std::vector<double> across_runs(std::size_t y, BudgetSlice slice) const;

    /// @brief Each run's sum of @p slice over the whole horizon.
    std::vector<double> horizon_across_runs(BudgetSlice slice) const;

    /// @brief Indices of the sources that some programme draws on in some run and year, in label
    /// order (tables then skip the columns of sources a scenario never uses).
    std::vector<std::size_t> used_sources() const;

    /// @brief Whether programme @p k ever draws on source @p s.
    bool draws_on(std::size_t k, std::size_t s) const;

private:
    const std::vector<std::string>*         m_programmes = nullptr;
    const std::vector<std::string>*         m_sources    = nullptr;
    const std::vector<std::vector<double>>* m_runs       = nullptr;
    const std::string*                      m_units      = nullptr;
    std::size_t                             m_years      = 0;
};

/// @brief One row of the long budget table; label "" means the total over that axis.
struct BudgetRow {
    int         year = 0;
    std::string programme; ///< "" = all programmes
    std::string source;    ///< "" = all sources
    RunStats    stats;     ///< in the cube's units
};

/// @brief The long table, year by year: every (programme, source) pair the programme draws on,
/// then each programme over all sources, each used source over all programmes, and the grand total.
/// @param[in] cube e.g. budget/spending; @param[in] years labels of its year axis.
std::vector<BudgetRow> budget_rows(const BudgetCube& cube, const std::vector<int>& years);

struct CeilingRow; // budget_ceilings.h

/// @brief An amount in yuan as the tables show it: 万元 rounded to 0.01 (100 yuan).
double rounded_wan(double yuan);

/// @brief Writes budget_rows() of @p cube as CSV, amounts in 万元 rounded to 0.01: header
/// `scenario,year,programme,source,mean_wan_yuan,p05_wan_yuan,p50_wan_yuan,p95_wan_yuan,ceiling_wan_yuan,
/// p_above,p_above_lo95,p_above_hi95`, "all" in the programme or source column for totals. The ceiling
/// columns are filled on the rows (programme "all") of a year and source with a ceiling in @p ceilings
/// (share of replications above it and its Wilson 95 % interval), empty elsewhere.
/// Written atomically (temporary sibling, then rename).
/// @throws std::runtime_error naming @p path on an I/O error; the destination is then untouched.
void write_budget_csv(const std::filesystem::path& path, const std::string& scenario, const BudgetCube& cube,
                      const std::vector<int>& years, const std::vector<CeilingRow>& ceilings = {});

} // namespace povsim::output
