#include "scenarios/validation.h"

#include "models/metrics.h"
#include "models/poverty_model.h"
#include "models/targets.h"
#include "sim/ensemble_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdio>
#include <numeric>
#include <optional>

namespace povsim::scenarios {
namespace {

/// Whether @p sc holds this engine's metrics and arrays in this engine's order.
bool in_engine_order(const output::ScenarioOutput& sc, const models::Parameters& params)
{
    const auto& metrics = models::metric_infos();
    const auto  arrays  = models::result_arrays(params);
    if (sc.runs.metrics.size() != metrics.size() || sc.runs.arrays.size() != arrays.size()) {
        return false;
    }
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        if (sc.runs.metrics[m].name != metrics[m].name) {
            return false;
        }
    }
    for (std::size_t a = 0; a < arrays.size(); ++a) {
        if (sc.runs.arrays[a].path != arrays[a].path || sc.runs.arrays[a].dim_labels != arrays[a].dim_labels) {
            return false;
        }
    }
    return true;
}

/// Targets read metrics and arrays by their position in this engine's tables; a file
/// written by another version may hold them in another order, or lack some. The runs are
/// rearranged by name, and what the file lacks reads as NaN (shown as "–", never as a wrong number).
output::ScenarioOutput aligned_to_engine(const output::ScenarioOutput& sc, const models::Parameters& params)
{
    output::ScenarioOutput out;
    out.runs.years           = sc.runs.years;
    out.runs.replication_ids = sc.runs.replication_ids;
    out.runs.metrics         = models::metric_infos();
    out.runs.arrays          = models::result_arrays(params);
    const double nan         = std::numeric_limits<double>::quiet_NaN();
    const auto   n_years     = static_cast<Eigen::Index>(sc.runs.years.size());
    for (const auto& cube : sc.runs.runs) {
        const auto n_metrics = static_cast<Eigen::Index>(out.runs.metrics.size());
        sim::ResultCube c = sim::ResultCube::Constant(n_metrics, n_years, nan);
        for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
            const int to = models::metric_index(sc.runs.metrics[m].name);
            if (to >= 0 && cube.cols() == n_years) {
                c.row(to) = cube.row(static_cast<Eigen::Index>(m));
            }
        }
        out.runs.runs.push_back(std::move(c));
    }
    for (const auto& info : out.runs.arrays) {
        const auto size = info.size(sc.runs.years.size());
        std::vector<std::vector<double>> runs(sc.runs.runs.size(), std::vector<double>(size, nan));
        for (std::size_t a = 0; a < sc.runs.arrays.size() && a < sc.runs.array_runs.size(); ++a) {
            // Same path and labels, else the flattened layouts differ.
            if (sc.runs.arrays[a].path == info.path && sc.runs.arrays[a].dim_labels == info.dim_labels &&
                sc.runs.array_runs[a].size() == runs.size()) {
                runs = sc.runs.array_runs[a];
            }
        }
        out.runs.array_runs.push_back(std::move(runs));
    }
    return out;
}

} // namespace


std::vector<TargetCheck> check_targets(const models::Parameters& params, const output::ScenarioOutput& out)
{
    std::vector<TargetCheck> checks;
    // A study this engine just ran is already in its order; only a file read back may not be.
    std::optional<output::ScenarioOutput> aligned;
    if (!in_engine_order(out, params)) {
        aligned = aligned_to_engine(out, params);
    }
    const auto& set = aligned ? aligned->runs : out.runs;
    for (const auto& target : params.targets) {
        std::string error;
        const auto  ref = models::resolve_target(target.metric, params, error); // the loader checked it
        std::vector<double> values;
        for (std::size_t r = 0; r < set.runs.size() && ref; ++r) {
            std::vector<std::vector<double>> arrays;
            for (const auto& a : set.array_runs) {
                arrays.push_back(a[r]);
            }
            values.push_back(models::target_value(target, *ref, set.runs[r], arrays, params));
        }
        TargetCheck c;
        c.target = target;
        c.mean   = values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / values.size();
        c.p05    = sim::quantile(values, 0.05);
        c.p95    = sim::quantile(values, 0.95);
        c.passes = ref && models::within_tolerance(target, *ref, c.mean);
        // Rounding must not push a documented value out of a band it sits on (e.g. P5 = P95).
        const double eps = 1e-9 * std::max(1.0, std::abs(target.value));
        c.inside         = target.value >= c.p05 - eps && target.value <= c.p95 + eps;
        checks.push_back(c);
    }
    return checks;
}

bool print_validation(std::ostream& os, const std::string& scenario, const std::vector<TargetCheck>& checks)
{
    os << "\nValidation of " << scenario << " against its documents\n";
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-34s %-10s %14s %14s %27s %-7s %-5s  %s\n", "target", "years", "documented",
                  "simulated", "P5-P95", "inside", "pass", "source");
    os << buf;
    bool all = true;
    for (const auto& c : checks) {
        const auto& t     = c.target;
        const std::string years = std::to_string(t.year) + (t.to_year > 0 ? "-" + std::to_string(t.to_year) : "");
        char band[64];
        std::snprintf(band, sizeof band, "%.6g-%.6g", c.p05, c.p95);
        std::snprintf(buf, sizeof buf, "%-34s %-10s %14.6g %14.6g %27s %-7s %-5s  %s\n", t.metric.c_str(), years.c_str(),
                      t.value, c.mean, band, c.inside ? "yes" : "no", c.passes ? "ok" : "FAIL", t.source.c_str());
        os << buf;
        all = all && c.passes;
    }
    std::size_t passed = 0;
    for (const auto& c : checks) {
        passed += c.passes;
    }
    os << passed << " of " << checks.size() << " targets within tolerance"
       << (checks.empty() ? " (the scenario states no targets)" : "") << "\n";
    return all;
}

} // namespace povsim::scenarios
