#include "output/budget_workbook.h"

#include "output/atomic_file.h"
#include "output/budget_sheet.h"
#include "output/budget_table.h"
#include "sim/ensemble_stats.h"
#include "sim/utc_time.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <ctime>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace povsim::output {
namespace {

using namespace budget_xlsx;

std::vector<double> minus(const std::vector<double>& a, const std::vector<double>& b)
{
    std::vector<double> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        out[i] = a[i] - b[i];
    }
    return out;
}

/// Closes (and so frees) the workbook if an exception leaves before the final close.
struct WorkbookGuard {
    lxw_workbook* wb;
    ~WorkbookGuard()
    {
        if (wb) {
            (void)workbook_close(wb);
        }
    }
};

/// A seed is a uint64; Excel numbers are doubles, exact only up to 2^53.
constexpr std::uint64_t exact_in_double = std::uint64_t{1} << 53;

void summary_sheet(lxw_workbook* wb, const Context& cx, std::time_t now)
{
    Sheet       sh(wb, budget_sheets::summary, cx.fmt);
    const auto& m = cx.study.meta;
    std::string ceiling;
    for (const auto& c : cx.options.ceilings) {
        ceiling += (ceiling.empty() ? "" : "; ") + c.text;
    }
    ceiling = ceiling.empty() ? "未设定 not given (no ceiling sheet)"
                              : ceiling + " (万元; V = total every year, SOURCE=V, YEAR:SOURCE=V, YEAR:total=V)";
    const bool seed_exact = m.seed <= exact_in_double;
    const std::vector<std::pair<std::string, std::string>> rows{
        {"情景 Scenario", cx.sc.name},
        {"说明 Description", cx.sc.description},
        {"随机种子 Seed", std::to_string(m.seed)},
        {"重复次数 Replications", std::to_string(cx.spending.runs()) + " (requested " + std::to_string(m.runs_requested) + ")"},
        {"年份 Years", std::to_string(cx.study.years.front()) + "–" + std::to_string(cx.study.years.back())},
        {"引擎版本 Engine version", "povsim " + m.engine_version + " (" + m.git_commit + ")"},
        {"研究文件生成时间 Study created (UTC)", m.created_utc},
        {"工作簿生成时间 Workbook created (UTC)", sim::utc_iso8601(now)},
        {"完整 Complete", m.complete ? "是 yes" : "否 no: interrupted, only the finished replications are included"},
        {"上限 Ceiling", ceiling},
        {"单位 Units", "金额单位：万元（1 万元 = 10,000 元），保留两位小数。Amounts in 万元 (10,000 yuan), two decimals; "
                       "exits in households (户)."},
        {"统计 Statistics",
         "均值及 P5/P50/P95 为各次重复之间的分布；合计的分位数按每次重复的合计计算，分位数不可相加。"
         "Mean and 5th/50th/95th percentiles across replications; percentiles of a total are computed on each "
         "replication's total, so they do not add up."},
        {"支出 Spending",
         "支出已考虑资金上限；预算需求为不设上限时的支出；缺口 = 需求 − 支出。Spending has source ceilings applied; "
         "budget need is what the plan would cost without ceilings; shortfall = need − spending."},
    };
    sh.headers(0, {"项目 Item", "内容 Value"});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto r = static_cast<lxw_row_t>(i + 1);
        sh.text(r, 0, rows[i].first, cx.fmt.bold);
        if (i == 2 && seed_exact) {
            sh.number(r, 1, static_cast<double>(m.seed), cx.fmt.integer); // a number, so it can be reused as is
        } else {
            sh.text(r, 1, rows[i].second, cx.fmt.text);
            sh.fit_row(r, rows[i].second, 90);
        }
    }
    if (!seed_exact) {
        const auto r = static_cast<lxw_row_t>(rows.size() + 1);
        sh.text(r, 0, "种子说明 Seed note", cx.fmt.bold);
        const std::string note = "种子大于 2^53，以文本保存以免丢失精度。The seed is above 2^53, so it is stored as "
                                 "text: a spreadsheet number would lose its last digits.";
        sh.text(r, 1, note, cx.fmt.text);
        sh.fit_row(r, note, 90);
    }
    sh.widths(0, 0, 34);
    sh.widths(1, 1, 90);
    sh.freeze(1, 0);
    sh.print_setup(1);
}

