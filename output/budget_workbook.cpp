#include "output/budget_workbook.h"

#include "output/atomic_file.h"
#include "output/budget_table.h"
#include "sim/ensemble_stats.h"
#include "sim/utc_time.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace povsim::output {
namespace {

constexpr double yuan_per_wan = 1e4;
const char*      total_label  = "合计 Total";

/// 50000 rather than std::to_string's 50000.000000.
std::string plain_number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::vector<double> minus(const std::vector<double>& a, const std::vector<double>& b)
{
    std::vector<double> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        out[i] = a[i] - b[i];
    }
    return out;
}

/// The formats every sheet uses, owned by the workbook.
struct Formats {
    lxw_format *header, *text, *bold, *wan, *wan_bold, *pct, *pct_bold, *count, *count_bold, *na;

    explicit Formats(lxw_workbook* wb)
    {
        auto make = [wb](const char* num, bool is_bold) {
            lxw_format* f = workbook_add_format(wb);
            if (num) {
                format_set_num_format(f, num);
            }
            if (is_bold) {
                format_set_bold(f);
            }
            return f;
        };
        header = make(nullptr, true);
        format_set_text_wrap(header);
        format_set_align(header, LXW_ALIGN_CENTER);
        format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
        format_set_bg_color(header, 0xDDEBF7);
        format_set_border(header, LXW_BORDER_THIN);
        text = workbook_add_format(wb);
        format_set_text_wrap(text);
        format_set_align(text, LXW_ALIGN_VERTICAL_TOP);
        bold       = make(nullptr, true);
        wan        = make("#,##0.0", false);
        wan_bold   = make("#,##0.0", true);
        pct        = make("0.0%", false);
        pct_bold   = make("0.0%", true);
        count      = make("#,##0.0", false);
        count_bold = make("#,##0.0", true);
        na         = make(nullptr, false);
        format_set_align(na, LXW_ALIGN_CENTER);
    }
};

/// One worksheet; every libxlsxwriter error becomes an exception naming the sheet.
class Sheet {
public:
    Sheet(lxw_workbook* wb, const char* name, const Formats& fmt) : m_name(name), m_fmt(fmt)
    {
        m_ws = workbook_add_worksheet(wb, name);
        if (!m_ws) {
            throw std::runtime_error(std::string("cannot add sheet '") + name + "'");
        }
    }

    void text(lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f = nullptr)
    {
        check(worksheet_write_string(m_ws, r, c, s.c_str(), f));
    }
    /// NaN (e.g. cost per exit in a year without exits) shows as "—", not as Excel's #NUM!.
    void number(lxw_row_t r, lxw_col_t c, double v, lxw_format* f)
    {
        if (std::isnan(v) || std::isinf(v)) {
            text(r, c, "—", m_fmt.na);
        } else {
            check(worksheet_write_number(m_ws, r, c, v, f));
        }
    }
    void headers(lxw_row_t r, const std::vector<std::string>& names)
    {
        for (std::size_t c = 0; c < names.size(); ++c) {
            text(r, static_cast<lxw_col_t>(c), names[c], m_fmt.header);
        }
        check(worksheet_set_row(m_ws, r, 45, nullptr));
    }
    void merge(lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1, const std::string& s)
    {
        check(worksheet_merge_range(m_ws, r0, c0, r1, c1, s.c_str(), m_fmt.header));
    }
    void widths(lxw_col_t first, lxw_col_t last, double width)
    {
        check(worksheet_set_column(m_ws, first, last, width, nullptr));
    }
    void freeze(lxw_row_t rows, lxw_col_t cols) { worksheet_freeze_panes(m_ws, rows, cols); }
    void filter(lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1)
    {
        check(worksheet_autofilter(m_ws, r0, c0, r1, c1));
    }

private:
    void check(lxw_error e) const
    {
        if (e != LXW_NO_ERROR) {
            throw std::runtime_error("sheet '" + m_name + "': " + lxw_strerror(e));
        }
    }
    std::string    m_name;
    const Formats& m_fmt;
    lxw_worksheet* m_ws = nullptr;
};

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

/// Everything the sheets share.
struct Context {
    const Study&          study;
    const ScenarioOutput& sc;
    const BudgetCube&     spending;
    const BudgetCube&     need;
    const Formats&        fmt;
    std::string horizon_label() const
    {
        return std::string(total_label) + " " + std::to_string(study.years.front()) + "–" +
               std::to_string(study.years.back());
    }
};

void summary_sheet(lxw_workbook* wb, const Context& cx, const BudgetWorkbookOptions& options, std::time_t now)
{
    Sheet       sh(wb, budget_sheets::summary, cx.fmt);
    const auto& m = cx.study.meta;
    const std::string ceiling =
        options.ceiling_wan ? plain_number(*options.ceiling_wan) + " 万元/年 per year, on total spending of all "
                                                                     "programmes and sources"
                            : "未设定 not given (no ceiling sheet)";
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
        {"单位 Units", "金额单位：万元（1 万元 = 10,000 元）。Amounts in 万元 (10,000 yuan); exits in households (户)."},
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
        sh.text(r, 1, rows[i].second, cx.fmt.text);
    }
    sh.widths(0, 0, 34);
    sh.widths(1, 1, 90);
    sh.freeze(1, 0);
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
}

