#include "output/report_html.h"

#include "output/atomic_file.h"
#include "output/html_text.h"
#include "output/report_data.h"
#include "output/report_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string_view>

// Generated at build time from output/report/ (see output/CMakeLists.txt).
namespace povsim::output::embedded {
extern const unsigned char chart_library_js[];
extern const std::size_t   chart_library_js_size;
extern const unsigned char report_script_js[];
extern const std::size_t   report_script_js_size;
extern const unsigned char report_style_css[];
extern const std::size_t   report_style_css_size;
} // namespace povsim::output::embedded

namespace povsim::output {

namespace {

std::string_view embedded_text(const unsigned char* bytes, std::size_t size)
{
    return {reinterpret_cast<const char*>(bytes), size};
}

/// Planners read 12,345 and 0.0312, not 12345.000000 or 3.12e-02.
std::string readable(double v)
{
    if (!std::isfinite(v)) {
        return "–";
    }
    char buf[64];
    if (std::abs(v) >= 1000) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
        std::string digits = buf, out;
        const std::size_t start = digits[0] == '-' ? 1 : 0;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > start && (digits.size() - i) % 3 == 0) {
                out += ',';
            }
            out += digits[i];
        }
        return out;
    }
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string span(const std::vector<int>& years)
{
    return years.empty() ? "–" : std::to_string(years.front()) + "–" + std::to_string(years.back());
}

void studies_table(std::string& h, const std::vector<ReportFile>& files)
{
    h += "<section id=\"studies\"><h2>研究文件 Study files</h2>\n<table class=\"meta\"><thead><tr><th>file</th>"
         "<th>seed 随机种子</th><th>replications 重复次数</th><th>years 年份</th><th>engine 版本</th>"
         "<th>created (UTC) 生成时间</th><th>command line 命令</th></tr></thead><tbody>\n";
    for (const auto& f : files) {
        const auto& m = f.study.meta;
        const auto  runs = f.study.scenarios.empty() ? 0 : f.study.scenarios.front().runs.runs.size();
        h += "<tr><td>" + esc(f.path) + "</td><td>" + std::to_string(m.seed) + "</td><td>" + std::to_string(runs) +
             (m.complete ? "" : " <span class=\"warn\">incomplete: " + std::to_string(m.runs_requested) +
                                    " requested 未完成</span>") +
             "</td><td>" + span(f.study.years) + "</td><td>" + esc(m.engine_version) + " (" + esc(m.git_commit) +
             ")</td><td>" + esc(m.created_utc) + "</td><td><code>" + esc(m.command_line) + "</code></td></tr>\n";
    }
    h += "</tbody></table></section>\n";
}

void scenarios_table(std::string& h, const std::vector<report::Entry>& entries)
{
    h += "<section id=\"scenarios\"><h2>情景 Scenarios</h2>\n<table class=\"meta\"><thead><tr><th>scenario 情景</th>"
         "<th>role</th><th>description 说明</th><th>region 地区</th><th>scenario file 文件</th>"
         "<th>replications</th></tr></thead><tbody>\n";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        h += "<tr><td><b>" + esc(e.label) + "</b></td><td>" + (i == 0 ? "baseline 基准" : "variant 方案") + "</td><td>" +
             esc(e.scenario->description) + "</td><td>" + esc(e.notes->region) + "</td><td>" +
             esc(e.scenario->source_file) + "</td><td>" + std::to_string(e.scenario->runs.runs.size()) + "</td></tr>\n";
    }
    h += "</tbody></table></section>\n";
}

void chart_section(std::string& h, const report::Charts& charts, const std::string& section, const std::string& heading,
                   const std::string& intro)
{
    bool opened = false;
    for (const auto& s : charts.slots) {
        if (s.section != section) {
            continue;
        }
        if (!opened) {
            h += "<section id=\"" + section + "\"><h2>" + heading + "</h2>\n<p class=\"intro\">" + intro +
                 "</p>\n<div class=\"grid\">\n";
            opened = true;
        }
        h += "<figure class=\"chart-box\" data-chart-id=\"" + s.id + "\"><figcaption><b>" + esc(s.title) +
             "</b><br><span>" + esc(s.subtitle) + "</span></figcaption><div class=\"canvas-wrap\"><canvas id=\"" + s.id +
             "\" role=\"img\" aria-label=\"" + esc(s.title) + "\"></canvas></div></figure>\n";
    }
    if (opened) {
        h += "</div></section>\n";
    }
}

