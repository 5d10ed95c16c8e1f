#pragma once
// `povsim calibrate`: fit chosen scenario parameters so that the documented [[targets]] with
// role = "calibration" hold (SPEC §13); accounting targets and checks are never fitted. Least squares over Monte Carlo means, Levenberg–Marquardt with a finite-
// difference Jacobian (Eigen). Every evaluation uses the same seed and replications (common
// random numbers), so a parameter step changes the policy response, not the noise, and the
// objective is smooth enough for derivatives. A fitted key that the scenario gives a
// distribution is fitted by its location (models/uncertain.h), keeping its spread.
#include "app/validation.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace povsim::app {

/// @brief One parameter to fit: a dotted scenario key, its bounds and start value.
struct FitParameter {
    std::string key;
    double      lo = 0, hi = 1, start = 0.5;
};

/// @brief Parse "key=lo:hi" or "key=lo:hi:start" (start defaults to the midpoint).
FitParameter parse_fit_parameter(const std::string& text);

/// @brief How to fit.
struct FitOptions {
    int                          runs = 16;          ///< replications per evaluation
    std::optional<std::uint64_t> seed;               ///< default: the scenario's seed
    int                          threads = 0;
    int                          max_iterations = 12;
    std::vector<std::string>     overrides;          ///< other --set values, applied first
};

/// @brief The outcome of a fit.
struct FitResult {
    std::vector<double>      values;      ///< best value per parameter (a distribution's location)
    /// "key=value" per parameter, as `--set` takes it: a distribution's key gets its inline table
    /// moved to the best location, spread kept (models::with_location)
    std::vector<std::string> overrides;
    double                   cost = 0;    ///< sum of squared scaled residuals (each calibration target: miss / allowed miss)
    std::vector<TargetCheck> checks;      ///< every target (all roles) at the best values
    int                      evaluations = 0;
};

/// @brief Fit @p params of scenario @p file to its calibration targets; progress lines go to @p log.
/// @throws std::invalid_argument if the scenario states no calibration target (before any run), or if a
/// distribution cannot reach the bounds asked for without leaving its key's valid range (the message
/// gives the locations it can take)
FitResult calibrate(const std::filesystem::path& file, const std::vector<FitParameter>& params,
                    const FitOptions& options, std::ostream& log);

} // namespace povsim::app
