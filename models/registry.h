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

/// @brief Monitoring kind for a household at risk, or None if it is not at risk.
MonitorKind monitoring_kind(Status status, double income_pc, double monitoring_line, bool hardship);

} // namespace povsim::models
