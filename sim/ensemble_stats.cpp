#include "sim/ensemble_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

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
            double sum = 0;
            for (double x : v) {
                sum += x;
            }
            const double mean = sum / n;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            s.mean(y) = mean;
            s.sd(y)   = v.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
            s.se(y)   = s.sd(y) / std::sqrt(n);
            s.p05(y)  = quantile(v, 0.05);
            s.p50(y)  = quantile(v, 0.50);
            s.p95(y)  = quantile(v, 0.95);
        }
    }
    return out;
}

} // namespace povsim::sim
