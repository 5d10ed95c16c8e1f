#include "output/report_data.h"

#include "output/budget_table.h"
#include "sim/ensemble_stats.h"
#include "sim/paired_stats.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>

namespace povsim::output::report {

std::string json_string(std::string_view s)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '/': out += (i > 0 && s[i - 1] == '<') ? "\\/" : "/"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            } else {
                out += c; // UTF-8 passes through: JSON text is Unicode
            }
        }
    }
    return out + "\"";
}

std::string json_number(double v)
{
    if (!std::isfinite(v)) {
        return "null";
    }
    std::array<char, 32> buf{};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    return std::string(buf.data(), res.ptr);
}

namespace {

template <class V>
std::string json_array(const V& values)
{
    std::string out = "[";
    for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(values.size()); ++i) {
        out += (i ? "," : "") + json_number(values[static_cast<std::size_t>(i)]);
    }
    return out + "]";
}

/// Builds a JSON object member by member.
class Obj {
public:
    Obj& raw(std::string_view key, const std::string& json)
    {
        m_text += (m_text.size() > 1 ? "," : "") + json_string(key) + ":" + json;
        return *this;
    }
    Obj&        str(std::string_view key, std::string_view value) { return raw(key, json_string(value)); }
    std::string done() const { return m_text + "}"; }

private:
    std::string m_text = "{";
};

std::string json_list(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? "," : "") + items[i];
    }
    return out + "]";
}

int metric_index(const ScenarioOutput& sc, const std::string& name)
{
    for (std::size_t m = 0; m < sc.runs.metrics.size() && m < sc.summary.size(); ++m) {
        if (sc.runs.metrics[m].name == name) {
            return static_cast<int>(m);
        }
    }
    return -1;
}

/// Mean and P5–P95 of every scenario that holds @p metric; empty when none does.
std::vector<std::string> band_series(const std::vector<Entry>& entries, const std::string& metric, std::string& units)
{
    std::vector<std::string> series;
    for (const auto& e : entries) {
        const int m = metric_index(*e.scenario, metric);
        if (m < 0) {
            continue;
        }
        const auto& s = e.scenario->summary[static_cast<std::size_t>(m)];
        units         = e.scenario->runs.metrics[static_cast<std::size_t>(m)].units;
        series.push_back(Obj()
                             .str("name", e.label)
                             .raw("mean", json_array(s.mean))
                             .raw("p05", json_array(s.p05))
                             .raw("p95", json_array(s.p95))
                             .done());
    }
    return series;
}

/// Each variant against the baseline, replication by replication (the same random numbers when
/// they share the seed and the replication index); none where they cannot be paired.
std::vector<std::optional<sim::PairedComparison>> paired_with_base(const std::vector<Entry>& entries)
{
    std::vector<std::optional<sim::PairedComparison>> out(entries.size());
    const Entry& base = entries.front();
    for (std::size_t i = 1; i < entries.size(); ++i) {
        if (entries[i].meta->seed != base.meta->seed) {
            continue;
        }
        try {
            out[i] = sim::compare_paired(base.label, base.scenario->runs, entries[i].label, entries[i].scenario->runs,
                                         [](const std::string&) { return sim::Better::none; });
        } catch (const std::invalid_argument&) {
            // other replications or years: shown as not paired
        }
    }
    return out;
}

/// The years of @p metric in a comparison, or nothing when the variant lacks it.
const sim::MetricComparison* find_metric(const sim::PairedComparison& c, const std::string& metric)
{
    for (const auto& m : c.metrics) {
        if (m.metric == metric) {
            return &m;
        }
    }
    return nullptr;
}

/// Mean over runs of the spending array, summed to [year × programme] and [year × source], in 万元.
struct BudgetMeans {
    std::vector<std::string>         programmes, sources;
    std::vector<std::vector<double>> by_programme, by_source; ///< [label][year]
};

