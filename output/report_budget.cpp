#include "output/report_budget.h"

#include "output/budget_table.h"
#include "sim/ensemble_stats.h"
#include "sim/paired_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

namespace povsim::output::report {

namespace {

constexpr double yuan_per_wan = 1e4;

/// Mean over runs, per year and label, in 万元 (a mean of sums is the sum of means).
struct Means {
    std::vector<std::string>         ids;
    std::vector<std::vector<double>> values; ///< [label][year]
};

Means programme_means(const BudgetCube& cube)
{
    Means out{cube.programmes(), {}};
    for (std::size_t k = 0; k < out.ids.size(); ++k) {
        std::vector<double> v(cube.years());
        for (std::size_t y = 0; y < cube.years(); ++y) {
            v[y] = sim::mean_sd(cube.across_runs(y, {k, all_labels})).mean / yuan_per_wan;
        }
        out.values.push_back(std::move(v));
    }
    return out;
}

Means source_means(const BudgetCube& cube)
{
    Means out{cube.sources(), {}};
    for (std::size_t s = 0; s < out.ids.size(); ++s) {
        std::vector<double> v(cube.years());
        for (std::size_t y = 0; y < cube.years(); ++y) {
            v[y] = sim::mean_sd(cube.across_runs(y, {all_labels, s})).mean / yuan_per_wan;
        }
        out.values.push_back(std::move(v));
    }
    return out;
}

/// Series of labels that are not 0 in every year (most sources are unused by most regions).
std::string series_json(const Means& m, const std::map<std::string, std::string>& labels)
{
    std::vector<std::string> series;
    for (std::size_t i = 0; i < m.ids.size(); ++i) {
        if (std::all_of(m.values[i].begin(), m.values[i].end(), [](double v) { return v == 0; })) {
            continue;
        }
        const auto it = labels.find(m.ids[i]);
        series.push_back(Obj()
                             .str("name", it == labels.end() || it->second.empty() ? m.ids[i] : it->second)
                             .str("key", m.ids[i])
                             .raw("values", json_array(m.values[i]))
                             .done());
    }
    return json_list(series);
}

std::string percent(double share)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f %%", 100 * share);
    return buf;
}

/// Whole 万元 with thousands separators, as planners read them: -21,644.
std::string wan(double v, bool sign = false)
{
    if (!std::isfinite(v)) {
        return "–";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", std::abs(v));
    std::string digits = buf, out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return (v < 0 && out != "0" ? "−" : (sign && v > 0 ? "+" : "")) + out;
}

/// Each run's total of each year, [year][run], 万元.
std::vector<std::vector<double>> totals(const BudgetCube& cube)
{
    std::vector<std::vector<double>> out(cube.years());
    for (std::size_t y = 0; y < cube.years(); ++y) {
        out[y] = cube.across_runs(y, {});
        for (auto& v : out[y]) {
            v /= yuan_per_wan;
        }
    }
    return out;
}

/// Share of runs above @p ceiling in each year and in at least one year (a run counts once).
std::pair<std::vector<double>, double> shares_above(const std::vector<std::vector<double>>& by_year, double ceiling)
{
    std::vector<double> share;
    std::vector<double> worst(by_year.empty() ? 0 : by_year.front().size(), -INFINITY);
    for (const auto& runs : by_year) {
        share.push_back(share_above(runs, ceiling));
        for (std::size_t r = 0; r < runs.size(); ++r) {
            worst[r] = std::max(worst[r], runs[r]);
        }
    }
    return {share, share_above(worst, ceiling)};
}

/// The variant's runs reordered to the baseline's replication ids, or nothing when they cannot be
/// paired (another seed, or other replications): then only means are compared.
std::optional<std::vector<std::size_t>> pairing(const Entry& base, const Entry& var)
{
    if (base.meta->seed != var.meta->seed || base.scenario->runs.replication_ids.empty()) {
        return std::nullopt;
    }
    try {
        const auto pairs = sim::paired_rows(base.scenario->runs, base.label, var.scenario->runs, var.label);
        std::vector<std::size_t> order(pairs.size());
        for (const auto& [b, v] : pairs) {
            order[b] = v;
        }
        return order;
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

} // namespace

std::vector<PendingChart> budget_charts(const std::vector<Entry>& entries, const std::vector<int>& years,
                                        const ReportLayout& layout)
{
    std::vector<PendingChart> out;
    const Entry& base      = entries.front();
    const auto   base_cube = BudgetCube::find(*base.scenario, layout.budget_array);
    const auto   usable    = [&](const std::optional<BudgetCube>& c) { return c && c->runs() > 0 && c->years() == years.size(); };
    const std::string span = years.empty() ? "" : std::to_string(years.front()) + "–" + std::to_string(years.back());

    std::vector<std::vector<double>> base_totals;
    if (usable(base_cube)) {
        base_totals = totals(*base_cube);
        std::string note = "mean per year over " + std::to_string(base_cube->runs()) +
                           " replications, source ceilings applied · 万元 (10,000 yuan)";
        Obj data;
        data.str("kind", "stack").str("units", "万元").str("scenario", base.label).str("by", "programme");
        if (layout.ceiling_wan) {
            const auto [share, any] = shares_above(base_totals, *layout.ceiling_wan);
            note += ". 上限 Ceiling " + wan(*layout.ceiling_wan) + " 万元/年 (dashed line): replications above it ";
            for (std::size_t y = 0; y < years.size(); ++y) {
                note += (y ? ", " : "") + std::to_string(years[y]) + " " + percent(share[y]);
            }
            note += "; in any year " + percent(any) + " 超上限的重复次数占比";
            data.num("ceiling", *layout.ceiling_wan).raw("share_above", json_array(share)).num("share_above_any", any);
        }
        data.raw("series", series_json(programme_means(*base_cube), base.notes->programme_labels));
        out.push_back({{"", "budget", base.label + ": 按项目 by programme (baseline 基准)", note}, std::move(data)});
        Obj by_source;
        by_source.str("kind", "stack").str("units", "万元").str("scenario", base.label).str("by", "source").raw(
            "series", series_json(source_means(*base_cube), layout.source_labels));
        out.push_back({{"", "budget", base.label + ": 按资金来源 by funding source (baseline 基准)",
                        "mean per year over " + std::to_string(base_cube->runs()) + " replications · 万元"},
                       std::move(by_source)});
    }

    for (std::size_t i = 1; i < entries.size() && usable(base_cube); ++i) {
        const Entry& var      = entries[i];
        const auto   var_cube = BudgetCube::find(*var.scenario, layout.budget_array);
        if (!usable(var_cube)) {
            continue;
        }
        const auto name  = var.label + " − " + base.label;
        const auto order = pairing(base, var);
        if (order) {
            // Paired by replication id: on common random numbers the difference is the policy's cost.
            const auto          vt = totals(*var_cube);
            std::vector<double> mean, p05, p95, horizon_b(order->size(), 0.0), horizon_v(order->size(), 0.0);
            for (std::size_t y = 0; y < years.size(); ++y) {
                std::vector<double> v(order->size());
                for (std::size_t r = 0; r < order->size(); ++r) {
                    v[r] = vt[y][(*order)[r]];
                    horizon_b[r] += base_totals[y][r];
                    horizon_v[r] += v[r];
                }
                const auto st = sim::paired_stat(base_totals[y], v, sim::Better::lower);
                mean.push_back(st.mean_diff), p05.push_back(st.p05), p95.push_back(st.p95);
            }
            const auto h    = sim::paired_stat(horizon_b, horizon_v, sim::Better::lower);
            std::string sub = "total spending, paired by replication (common random numbers), " +
                              std::to_string(order->size()) + " pairs; over " + span + ": " + wan(h.mean_diff, true) +
                              " 万元 [P5 " + wan(h.p05, true) + ", P95 " + wan(h.p95, true) + "], lower in " +
                              percent(h.prob_better) + " of replications · 总支出配对差值";
            Obj data;
            data.str("kind", "band")
                .str("metric", "budget_total")
                .str("units", "万元")
                .raw("difference", "true")
                .str("variant", var.label)
                .num("horizon_mean", h.mean_diff)
                .num("horizon_p05", h.p05)
                .num("horizon_p95", h.p95);
            if (layout.ceiling_wan) {
                const auto any = shares_above(vt, *layout.ceiling_wan).second;
                sub += ". Variant above the ceiling (" + wan(*layout.ceiling_wan) + " 万元) in any year: " +
                       percent(any) + " of replications (baseline " +
                       percent(shares_above(base_totals, *layout.ceiling_wan).second) + ")";
                data.num("share_above_any", any);
            }
            data.raw("series", json_list({Obj()
                                              .str("name", name)
                                              .raw("mean", json_array(mean))
                                              .raw("p05", json_array(p05))
                                              .raw("p95", json_array(p95))
                                              .done()}));
            out.push_back({{"", "budget-differences", var.label + ": 总支出变化 Total spending − baseline", sub},
                           std::move(data)});
        }

        // By programme: difference of means, which needs no pairing; programmes matched by id.
        const auto bm = programme_means(*base_cube), vm = programme_means(*var_cube);
        Means      delta;
        auto       add = [&](const std::string& id, const std::vector<double>* b, const std::vector<double>* v) {
            std::vector<double> d(years.size());
            for (std::size_t y = 0; y < years.size(); ++y) {
                d[y] = (v ? (*v)[y] : 0.0) - (b ? (*b)[y] : 0.0);
            }
            delta.ids.push_back(id), delta.values.push_back(std::move(d));
        };
        for (std::size_t k = 0; k < bm.ids.size(); ++k) {
            const auto it = std::find(vm.ids.begin(), vm.ids.end(), bm.ids[k]);
            add(bm.ids[k], &bm.values[k], it == vm.ids.end() ? nullptr : &vm.values[static_cast<std::size_t>(it - vm.ids.begin())]);
        }
        for (std::size_t k = 0; k < vm.ids.size(); ++k) {
            if (std::find(bm.ids.begin(), bm.ids.end(), vm.ids[k]) == bm.ids.end()) {
                add(vm.ids[k], nullptr, &vm.values[k]);
            }
        }
        std::vector<double> net(years.size(), 0.0);
        for (const auto& d : delta.values) {
            for (std::size_t y = 0; y < years.size(); ++y) {
                net[y] += d[y];
            }
        }
        auto labels = base.notes->programme_labels;
        labels.insert(var.notes->programme_labels.begin(), var.notes->programme_labels.end());
        Obj data;
        data.str("kind", "delta_stack")
            .str("units", "万元")
            .str("variant", var.label)
            .str("name", name)
            .raw("net", json_array(net))
            .raw("series", series_json(delta, labels));
        out.push_back({{"", "budget-differences", var.label + ": 按项目变化 Change by programme − baseline",
                        std::string("variant minus baseline mean spending per year, 万元; line: net change") +
                            (order ? "" : " (not paired: other seed or replications)") + " · 各项目年均支出差"},
                       std::move(data)});
    }
    return out;
}

} // namespace povsim::output::report
