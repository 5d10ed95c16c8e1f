#pragma once
// The Excel workbook for finance bureaus (SPEC §1, §11): the budget of one scenario by year,
// programme and funding source with P5/P50/P95 across replications, cost per exit, and the
// probability that yearly spending exceeds a ceiling. Built only from the study's labelled
// arrays (budget/spending, budget/need) and one exits metric; amounts in 万元.
#include "output/study.h"

#include "output/budget_ceilings.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace povsim::output {

/// @brief What the workbook shows besides the budget arrays.
struct BudgetWorkbookOptions {
    /// ceilings per year and funding source (万元); without any the ceiling sheet is left out
    std::vector<CeilingSpec> ceilings;
    /// programme id → Chinese name, shown next to the ids (from the scenarios' `label`)
    std::map<std::string, std::string> programme_labels;
    /// [run × year] metric counting the households lifted out each year; no cost sheet if absent
    std::string exits_metric = "new_exits";
};

/// @brief Sheet names, in order (the cost sheet only with exits, the ceiling sheet only with a ceiling,
/// the variant sheet only when the study holds more than one scenario).
namespace budget_sheets {
inline constexpr const char* summary    = "概要 Summary";
inline constexpr const char* by_year    = "按年度 By year";
inline constexpr const char* programmes = "按项目 By programme";
inline constexpr const char* sources    = "按资金来源 By source";
inline constexpr const char* charts     = "图表 Charts";
inline constexpr const char* detail     = "明细 Detail";
inline constexpr const char* cost       = "每户脱贫成本 Cost per exit";
inline constexpr const char* ceiling    = "超上限概率 Ceilings";
inline constexpr const char* variants   = "方案差异 Variant - baseline";
} // namespace budget_sheets

/// @brief Writes the budget workbook of scenario @p sc of @p study to @p path (.xlsx).
/// @param[in] sc must hold budget/spending and budget/need [run × year × programme × source] in yuan.
/// Every sheet prints A4 landscape, one page wide, its header rows repeated, the print area its used range.
/// @throws std::invalid_argument if @p sc has no budget arrays, has no runs, or a ceiling is negative;
///         std::runtime_error naming @p path if the file cannot be written. Written to a temporary
///         sibling and renamed, so on any error the destination is untouched.
void write_budget_workbook(const std::filesystem::path& path, const Study& study, const ScenarioOutput& sc,
                           const BudgetWorkbookOptions& options);

} // namespace povsim::output
