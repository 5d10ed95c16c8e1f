// The budget workbook's ceiling, variant and chart sheets (the others are in budget_workbook.cpp).
#include "output/budget_sheet.h"
#include "sim/paired_stats.h"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace povsim::output::budget_xlsx {

void ceiling_sheet(lxw_workbook* wb, const Context& cx, const std::vector<CeilingRow>& rows)
{
    Sheet sh(wb, budget_sheets::ceiling, cx.fmt);
    sh.headers(0, {"上限设定 Spec", "资金来源 Source", "来源名称 Source name", "年度 Year", "上限 Ceiling (万元)",
                   "支出均值 Spending mean (万元)", "支出 P95 Spending P95", "超上限次数 Replications above",
                   "重复次数 Replications", "超上限概率 P(spending > ceiling)", "95% 下限 Wilson low",
                   "95% 上限 Wilson high", "概率 [95% 区间] P [Wilson 95 %]"},
               62);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row   = rows[i];
        const auto  r     = static_cast<lxw_row_t>(i + 1);
        const bool  sum   = !row.what.empty();
        lxw_format* wan   = sum ? cx.fmt.wan_bold : cx.fmt.wan;
        lxw_format* pct   = sum ? cx.fmt.pct_bold : cx.fmt.pct;
        const auto& id    = row.source.empty() ? std::string("total") : row.source;
        sh.text(r, 0, row.spec, sum ? cx.fmt.bold : nullptr);
        sh.text(r, 1, id);
        sh.text(r, 2, row.source.empty() ? total_label : Context::source_name(row.source));
        if (row.what == "any") {
            sh.text(r, 3, "任一年 Any year", cx.fmt.bold);
            sh.text(r, 4, "各年上限 each year's", cx.fmt.na);
        } else if (row.what == "horizon") {
            sh.text(r, 3, "合计 Sum of years", cx.fmt.bold);
            sh.number(r, 4, row.ceiling_wan, wan);
        } else {
            sh.number(r, 3, row.year, nullptr);
            sh.number(r, 4, row.ceiling_wan, wan);
        }
        sh.number(r, 5, row.spending.mean / yuan_per_wan, wan);
        sh.number(r, 6, row.spending.p95 / yuan_per_wan, wan);
        sh.number(r, 7, static_cast<double>(row.above), nullptr);
        sh.number(r, 8, static_cast<double>(row.runs), nullptr);
        sh.number(r, 9, row.share.p, pct);
        sh.number(r, 10, row.share.lo, pct);
        sh.number(r, 11, row.share.hi, pct);
        sh.text(r, 12, format_share(row.share), sum ? cx.fmt.bold : nullptr);
    }
    const auto note = static_cast<lxw_row_t>(rows.size() + 2);
    sh.note(note, 12,
            "超上限概率 = 该年该来源（或全部来源合计）支出高于上限的重复所占比例，方括号内为 Wilson 95% 置信区间；"
            "某年单独设定的上限优先于每年通用的上限；“任一年”= 至少有一个设有上限的年份超限；“合计”= 这些年份支出之和高于上限之和。"
            "P(spending > ceiling) = share of replications whose spending of the year (one source, or all sources for "
            "total) exceeds the ceiling, with its Wilson 95 % interval; a ceiling given for one year overrides the "
            "every-year one; Any year = above in at least one year with a ceiling; Sum of years = spending summed over "
            "those years above the sum of their ceilings.", 170);
    sh.widths(0, 0, 20);
    sh.widths(1, 1, 10);
    sh.widths(2, 2, 18);
    sh.widths(3, 3, 17);
    sh.widths(4, 4, 13);
    sh.widths(5, 11, 11);
    sh.widths(12, 12, 20);
    sh.freeze(1, 0);
    sh.print_setup(1);
}

namespace {

/// Index of @p id in @p labels, or all_labels when the scenario has no such programme (it spends 0).
std::size_t index_of(const std::vector<std::string>& labels, const std::string& id)
{
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] == id) {
            return i;
        }
    }
    return all_labels;
}

} // namespace

