#include "sim/paired_stats.h"

#include "sim/ensemble_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace povsim::sim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// @brief Row of each replication id in @p set; throws if an id appears twice (pairing would be ambiguous).
std::map<int, std::size_t> rows_by_id(const ReplicationSet& set, const std::string& name)
{
    std::map<int, std::size_t> rows;
    for (std::size_t r = 0; r < set.replication_ids.size(); ++r) {
        if (!rows.emplace(set.replication_ids[r], r).second) {
            throw std::invalid_argument(name + ": replication " + std::to_string(set.replication_ids[r]) +
                                        " appears twice");
        }
    }
    if (rows.size() != set.runs.size()) {
        throw std::invalid_argument(name + ": " + std::to_string(set.runs.size()) + " runs but " +
                                    std::to_string(rows.size()) + " replication ids");
    }
    return rows;
}

Eigen::Index metric_row(const ReplicationSet& set, const std::string& metric)
{
    for (std::size_t m = 0; m < set.metrics.size(); ++m) {
        if (set.metrics[m].name == metric) {
            return static_cast<Eigen::Index>(m);
        }
    }
    throw std::invalid_argument("no metric '" + metric + "' in the study");
}

Eigen::Index year_column(const ReplicationSet& set, int year)
{
    const auto it = std::find(set.years.begin(), set.years.end(), year);
    if (it == set.years.end()) {
        throw std::invalid_argument("year " + std::to_string(year) + " is not in the study");
    }
    return static_cast<Eigen::Index>(it - set.years.begin());
}

} // namespace

std::vector<std::pair<std::size_t, std::size_t>> paired_rows(const ReplicationSet& baseline, const std::string& baseline_name,
                                                             const ReplicationSet& variant, const std::string& variant_name)
{
    const auto base_rows = rows_by_id(baseline, baseline_name);
    const auto var_rows  = rows_by_id(variant, variant_name);
    const bool same_ids  = base_rows.size() == var_rows.size() &&
                          std::equal(base_rows.begin(), base_rows.end(), var_rows.begin(),
                                     [](const auto& a, const auto& c) { return a.first == c.first; });
    if (!same_ids) {
        throw std::invalid_argument(variant_name + " and " + baseline_name +
                                    " do not hold the same replications, so their runs cannot be paired");
    }
    std::vector<std::pair<std::size_t, std::size_t>> out;
    // Both maps iterate ids in ascending order, so position k pairs one replication.
    for (auto bi = base_rows.begin(), vi = var_rows.begin(); bi != base_rows.end(); ++bi, ++vi) {
        out.emplace_back(bi->second, vi->second);
    }
    return out;
}

PairedValues paired_window(const ReplicationSet& baseline, const ReplicationSet& variant, const std::string& metric,
                           int first_year, int last_year, WindowReduce reduce)
{
    const auto rows = paired_rows(baseline, "baseline", variant, "variant");
    const auto mb = metric_row(baseline, metric), mv = metric_row(variant, metric);
    const auto b0 = year_column(baseline, first_year), b1 = year_column(baseline, last_year);
    const auto v0 = year_column(variant, first_year), v1 = year_column(variant, last_year);
    const auto value = [&](const ResultCube& run, Eigen::Index m, Eigen::Index y0, Eigen::Index y1) {
        return reduce == WindowReduce::last ? run(m, y1) : run.row(m).segment(y0, y1 - y0 + 1).sum();
    };
    PairedValues out;
    for (const auto& [b, v] : rows) {
        out.replication_ids.push_back(baseline.replication_ids[b]);
        out.baseline.push_back(value(baseline.runs[b], mb, b0, b1));
        out.variant.push_back(value(variant.runs[v], mv, v0, v1));
    }
    return out;
}

const char* to_string(Better better)
{
    switch (better) {
    case Better::lower: return "lower";
    case Better::higher: return "higher";
    case Better::none: break;
    }
    return "none";
}

PairedStat paired_stat(const std::vector<double>& baseline, const std::vector<double>& variant, Better better)
{
    if (baseline.size() != variant.size()) {
        throw std::invalid_argument("paired_stat: " + std::to_string(baseline.size()) + " baseline values but " +
                                    std::to_string(variant.size()) + " variant values");
    }
    PairedStat s;
    s.n = static_cast<int>(baseline.size());
    if (baseline.empty()) {
        for (double* f : {&s.mean_baseline, &s.mean_variant, &s.mean_diff, &s.sd, &s.se, &s.p05, &s.p50, &s.p95,
                          &s.prob_better, &s.unpaired_p05, &s.unpaired_p95, &s.narrowing}) {
            *f = nan;
        }
        return s;
    }
    std::vector<double> diff(baseline.size());
    int                 better_count = 0;
    for (std::size_t i = 0; i < diff.size(); ++i) {
        diff[i] = variant[i] - baseline[i];
        better_count += (better == Better::lower && diff[i] < 0) || (better == Better::higher && diff[i] > 0);
    }
    const auto b = mean_sd(baseline), v = mean_sd(variant), d = mean_sd(diff);
    s.mean_baseline = b.mean;
    s.mean_variant  = v.mean;
    s.mean_diff     = d.mean;
    s.sd            = d.sd;
    s.se            = d.sd / std::sqrt(static_cast<double>(s.n));
    s.p05           = quantile(diff, 0.05);
    s.p50           = quantile(diff, 0.50);
    s.p95           = quantile(diff, 0.95);
    s.prob_better   = better == Better::none ? nan : static_cast<double>(better_count) / s.n;
    const double half = z95 * std::sqrt(b.sd * b.sd + v.sd * v.sd);
    s.unpaired_p05  = d.mean - half;
    s.unpaired_p95  = d.mean + half;
    const double width = s.p95 - s.p05;
    s.narrowing     = width > 0 ? 2 * half / width : nan;
    return s;
}

PairedComparison compare_paired(const std::string& baseline_name, const ReplicationSet& baseline,
                                const std::string& variant_name, const ReplicationSet& variant,
                                const BetterFn& better)
{
    if (baseline.years != variant.years) {
        throw std::invalid_argument(variant_name + " and " + baseline_name + " cover different years");
    }
    const auto rows = paired_rows(baseline, baseline_name, variant, variant_name);
    PairedComparison out{variant_name, baseline_name, baseline.years, static_cast<int>(rows.size()), {}};
    std::map<std::string, int> variant_metric;
    for (std::size_t m = 0; m < variant.metrics.size(); ++m) {
        variant_metric.emplace(variant.metrics[m].name, static_cast<int>(m));
    }
    std::vector<double> b(rows.size()), v(rows.size());
    for (std::size_t mb = 0; mb < baseline.metrics.size(); ++mb) {
        const auto it = variant_metric.find(baseline.metrics[mb].name);
        if (it == variant_metric.end()) {
            continue;
        }
        const auto&      info = baseline.metrics[mb];
        MetricComparison mc{info.name, info.units, info.description, better(info.name), {}};
        for (std::size_t y = 0; y < baseline.years.size(); ++y) {
            for (std::size_t k = 0; k < rows.size(); ++k) {
                b[k] = baseline.runs[rows[k].first](static_cast<Eigen::Index>(mb), static_cast<Eigen::Index>(y));
                v[k] = variant.runs[rows[k].second](it->second, static_cast<Eigen::Index>(y));
            }
            mc.years.push_back(paired_stat(b, v, mc.better));
        }
        out.metrics.push_back(std::move(mc));
    }
    return out;
}

} // namespace povsim::sim
