#include "models/programmes.h"

#include "models/eligibility.h"
#include "models/population.h"
#include "models/programme_pass.h"
#include "sim/name_hash.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace povsim::models {

bool persistent(EffectKind k) { return k != EffectKind::TopUp && k != EffectKind::Reimbursement; }
bool village_kind(const Programme& p) { return p.unit == "villages"; }

namespace {

constexpr std::int16_t while_eligible = std::numeric_limits<std::int16_t>::max();

/// Income effect of an enrolment this year, after decay (@p decay_after: ProgrammeState's table).
double effect_income(const Enrolment& e, const std::vector<double>& decay_after, double decay, int year)
{
    const auto k = static_cast<std::size_t>(year - e.start_year);
    return e.income * (k < decay_after.size() ? decay_after[k] : std::pow(1.0 - decay, year - e.start_year));
}

/// Enrolments and ranked units can be scattered over the household table (in rank order, or in
/// row order but sparse): ask for the rows a few units ahead, so their columns are in cache when
/// the unit's turn comes (no effect on results).
constexpr std::size_t prefetch_ahead = 12;
void prefetch_unit(const ProgrammePass& p, std::size_t u)
{
    if (p.state.village) {
        return;
    }
    const auto& hh = p.w.households;
    __builtin_prefetch(&p.w.programmes.stage_bits[u]);
    __builtin_prefetch(&hh.flags[u]);
    __builtin_prefetch(&hh.size[u]);
    __builtin_prefetch(&hh.status[u]);
    __builtin_prefetch(&hh.income_pc[u], 1);
    __builtin_prefetch(&hh.programme_pc[u], 1);
    if (const std::uint16_t* part = p.pathway_part(u)) {
        __builtin_prefetch(part, 1);
    } else if (p.prog.kind == EffectKind::TopUp) {
        __builtin_prefetch(&hh.topup_pc[u], 1);
    }
}

/// Pays and applies one continuing enrolment; returns false if it ends now.
bool continue_enrolment(const ProgrammePass& p, Enrolment& e)
{
    const auto& eff = p.prog.effect;
    const auto  u   = static_cast<std::size_t>(e.unit);
    if (p.ctx.year > e.end_year) {
        return false;
    }
    if (e.end_year == while_eligible && !p.state.village &&
        !household_eligible(p.w, u, p.state.compiled, p.w.programmes.stage_bits)) {
        return false;
    }
    auto& ledger = p.w.programmes.ledger;
    switch (p.prog.kind) {
    case EffectKind::WageJob: {
        if (eff.paid_by_programme) {
            // A post is paid only while the programme runs and the ledger can pay it.
            const double wage = eff.wage.value();
            if (!p.open || !ledger.charge(p.index, wage + p.prog.recurring_cost)) {
                return true;
            }
            p.add_income(u, wage / p.w.households.size[u]);
        } else {
            p.add_income(u, e.income);
        }
        break;
    }
    case EffectKind::Loan: {
        if (e.principal > 0) {
            const double yearly = e.principal * (eff.interest_rate * eff.interest_subsidy + eff.insurance_premium);
            ledger.charge(p.index, yearly + p.prog.recurring_cost);
            // Default risk spread evenly over the term.
            if (p.chance(u, p.state.loan_default_per_year, 0)) {
                e.principal = 0.0f;
                e.income    = 0.0f;
            }
        }
        p.add_income(u, effect_income(e, p.state.decay_after, eff.decay.value(), p.ctx.year));
        break;
    }
    case EffectKind::Village:
        if (p.open) {
            ledger.charge(p.index, p.prog.recurring_cost);
        }
        break;
    default: // grant and state change: the investment was made; its income effect continues
        if (p.open) {
            ledger.charge(p.index, p.per_unit(p.prog.recurring_cost, u));
        }
        p.add_income(u, effect_income(e, p.state.decay_after, eff.decay.value(), p.ctx.year));
        break;
    }
    p.count_served(u);
    return true;
}

/// Applies what a new enrolment changes at once (flags, relocation, village assets).
void apply_state_change(const ProgrammePass& p, std::size_t u)
{
    const auto& eff = p.prog.effect;
    auto&       hh  = p.w.households;
    if (p.state.village) {
        auto& v = p.w.villages;
        v.collective_income[u] += eff.collective_income + eff.revolving_fund * eff.fund_return;
        for (const auto s : p.state.sets) {
            if (s == static_cast<std::uint8_t>(StateSet::Infrastructure)) {
                v.infrastructure_ok[u] = 1;
            } // water_safe reaches the village's households in one pass after enrolment
        }
        return;
    }
    for (const auto code : p.state.sets) {
        switch (static_cast<StateSet>(code)) {
        case StateSet::HousingSafe: hh.set(u, flag::HousingUnsafe, false); break;
        case StateSet::WaterSafe: hh.set(u, flag::WaterUnsafe, false); break;
        case StateSet::Insured: hh.set(u, flag::Uninsured, false); break;
        case StateSet::DropoutFixed: hh.set(u, flag::Dropout, false); break;
        case StateSet::Relocated:
            hh.set(u, flag::HousingUnsafe, false);
            hh.set(u, flag::WaterUnsafe, false);
            hh.farm_base_pc[u] *= static_cast<float>(eff.farm_income_factor);
            break;
        default: break;
        }
    }
}

/// Safe water for every household of the villages enrolled this year.
void give_villages_water(const ProgrammePass& p)
{
    std::vector<std::uint8_t> fixed(p.w.villages.count(), 0);
    bool any = false;
    for (const auto& e : p.state.active) {
        if (e.start_year == p.ctx.year) {
            fixed[static_cast<std::size_t>(e.unit)] = 1;
            any = true;
        }
    }
    auto& hh = p.w.households;
    for (std::size_t i = 0; any && i < hh.count(); ++i) {
        if (fixed[hh.village[i]]) {
            hh.set(i, flag::WaterUnsafe, false);
        }
    }
}

/// Cost at enrolment, by kind.
double enrolment_cost(const ProgrammePass& p, std::size_t u)
{
    const auto& eff  = p.prog.effect;
    double      cost = p.per_unit(p.prog.one_off_cost + p.prog.recurring_cost, u);
    if (p.prog.kind == EffectKind::WageJob && eff.paid_by_programme) {
        cost += eff.wage.value();
    } else if (p.prog.kind == EffectKind::Loan) {
        cost += eff.principal * (eff.interest_rate * eff.interest_subsidy + eff.insurance_premium);
    } else if (p.prog.kind == EffectKind::Village) {
        cost += eff.revolving_fund;
    }
    return cost;
}

/// Enrols unit @p u if the ledger can pay; returns whether it did.
bool enrol(const ProgrammePass& p, std::size_t u)
{
    const auto& eff    = p.prog.effect;
    auto&       ledger = p.w.programmes.ledger;
    if (p.prog.kind == EffectKind::Loan) {
        // The principal comes from the credit source, outside the programme's fiscal shares.
        static const int credit = source_index("credit");
        const double fiscal = enrolment_cost(p, u);
        if (!ledger.charge_source(p.index, credit, eff.principal)) {
            ledger.charge(p.index, fiscal); // record the need of the fiscal part too
            return false;
        }
        ledger.charge(p.index, fiscal);
    } else if (!ledger.charge(p.index, enrolment_cost(p, u))) {
        return false;
    }
    // The first word of the unit's stream ranked it (random priority); its outcome uses the next ones.
    constexpr int ranked_by = 1;
    Enrolment e{static_cast<std::int32_t>(u), static_cast<std::int16_t>(p.ctx.year), 0, 0.0f, 0.0f};
    const int years = p.prog.kind == EffectKind::Loan ? eff.term_years : eff.duration_years;
    e.end_year      = years <= 0 ? while_eligible : static_cast<std::int16_t>(p.ctx.year + years - 1);
    switch (p.prog.kind) {
    case EffectKind::WageJob:
        if (eff.paid_by_programme) {
            p.add_income(u, eff.wage.value() / p.w.households.size[u]);
        } else if (p.chance(u, eff.employment_probability.value(), ranked_by)) {
            e.income = static_cast<float>(eff.wage.value() / p.w.households.size[u]);
            p.add_income(u, e.income);
        }
        break;
    case EffectKind::Loan:
        e.principal = static_cast<float>(eff.principal);
        [[fallthrough]];
    case EffectKind::Grant:
    case EffectKind::StateChange:
        if (p.chance(u, eff.success_probability.value(), ranked_by)) {
            e.income = static_cast<float>(eff.income.value());
        }
        apply_state_change(p, u);
        p.add_income(u, e.income);
        break;
    case EffectKind::Village: apply_state_change(p, u); break;
    default: break;
    }
    p.state.active.push_back(e);
    p.state.enrolled[u] = p.state.served_before[u] = true;
    p.count_served(u);
    return true;
}


/// Top-up and reimbursement: served anew each year among the eligible.
void serve_yearly(const ProgrammePass& p)
{
    if (!p.open) {
        return;
    }
    const auto& eff    = p.prog.effect;
    auto&       hh     = p.w.households;
    auto&             ranked = eligible_candidates(p, true);
    const std::size_t n_take = take_for_quota(p, ranked, 1.0);
    const double standard = eff.standard.empty() ? p.w.rules.poverty_line : eff.standard.at(p.ctx.year);
    for (std::size_t rank = 0; rank < n_take; ++rank) {
        const std::size_t i = ranked[rank].unit;
        if (p.prog.kind == EffectKind::Reimbursement) {
            const double ratio = hh.labour[i] == 0 && eff.extreme_poor_ratio >= 0 ? eff.extreme_poor_ratio : eff.ratio;
            const double pay   = reimbursement_payment(hh.medical_oop[i], ratio * p.multiplier, eff.deductible, eff.cap);
            if (p.w.programmes.ledger.charge(p.index, pay + p.prog.recurring_cost)) {
                hh.medical_oop[i] -= static_cast<float>(pay);
                p.count_served(i);
            }
            continue;
        }
        const double pay_pc = eff.tiers.empty() ? top_up_payment_pc(hh.income_pc[i], standard, p.multiplier)
                                                : eff.tiers[tier_of(rank, n_take, eff.tier_shares)] * p.multiplier;
        if (pay_pc > 0 && p.w.programmes.ledger.charge(p.index, pay_pc * hh.size[i] + p.prog.recurring_cost)) {
            p.add_income(i, pay_pc);
            // Income is stored as float: a full top-up must not land a hair below the
            // standard, or rounding alone would count the household as poor or returned.
            if (eff.tiers.empty() && p.multiplier >= 1.0 && hh.income_pc[i] < standard) {
                hh.income_pc[i] = std::nextafter(static_cast<float>(standard), std::numeric_limits<float>::max());
            }
            p.count_served(i);
        }
    }
}

void run_programme(const ProgrammePass& p)
{
    p.state.served = p.state.served_persons = p.state.served_persons_registered = 0;
    if (!persistent(p.prog.kind)) {
        serve_yearly(p);
        return;
    }
    auto& active = p.state.active;
    std::size_t kept = 0;
    for (std::size_t k = 0; k < active.size(); ++k) {
        auto& e = active[k];
        if (k + prefetch_ahead < active.size()) {
            prefetch_unit(p, static_cast<std::size_t>(active[k + prefetch_ahead].unit));
        }
        if (continue_enrolment(p, e)) {
            active[kept++] = e;
        } else {
            p.state.enrolled[static_cast<std::size_t>(e.unit)] = false;
        }
    }
    active.resize(kept);
    if (!p.open) {
        return;
    }
    auto&             ranked = eligible_candidates(p, false);
    const std::size_t n_take = take_for_quota(p, ranked, p.multiplier);
    for (std::size_t k = 0; k < n_take; ++k) {
        if (k + prefetch_ahead < n_take) {
            prefetch_unit(p, ranked[k + prefetch_ahead].unit);
        }
        enrol(p, ranked[k].unit);
    }
    if (p.state.sets_water) {
        give_villages_water(p);
    }
    if (serves_in_row_order(p)) { // the kept enrolments and this year's, each in row order: one list
        const auto fresh = active.begin() + static_cast<std::ptrdiff_t>(kept);
        std::inplace_merge(active.begin(), fresh, active.end(),
                           [](const Enrolment& a, const Enrolment& b) { return a.unit < b.unit; });
    }
}

} // namespace

