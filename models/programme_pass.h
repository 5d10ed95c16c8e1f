#pragma once
// One programme's pass over its units in a year (models/programmes.cpp), and the choice of the
// units its quota reaches (models/programme_candidates.cpp): internal to the programme stage.
#include "models/candidate_rank.h"
#include "models/household_table.h"
#include "models/world.h"
#include "sim/pipeline.h"

#include <cstdint>
#include <vector>

namespace povsim::models {

/// Everything one programme's pass needs, bundled so the per-kind helpers stay small.
struct ProgrammePass {
    World&                  w;
    const sim::StageContext& ctx;
    const Programme&        prog;
    ProgrammeState&         state;
    int                     index;      ///< programme row in the ledger
    double                  multiplier; ///< phase-out of the year: payments of yearly kinds, new enrolments of the others
    bool                    open;       ///< within [start_year, end_year]: may enrol and pay

    sim::CounterRng rng(std::size_t unit) const
    {
        return ctx.streams.stream(ctx.year, sim::DrawPurpose::Programme, static_cast<std::uint32_t>(unit),
                                  state.substream);
    }
    /// @return true with probability @p q from the unit's stream after its first @p skip words. A
    /// sure outcome (q ≥ 1 or q ≤ 0) draws nothing: uniform() < q could not differ, and nothing
    /// reads the unit's stream after this draw, so a Philox block is saved with the same results.
    bool chance(std::size_t unit, double q, int skip) const
    {
        if (q >= 1.0) {
            return true;
        }
        if (!(q > 0.0)) {
            return false;
        }
        auto r = rng(unit);
        for (int k = 0; k < skip; ++k) {
            r();
        }
        return r.bernoulli(q);
    }
    void add_income(std::size_t i, double yuan_pc) const
    {
        auto&       hh = w.households;
        const float y  = static_cast<float>(yuan_pc);
        if (y == 0.0f) {
            // No effect (a state change, a failed enrolment): skip three scattered read-modify-
            // writes. Adding zero changes no income: none is ever -0, the one value it would alter.
            return;
        }
        hh.income_pc[i] += y;
        hh.programme_pc[i] += y;
        if (prog.kind == EffectKind::TopUp) {
            hh.topup_pc[i] += y;
        } else if (std::uint16_t* part = pathway_part(i)) {
            add_whole_yuan(*part, y);
        }
    }
    /// The whole-yuan column of programme income an exit pathway reads (wages, farm and business),
    /// or nullptr: top-ups have their own float column, the rest counts as transfers.
    std::uint16_t* pathway_part(std::size_t i) const
    {
        auto& hh = w.households;
        if (prog.kind == EffectKind::TopUp) {
            return nullptr;
        }
        if (prog.pathway == Pathway::Wages) {
            return &hh.programme_wage_pc[i];
        }
        return prog.pathway == Pathway::FarmBusiness ? &hh.programme_farm_pc[i] : nullptr;
    }
    /// Units @p u counts for against the target (persons or 1). Whole numbers: a quota's sums
    /// of them are counted in integers (exact, as in double, without a floating add per unit).
    std::uint32_t target_units(std::size_t u) const
    {
        return state.per_person && !state.village ? w.households.size[u] : 1u;
    }
    /// Counts unit @p u as served this year (units, and persons for household programmes).
    void count_served(std::size_t u) const
    {
        state.served += 1;
        if (!state.village) {
            const double n = w.households.size[u];
            state.served_persons += n;
            state.served_persons_registered += ever_registered(w.households.status[u]) ? n : 0.0;
        }
    }
    /// Cost per unit of a per-person or per-household amount.
    double per_unit(double amount, std::size_t unit) const
    {
        return state.per_person ? amount * w.households.size[unit] : amount;
    }
};

/// @brief Candidates of @p p this year (eligible, not enrolled, not served before if `once`; for
/// reimbursement, with a medical cost left), in row order, with their keys; @p yearly for kinds
/// that serve anew each year. The runtime's candidate buffer, valid until the next programme's scan.
std::vector<Candidate>& eligible_candidates(const ProgrammePass& p, bool yearly);

/// @brief How many of @p c to serve this year, put first in @p c in the order to serve them
/// (@p scale: the phase-out for kinds that shrink by enrolling fewer, else 1).
std::size_t take_for_quota(const ProgrammePass& p, std::vector<Candidate>& c, double scale);

/// @return true if the chosen units are served in row order (no ceiling can refuse a charge and
/// no tier goes by rank)
bool serves_in_row_order(const ProgrammePass& p);

} // namespace povsim::models