/// Scenarios whose validation is the same (equal rows, evidence line and note), in page order.
struct TargetGroup {
    std::vector<std::string>           labels;
    const ReportScenarioNotes* notes = nullptr;
};

void validation_table(std::string& h, const TargetGroup& g)
{
    std::string names;
    for (const auto& l : g.labels) {
        names += (names.empty() ? "" : ", ") + l;
    }
    h += "<h3>" + esc(names) + "</h3>\n";
    const auto& notes = *g.notes;
    if (!notes.targets.empty()) {
        std::size_t passed = 0;
        h += "<table class=\"validation\" data-scenario=\"" + esc(names) +
             "\"><thead><tr><th>role 类别</th><th>target 指标</th><th>years 年份</th><th>compare 比较</th>"
             "<th>documented 文件值</th><th>simulated mean 模拟均值</th><th>P5–P95</th><th>inside 区间内</th>"
             "<th>error 误差</th><th>pass 通过</th><th>echo 复述输入</th><th>source 出处</th></tr></thead><tbody>\n";
        for (const auto& t : notes.targets) {
            passed += t.passes;
            h += "<tr class=\"" + esc(t.role) + "\"><td>" + esc(t.role) + "</td><td><code>" + esc(t.target) +
                 "</code></td><td>" + esc(t.years) + "</td><td>" + esc(t.compare) + "</td><td class=\"num\">" +
                 readable(t.documented) + "</td><td class=\"num\">" + readable(t.mean) + "</td><td class=\"num\">" +
                 readable(t.p05) + " – " + readable(t.p95) + "</td><td class=\"" + (t.inside ? "yes" : "no") + "\">" +
                 (t.inside ? "yes 是" : "no 否") + "</td><td class=\"num\">" + esc(t.error) + "</td><td class=\"" +
                 (t.passes ? "yes" : "no") + "\">" + (t.passes ? "ok 通过" : "FAIL 未通过") + "</td><td class=\"echo\">" +
                 (t.echo.empty() ? "" : "ECHO (= " + esc(t.echo) + ")") + "</td><td class=\"source\">" +
                 esc(t.source) + "</td></tr>\n";
        }
        h += "</tbody></table>\n<p class=\"tally\">" + std::to_string(passed) + " of " +
             std::to_string(notes.targets.size()) + " targets within tolerance</p>\n";
        if (!notes.targets_summary.empty()) {
            h += "<p class=\"tally\">" + esc(notes.targets_summary) + "</p>\n";
        }
    }
    if (!notes.targets_note.empty()) {
        h += "<p class=\"note\">" + esc(notes.targets_note) + "</p>\n";
    }
}

/// One table per distinct validation: variants that inherit the baseline's targets and simulate the
/// same numbers (e.g. a change after the targets' years) share it. No section when nobody states targets.
void validation_section(std::string& h, const std::vector<report::Entry>& entries)
{
    std::vector<TargetGroup> groups;
    std::string              silent; // scenarios stating no targets
    for (const auto& e : entries) {
        const auto& n = *e.notes;
        if (n.targets.empty() && n.targets_note.empty()) {
            silent += (silent.empty() ? "" : ", ") + e.label;
            continue;
        }
        auto same = std::find_if(groups.begin(), groups.end(), [&](const TargetGroup& g) {
            return g.notes->targets == n.targets && g.notes->targets_summary == n.targets_summary &&
                   g.notes->targets_note == n.targets_note;
        });
        if (same == groups.end()) {
            groups.push_back({{e.label}, &n});
        } else {
            same->labels.push_back(e.label);
        }
    }
    if (groups.empty()) {
        return;
    }
    h += "<section id=\"validation\"><h2>与文件目标对照 Validation against documented targets</h2>\n"
         "<p class=\"intro\">role: accounting = an identity an input guarantees (bookkeeping, not evidence), "
         "calibration = fitted, check = held out (the evidence); an echo restates an input and is not evidence. "
         "inside: the simulated P5–P95 meets the documented value (or bound); error: (mean − documented) / "
         "|documented|; pass: the simulated mean is within the target's tolerance. Scenarios with the same "
         "targets and the same results share one table. 核算项不是证据，校准项为拟合，检验项为留出证据；区间内：文件数值落在"
         "模拟5%–95%区间；通过：模拟均值在容差内；结果相同的情景共用一张表。</p>\n";
    for (const auto& g : groups) {
        validation_table(h, g);
    }
    if (!silent.empty()) {
        h += "<p class=\"note\">未列文件目标 No [[targets]] stated: " + esc(silent) + "</p>\n";
    }
    h += "</section>\n";
}

} // namespace

