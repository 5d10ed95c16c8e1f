#pragma once
// Stage 3, shocks (SPEC §7): regional price, village disaster, household illness with the
// medical reimbursement chain, disability onset, job loss and re-employment.
#include "models/world.h"
#include "sim/pipeline.h"

#include <cstdint>
#include <vector>

namespace povsim::models {

/// @brief Out-of-pocket cost after the reimbursement layers, applied in order.
/// @param poor whether poverty-specific layers and extras apply to the household
/// @param insured whether insurance layers (those not poor_only) apply
/// @param extra_multiplier transition phase-out multiplier on poor_extra_ratio
double out_of_pocket(double cost, const std::vector<ReimbursementLayer>& layers, bool poor, bool insured,
                     double extra_multiplier);

/// @brief A fixed number in [0, 1) per household row, uniform over rows: the order in which
/// post-exit support ends during the taper.
inline double support_rank(std::size_t i)
{
    std::uint64_t z = static_cast<std::uint64_t>(i) + 0x9E3779B97F4A7C15ull; // splitmix64 finaliser
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

/// @brief policy_applies for an exited household of row @p i, @p after years past its guaranteed
/// period (year − exit year − keep_policy_years), with @p taper = support_taper_years. Inline, for
/// the stage bits' pass over every household.
inline bool exited_support_continues(std::size_t i, int after, int taper)
{
    if (after <= 0) {
        return true;
    }
    if (after > taper) {
        return false;
    }
    // A fixed per-household rank (not a yearly draw): support, once ended, does not come back, and
    // the share still supported falls by 1/(taper+1) a year.
    return support_rank(i) < 1.0 - static_cast<double>(after) / (taper + 1);
}

/// @brief Whether poverty-specific policy applies to household @p i in @p year:
/// registered poor, monitored, or exited within keep_policy_years (四个不摘), then for a share of
/// households that falls over transition.support_taper_years. Inline: the year-end tally and the
/// illness shocks ask it row by row.
inline bool policy_applies(const World& w, std::size_t i, int year)
{
    const auto& hh = w.households;
    if (is_registered_poor(hh.status[i]) || hh.monitor[i] != MonitorKind::None) {
        return true;
    }
    if (hh.status[i] != Status::Exited) {
        return false;
    }
    const auto& tr = w.params->transition;
    return exited_support_continues(i, year - hh.exit_year[i] - tr.keep_policy_years, tr.support_taper_years);
}

/// @brief Stage 3: draw and apply this year's shocks.
void apply_shocks(World& w, const sim::StageContext& ctx);

} // namespace povsim::models