bool budget_means(const ScenarioOutput& sc, const std::string& path, std::size_t n_years, BudgetMeans& out)
{
    const auto cube = BudgetCube::find(sc, path);
    if (!cube || cube->runs() == 0 || cube->years() != n_years) {
        return false;
    }
    out.programmes = cube->programmes();
    out.sources    = cube->sources();
    // A mean of sums is the sum of means: yuan → 万元 per year.
    const auto mean_wan = [&](std::size_t y, BudgetSlice slice) {
        return sim::mean_sd(cube->across_runs(y, slice)).mean / 1e4;
    };
    out.by_programme.assign(out.programmes.size(), std::vector<double>(n_years, 0.0));
    out.by_source.assign(out.sources.size(), std::vector<double>(n_years, 0.0));
    for (std::size_t y = 0; y < n_years; ++y) {
        for (std::size_t k = 0; k < out.programmes.size(); ++k) {
            out.by_programme[k][y] = mean_wan(y, {k, all_labels});
        }
        for (std::size_t src = 0; src < out.sources.size(); ++src) {
            out.by_source[src][y] = mean_wan(y, {all_labels, src});
        }
    }
    return true;
}

/// Stacked series, leaving out labels that never spend (most sources are unused by most regions).
std::string stack_series(const std::vector<std::string>& ids, const std::vector<std::vector<double>>& values,
                         const std::map<std::string, std::string>& labels)
{
    std::vector<std::string> series;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        bool any = false;
        for (const double v : values[i]) {
            any = any || v != 0;
        }
        if (!any) {
            continue;
        }
        const auto it = labels.find(ids[i]);
        series.push_back(Obj()
                             .str("name", it == labels.end() || it->second.empty() ? ids[i] : it->second)
                             .str("key", ids[i])
                             .raw("values", json_array(values[i]))
                             .done());
    }
    return json_list(series);
}

} // namespace

std::vector<Entry> entries(const std::vector<ReportFile>& files)
{
    static const ReportScenarioNotes none;
    if (files.empty()) {
        throw std::invalid_argument("no study file to report on");
    }
    std::vector<Entry> out;
    std::map<std::string, int> seen;
    for (const auto& f : files) {
        if (f.study.years != files.front().study.years) {
            auto span = [](const std::vector<int>& y) {
                return y.empty() ? std::string("no years") : std::to_string(y.front()) + "-" + std::to_string(y.back());
            };
            throw std::invalid_argument(f.path + ": covers " + span(f.study.years) + " but " + files.front().path +
                                        " covers " + span(files.front().study.years) +
                                        "; a report compares studies over the same years");
        }
        for (std::size_t i = 0; i < f.study.scenarios.size(); ++i) {
            Entry e{&f.study.scenarios[i], &f.study.meta, i < f.notes.size() ? &f.notes[i] : &none,
                    f.study.scenarios[i].name};
            // The same scenario run twice (other seed, other --set) must stay two lines in a legend.
            if (seen[e.label]++ > 0) {
                e.label += " (" + std::filesystem::path(f.path).filename().string() + ")";
                if (seen[e.label]++ > 0) {
                    e.label += " #" + std::to_string(seen[e.label]);
                }
            }
            out.push_back(e);
        }
    }
    if (out.empty()) {
        throw std::invalid_argument(files.front().path + ": the study holds no scenario");
    }
    return out;
}

