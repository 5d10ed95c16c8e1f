#include "app/validation.h"

#include "app/console_text.h"
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "models/target_echo.h"
#include "models/targets.h"
#include "sim/ensemble_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdio>
#include <numeric>
#include <optional>

namespace povsim::app {
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

/// @p fraction as a per cent, "3.2 %" (signed: "+3.2 %"); 0 prints as "0 %".
std::string percent(double fraction, bool sign)
{
    if (fraction == 0.0) {
        return "0 %";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, sign ? "%+.1f %%" : "%.1f %%", 100.0 * fraction);
    return buf;
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
        c.inside = models::band_meets(target, c.p05, c.p95);
        c.error  = models::target_error(target, c.mean);
        c.echo   = models::find_echo(target, params);
        checks.push_back(c);
    }
    return checks;
}

CheckTally tally_checks(const std::vector<TargetCheck>& checks)
{
    CheckTally          t;
    std::vector<double> errors;
    for (const auto& c : checks) {
        if (c.target.role != models::TargetRole::Check) {
            continue;
        }
        if (c.echo) {
            ++t.echoes;
            continue;
        }
        ++t.checks;
        t.inside += c.inside;
        if (!c.error.absolute && std::isfinite(c.error.value)) {
            errors.push_back(std::abs(c.error.value));
        }
    }
    t.relative         = errors.size();
    t.median_abs_error = errors.empty() ? std::numeric_limits<double>::quiet_NaN() : sim::quantile(errors, 0.5);
    return t;
}

std::string tally_line(const CheckTally& t)
{
    std::string line = "checks " + std::to_string(t.checks);
    if (t.echoes > 0) {
        line += " (" + std::to_string(t.echoes) + " echo" + (t.echoes == 1 ? "" : "es") + " left out)";
    }
    const std::string coverage =
        t.checks == 0 ? "–" : std::to_string(std::lround(100.0 * static_cast<double>(t.inside) / t.checks)) + " %";
    line += ", inside P5–P95 " + std::to_string(t.inside) + " (coverage " + coverage + "), median |error| " +
            (t.relative == 0 ? "–" : percent(t.median_abs_error, false));
    if (t.relative == 0 && t.checks > 0) {
        line += " (every check documents a 0: no relative error)";
    } else if (t.relative < t.checks) {
        line += " (over the " + std::to_string(t.relative) + " with a non-zero documented value)";
    }
    return line;
}

std::string error_text(const TargetCheck& c)
{
    if (!std::isfinite(c.error.value)) {
        return "–";
    }
    if (c.error.absolute) {
        char buf[48];
        std::snprintf(buf, sizeof buf, c.error.value == 0.0 ? "0 (abs)" : "%+.3g (abs)", c.error.value);
        return buf;
    }
    return percent(c.error.value, true);
}

bool targets_missed(const std::vector<TargetCheck>& checks, bool strict)
{
    for (const auto& c : checks) {
        if (!c.passes && (strict || c.target.role != models::TargetRole::Check)) {
            return true;
        }
    }
    return false;
}

void print_validation(std::ostream& os, const std::string& scenario, const std::vector<TargetCheck>& checks)
{
    using models::TargetRole;
    os << "\nValidation of " << scenario << " against its documents\n";
    if (checks.empty()) {
        os << "(the scenario states no targets)\n";
        return;
    }
    const std::pair<TargetRole, const char*> groups[] = {
        {TargetRole::Accounting, "Accounting (bookkeeping identities, not evidence)"},
        {TargetRole::Calibration, "Calibration (fitted)"},
        {TargetRole::Check, "Checks (held out: the evidence)"}};
    char buf[512];
    for (const auto& [role, title] : groups) {
        std::size_t n = 0, passed = 0;
        bool        any_absolute = false;
        for (const auto& c : checks) {
            n += c.target.role == role;
            passed += c.target.role == role && c.passes;
        }
        if (n == 0) {
            os << "\n" << title << ": none\n";
            continue;
        }
        os << "\n" << title << ": " << passed << " of " << n << " pass\n";
        // 117 columns; the source, often long, goes on a line of its own under each row.
        std::snprintf(buf, sizeof buf, "%-30s %-9s %-8s %11s %11s %21s %-6s %9s %s\n", "target", "years", "compare",
                      "documented", "simulated", "P5-P95", "inside", "error", "pass");
        os << buf;
        for (const auto& c : checks) {
            if (c.target.role != role) {
                continue;
            }
            const auto& t     = c.target;
            const auto  years = models::years_text(t);
            char band[64];
            std::snprintf(band, sizeof band, "%.6g-%.6g", c.p05, c.p95);
            std::snprintf(buf, sizeof buf, "%-30s %-9s %-8s %11.6g %11.6g %21s %-6s %9s %s\n", t.metric.c_str(),
                          years.c_str(), std::string(models::name_of(t.compare)).c_str(), t.value, c.mean, band,
                          c.inside ? "yes" : "no", error_text(c).c_str(), c.passes ? "ok" : "FAIL");
            os << buf;
            if (!t.source.empty()) {
                os << wrapped("source: " + t.source, 120, "    "); // sources run long: wrapped, never cut
            }
            if (c.echo) {
                os << "    ECHO (= " << *c.echo << "): restates an input, not evidence\n";
            }
            any_absolute = any_absolute || c.error.absolute;
        }
        if (any_absolute) {
            os << "    (abs): the documented value is 0, so the error is the absolute difference, not a per cent\n";
        }
    }
    os << "\n" << tally_line(tally_checks(checks)) << "\n";
}

} // namespace povsim::app
