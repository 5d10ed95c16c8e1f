#pragma once
// Stage 5 (identification) and stage 7 (assessment): who enters the registry or
// monitoring, who exits, who returns, and which villages and counties leave their lists.
#include "models/world.h"
#include "sim/pipeline.h"

namespace povsim::models {

/// @brief Stage 5: register households below the line (动态调整) while registration is
/// open; from the monitoring start year, flag at-risk households as monitored.
void identify(World& w, const sim::StageContext& ctx);

/// @brief Stage 7: household exit (margin, consecutive years, basic needs, verification),
/// return, monitoring exit, village exit, county exit.
void assess(World& w, const sim::StageContext& ctx);

/// @brief What identification knows of a household's risks this year (the 2021 guidance's
/// three triggers: income in the monitoring range, sudden hardship, a basic need at risk).
struct RiskSignals {
    bool hardship    = false; ///< large rigid expense or large income drop this year
    bool income_fell = true;  ///< own income fell (or the scenario does not require a fall)
    bool needs_unmet = false; ///< a basic need unmet, where the scenario counts it as a risk (exited
                              ///< households at any income, others only below the monitoring line)
};

/// @brief Monitoring kind for a household at risk, or None if it is not at risk.
MonitorKind monitoring_kind(Status status, double income_pc, double monitoring_line, RiskSignals risks);

/// @brief Exit pathway of household @p i certified at @p exit_line: the first income layer at which
/// its income crosses the line, in the order market (wages or farm/business, the larger), transfers,
/// safety-net top-up.
Pathway exit_pathway(const HouseholdTable& hh, std::size_t i, double exit_line);

} // namespace povsim::models
