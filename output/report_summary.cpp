#include "output/report_summary.h"

#include "output/display_units.h"
#include "output/html_text.h"

#include <cmath>

namespace povsim::output {

namespace {

std::string band(double mean, double p05, double p95, double divisor)
{
    return "<b>" + grouped(mean / divisor) + "</b> <span class=\"band\">[" + grouped(p05 / divisor) + ", " +
           grouped(p95 / divisor) + "]</span>";
}

std::string chance(const sim::PairedStat& s)
{
    if (std::isnan(s.prob_better)) {
        return "–";
    }
    if (s.tied()) {
        return "same";
    }
    return std::to_string(std::lround(100 * s.prob_better)) + " %";
}

/// One variant: its sentences, then one row per outcome with a column pair per window.
void variant_block(std::string& h, const std::vector<const VariantSummary*>& windows)
{
    const auto& first = *windows.front();
    h += "<div class=\"summary-variant\" data-variant=\"" + esc(first.variant) + "\"><h3>" + esc(first.variant) +
         " <span class=\"vs\">vs " + esc(first.baseline) + "</span></h3>\n";
    // One sentence per variant, over the whole horizon; the table has every window.
    h += "<p class=\"sentence\" lang=\"zh\">" + esc(first.sentence_zh) + "</p>\n<p class=\"sentence\" lang=\"en\">" +
         esc(first.sentence) + "</p>\n";
    h += "<table class=\"summary\"><thead><tr><th>outcome 指标 (variant − baseline)</th>";
    for (const auto* w : windows) {
        h += "<th>" + std::to_string(w->first_year) + "–" + std::to_string(w->last_year) +
             " mean [P5, P95]</th><th>P(better)</th>";
    }
    h += "</tr></thead><tbody>\n";
    for (std::size_t i = 0; i < first.items.size(); ++i) {
        const auto& item = first.items[i];
        h += "<tr data-metric=\"" + esc(item.metric) + "\"><td>Δ " + esc(item.label) + " " + esc(item.label_zh) + " (" +
             esc(item.units) + ")</td>";
        for (const auto* w : windows) {
            const auto& s = w->items[i].stat;
            h += "<td data-mean=\"" + std::to_string(s.mean_diff) + "\">" + band(s.mean_diff, s.p05, s.p95, item.divisor) +
                 "</td><td>" + chance(s) + "</td>";
        }
        h += "</tr>\n";
    }
    h += "<tr data-metric=\"cost_per_return_avoided\"><td>spending per return avoided 每避免一户返贫支出 (万元/户)</td>";
    for (const auto* w : windows) {
        const auto& c = w->cost_per_return_avoided;
        h += c.defined ? "<td data-mean=\"" + std::to_string(c.ratio) + "\">" + band(c.ratio, c.p05, c.p95, 1e4) +
                             "</td><td>–</td>"
                       : std::string("<td>none avoided 未减少返贫</td><td>–</td>");
    }
    h += "</tr>\n</tbody></table></div>\n";
}

} // namespace

void summary_section(std::string& h, const std::vector<VariantSummary>& summaries)
{
    if (summaries.empty()) {
        return;
    }
    h += "<section id=\"summary\"><h2>结论 Summary: each variant against the baseline</h2>\n<p class=\"intro\">"
         "Paired replication by replication on common random numbers: flows summed over the years, monitored "
         "households at the last year; mean and P5–P95 of the differences; P(better): the share of replications "
         "where the variant is strictly better. Spending per return avoided is the ratio of the mean extra spending "
         "to the mean returns avoided, with a bootstrap P5–P95. 同一随机数配对：流量为各年之和，监测户为期末值。</p>\n";
    // Summaries come variant by variant, each with its windows in order.
    for (std::size_t i = 0; i < summaries.size();) {
        std::vector<const VariantSummary*> windows;
        const auto&                        name = summaries[i].variant;
        for (; i < summaries.size() && summaries[i].variant == name; ++i) {
            windows.push_back(&summaries[i]);
        }
        variant_block(h, windows);
    }
    h += "</section>\n";
}

} // namespace povsim::output
