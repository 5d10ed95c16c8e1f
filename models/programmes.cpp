#include "models/programmes.h"

#include "models/candidate_rank.h"
#include "models/draws.h"
#include "models/eligibility.h"
#include "models/population.h"
#include "models/shocks.h"
#include "sim/chunked.h"
#include "sim/name_hash.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace povsim::models {

bool persistent(EffectKind k) { return k != EffectKind::TopUp && k != EffectKind::Reimbursement; }
bool village_kind(const Programme& p) { return p.unit == "villages"; }

namespace {

constexpr std::int16_t while_eligible = std::numeric_limits<std::int16_t>::max();

/// Everything one programme's pass needs, bundled so the per-kind helpers stay small.
struct Pass {
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
    double persons(std::size_t unit) const { return state.village ? 1.0 : w.households.size[unit]; }
    /// Units @p u counts for against the target (persons or 1).
    double target_units(std::size_t u) const { return state.per_person ? persons(u) : 1.0; }
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
void prefetch_unit(const Pass& p, std::size_t u)
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
bool continue_enrolment(const Pass& p, Enrolment& e)
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
void apply_state_change(const Pass& p, std::size_t u)
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
void give_villages_water(const Pass& p)
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
double enrolment_cost(const Pass& p, std::size_t u)
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
bool enrol(const Pass& p, std::size_t u)
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

/// Share of persons in registered poor households, per village (village priority).
std::vector<double> village_poor_share(const World& w)
{
    // Persons counted in integers (a sum of sizes is exact either way): no floating-point
    // dependency from one household of a village to the next.
    std::vector<std::uint64_t> poor(w.villages.count(), 0), all(w.villages.count(), 0);
    const auto&          hh      = w.households;
    const std::int32_t*  village = hh.village.data();
    const std::uint8_t*  size    = hh.size.data();
    const Status*        status  = hh.status.data();
    for (std::size_t i = 0; i < hh.count(); ++i) {
        all[village[i]] += size[i];
        poor[village[i]] += is_registered_poor(status[i]) ? size[i] : 0u;
    }
    std::vector<double> share(poor.size(), 0.0);
    for (std::size_t v = 0; v < poor.size(); ++v) {
        share[v] = all[v] > 0 ? static_cast<double>(poor[v]) / static_cast<double>(all[v]) : 0.0;
    }
    return share;
}

bool reads_village_water(const std::vector<Predicate>& preds)
{
    return std::any_of(preds.begin(), preds.end(),
                       [](const Predicate& p) { return p.kind == Predicate::Kind::VillageWaterUnsafe; });
}

std::vector<std::uint8_t> village_water_unsafe(const World& w)
{
    std::vector<std::uint8_t> out(w.villages.count(), 0);
    const auto& hh = w.households;
    for (std::size_t i = 0; i < hh.count(); ++i) {
        out[hh.village[i]] |= hh.has(i, flag::WaterUnsafe) ? 1 : 0;
    }
    return out;
}

/// Random priority: the key of each of c[first..] is minus the first word of its unit's stream,
/// for all of them in one batch of Philox blocks rather than one scalar block per unit.
void random_keys(const Pass& p, std::vector<Candidate>& c, std::size_t first)
{
    const std::size_t          n = c.size() - first;
    std::vector<std::uint32_t> units(n), words(n);
    for (std::size_t k = 0; k < n; ++k) {
        units[k] = c[first + k].unit;
    }
    p.ctx.streams.first_words(p.ctx.year, sim::DrawPurpose::Programme, units.data(), n, words.data(),
                              p.state.substream);
    for (std::size_t k = 0; k < n; ++k) {
        c[first + k].key = -static_cast<double>(words[k]);
    }
}

/// Candidates (eligible, not enrolled, not served before if `once`; for reimbursement, with a
/// medical cost left), in row order, with their keys: the runtime's candidate buffer, valid until
/// the next programme's scan.
std::vector<Candidate>& eligible_candidates(const Pass& p, bool yearly)
{
    const bool villages = p.state.village;
    // Each is a pass over every household: only for the village programmes that read it.
    const auto water    = villages && reads_village_water(p.state.eligible) ? village_water_unsafe(p.w)
                                                                            : std::vector<std::uint8_t>{};
    const bool by_need  = !p.state.random_priority;
    const auto poor     = villages && by_need ? village_poor_share(p.w) : std::vector<double>{};
    const double sign   = p.state.least_gap_first ? -1.0 : 1.0; // smallest need first
    const bool reimbursement = p.prog.kind == EffectKind::Reimbursement;
    const auto& hh      = p.w.households;
    // Households outside the programme's gate group are never eligible: visit the group only.
    const auto gate     = villages ? CompiledEligibility::Gate::All : p.state.compiled.gate;
    const auto& rows    = p.w.programmes.gate_rows[static_cast<int>(gate)];
    const bool all      = gate == CompiledEligibility::Gate::All;
    const std::size_t n = all ? (villages ? p.w.villages.count() : hh.count()) : rows.size();
    // The mask tests inline; the rest word by word (impossible lists have no candidates).
    const auto&          compiled = p.state.compiled;
    const std::uint32_t* bits     = p.w.programmes.stage_bits.data();
    const std::uint8_t*  flags    = hh.flags.data();
    const bool           masks_only = compiled.rest.empty();
    auto& out = p.w.programmes.candidates;
    out.clear();
    if (!villages && compiled.impossible) {
        return out;
    }
    // Households: everything the scan reads, in locals. Captured by reference, each would be
    // reloaded from the closure on every row, since the candidate vector's stores may alias it.
    const auto scan_households = [&](std::vector<Candidate>& part, std::size_t begin, std::size_t end) {
        const MaskTest       masks     = mask_test(compiled);
        const std::uint32_t* row_of    = all ? nullptr : rows.data();
        const std::uint32_t* stage     = bits;
        const std::uint8_t*  flag      = flags;
        const float*         income    = hh.income_pc.data();
        const float*         oop       = hh.medical_oop.data();
        const auto&          enrolled  = p.state.enrolled;
        const auto&          before    = p.state.served_before;
        const std::size_t    first     = part.size();
        const bool           new_only  = !yearly, once = p.prog.once, random = p.state.random_priority;
        const bool           only_masks = masks_only, needs_cost = reimbursement;
        const double         sign_      = sign, line = p.w.rules.poverty_line;
        if (only_masks && !needs_cost) {
            // Most programmes: the masks and the enrolment bits decide. Each row is written to a
            // small buffer and kept by advancing its end by the test's 0 or 1: eligibility is
            // close to a coin flip row by row, so a branch on it would be mispredicted often.
            constexpr std::size_t buffered = 256;
            Candidate             buffer[buffered];
            for (std::size_t r = begin; r < end;) {
                const std::size_t stop = std::min(end, r + buffered);
                std::size_t       kept = 0;
                for (; r < stop; ++r) {
                    const std::size_t u      = row_of ? row_of[r] : r;
                    const bool        served = new_only & (enrolled[u] | (once & before[u]));
                    buffer[kept] = {random ? 0.0 : sign_ * (income[u] - line), static_cast<std::uint32_t>(u)};
                    kept += static_cast<std::size_t>(masks.holds(stage[u], flag[u]) & !served);
                }
                part.insert(part.end(), buffer, buffer + kept);
            }
            if (random) {
                random_keys(p, part, first);
            }
            return;
        }
        for (std::size_t r = begin; r < end; ++r) {
            const std::size_t u = row_of ? row_of[r] : r;
            if (!masks.passes(stage[u], flag[u])) {
                continue;
            }
            if (new_only && (enrolled[u] || (once && before[u]))) {
                continue;
            }
            // A medical cost first: most households have none, and the rest are tested word by word.
            if ((needs_cost && oop[u] <= 0) || (!only_masks && !holds_rest(p.w, u, compiled))) {
                continue;
            }
            // The income gap (smallest need first if sign < 0); a random key comes after the scan.
            part.push_back({random ? 0.0 : sign_ * (income[u] - line), static_cast<std::uint32_t>(u)});
        }
        if (random) {
            random_keys(p, part, first);
        }
    };
    const auto scan_villages = [&](std::vector<Candidate>& part, std::size_t begin, std::size_t end) {
        const std::size_t first = part.size();
        for (std::size_t v = begin; v < end; ++v) { // villages: every one is visited
            if (!yearly && (p.state.enrolled[v] || (p.prog.once && p.state.served_before[v]))) {
                continue;
            }
            if (!village_eligible(p.w, v, p.state.eligible, water)) {
                continue;
            }
            part.push_back({p.state.random_priority ? 0.0 : sign * -poor[v], static_cast<std::uint32_t>(v)});
        }
        if (p.state.random_priority) {
            random_keys(p, part, first);
        }
    };
    // One thread: one pass straight into the list. Several: chunks on the threads (eligibility
    // and keys only read), joined in row order. A unit's key depends on the unit alone.
    if (villages || p.w.threads <= 1) {
        villages ? scan_villages(out, 0, n) : scan_households(out, 0, n);
        return out;
    }
    std::vector<std::vector<Candidate>> parts(sim::chunk_count(n));
    sim::for_each_chunk(n, p.w.threads, [&](std::size_t c, std::size_t begin, std::size_t end) {
        scan_households(parts[c], begin, end);
    });
    if (parts.size() == 1) {
        out.swap(parts.front());
        return out;
    }
    std::size_t total = 0;
    for (const auto& part : parts) {
        total += part.size();
    }
    out.reserve(total);
    for (const auto& part : parts) {
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

/// The candidates a quota of @p limit units can reach: each counts at least one unit.
std::size_t reachable(const std::vector<Candidate>& c, double limit)
{
    if (!(limit > 0)) {
        return 0;
    }
    return limit >= static_cast<double>(c.size()) ? c.size() : static_cast<std::size_t>(std::ceil(limit));
}

/// @return true if no ceiling can ever bind this programme (none on it, none on a source).
bool never_limited(const Pass& p)
{
    return p.prog.ceiling.empty() && p.w.params->budget.source_ceilings.empty();
}

/// @return true if the chosen units are served in row order: when no ceiling can refuse a charge
/// and no tier goes by rank, the order changes nothing but the rounding of the ledger's sums. Row
/// order sweeps the household columns forwards instead of jumping across them (at 10 million
/// households every jump is a cache miss) and keeps a persistent programme's enrolments in row
/// order for next year's pass over them.
bool serves_in_row_order(const Pass& p)
{
    return never_limited(p) && p.prog.effect.tiers.empty();
}

/// @return how many of the ranked candidates @p c the quota of @p limit units reaches, best first
/// (a unit the ledger may not pay still counts: the plan's need); those come first in @p c, in
/// row order where serves_in_row_order.
std::size_t choose(const Pass& p, std::vector<Candidate>& c, double limit)
{
    // One unit each: counting up to the limit reaches ceil(limit) of them.
    std::size_t n = p.state.per_person ? 0 : reachable(c, limit);
    for (double units = 0; p.state.per_person && n < c.size() && units < limit; ++n) {
        units += p.target_units(c[n].unit);
    }
    const auto end  = c.begin() + static_cast<std::ptrdiff_t>(n);
    const auto less = [](const Candidate& a, const Candidate& b) { return a.unit < b.unit; };
    if (serves_in_row_order(p) && !std::is_sorted(c.begin(), end, less)) { // sorted when all are served
        std::sort(c.begin(), end, less);
    }
    return n;
}

/// How many of @p c to serve this year, put first in @p c in the order to serve them: the units
/// (households, persons or villages, as the programme counts them) its quota reaches; @p scale
/// is the phase-out for kinds that shrink by enrolling fewer (1 for those that shrink their
/// payments). Orders the candidates that quota reaches, best first. When it reaches every
/// candidate, no ceiling can refuse a charge (this year, or ever for kinds that keep their
/// enrolments) and no tier depends on rank, the order changes nothing but the order of the
/// ledger's additions: then row order is kept, unsorted.
std::size_t take_for_quota(const Pass& p, std::vector<Candidate>& c, double scale)
{
    double units = p.state.per_person ? 0.0 : static_cast<double>(c.size());
    for (std::size_t j = 0; p.state.per_person && j < c.size(); ++j) {
        units += p.target_units(c[j].unit);
    }
    double limit = std::round(p.prog.target_share * scale * units);
    if (!p.prog.target.empty()) {
        const auto it = p.prog.target.values.find(p.ctx.year);
        limit         = it == p.prog.target.values.end() ? 0.0 : it->second * scale;
    }
    // A persistent kind pays its enrolments in enrolment order in later years too: it keeps the
    // priority order unless no ceiling can ever bind.
    const bool everyone = limit >= units && p.prog.effect.tiers.empty() && !p.w.programmes.ledger.limited(p.index) &&
                          (!persistent(p.prog.kind) || never_limited(p));
    if (!everyone && serves_in_row_order(p) && p.state.per_person) {
        // A quota of persons served in row order: the households it reaches in rank order,
        // found by selection on their weights rather than by ranking and then re-sorting them.
        std::vector<std::uint8_t> weight(c.size()); // persons: a household's size byte
        for (std::size_t j = 0; j < c.size(); ++j) {
            weight[j] = p.w.households.size[c[j].unit];
        }
        return select_weighted_in_row_order(c, weight, limit);
    }
    if (!everyone && serves_in_row_order(p)) {
        // A quota of households reaches the best ceil(limit) whatever their order among
        // themselves, and they are served in row order: finding them is enough.
        select_best_in_row_order(c, reachable(c, limit));
    } else if (!everyone) {
        rank_best(c, reachable(c, limit));
    }
    return choose(p, c, limit);
}

/// Top-up and reimbursement: served anew each year among the eligible.
void serve_yearly(const Pass& p)
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

void run_programme(const Pass& p)
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
    w.programmes.used_gates = 0;
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
        w.programmes.used_gates |= s.village ? 0u : 1u << static_cast<int>(s.compiled.gate);
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
    stage_household_bits(w, rt.stage_bits, rt.gate_rows, rt.used_gates);
    const auto& progs = w.params->programmes;
    for (std::size_t k = 0; k < progs.size(); ++k) {
        const auto& prog = progs[k];
        const double cut   = prog.budget_scaled ? w.params->budget.scale.at_or(ctx.year, 1.0) : 1.0;
        const double scale = phase_out_multiplier(prog, ctx.year) * cut;
        const Pass  pass{w, ctx, prog, rt.states[k], static_cast<int>(k), scale,
                        ctx.year >= prog.start_year && ctx.year <= prog.end_year};
        run_programme(pass);
    }
    // The scan's list served every programme of the year; the other stages need none of that memory.
    rt.candidates = {};
    w.flows.spending = rt.ledger.spending().sum();
    w.flows.need     = rt.ledger.need().sum();
    w.cum_spending += w.flows.spending;
}

} // namespace povsim::models
