#include "app/summarise_variants.h"

#include "app/console_text.h"
#include "models/metric_direction.h"
#include "output/display_units.h"

#include <algorithm>
#include <cmath>

namespace povsim::app {

namespace {

/// What a planner asks first, in this order; flows summed over the window, stocks at its end.
struct Headline {
    const char*       metric;
    sim::WindowReduce reduce;
    const char*       label;
    const char*       label_zh;
};
constexpr Headline headlines[] = {
    {"new_returns", sim::WindowReduce::sum, "returns to poverty", "返贫户"},
    {"new_exits", sim::WindowReduce::sum, "exits", "脱贫户"},
    {"new_poor", sim::WindowReduce::sum, "newly poor", "新致贫户"},
    {"n_monitored", sim::WindowReduce::last, "monitored households at the end", "期末监测户"},
    {"new_spending", sim::WindowReduce::sum, "spending", "支出"},
};

bool has_metric(const sim::ReplicationSet& set, const std::string& name)
{
    return std::any_of(set.metrics.begin(), set.metrics.end(), [&](const sim::MetricInfo& m) { return m.name == name; });
}

std::string units_of(const sim::ReplicationSet& set, const std::string& name)
{
    for (const auto& m : set.metrics) {
        if (m.name == name) {
            return m.units;
        }
    }
    return "";
}

using output::grouped;

std::string percent(double share) { return std::to_string(std::lround(100 * share)) + "%"; }

const output::SummaryItem* find_item(const output::VariantSummary& s, const std::string& metric)
{
    for (const auto& i : s.items) {
        if (i.metric == metric) {
            return &i;
        }
    }
    return nullptr;
}

std::string years_text(const output::VariantSummary& s)
{
    return std::to_string(s.first_year) + "–" + std::to_string(s.last_year);
}

/// "1,234 fewer returns to poverty (fewer in 97% of runs)"; the band is in the table above it.
std::string change_en(const output::SummaryItem& i, const char* fewer, const char* more, bool with_chance)
{
    const auto& s = i.stat;
    if (s.tied()) {
        return "no change in " + i.label;
    }
    std::string out = grouped(std::abs(s.mean_diff) / i.divisor) + (i.units == "万元" ? "万元 " : " ") +
                      (s.mean_diff < 0 ? fewer : more) + " " + i.label;
    if (with_chance && !std::isnan(s.prob_better)) {
        out += " (better in " + percent(s.prob_better) + " of runs)";
    }
    return out;
}

std::string change_zh(const output::SummaryItem& i, bool with_chance)
{
    const auto& s = i.stat;
    if (s.tied()) {
        return i.label_zh + "不变";
    }
    std::string out = i.label_zh + (s.mean_diff < 0 ? "减少" : "增加") + grouped(std::abs(s.mean_diff) / i.divisor) +
                      (i.units == "万元" ? "万元" : "户");
    if (with_chance && !std::isnan(s.prob_better)) {
        out += "（" + percent(s.prob_better) + "的模拟中更好）";
    }
    return out;
}

void write_sentences(output::VariantSummary& s, const std::string& variant, const std::string& baseline)
{
    const auto* returns  = find_item(s, "new_returns");
    const auto* poor     = find_item(s, "new_poor");
    const auto* spending = find_item(s, "new_spending");
    std::string en = variant + " against " + baseline + ", " + years_text(s) + ": ";
    std::string zh = variant + "与" + baseline + "相比（" + years_text(s) + "年）：";
    std::vector<std::string> parts_en, parts_zh;
    for (const auto* item : {returns, poor}) {
        if (item) {
            parts_en.push_back(change_en(*item, "fewer", "more", true));
            parts_zh.push_back(change_zh(*item, true));
        }
    }
    if (spending) {
        parts_en.push_back(change_en(*spending, "less", "more", false));
        parts_zh.push_back(change_zh(*spending, false));
    }
    for (std::size_t k = 0; k < parts_en.size(); ++k) {
        en += (k == 0 ? "" : k + 1 == parts_en.size() ? " and " : ", ") + parts_en[k];
        zh += (k == 0 ? "" : "，") + parts_zh[k];
    }
    const auto& c = s.cost_per_return_avoided;
    if (returns && spending) {
        if (c.defined) {
            en += "; " + grouped(c.ratio / 1e4) + "万元 per return avoided (P5–P95 " + grouped(c.p05 / 1e4) + " to " +
                  grouped(c.p95 / 1e4) + ")";
            zh += "；每避免一户返贫" + grouped(c.ratio / 1e4) + "万元（P5–P95：" + grouped(c.p05 / 1e4) + "至" +
                  grouped(c.p95 / 1e4) + "）";
        } else {
            en += "; no return to poverty is avoided on average, so there is no cost per return avoided";
            zh += "；平均未减少返贫，无法计算每避免一户返贫的成本";
        }
    }
    s.sentence    = en + ".";
    s.sentence_zh = zh + "。";
}

output::VariantSummary summarise(const LabelledRuns& baseline, const LabelledRuns& variant, int first, int last)
{
    output::VariantSummary s;
    s.variant = variant.label, s.baseline = baseline.label, s.first_year = first, s.last_year = last;
    std::vector<double> extra_spending, returns_avoided;
    for (const auto& h : headlines) {
        if (!has_metric(*baseline.runs, h.metric) || !has_metric(*variant.runs, h.metric)) {
            continue;
        }
        const auto values = sim::paired_window(*baseline.runs, *variant.runs, h.metric, first, last, h.reduce);
        const auto shown  = output::display_units(units_of(*baseline.runs, h.metric));
        output::SummaryItem item{h.metric, h.label, h.label_zh, shown.label, shown.divisor,
                                 sim::paired_stat(values.baseline, values.variant, models::better_direction(h.metric))};
        s.n_pairs = item.stat.n;
        s.items.push_back(std::move(item));
        const std::string metric = h.metric;
        if (metric == "new_spending" || metric == "new_returns") { // the two sides of the cost per return avoided
            auto& out = metric == "new_spending" ? extra_spending : returns_avoided;
            const double sign = metric == "new_spending" ? 1.0 : -1.0; // returns avoided = baseline − variant
            for (std::size_t k = 0; k < values.baseline.size(); ++k) {
                out.push_back(sign * (values.variant[k] - values.baseline[k]));
            }
        }
    }
    if (!extra_spending.empty() && extra_spending.size() == returns_avoided.size()) {
        s.cost_per_return_avoided = sim::ratio_of_means(extra_spending, returns_avoided);
    }
    const auto shown = [](const LabelledRuns& r) { return r.title.empty() ? r.label : r.title; };
    write_sentences(s, shown(variant), shown(baseline));
    return s;
}

} // namespace

std::vector<std::pair<int, int>> summary_windows(const std::vector<int>& years)
{
    if (years.empty()) {
        return {};
    }
    std::vector<std::pair<int, int>> out{{years.front(), years.back()}};
    const bool covers = years.front() <= 2021 && years.back() >= 2025;
    if (covers && (years.front() != 2021 || years.back() != 2025)) {
        out.emplace_back(2021, 2025);
    }
    return out;
}

std::vector<output::VariantSummary> summarise_variants(const LabelledRuns& baseline,
                                                       const std::vector<LabelledRuns>& variants)
{
    std::vector<output::VariantSummary> out;
    for (const auto& v : variants) {
        for (const auto& [first, last] : summary_windows(baseline.runs->years)) {
            out.push_back(summarise(baseline, v, first, last));
        }
    }
    return out;
}

void print_variant_summaries(std::FILE* out, const std::vector<output::VariantSummary>& summaries)
{
    for (const auto& s : summaries) {
        std::fprintf(out, "\n%s vs %s, %d-%d (%d paired runs): variant - baseline, mean [P5, P95]\n", s.variant.c_str(),
                     s.baseline.c_str(), s.first_year, s.last_year, s.n_pairs);
        for (const auto& i : s.items) {
            const std::string name = "Δ " + i.label + (i.metric.rfind("new_", 0) == 0 ? " (sum)" : "") + ", " + i.units;
            const std::string diff = grouped(i.stat.mean_diff / i.divisor) + " [" + grouped(i.stat.p05 / i.divisor) +
                                     ", " + grouped(i.stat.p95 / i.divisor) + "]";
            const std::string prob = std::isnan(i.stat.prob_better) ? "-" : i.stat.tied() ? "same" : percent(i.stat.prob_better);
            std::fprintf(out, "  %s %s P(better) %s\n", padded(name, 50).c_str(), padded(diff, 30).c_str(), prob.c_str());
        }
        const auto& c = s.cost_per_return_avoided;
        if (c.defined) {
            const std::string ratio = grouped(c.ratio / 1e4) + " [" + grouped(c.p05 / 1e4) + ", " + grouped(c.p95 / 1e4) + "]";
            std::fprintf(out, "  %s %s bootstrap; %s of resamples avoid nothing\n",
                         padded("spending per return avoided, 万元/household", 50).c_str(), padded(ratio, 30).c_str(),
                         percent(c.share_undefined).c_str());
        }
        // One sentence per variant: over its first window, the whole horizon.
        if (&s == &summaries.front() || (&s - 1)->variant != s.variant) {
            std::fprintf(out, "%s%s", wrapped(s.sentence, 118, "  ").c_str(), wrapped(s.sentence_zh, 118, "  ").c_str());
        }
    }
}

} // namespace povsim::app
