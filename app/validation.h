#pragma once
// `povsim validate`: each documented target of a scenario against its simulated
// distribution (SPEC §13), grouped by role: accounting identities (bookkeeping, not
// evidence), calibration targets (fitted) and checks (held out: the evidence).
#include "models/parameters.h"
#include "models/targets.h"
#include "output/study.h"

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace povsim::app {

/// @brief One target checked against the replications of one scenario.
struct TargetCheck {
    models::Target target;
    double mean = 0, p05 = 0, p95 = 0;
    bool   passes = false; ///< the mean meets the target within its tolerance (models::within_tolerance)
    bool   inside = false; ///< the band P5–P95 meets the target (models::band_meets)
    models::TargetError        error; ///< signed; relative, or absolute for a documented 0
    std::optional<std::string> echo;  ///< the scenario input a calibration or check target restates
};

/// @brief Evaluate every target of @p params on the replications in @p out, and audit it for echoes.
std::vector<TargetCheck> check_targets(const models::Parameters& params, const output::ScenarioOutput& out);

/// @brief The evidence of one scenario: its checks, echoes left out.
struct CheckTally {
    std::size_t checks   = 0; ///< checks that are not echoes
    std::size_t inside   = 0; ///< of which the band meets the value
    std::size_t echoes   = 0; ///< checks left out as echoes
    std::size_t relative = 0; ///< checks with a relative error (a documented 0 has none)
    double median_abs_error = 0; ///< median |error| over those, a fraction; NaN when there are none
};
CheckTally tally_checks(const std::vector<TargetCheck>& checks);

/// @brief "checks N, inside P5–P95 k (coverage xx %), median |error| yy %", with what was left out.
std::string tally_line(const CheckTally& tally);

/// @brief The error as printed: "+3.2 %", "0 %" (a bound met), "+12 (abs)" for a documented 0.
std::string error_text(const TargetCheck& check);

/// @brief Whether the verdict is a miss (exit 3): an accounting or calibration target fails, or,
/// when @p strict, any check fails. A failing check alone is reported, not a miss.
bool targets_missed(const std::vector<TargetCheck>& checks, bool strict);

/// @brief The validation table of one scenario, in three groups, and its tally line.
void print_validation(std::ostream& os, const std::string& scenario, const std::vector<TargetCheck>& checks);

} // namespace povsim::app