Charts charts(const std::vector<Entry>& entries, const std::vector<int>& years, const ReportLayout& layout)
{
    Charts                   out;
    std::vector<std::string> charts;
    auto add = [&](Slot slot, Obj data) {
        slot.id = "chart-" + std::to_string(out.slots.size() + 1);
        charts.push_back(data.str("id", slot.id).str("title", slot.title).done());
        out.slots.push_back(std::move(slot));
    };
    const std::size_t n_years = years.size();
    const Entry&      base    = entries.front();
    const std::string runs_note =
        "mean and P5–P95 over " + std::to_string(base.scenario->runs.runs.size()) + " replications · 均值与5%–95%区间";

    for (const auto& metric : layout.trajectories) {
        std::string units;
        const auto  series = band_series(entries, metric.name, units);
        if (series.empty()) {
            continue;
        }
        add({"", "trajectories", metric.title, runs_note},
            Obj().str("kind", "band").str("metric", metric.name).str("units", units).raw("series", json_list(series)));
    }

    const auto paired = paired_with_base(entries);
    for (const auto& metric : layout.trajectories) {
        const int m_base = metric_index(*base.scenario, metric.name);
        if (entries.size() < 2 || m_base < 0) {
            continue;
        }
        std::vector<std::string> series;
        std::string              units = base.scenario->runs.metrics[static_cast<std::size_t>(m_base)].units;
        std::size_t              n_min = 0;
        std::string              unpaired;
        for (std::size_t i = 1; i < entries.size(); ++i) {
            const auto* d = paired[i] ? find_metric(*paired[i], metric.name) : nullptr;
            if (!paired[i]) {
                unpaired += (unpaired.empty() ? "" : ", ") + entries[i].label;
            }
            if (d == nullptr) {
                continue;
            }
            std::vector<double> mean, p05, p95;
            for (const auto& y : d->years) {
                mean.push_back(y.mean_diff), p05.push_back(y.p05), p95.push_back(y.p95);
            }
            const auto n = static_cast<std::size_t>(paired[i]->n_pairs);
            n_min        = n_min == 0 ? n : std::min(n_min, n);
            series.push_back(Obj()
                                 .str("name", entries[i].label + " − " + base.label)
                                 .raw("mean", json_array(mean))
                                 .raw("p05", json_array(p05))
                                 .raw("p95", json_array(p95))
                                 .done());
        }
        if (series.empty()) {
            continue;
        }
        std::string subtitle = "paired by replication (common random numbers), " + std::to_string(n_min) +
                               " pairs · 同一随机数配对差值";
        if (!unpaired.empty()) {
            subtitle += "; not paired (other seed or replications): " + unpaired;
        }
        add({"", "differences", metric.title + " — vs " + base.label, subtitle},
            Obj()
                .str("kind", "band")
                .str("metric", metric.name)
                .str("units", units)
                .raw("difference", "true")
                .raw("series", json_list(series)));
    }

    for (const auto& e : entries) {
        BudgetMeans b;
        if (!budget_means(*e.scenario, layout.budget_array, n_years, b)) {
            continue;
        }
        const std::string note = "mean per year over " + std::to_string(e.scenario->runs.runs.size()) +
                                 " replications, ceilings applied · 万元 (10,000 yuan)";
        add({"", "budget", e.label + ": 按项目 by programme", note},
            Obj().str("kind", "stack").str("units", "万元").str("scenario", e.label).raw(
                "series", stack_series(b.programmes, b.by_programme, e.notes->programme_labels)));
        add({"", "budget", e.label + ": 按资金来源 by funding source", note},
            Obj().str("kind", "stack").str("units", "万元").str("scenario", e.label).raw(
                "series", stack_series(b.sources, b.by_source, layout.source_labels)));
    }

    for (const auto& t : layout.timelines) {
        std::string units;
        const auto  stock = band_series(entries, t.stock, units);
        std::vector<std::string> flow;
        for (const auto& e : entries) {
            const int m = metric_index(*e.scenario, t.flow);
            if (m >= 0) {
                flow.push_back(Obj()
                                   .str("name", e.label)
                                   .raw("mean", json_array(e.scenario->summary[static_cast<std::size_t>(m)].mean))
                                   .done());
            }
        }
        if (stock.empty() && flow.empty()) {
            continue;
        }
        add({"", "timelines", t.title, "lines: still on the list at year end (P5–P95 shaded); bars: exits in the year (mean)"},
            Obj()
                .str("kind", "timeline")
                .str("stock_metric", t.stock)
                .str("flow_metric", t.flow)
                .str("units", units)
                .raw("stock", json_list(stock))
                .raw("flow", json_list(flow)));
    }

    std::vector<std::string> labels;
    for (const auto& e : entries) {
        labels.push_back(json_string(e.label));
    }
    std::vector<double> year_values(years.begin(), years.end());
    out.json = Obj()
                   .raw("years", json_array(year_values))
                   .raw("scenarios", json_list(labels))
                   .raw("charts", json_list(charts))
                   .done();
    return out;
}

} // namespace povsim::output::report