/// Year rows × one column group (mean, P5, P95) per label, plus the horizon total row.
void wide_sheet(lxw_workbook* wb, const Context& cx, const char* name,
                const std::vector<std::pair<std::string, BudgetSlice>>& groups)
{
    Sheet sh(wb, name, cx.fmt);
    sh.merge(0, 0, 1, 0, "年度 Year");
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto c = static_cast<lxw_col_t>(1 + 3 * g);
        sh.merge(0, c, 0, c + 2, groups[g].first);
        sh.text(1, c, "均值 Mean", cx.fmt.header);
        sh.text(1, c + 1, "P5", cx.fmt.header);
        sh.text(1, c + 2, "P95", cx.fmt.header);
    }
    auto cells = [&](lxw_row_t r, std::size_t g, const std::vector<double>& per_run, bool total) {
        const auto  s = run_stats(per_run);
        const auto  c = static_cast<lxw_col_t>(1 + 3 * g);
        lxw_format* f = total || (groups[g].second.programme == all_labels && groups[g].second.source == all_labels)
                            ? cx.fmt.wan_bold
                            : cx.fmt.wan;
        sh.number(r, c, s.mean / yuan_per_wan, f);
        sh.number(r, c + 1, s.p05 / yuan_per_wan, f);
        sh.number(r, c + 2, s.p95 / yuan_per_wan, f);
    };
    const auto n_years = cx.study.years.size();
    for (std::size_t y = 0; y < n_years; ++y) {
        const auto r = static_cast<lxw_row_t>(y + 2);
        sh.number(r, 0, cx.study.years[y], nullptr);
        for (std::size_t g = 0; g < groups.size(); ++g) {
            cells(r, g, cx.spending.across_runs(y, groups[g].second), false);
        }
    }
    const auto last = static_cast<lxw_row_t>(n_years + 2);
    sh.text(last, 0, cx.horizon_label(), cx.fmt.bold);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        cells(last, g, cx.spending.horizon_across_runs(groups[g].second), true);
    }
    sh.widths(0, 0, 18);
    sh.widths(1, static_cast<lxw_col_t>(3 * groups.size()), 12);
    sh.freeze(2, 1);
}

void programme_sheet(lxw_workbook* wb, const Context& cx)
{
    std::vector<std::pair<std::string, BudgetSlice>> groups;
    for (std::size_t k = 0; k < cx.spending.programmes().size(); ++k) {
        groups.push_back({cx.spending.programmes()[k], {k, all_labels}});
    }
    groups.push_back({total_label, {}});
    wide_sheet(wb, cx, budget_sheets::programmes, groups);
}

void source_sheet(lxw_workbook* wb, const Context& cx)
{
    std::vector<std::pair<std::string, BudgetSlice>> groups;
    for (const std::size_t s : cx.spending.used_sources()) {
        groups.push_back({cx.spending.sources()[s], {all_labels, s}});
    }
    groups.push_back({total_label, {}});
    wide_sheet(wb, cx, budget_sheets::sources, groups);
}

void detail_sheet(lxw_workbook* wb, const Context& cx)
{
    Sheet sh(wb, budget_sheets::detail, cx.fmt);
    sh.headers(0, {"年度 Year", "项目 Programme", "资金来源 Source", "均值 Mean (万元)", "P5", "P50", "P95"});
    const auto rows = budget_rows(cx.spending, cx.study.years);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row   = rows[i];
        const auto  r     = static_cast<lxw_row_t>(i + 1);
        const bool  total = row.programme.empty() || row.source.empty();
        sh.number(r, 0, row.year, nullptr);
        sh.text(r, 1, row.programme.empty() ? total_label : row.programme, total ? cx.fmt.bold : nullptr);
        sh.text(r, 2, row.source.empty() ? total_label : row.source, total ? cx.fmt.bold : nullptr);
        lxw_format* f = total ? cx.fmt.wan_bold : cx.fmt.wan;
        const auto& s = row.stats;
        sh.number(r, 3, s.mean / yuan_per_wan, f);
        sh.number(r, 4, s.p05 / yuan_per_wan, f);
        sh.number(r, 5, s.p50 / yuan_per_wan, f);
        sh.number(r, 6, s.p95 / yuan_per_wan, f);
    }
    sh.filter(0, 0, static_cast<lxw_row_t>(rows.size()), 6);
    sh.widths(0, 0, 10);
    sh.widths(1, 2, 20);
    sh.widths(3, 6, 14);
    sh.freeze(1, 0);
}