void by_year_sheet(lxw_workbook* wb, const Context& cx)
{
    Sheet sh(wb, budget_sheets::by_year, cx.fmt);
    sh.headers(0, {"年度 Year", "支出均值 Spending mean (万元)", "支出 P5 Spending P5", "支出 P50 Spending P50",
                   "支出 P95 Spending P95", "预算需求均值 Budget need mean", "预算需求 P95 Budget need P95",
                   "缺口均值 Shortfall mean", "缺口 P95 Shortfall P95"});
    auto row = [&](lxw_row_t r, const std::vector<double>& spend, const std::vector<double>& need, bool total) {
        const auto s = run_stats(spend), n = run_stats(need), gap = run_stats(minus(need, spend));
        lxw_format* f = total ? cx.fmt.wan_bold : cx.fmt.wan;
        const double values[] = {s.mean, s.p05, s.p50, s.p95, n.mean, n.p95, gap.mean, gap.p95};
        for (lxw_col_t c = 0; c < 8; ++c) {
            sh.number(r, c + 1, values[c] / yuan_per_wan, f);
        }
    };
    const auto n_years = cx.study.years.size();
    for (std::size_t y = 0; y < n_years; ++y) {
        const auto r = static_cast<lxw_row_t>(y + 1);
        sh.number(r, 0, cx.study.years[y], nullptr);
        row(r, cx.spending.across_runs(y, {}), cx.need.across_runs(y, {}), false);
    }
    const auto last = static_cast<lxw_row_t>(n_years + 1);
    sh.text(last, 0, cx.horizon_label(), cx.fmt.bold);
    row(last, cx.spending.horizon_across_runs({}), cx.need.horizon_across_runs({}), true);
    sh.widths(0, 0, 18);
    sh.widths(1, 8, 15);
    sh.freeze(1, 1);
    sh.print_setup(1);
}

/// One wide-sheet row group: an id, its Chinese name and the cells it adds up.
struct Group {
    std::string id, name;
    BudgetSlice slice;
};

/// Three rows per label (mean, P5, P95) × one column per year and the horizon total: tall rather
/// than wide, so twenty programmes still print one page wide at a readable size.
MeanRows wide_sheet(lxw_workbook* wb, const Context& cx, const char* name, const char* id_header,
                    const std::vector<Group>& groups)
{
    Sheet sh(wb, name, cx.fmt);
    const auto n_years = cx.study.years.size();
    std::vector<std::string> head{id_header, "名称 Name", "统计 Statistic (万元)"};
    for (const int y : cx.study.years) {
        head.push_back(std::to_string(y));
    }
    head.push_back(cx.horizon_label());
    sh.headers(0, head);
    constexpr lxw_col_t first_year = 3;
    for (std::size_t y = 0; y < n_years; ++y) { // numbers, so the charts can take them as categories
        sh.number(0, static_cast<lxw_col_t>(first_year + y), cx.study.years[y], cx.fmt.header);
    }
    MeanRows means;
    means.first_year_col = first_year;
    const char* stat_names[] = {"均值 Mean", "P5", "P95"};
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const bool  total = groups[g].slice.programme == all_labels && groups[g].slice.source == all_labels;
        lxw_format* f     = total ? cx.fmt.wan_bold : cx.fmt.wan;
        const auto  r0    = static_cast<lxw_row_t>(1 + 3 * g);
        std::vector<RunStats> stats;
        for (std::size_t y = 0; y < n_years; ++y) {
            stats.push_back(run_stats(cx.spending.across_runs(y, groups[g].slice)));
        }
        stats.push_back(run_stats(cx.spending.horizon_across_runs(groups[g].slice)));
        for (lxw_row_t k = 0; k < 3; ++k) {
            sh.text(r0 + k, 0, k == 0 ? groups[g].id : "", total ? cx.fmt.bold : nullptr);
            sh.text(r0 + k, 1, k == 0 ? groups[g].name : "", total ? cx.fmt.bold : cx.fmt.text);
            sh.text(r0 + k, 2, stat_names[k], total ? cx.fmt.bold : nullptr);
            for (std::size_t c = 0; c < stats.size(); ++c) {
                const double v = k == 0 ? stats[c].mean : k == 1 ? stats[c].p05 : stats[c].p95;
                sh.number(r0 + k, static_cast<lxw_col_t>(first_year + c), v / yuan_per_wan,
                          c + 1 == stats.size() ? cx.fmt.wan_bold : f);
            }
        }
        if (!total) {
            means.names.push_back(groups[g].name.empty() ? groups[g].id : groups[g].name);
            means.rows.push_back(r0);
        }
    }
    sh.widths(0, 0, 16);
    sh.widths(1, 1, 24);
    sh.widths(2, 2, 11);
    sh.widths(first_year, static_cast<lxw_col_t>(first_year + n_years - 1), 10);
    sh.widths(static_cast<lxw_col_t>(first_year + n_years), static_cast<lxw_col_t>(first_year + n_years), 13);
    sh.freeze(1, 3);
    sh.print_setup(1);
    return means;
}