std::uint32_t programme_substream(const std::string& id)
{
    const std::uint32_t h = sim::fnv1a<std::uint32_t>(id);
    return ((h >> 15) ^ h) & 0x7FFFu;
}

double phase_out_multiplier(const Programme& prog, int year)
{
    return prog.phase_out.at_or(year, 1.0);
}

double top_up_payment_pc(double income_pc, double standard, double multiplier)
{
    return std::max(0.0, standard - income_pc) * multiplier;
}

int tier_of(std::size_t rank, std::size_t served, const std::vector<double>& tier_shares)
{
    double cum = 0;
    for (std::size_t t = 0; t < tier_shares.size(); ++t) {
        cum += tier_shares[t];
        if (static_cast<double>(rank) < cum * static_cast<double>(served)) {
            return static_cast<int>(t);
        }
    }
    return static_cast<int>(tier_shares.size()) - 1;
}

double reimbursement_payment(double oop, double ratio, double deductible, double cap)
{
    return std::min(cap, std::min(1.0, ratio) * std::max(0.0, oop - deductible));
}

void init_programmes(World& w)
{
    const auto& p = *w.params;
    w.programmes.ledger = FundLedger(p);
    w.programmes.states.clear();
    const auto segments = segment_names(p);
    for (const auto& prog : p.programmes) {
        ProgrammeState s;
        s.eligible      = parse_eligibility(prog.eligible, village_kind(prog), segments);
        s.compiled      = village_kind(prog) ? CompiledEligibility{} : compile_eligibility(s.eligible);
        s.village       = village_kind(prog);
        s.per_person    = prog.unit == "persons";
        s.random_priority = prog.priority == "random";
        s.least_gap_first = prog.priority == "least_gap";
        for (const auto& word : prog.effect.sets) {
            const StateSet code = word == "housing_safe"     ? StateSet::HousingSafe
                                  : word == "water_safe"     ? StateSet::WaterSafe
                                  : word == "insured"        ? StateSet::Insured
                                  : word == "dropout_fixed"  ? StateSet::DropoutFixed
                                  : word == "relocated"      ? StateSet::Relocated
                                  : word == "infrastructure" ? StateSet::Infrastructure
                                                             : StateSet::Other;
            s.sets.push_back(static_cast<std::uint8_t>(code));
            s.sets_water = s.sets_water || (s.village && code == StateSet::WaterSafe);
        }
        for (int k = 0; k <= p.scenario.end_year - p.scenario.base_year; ++k) {
            s.decay_after.push_back(std::pow(1.0 - prog.effect.decay.value(), k));
        }
        s.loan_default_per_year =
            1.0 - std::pow(1.0 - prog.effect.default_probability.value(), 1.0 / std::max(1, prog.effect.term_years));
        s.substream     = programme_substream(prog.id);
        const auto n    = village_kind(prog) ? w.villages.count() : w.households.count();
        s.enrolled.assign(n, false);
        s.served_before.assign(n, false);
        w.programmes.states.push_back(std::move(s));
    }
}

void apply_programmes(World& w, const sim::StageContext& ctx)
{
    auto& rt = w.programmes;
    rt.ledger.start_year(ctx.year);
    stage_household_bits(w, rt.stage_bits); // the village shares are empty: released below last year
    const auto& progs = w.params->programmes;
    for (std::size_t k = 0; k < progs.size(); ++k) {
        const auto& prog = progs[k];
        const double cut   = prog.budget_scaled ? w.params->budget.scale.at_or(ctx.year, 1.0) : 1.0;
        const double scale = phase_out_multiplier(prog, ctx.year) * cut;
        const ProgrammePass  pass{w, ctx, prog, rt.states[k], static_cast<int>(k), scale,
                        ctx.year >= prog.start_year && ctx.year <= prog.end_year};
        run_programme(pass);
    }
    // The scan's list and the village shares served every programme of the year; the other
    // stages need none of that memory.
    rt.candidates         = {};
    rt.village_poor_share = {};
    w.flows.spending = rt.ledger.spending().sum();
    w.flows.need     = rt.ledger.need().sum();
    w.cum_spending += w.flows.spending;
}

} // namespace povsim::models
