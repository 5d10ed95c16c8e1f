#include "scenarios/calibration.h"

#include "models/targets.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/study_runner.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace povsim::scenarios {
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

class Objective {
public:
    Objective(std::filesystem::path file, const std::vector<FitParameter>& params, const FitOptions& options)
        : m_file(std::move(file)), m_params(params), m_options(options)
    {
    }
    /// Runs the scenario at @p x; fills @p checks; returns the scaled residuals.
    Eigen::VectorXd operator()(const Eigen::VectorXd& x, std::vector<TargetCheck>& checks)
    {
        auto overrides = m_options.overrides;
        for (std::size_t j = 0; j < m_params.size(); ++j) {
            overrides.push_back(m_params[j].key + "=" + format_value(x(static_cast<Eigen::Index>(j))));
        }
        StudyRequest req;
        req.scenarios = {load_scenario(m_file, overrides)};
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
    std::filesystem::path            m_file;
    const std::vector<FitParameter>& m_params;
    const FitOptions&                m_options;
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
    const auto n = static_cast<Eigen::Index>(params.size());
    Eigen::VectorXd lo(n), hi(n), x(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        lo(j) = params[j].lo, hi(j) = params[j].hi, x(j) = params[j].start;
    }
    const auto loaded  = load_scenario(file, options.overrides);
    const auto& targets = loaded.params.targets;
    if (std::none_of(targets.begin(), targets.end(),
                     [](const models::Target& t) { return t.role == models::TargetRole::Calibration; })) {
        throw std::invalid_argument(file.string() + ": the scenario states no [[targets]] with role = \"calibration\" "
                                                    "to fit (accounting targets and checks are never fitted)");
    }
    Objective objective(file, params, options);
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
    out.cost        = cost;
    out.checks      = checks;
    out.evaluations = objective.evaluations;
    return out;
}

} // namespace povsim::scenarios