MeanRows programme_sheet(lxw_workbook* wb, const Context& cx)
{
    std::vector<Group> groups;
    for (std::size_t k = 0; k < cx.spending.programmes().size(); ++k) {
        const auto& id = cx.spending.programmes()[k];
        groups.push_back({id, cx.programme_name(id), {k, all_labels}});
    }
    groups.push_back({"all", total_label, {}});
    return wide_sheet(wb, cx, budget_sheets::programmes, "项目 Programme", groups);
}

MeanRows source_sheet(lxw_workbook* wb, const Context& cx)
{
    std::vector<Group> groups;
    for (const std::size_t s : cx.spending.used_sources()) {
        const auto& id = cx.spending.sources()[s];
        groups.push_back({id, Context::source_name(id), {all_labels, s}});
    }
    groups.push_back({"all", total_label, {}});
    return wide_sheet(wb, cx, budget_sheets::sources, "资金来源 Source", groups);
}

void detail_sheet(lxw_workbook* wb, const Context& cx)
{
    Sheet sh(wb, budget_sheets::detail, cx.fmt);
    sh.headers(0, {"年度 Year", "项目 Programme", "项目名称 Programme name", "资金来源 Source", "来源名称 Source name",
                   "均值 Mean (万元)", "P5", "P50", "P95"});
    const auto rows = budget_rows(cx.spending, cx.study.years);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row   = rows[i];
        const auto  r     = static_cast<lxw_row_t>(i + 1);
        const bool  total = row.programme.empty() || row.source.empty();
        sh.number(r, 0, row.year, nullptr);
        lxw_format* t = total ? cx.fmt.bold : nullptr;
        sh.text(r, 1, row.programme.empty() ? "all" : row.programme, t);
        sh.text(r, 2, row.programme.empty() ? total_label : cx.programme_name(row.programme), t);
        sh.text(r, 3, row.source.empty() ? "all" : row.source, t);
        sh.text(r, 4, row.source.empty() ? total_label : Context::source_name(row.source), t);
        lxw_format* f = total ? cx.fmt.wan_bold : cx.fmt.wan;
        const auto& s = row.stats;
        sh.number(r, 5, s.mean / yuan_per_wan, f);
        sh.number(r, 6, s.p05 / yuan_per_wan, f);
        sh.number(r, 7, s.p50 / yuan_per_wan, f);
        sh.number(r, 8, s.p95 / yuan_per_wan, f);
    }
    sh.filter(0, 0, static_cast<lxw_row_t>(rows.size()), 8);
    sh.widths(0, 0, 8);
    sh.widths(1, 1, 18);
    sh.widths(2, 2, 30);
    sh.widths(3, 3, 11);
    sh.widths(4, 4, 18);
    sh.widths(5, 8, 12);
    sh.freeze(1, 0);
    sh.print_setup(1);
}

void cost_sheet(lxw_workbook* wb, const Context& cx, std::size_t exits_metric)
{
    Sheet sh(wb, budget_sheets::cost, cx.fmt);
    sh.headers(0, {"年度 Year", "支出均值 Spending mean (万元)", "脱贫户均值 Exits mean (户)",
                   "当年每户成本 Cost per exit in the year (万元/户)", "累计支出均值 Cumulative spending mean (万元)",
                   "累计脱贫户均值 Cumulative exits mean (户)", "累计每户成本 Cumulative cost per exit (万元/户)",
                   "累计每户成本 P5 Cumulative cost per exit P5", "累计每户成本 P95 Cumulative cost per exit P95"},
               62);
    const std::size_t   runs = cx.spending.runs();
    std::vector<double> cum_spend(runs, 0.0), cum_exits(runs, 0.0);
    for (std::size_t y = 0; y < cx.study.years.size(); ++y) {
        const auto spend = cx.spending.across_runs(y, {});
        const auto exits = sim::across_runs(cx.sc.runs, static_cast<int>(exits_metric), static_cast<int>(y));
        for (std::size_t r = 0; r < runs; ++r) {
            cum_spend[r] += spend[r];
            cum_exits[r] += exits[r];
        }
        // Ratio of means: a year in which some replication has no exit still gets a cost.
        const double spend_mean = run_stats(spend).mean, exits_mean = run_stats(exits).mean;
        const double cum_spend_mean = run_stats(cum_spend).mean, cum_exits_mean = run_stats(cum_exits).mean;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const bool every_run_exited = std::all_of(cum_exits.begin(), cum_exits.end(), [](double e) { return e > 0; });
        RunStats ratio{nan, nan, nan, nan};
        if (every_run_exited) {
            std::vector<double> per_run(runs);
            for (std::size_t r = 0; r < runs; ++r) {
                per_run[r] = cum_spend[r] / cum_exits[r];
            }
            ratio = run_stats(per_run);
        }
        const auto row = static_cast<lxw_row_t>(y + 1);
        sh.number(row, 0, cx.study.years[y], nullptr);
        sh.number(row, 1, spend_mean / yuan_per_wan, cx.fmt.wan);
        sh.number(row, 2, exits_mean, cx.fmt.count);
        sh.number(row, 3, exits_mean > 0 ? spend_mean / yuan_per_wan / exits_mean : nan, cx.fmt.wan);
        sh.number(row, 4, cum_spend_mean / yuan_per_wan, cx.fmt.wan);
        sh.number(row, 5, cum_exits_mean, cx.fmt.count);
        sh.number(row, 6, cum_exits_mean > 0 ? cum_spend_mean / yuan_per_wan / cum_exits_mean : nan, cx.fmt.wan_bold);
        sh.number(row, 7, ratio.p05 / yuan_per_wan, cx.fmt.wan);
        sh.number(row, 8, ratio.p95 / yuan_per_wan, cx.fmt.wan);
    }
    const auto note = static_cast<lxw_row_t>(cx.study.years.size() + 2);
    sh.note(note, 8,
            "累计每户成本 = 累计支出均值 ÷ 累计脱贫户均值；最后一行即全期。P5/P95 为每次重复的累计支出 ÷ 累计脱贫户，"
            "有重复尚无脱贫户时为 —。Cumulative cost per exit = mean cumulative spending / mean cumulative exits; the "
            "last row is the whole horizon. P5/P95: each replication's cumulative spending / its cumulative exits "
            "(— while some replication has no exit yet).", 150);
    sh.widths(0, 0, 10);
    sh.widths(1, 8, 17);
    sh.freeze(1, 1);
    sh.print_setup(1);
}

} // namespace