void cost_sheet(lxw_workbook* wb, const Context& cx, std::size_t exits_metric)
{
    Sheet sh(wb, budget_sheets::cost, cx.fmt);
    sh.headers(0, {"年度 Year", "支出均值 Spending mean (万元)", "脱贫户均值 Exits mean (户)",
                   "当年每户成本 Cost per exit in the year (万元/户)", "累计支出均值 Cumulative spending mean (万元)",
                   "累计脱贫户均值 Cumulative exits mean (户)", "累计每户成本 Cumulative cost per exit (万元/户)",
                   "累计每户成本 P5 Cumulative cost per exit P5", "累计每户成本 P95 Cumulative cost per exit P95"});
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
    sh.text(note, 0,
            "累计每户成本 = 累计支出均值 ÷ 累计脱贫户均值；最后一行即全期。P5/P95 为每次重复的累计支出 ÷ 累计脱贫户，"
            "有重复尚无脱贫户时为 —。Cumulative cost per exit = mean cumulative spending / mean cumulative exits; the "
            "last row is the whole horizon. P5/P95: each replication's cumulative spending / its cumulative exits "
            "(— while some replication has no exit yet).");
    sh.widths(0, 0, 10);
    sh.widths(1, 8, 17);
    sh.freeze(1, 1);
}

void ceiling_sheet(lxw_workbook* wb, const Context& cx, double ceiling_wan)
{
    Sheet sh(wb, budget_sheets::ceiling, cx.fmt);
    sh.headers(0, {"年度 Year", "上限 Ceiling (万元)", "支出均值 Spending mean (万元)", "支出 P95 Spending P95",
                   "超上限概率 P(spending > ceiling)", "超上限重复次数 Replications above"});
    const double ceiling = ceiling_wan * yuan_per_wan;
    const auto   runs    = cx.spending.runs();
    auto row = [&](lxw_row_t r, double limit, const std::vector<double>& per_run, bool total) {
        const auto s = run_stats(per_run);
        sh.number(r, 1, limit / yuan_per_wan, total ? cx.fmt.wan_bold : cx.fmt.wan);
        sh.number(r, 2, s.mean / yuan_per_wan, total ? cx.fmt.wan_bold : cx.fmt.wan);
        sh.number(r, 3, s.p95 / yuan_per_wan, total ? cx.fmt.wan_bold : cx.fmt.wan);
        const double p = share_above(per_run, limit);
        sh.number(r, 4, p, total ? cx.fmt.pct_bold : cx.fmt.pct);
        sh.number(r, 5, std::round(p * static_cast<double>(runs)), nullptr);
    };
    const auto          n_years = cx.study.years.size();
    std::vector<double> worst(runs, -std::numeric_limits<double>::infinity());
    for (std::size_t y = 0; y < n_years; ++y) {
        const auto per_run = cx.spending.across_runs(y, {});
        for (std::size_t r = 0; r < runs; ++r) {
            worst[r] = std::max(worst[r], per_run[r]);
        }
        const auto r = static_cast<lxw_row_t>(y + 1);
        sh.number(r, 0, cx.study.years[y], nullptr);
        row(r, ceiling, per_run, false);
    }
    // "Any year": a replication counts once if its worst year breaks the ceiling.
    const auto any = static_cast<lxw_row_t>(n_years + 1);
    sh.text(any, 0, "任一年 Any year", cx.fmt.bold);
    row(any, ceiling, worst, true);
    const auto horizon = static_cast<lxw_row_t>(n_years + 2);
    sh.text(horizon, 0, cx.horizon_label(), cx.fmt.bold);
    row(horizon, ceiling * static_cast<double>(n_years), cx.spending.horizon_across_runs({}), true);
    sh.text(horizon + 2, 0,
            "超上限概率 = 当年全部项目、全部资金来源的支出高于上限的重复所占比例；“任一年”= 至少一年超上限（均值与 P95 为每次重复最高年份的支出）；"
            "“合计”= 全期支出高于 上限 × 年数。P(spending > ceiling) = share of replications whose total spending of the "
            "year exceeds the ceiling; Any year = exceeds it in at least one year (mean and P95 of each replication's highest year); Total = spending over the horizon "
            "exceeds ceiling × years.");
    sh.widths(0, 0, 18);
    sh.widths(1, 5, 16);
    sh.freeze(1, 1);
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
    if (options.ceiling_wan && !(*options.ceiling_wan >= 0)) {
        throw std::invalid_argument("the ceiling must be a number >= 0 (万元 per year)");
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
        const Context cx{study, sc, *spending, *need, fmt};
        summary_sheet(wb, cx, options, now);
        by_year_sheet(wb, cx);
        programme_sheet(wb, cx);
        source_sheet(wb, cx);
        detail_sheet(wb, cx);
        if (exits) {
            cost_sheet(wb, cx, *exits);
        }
        if (options.ceiling_wan) {
            ceiling_sheet(wb, cx, *options.ceiling_wan);
        }
    } catch (const std::exception& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
    guard.wb           = nullptr;
    const lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        throw std::runtime_error(path.string() + ": cannot write the workbook (" + lxw_strerror(rc) + ")");
    }
    out.commit();
}

} // namespace povsim::output
