#pragma once
// Stage 6: the generic programme model (SPEC §5). Each programme of the scenario is processed
// in declaration order (its funding priority): continuing enrolments are paid and take effect,
// then new units are chosen in priority order up to the year's target and enrolled, each only
// if the fund ledger can pay for it (in row order where no ceiling can ever refuse a charge:
// the same units, paid in an order that only rounds sums differently). One function per effect kind; nothing is specific to a named
// programme, so a planner adds a programme by editing the scenario file alone.
#include "models/world.h"
#include "sim/pipeline.h"

namespace povsim::models {

/// @return whether programmes of kind @p k enrol units for years (top-ups and reimbursements
/// serve anew each year and keep no enrolment)
bool persistent(EffectKind k);

/// @return whether @p p serves villages (its per-unit state is per village, not per household)
bool village_kind(const Programme& p);

/// @brief Parse eligibility and size per-unit state for every programme of @p w's scenario.
void init_programmes(World& w);

/// @brief Stage 6: pay, apply and enrol every programme for the year.
void apply_programmes(World& w, const sim::StageContext& ctx);

/// @brief 15-bit random substream of a programme id (FNV-1a folded), so a programme's draws
/// do not depend on which other programmes the scenario has.
std::uint32_t programme_substream(const std::string& id);

/// @brief Phase-out multiplier of programme @p prog in @p year (1 without a schedule).
double phase_out_multiplier(const Programme& prog, int year);

/// @brief Top-up payment per person: up to @p standard, times the phase-out multiplier.
double top_up_payment_pc(double income_pc, double standard, double multiplier);

/// @brief Tier of the served household at rank @p rank (0 = largest gap) among @p served.
int tier_of(std::size_t rank, std::size_t served, const std::vector<double>& tier_shares);

/// @brief Medical assistance paid on @p oop (ratio above the deductible, capped).
double reimbursement_payment(double oop, double ratio, double deductible, double cap);

} // namespace povsim::models