void variant_sheet(lxw_workbook* wb, const Context& cx)
{
    const auto& base = cx.study.scenarios.front();
    const auto  base_cube = BudgetCube::find(base, "budget/spending");
    if (!base_cube) {
        return; // a baseline without programmes: nothing to subtract from
    }
    Sheet sh(wb, budget_sheets::variants, cx.fmt);
    sh.headers(0, {"方案 Variant", "年度 Year", "项目 Programme", "项目名称 Programme name",
                   "差额均值 Mean difference (万元)", "差额 P5 Difference P5", "差额 P95 Difference P95",
                   "配对重复 Pairs"},
               62);
    lxw_row_t r = 1;
    for (std::size_t v = 1; v < cx.study.scenarios.size(); ++v) {
        const auto& var      = cx.study.scenarios[v];
        const auto  var_cube = BudgetCube::find(var, "budget/spending");
        if (!var_cube) {
            continue;
        }
        // Pairs: replication ids both scenarios finished (common random numbers: same shocks).
        std::vector<std::pair<std::size_t, std::size_t>> pairs;
        try {
            pairs = sim::paired_rows(base.runs, base.name, var.runs, var.name);
        } catch (const std::invalid_argument&) {
            continue; // other replications than the baseline's: no paired difference
        }
        std::vector<std::string> progs = base_cube->programmes();
        for (const auto& p : var_cube->programmes()) {
            if (index_of(progs, p) == all_labels) {
                progs.push_back(p);
            }
        }
        progs.push_back(""); // the total
        for (std::size_t y = 0; y <= cx.study.years.size(); ++y) {
            const bool horizon = y == cx.study.years.size();
            for (const auto& p : progs) {
                const bool  total = p.empty();
                const auto  kb = total ? all_labels : index_of(base_cube->programmes(), p);
                const auto  kv = total ? all_labels : index_of(var_cube->programmes(), p);
                auto value = [&](const BudgetCube& cube, std::size_t k, std::size_t run, std::size_t year) {
                    return !total && k == all_labels ? 0.0 : cube.sum(run, year, {k, all_labels});
                };
                std::vector<double> diff;
                for (const auto& [rb, rv] : pairs) {
                    double d = 0;
                    for (std::size_t yy = horizon ? 0 : y; yy < (horizon ? cx.study.years.size() : y + 1); ++yy) {
                        d += value(*var_cube, kv, rv, yy) - value(*base_cube, kb, rb, yy);
                    }
                    diff.push_back(d);
                }
                const auto  s = run_stats(diff);
                lxw_format* f = total || horizon ? cx.fmt.wan_bold : cx.fmt.wan;
                sh.text(r, 0, var.name);
                if (horizon) {
                    sh.text(r, 1, cx.horizon_label(), cx.fmt.bold);
                } else {
                    sh.number(r, 1, cx.study.years[y], nullptr);
                }
                sh.text(r, 2, total ? "all" : p, total ? cx.fmt.bold : nullptr);
                sh.text(r, 3, total ? total_label : cx.programme_name(p), total ? cx.fmt.bold : nullptr);
                sh.number(r, 4, s.mean / yuan_per_wan, f);
                sh.number(r, 5, s.p05 / yuan_per_wan, f);
                sh.number(r, 6, s.p95 / yuan_per_wan, f);
                sh.number(r, 7, static_cast<double>(pairs.size()), nullptr);
                ++r;
            }
        }
    }
    sh.note(r + 1, 7,
            "差额 = 方案支出 − 基准支出（" + base.name + "），按重复编号配对（共同随机数：同一编号的两次重复经历相同冲击）；"
            "均值及 P5/P95 为配对差额的分布。Difference = variant spending − baseline (" + base.name +
                ") spending, paired by replication id (common random numbers: the same id saw the same shocks); "
                "mean and P5/P95 of the paired differences.", 140);
    sh.filter(0, 0, r - 1, 7);
    sh.widths(0, 0, 22);
    sh.widths(1, 1, 12);
    sh.widths(2, 2, 20);
    sh.widths(3, 3, 32);
    sh.widths(4, 7, 13);
    sh.freeze(1, 0);
    sh.print_setup(1);
}

void chart_sheet(lxw_workbook* wb, const Context& cx, const MeanRows& programmes, const MeanRows& sources)
{
    Sheet sh(wb, budget_sheets::charts, cx.fmt);
    sh.text(0, 0, "支出均值（万元），按项目与资金来源 Mean spending (万元) by programme and by funding source, " +
                      cx.sc.name + ", " + std::to_string(cx.spending.runs()) + " replications",
            cx.fmt.bold);
    const auto last_year = static_cast<lxw_col_t>(cx.study.years.size() - 1);
    auto       add = [&](const MeanRows& means, const char* data_sheet, const char* title, lxw_row_t at,
                   double y_scale) {
        lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_COLUMN_STACKED);
        if (!chart) {
            throw std::runtime_error(std::string("cannot add the chart '") + title + "'");
        }
        for (std::size_t i = 0; i < means.rows.size(); ++i) {
            lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
            const auto        c0     = means.first_year_col;
            chart_series_set_categories(series, data_sheet, 0, c0, 0, c0 + last_year);
            chart_series_set_values(series, data_sheet, means.rows[i], c0, means.rows[i], c0 + last_year);
            chart_series_set_name(series, means.names[i].c_str());
        }
        chart_title_set_name(chart, title);
        chart_axis_set_name(chart->y_axis, "万元");
        chart_axis_set_num_format(chart->y_axis, "#,##0");
        // Legend below: twenty programme names on the right would squeeze the columns.
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        lxw_chart_font legend_font{};
        legend_font.size = 8;
        chart_legend_set_font(chart, &legend_font);
        lxw_chart_options opt{};
        opt.x_scale = 2.0;  // 960 px: the width of the printed page
        opt.y_scale = y_scale; // × 288 px; both charts together fit one landscape page
        if (worksheet_insert_chart_opt(sh.handle(), at, 0, chart, &opt) != LXW_NO_ERROR) {
            throw std::runtime_error(std::string("cannot place the chart '") + title + "'");
        }
    };
    add(programmes, budget_sheets::programmes, "按项目支出 Spending by programme (mean, 万元)", 2, 1.9);
    // The programme chart is taller: its legend has some twenty names.
    add(sources, budget_sheets::sources, "按资金来源支出 Spending by funding source (mean, 万元)", 31, 1.35);
    sh.used(51, 14); // the charts' extent: 15 default columns (64 px) by 28 + 20 rows (20 px)
    sh.print_setup(0, 1); // one page: a chart is never cut by a page break
}

} // namespace povsim::output::budget_xlsx