std::string report_html(const std::vector<ReportFile>& files, const ReportLayout& layout)
{
    const auto entries = report::entries(files);
    const auto charts  = report::charts(entries, files.front().study.years, layout);
    const auto css     = embedded_text(embedded::report_style_css, embedded::report_style_css_size);
    const auto js      = embedded_text(embedded::report_script_js, embedded::report_script_js_size);
    const auto lib     = embedded_text(embedded::chart_library_js, embedded::chart_library_js_size);

    std::string h;
    h.reserve(lib.size() + charts.json.size() + 64 * 1024);
    h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(layout.title) + "</title>\n<style>\n";
    h += css;
    // The page promises how many charts it holds, so a checker can tell "all drawn" from "some drawn".
    h += "</style>\n</head>\n<body data-charts-expected=\"" + std::to_string(charts.slots.size()) +
         "\">\n<header><h1>" + esc(layout.title) + "</h1>\n<p class=\"lede\">Baseline 基准: <b>" +
         esc(entries.front().label) + "</b> · " + std::to_string(entries.size()) + " scenario(s) · years " +
         span(files.front().study.years) + " · all amounts in 万元 (10,000 yuan) unless stated</p></header>\n<main>\n";
    summary_section(h, layout.summaries); // the answer first
    scenarios_table(h, entries);
    chart_section(h, charts, "trajectories", "年度轨迹 Trajectories by year",
                  "Each line is a scenario's mean over replications (variants dashed); the shaded band spans P5–P95. "
                  "线为均值（方案为虚线），阴影为5%–95%区间。");
    chart_section(h, charts, "differences", "与基准的配对差值 Difference from the baseline",
                  "Variant minus baseline, replication by replication on common random numbers: the band shows the "
                  "policy effect, not the luck. 方案减基准（同一随机数配对）。");
    chart_section(h, charts, "budget", "资金 Budget (baseline 基准)",
                  "The baseline's programme spending per year, stacked by programme and by funding source. "
                  "基准情景按项目和资金来源堆叠的年度支出。");
    chart_section(h, charts, "budget-differences", "资金变化 Budget: change from the baseline",
                  "For each variant: total spending minus the baseline's, paired by replication (mean, P5–P95 band), "
                  "and the change of each programme's mean spending (bars above 0: the variant spends more). "
                  "各方案总支出与基准的配对差值，以及各项目年均支出的变化（正值：方案支出更多）。");
    chart_section(h, charts, "timelines", "贫困村与贫困县退出 Village and county exits",
                  "Poor villages and counties still on the list, and exits per year. 未退出的贫困村、贫困县与年度退出数。");
    validation_section(h, entries);
    studies_table(h, files); // provenance last: a planner reads results first
    h += "</main>\n<footer>povsim " + esc(files.front().study.meta.engine_version) +
         " · charts drawn with Chart.js (MIT licence), inlined: this page needs no network.</footer>\n";
    // JSON in a data block, not in code: the browser never executes it, and "</" is escaped.
    h += "<script type=\"application/json\" id=\"report-data\">" + charts.json + "</script>\n<script>\n";
    h += js; // installs the error collectors first, then draws on DOMContentLoaded, after the library below
    h += "\n</script>\n<script>\n";
    h += lib;
    h += "\n</script>\n</body>\n</html>\n";
    return h;
}

void write_report_html(const std::filesystem::path& path, const std::vector<ReportFile>& files,
                       const ReportLayout& layout)
{
    const std::string page = report_html(files, layout);
    write_text_file(path, [&](std::ostream& os) { os.write(page.data(), static_cast<std::streamsize>(page.size())); });
}

} // namespace povsim::output
