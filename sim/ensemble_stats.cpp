#include "sim/ensemble_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace povsim::sim {

double quantile(std::vector<double> values, double q)
{
    if (values.empty()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    std::sort(values.begin(), values.end());
    const double h    = q * static_cast<double>(values.size() - 1);
    const auto   lo   = static_cast<std::size_t>(std::floor(h));
    const auto   hi   = std::min(lo + 1, values.size() - 1);
    const double frac = h - static_cast<double>(lo);
    return values[lo] + frac * (values[hi] - values[lo]);
}

MeanSd mean_sd(const std::vector<double>& values)
{
    if (values.empty()) {
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    }
    const double n   = static_cast<double>(values.size());
    double       sum = 0;
    for (const double x : values) {
        sum += x;
    }
    const double mean = sum / n;
    double       ss   = 0;
    for (const double x : values) {
        ss += (x - mean) * (x - mean);
    }
    return {mean, values.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0};
}

std::vector<double> across_runs(const ReplicationSet& set, int metric, int year_index)
{
    std::vector<double> v;
    v.reserve(set.runs.size());
    for (const auto& cube : set.runs) {
        v.push_back(cube(metric, year_index));
    }
    return v;
}

std::vector<MetricSummary> summarise(const ReplicationSet& set)
{
    const int n_years = static_cast<int>(set.years.size());
    const double n    = static_cast<double>(set.runs.size());
    std::vector<MetricSummary> out(set.metrics.size());
    for (int m = 0; m < static_cast<int>(set.metrics.size()); ++m) {
        auto& s = out[m];
        for (auto* a : {&s.mean, &s.sd, &s.se, &s.p05, &s.p50, &s.p95}) {
            a->setConstant(n_years, std::numeric_limits<double>::quiet_NaN());
        }
        for (int y = 0; y < n_years; ++y) {
            const auto v = across_runs(set, m, y);
            if (v.empty()) {
                continue;
            }
            const auto [mean, sd] = mean_sd(v);
            s.mean(y) = mean;
            s.sd(y)   = sd;
            s.se(y)   = s.sd(y) / std::sqrt(n);
            s.p05(y)  = quantile(v, 0.05);
            s.p50(y)  = quantile(v, 0.50);
            s.p95(y)  = quantile(v, 0.95);
        }
    }
    return out;
}

std::vector<ArraySummary> summarise_arrays(const ReplicationSet& set)
{
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (set.array_runs.size() != set.arrays.size() && !(set.array_runs.empty() && set.runs.empty())) {
        throw std::invalid_argument("summarise_arrays: " + std::to_string(set.array_runs.size()) +
                                    " array run lists for " + std::to_string(set.arrays.size()) + " arrays");
    }
    std::vector<ArraySummary> out(set.arrays.size());
    for (std::size_t a = 0; a < set.arrays.size(); ++a) {
        const std::size_t size = set.arrays[a].size(set.years.size());
        const auto&       runs = set.array_runs.empty() ? std::vector<std::vector<double>>{} : set.array_runs[a];
        for (std::size_t r = 0; r < runs.size(); ++r) {
            if (runs[r].size() != size) {
                throw std::invalid_argument("summarise_arrays: array '" + set.arrays[a].path + "' has " +
                                            std::to_string(runs[r].size()) + " values in run " + std::to_string(r) +
                                            ", expected " + std::to_string(size));
            }
        }
        auto& s = out[a];
        for (auto* v : {&s.mean, &s.sd, &s.se, &s.p05, &s.p50, &s.p95}) {
            v->assign(size, nan);
        }
        if (runs.empty()) {
            continue;
        }
        const double        n = static_cast<double>(runs.size());
        std::vector<double> v(runs.size());
        for (std::size_t i = 0; i < size; ++i) {
            for (std::size_t r = 0; r < runs.size(); ++r) {
                v[r] = runs[r][i];
            }
            const auto [mean, sd] = mean_sd(v);
            s.mean[i] = mean;
            s.sd[i]   = sd;
            s.se[i]   = s.sd[i] / std::sqrt(n);
            s.p05[i]  = quantile(v, 0.05);
            s.p50[i]  = quantile(v, 0.50);
            s.p95[i]  = quantile(v, 0.95);
        }
    }
    return out;
}

} // namespace povsim::sim
