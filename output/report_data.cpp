#include "output/report_data.h"

#include "output/report_budget.h"
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

std::string json_array(const std::vector<double>& values)
{
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += (i ? "," : "") + json_number(values[i]);
    }
    return out + "]";
}

std::string json_list(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? "," : "") + items[i];
    }
    return out + "]";
}

Obj& Obj::raw(std::string_view key, const std::string& json)
{
    m_text += (m_text.size() > 1 ? "," : "") + json_string(key) + ":" + json;
    return *this;
}

Obj& Obj::str(std::string_view key, std::string_view value) { return raw(key, json_string(value)); }

Obj& Obj::num(std::string_view key, double value) { return raw(key, json_number(value)); }

namespace {

/// An Eigen row as a std::vector for json_array.
std::vector<double> values_of(const Eigen::ArrayXd& a) { return {a.data(), a.data() + a.size()}; }

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
                             .raw("mean", json_array(values_of(s.mean)))
                             .raw("p05", json_array(values_of(s.p05)))
                             .raw("p95", json_array(values_of(s.p95)))
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

/// Whether a metric is 0 in every year (mean and P95) for every scenario that holds it.
bool all_zero(const std::vector<Entry>& entries, const std::string& metric)
{
    for (const auto& e : entries) {
        const int m = metric_index(*e.scenario, metric);
        if (m < 0) {
            continue;
        }
        const auto& s = e.scenario->summary[static_cast<std::size_t>(m)];
        if ((s.mean != 0).any() || (s.p95 != 0).any()) {
            return false;
        }
    }
    return true;
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

    for (auto& c : budget_charts(entries, years, layout)) {
        add(std::move(c.slot), std::move(c.data));
    }

    for (const auto& t : layout.timelines) {
        // A region without poor villages (or counties) gets no chart of zeros.
        if (all_zero(entries, t.stock) && all_zero(entries, t.flow)) {
            continue;
        }
        std::string units;
        const auto  stock = band_series(entries, t.stock, units);
        std::vector<std::string> flow;
        for (const auto& e : entries) {
            const int m = metric_index(*e.scenario, t.flow);
            if (m >= 0) {
                flow.push_back(Obj()
                                   .str("name", e.label)
                                   .raw("mean", json_array(values_of(e.scenario->summary[static_cast<std::size_t>(m)].mean)))
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