void write_budget_workbook(const std::filesystem::path& path, const Study& study, const ScenarioOutput& sc,
                           const BudgetWorkbookOptions& options)
{
    const auto spending = BudgetCube::find(sc, "budget/spending");
    const auto need     = BudgetCube::find(sc, "budget/need");
    if (!spending || !need) {
        throw std::invalid_argument("scenario '" + sc.name + "' has no budget arrays (no programmes)");
    }
    if (spending->runs() == 0 || study.years.empty()) {
        throw std::invalid_argument("scenario '" + sc.name + "' has no finished replication");
    }
    if (spending->units() != "yuan" || need->units() != "yuan") {
        throw std::invalid_argument("scenario '" + sc.name + "': budget amounts are not in yuan");
    }
    for (const auto& c : options.ceilings) {
        if (!(c.wan >= 0)) {
            throw std::invalid_argument("ceiling '" + c.text + "' must be a number >= 0 (万元)");
        }
    }
    std::optional<std::size_t> exits;
    for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
        if (sc.runs.metrics[m].name == options.exits_metric) {
            exits = m;
        }
    }

    AtomicFile    out(path);
    lxw_workbook* wb = workbook_new(out.temp_path().c_str());
    if (!wb) {
        throw std::runtime_error(path.string() + ": cannot create the workbook");
    }
    WorkbookGuard guard{wb};
    try {
        const std::time_t now = std::time(nullptr);
        lxw_doc_properties props{};
        std::string        title = "povsim budget: " + sc.name;
        props.title              = title.data();
        props.created            = now;
        workbook_set_properties(wb, &props);
        const Formats fmt(wb);
        const Context cx{study, sc, *spending, *need, fmt, options};
        summary_sheet(wb, cx, now);
        by_year_sheet(wb, cx);
        const auto programme_means = programme_sheet(wb, cx);
        const auto source_means    = source_sheet(wb, cx);
        chart_sheet(wb, cx, programme_means, source_means);
        detail_sheet(wb, cx);
        if (exits) {
            cost_sheet(wb, cx, *exits);
        }
        if (!options.ceilings.empty()) {
            ceiling_sheet(wb, cx, ceiling_rows(*spending, study.years, options.ceilings));
        }
        if (study.scenarios.size() > 1) {
            variant_sheet(wb, cx);
        }
    } catch (const std::exception& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
    guard.wb           = nullptr;
    errno              = 0;
    const lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        // The workbook is zipped at close: a full disk or the file size limit shows up here, and
        // libxlsxwriter's own code ("ZIP_ERRNO") says less than the errno it leaves.
        const int err = errno;
        if (err == ENOSPC || err == EFBIG || err == EDQUOT || err == EIO) {
            throw WriteError(write_failure(path, err));
        }
        throw WriteError(path.string() + ": cannot write the workbook (" + lxw_strerror(rc) + ")");
    }
    out.commit();
}

} // namespace povsim::output
