#pragma once
// Budget ceilings as a finance bureau states them (`--ceiling 9000`, `county=2000`,
// `2024:total=9000`, 万元) and the probability that spending exceeds each, across replications,
// with a Wilson 95 % interval: with 40 replications a bare share would hide how uncertain it is.
#include "output/budget_table.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace povsim::output {

/// @brief One --ceiling as given: a year (or every year) and a funding source (or the total).
struct CeilingSpec {
    std::string        text;   ///< as the user typed it, for messages and tables
    std::optional<int> year;   ///< empty: every year of the study
    std::string        source; ///< "" = total spending over all sources
    double             wan = 0; ///< 万元
};

/// @brief Parses one spec: `V`, `SOURCE=V`, `YEAR:SOURCE=V` or `YEAR:total=V` (V in 万元, >= 0).
/// @param[in] years the study's years; @param[in] sources the budget's funding-source ids.
/// @throws std::invalid_argument naming @p text: not a number, negative, year outside the study,
///         unknown source (with the nearest known id when one is close).
CeilingSpec parse_ceiling(const std::string& text, const std::vector<int>& years,
                          const std::vector<std::string>& sources);

/// @brief Parses every spec and checks that no two name the same (year, source).
/// @throws std::invalid_argument as parse_ceiling, or naming both specs of a duplicate.
std::vector<CeilingSpec> parse_ceilings(const std::vector<std::string>& texts, const std::vector<int>& years,
                                        const std::vector<std::string>& sources);

/// @brief Wilson score interval of a binomial share.
struct Wilson {
    double p = 0, lo = 0, hi = 0;
};

/// @brief Wilson interval of @p k successes in @p n trials at @p z (default 95 %); all NaN for n = 0.
Wilson wilson_interval(std::size_t k, std::size_t n, double z = 1.959963984540054);

/// @brief "12.5 % [5.5–26.1]": share and interval in percent, one decimal.
std::string format_share(const Wilson& w);

/// @brief The ceiling in force for one (year, source) and how often spending broke it.
struct CeilingRow {
    std::string spec;     ///< the spec it came from
    int         year = 0; ///< 0 for the summary rows
    std::string what;     ///< "" = a year; "any" = any year with a ceiling; "horizon" = the sum over those years
    std::string source;   ///< "" = total
    double      ceiling_wan = 0;
    RunStats    spending;  ///< in yuan, of the same (year, source)
    std::size_t above = 0, runs = 0;
    Wilson      share;
};

/// @brief One row per (source, year) that a spec covers, a year-specific spec overriding an every-year
/// one of the same source; then per source with more than one year, "any" (broken in at least one of
/// those years) and "horizon" (the sum over those years against the sum of their ceilings).
/// Ordered by source (total first, then as given), then year.
std::vector<CeilingRow> ceiling_rows(const BudgetCube& spending, const std::vector<int>& years,
                                     const std::vector<CeilingSpec>& specs);

/// @brief The yearly row of @p rows for (@p year, @p source), if a ceiling is in force there.
const CeilingRow* find_ceiling(const std::vector<CeilingRow>& rows, int year, const std::string& source);

} // namespace povsim::output
