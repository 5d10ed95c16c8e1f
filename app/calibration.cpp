#include "app/calibration.h"

#include "models/targets.h"
#include "models/uncertain_keys.h"
#include "scenarios/scenario_loader.h"
#include "app/study_runner.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

namespace povsim::app {
namespace {

/// Residual of each calibration target in units of its tolerance: |r| <= 1 means it passes.
/// Accounting targets and checks are not fitted: checks must stay held out to be evidence.
Eigen::VectorXd scaled_residuals(const models::Parameters& p, const std::vector<TargetCheck>& checks)
{
    std::vector<double> r;
    for (const auto& c : checks) {
        if (c.target.role != models::TargetRole::Calibration) {
            continue;
        }
        std::string error;
        const auto  ref     = models::resolve_target(c.target.metric, p, error); // the loader checked it
        const double scale  = std::max(ref ? models::allowed_miss(c.target, *ref) : 0.0, 1e-9);
        r.push_back(models::miss(c.target, c.mean) / scale);
    }
    return Eigen::Map<Eigen::VectorXd>(r.data(), static_cast<Eigen::Index>(r.size()));
}

std::string format_value(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

/// A fitted key and how a value of it is written as a --set override: a number, or, when the
/// scenario gives the key a distribution, that distribution moved so its location is the value
/// (its spread kept), so calibration fits where the uncertainty lies, not a fixed value.
struct FitKey {
    FitParameter                     param; ///< bounds narrowed so a moved distribution stays in the key's range
    std::optional<models::Uncertain> dist;

    std::string override_at(double x) const
    {
        return param.key + "=" + (dist ? models::to_toml(models::with_location(*dist, x)) : format_value(x));
    }
};

/// @brief The fitted keys of @p scenario: distributions found and their bounds narrowed.
std::vector<FitKey> fit_keys(const models::Parameters& scenario, const std::vector<FitParameter>& params)
{
    std::vector<FitKey> out;
    for (const auto& param : params) {
        FitKey k{param, std::nullopt};
        const models::Uncertain* u = models::find_uncertain(scenario, param.key);
        if (u != nullptr && !u->is_fixed()) {
            const auto [lo, hi] = models::location_range(*u);
            k.dist              = *u;
            k.param.lo = std::max(param.lo, lo), k.param.hi = std::min(param.hi, hi);
            if (!(k.param.lo < k.param.hi)) {
                throw std::invalid_argument("--param '" + param.key + "=" + format_value(param.lo) + ":" +
                                            format_value(param.hi) + "': " + models::describe(*u) +
                                            " keeps its spread inside the key's range only for locations in [" +
                                            format_value(lo) + ", " + (hi < 1e299 ? format_value(hi) + "]" : "inf)"));
            }
            k.param.start = std::clamp(param.start, k.param.lo, k.param.hi);
        }
        out.push_back(std::move(k));
    }
    return out;
}

class Objective {
public:
    Objective(std::filesystem::path file, const std::vector<FitKey>& keys, const FitOptions& options)
        : m_file(std::move(file)), m_keys(keys), m_options(options)
    {
    }
    /// Runs the scenario at @p x; fills @p checks; returns the scaled residuals.
    Eigen::VectorXd operator()(const Eigen::VectorXd& x, std::vector<TargetCheck>& checks)
    {
        auto overrides = m_options.overrides;
        for (std::size_t j = 0; j < m_keys.size(); ++j) {
            overrides.push_back(m_keys[j].override_at(x(static_cast<Eigen::Index>(j))));
        }
        StudyRequest req;
        req.scenarios = {scenarios::load_scenario(m_file, overrides)};
        req.runs      = m_options.runs;
        req.seed      = m_options.seed;
        req.threads   = m_options.threads;
        const auto study = run_study(req);
        checks           = check_targets(req.scenarios.front().params, study.scenarios.front());
        ++evaluations;
        return scaled_residuals(req.scenarios.front().params, checks);
    }
    int evaluations = 0;

private:
    std::filesystem::path      m_file;
    const std::vector<FitKey>& m_keys;
    const FitOptions&          m_options;
};

} // namespace

FitParameter parse_fit_parameter(const std::string& text)
{
    const auto eq = text.find('=');
    FitParameter p;
    if (eq == std::string::npos || eq == 0) {
        throw std::invalid_argument("--param '" + text + "': expected key=lo:hi or key=lo:hi:start");
    }
    p.key = text.substr(0, eq);
    std::vector<double> v;
    std::size_t pos = eq + 1;
    while (pos <= text.size()) {
        const auto next = text.find(':', pos);
        const auto part = text.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        try {
            std::size_t used = 0;
            v.push_back(std::stod(part, &used));
            if (used != part.size()) {
                throw std::invalid_argument(part);
            }
        } catch (const std::exception&) {
            throw std::invalid_argument("--param '" + text + "': '" + part + "' is not a number");
        }
        if (next == std::string::npos) {
            break;
        }
        pos = next + 1;
    }
    if (v.size() < 2 || v.size() > 3 || !(v[0] < v[1])) {
        throw std::invalid_argument("--param '" + text + "': expected key=lo:hi or key=lo:hi:start with lo < hi");
    }
    p.lo = v[0], p.hi = v[1];
    p.start = v.size() == 3 ? std::clamp(v[2], p.lo, p.hi) : 0.5 * (p.lo + p.hi);
    return p;
}

FitResult calibrate(const std::filesystem::path& file, const std::vector<FitParameter>& params,
                    const FitOptions& options, std::ostream& log)
{
    const auto scenario = scenarios::load_scenario(file, options.overrides);
    const auto keys     = fit_keys(scenario.params, params);
    const auto n    = static_cast<Eigen::Index>(keys.size());
    Eigen::VectorXd lo(n), hi(n), x(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const auto& p = keys[static_cast<std::size_t>(j)].param;
        lo(j) = p.lo, hi(j) = p.hi, x(j) = p.start;
    }
    const auto& targets = scenario.params.targets;
    if (std::none_of(targets.begin(), targets.end(),
                     [](const models::Target& t) { return t.role == models::TargetRole::Calibration; })) {
        throw std::invalid_argument(file.string() + ": the scenario states no [[targets]] with role = \"calibration\" "
                                                    "to fit (accounting targets and checks are never fitted)");
    }
    Objective objective(file, keys, options);
    std::vector<TargetCheck> checks, trial_checks;
    Eigen::VectorXd r    = objective(x, checks);
    double          cost = r.squaredNorm();
    auto report = [&](const char* what) {
        log << what << " cost " << format_value(cost) << " at";
        for (Eigen::Index j = 0; j < n; ++j) {
            log << " " << params[j].key << "=" << format_value(x(j));
        }
        log << "\n";
    };
    report("start");
    double lambda = 1e-2;
    for (int it = 0; it < options.max_iterations && r.cwiseAbs().maxCoeff() > 1.0; ++it) {
        // Forward differences of 5 % of each range, backwards at the upper bound.
        Eigen::MatrixXd J(r.size(), n);
        for (Eigen::Index j = 0; j < n; ++j) {
            Eigen::VectorXd xj = x;
            const double    h  = 0.05 * (hi(j) - lo(j));
            xj(j)              = x(j) + h <= hi(j) ? x(j) + h : x(j) - h;
            J.col(j)           = (objective(xj, trial_checks) - r) / (xj(j) - x(j));
        }
        const Eigen::MatrixXd A = J.transpose() * J;
        const Eigen::VectorXd g = J.transpose() * r;
        bool improved = false;
        for (int attempt = 0; attempt < 6 && !improved; ++attempt) {
            Eigen::MatrixXd damped = A;
            damped.diagonal() += lambda * A.diagonal() + Eigen::VectorXd::Constant(n, 1e-12);
            const Eigen::VectorXd step = damped.ldlt().solve(-g);
            const Eigen::VectorXd xn   = (x + step).cwiseMax(lo).cwiseMin(hi);
            const Eigen::VectorXd rn   = objective(xn, trial_checks);
            if (rn.squaredNorm() < cost) {
                x = xn, r = rn, cost = rn.squaredNorm(), checks = trial_checks;
                lambda   = std::max(lambda / 3.0, 1e-6);
                improved = true;
            } else {
                lambda *= 4.0;
            }
        }
        report(improved ? "step " : "stuck");
        if (!improved) {
            break;
        }
    }
    FitResult out;
    out.values.assign(x.data(), x.data() + n);
    for (Eigen::Index j = 0; j < n; ++j) {
        out.overrides.push_back(keys[static_cast<std::size_t>(j)].override_at(x(j)));
    }
    out.cost        = cost;
    out.checks      = checks;
    out.evaluations = objective.evaluations;
    return out;
}

} // namespace povsim::app
