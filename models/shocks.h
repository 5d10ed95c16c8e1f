#pragma once
// Stage 3, shocks (SPEC §7): regional price, village disaster, household illness with the
// medical reimbursement chain, disability onset, job loss and re-employment.
#include "models/world.h"
#include "sim/pipeline.h"

#include <vector>

namespace povsim::models {

/// @brief Out-of-pocket cost after the reimbursement layers, applied in order.
/// @param poor whether poverty-specific layers and extras apply to the household
/// @param insured whether insurance layers (those not poor_only) apply
/// @param extra_multiplier transition phase-out multiplier on poor_extra_ratio
double out_of_pocket(double cost, const std::vector<ReimbursementLayer>& layers, bool poor, bool insured,
                     double extra_multiplier);

/// @brief Whether poverty-specific policy applies to household @p i in @p year:
/// registered poor, monitored, or exited within keep_policy_years (四个不摘), then for a share of
/// households that falls over transition.support_taper_years.
bool policy_applies(const World& w, std::size_t i, int year);

/// @brief A fixed number in [0, 1) per household row, uniform over rows: the order in which
/// post-exit support ends during the taper.
double support_rank(std::size_t i);

/// @brief Stage 3: draw and apply this year's shocks.
void apply_shocks(World& w, const sim::StageContext& ctx);

} // namespace povsim::models
