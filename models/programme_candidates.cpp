// The units a programme's quota reaches this year: eligibility scans over the households' masks
// (models/row_filter.h) or the villages, priority keys, and the selection of the best by quota
// (models/candidate_rank.h).
#include "models/programme_pass.h"

#include "models/eligibility.h"
#include "models/programmes.h"
#include "models/row_filter.h"
#include "sim/chunked.h"

#include <algorithm>
#include <cmath>

namespace povsim::models {
namespace {

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
void random_keys(const ProgrammePass& p, std::vector<Candidate>& c, std::size_t first)
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

} // namespace

/// Candidates (eligible, not enrolled, not served before if `once`; for reimbursement, with a
/// medical cost left), in row order, with their keys: the runtime's candidate buffer, valid until
/// the next programme's scan.
std::vector<Candidate>& eligible_candidates(const ProgrammePass& p, bool yearly)
{
    const bool villages = p.state.village;
    // Each is a pass over every household: only for the village programmes that read it.
    const auto water    = villages && reads_village_water(p.state.eligible) ? village_water_unsafe(p.w)
                                                                            : std::vector<std::uint8_t>{};
    const bool by_need  = !p.state.random_priority;
    auto&      poor     = p.w.programmes.village_poor_share; // found once per stage, by the first that needs it
    if (villages && by_need && poor.empty()) {
        poor = village_poor_share(p.w);
    }
    const double sign   = p.state.least_gap_first ? -1.0 : 1.0; // smallest need first
    const bool reimbursement = p.prog.kind == EffectKind::Reimbursement;
    const auto& hh      = p.w.households;
    const std::size_t n = villages ? p.w.villages.count() : hh.count();
    // The mask tests in vector registers over every row (models/row_filter.h); the rest for the
    // rows that pass, word by word (impossible lists have no candidates).
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
        const std::uint32_t* stage     = bits;
        const std::uint8_t*  flag      = flags;
        const float*         income    = hh.income_pc.data();
        const float*         oop       = hh.medical_oop.data();
        const auto&          enrolled  = p.state.enrolled;
        const auto&          before    = p.state.served_before;
        const std::size_t    first     = part.size();
        const bool           new_only  = !yearly, once = p.prog.once, random = p.state.random_priority;
        const bool           plain     = masks_only && !reimbursement;
        const double         sign_     = sign, line = p.w.rules.poverty_line;
        // The income gap (smallest need first if sign < 0); a random key comes after the scan.
        const auto key_of = [&](std::uint32_t u) { return random ? 0.0 : sign_ * (income[u] - line); };
        constexpr std::size_t block = 512;
        std::uint32_t         passing[block];
        Candidate             buffer[block];
        for (std::size_t r = begin; r < end; r += block) {
            const std::size_t count = rows_passing(masks, stage, flag, r, std::min(end, r + block), passing);
            if (plain) {
                // Most programmes: the masks and the enrolment bits decide. A row is kept by
                // advancing the buffer's end by 0 or 1 (enrolment is a coin flip row by row).
                std::size_t kept = 0;
                for (std::size_t k = 0; k < count; ++k) {
                    const std::uint32_t u      = passing[k];
                    const bool          served = new_only & (enrolled[u] | (once & before[u]));
                    buffer[kept] = {key_of(u), u};
                    kept += static_cast<std::size_t>(!served);
                }
                part.insert(part.end(), buffer, buffer + kept);
                continue;
            }
            for (std::size_t k = 0; k < count; ++k) {
                const std::uint32_t u = passing[k];
                if (new_only && (enrolled[u] || (once && before[u]))) {
                    continue;
                }
                // A medical cost first: most households have none, and the rest are tested word by word.
                if ((reimbursement && oop[u] <= 0) || (!masks_only && !holds_rest(p.w, u, compiled))) {
                    continue;
                }
                part.push_back({key_of(u), u});
            }
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

namespace {

/// The candidates a quota of @p limit units can reach: each counts at least one unit.
std::size_t reachable(const std::vector<Candidate>& c, double limit)
{
    if (!(limit > 0)) {
        return 0;
    }
    return limit >= static_cast<double>(c.size()) ? c.size() : static_cast<std::size_t>(std::ceil(limit));
}

/// @return true if no ceiling can ever bind this programme (none on it, none on a source).
bool never_limited(const ProgrammePass& p)
{
    return p.prog.ceiling.empty() && p.w.params->budget.source_ceilings.empty();
}

} // namespace

/// @return true if the chosen units are served in row order: when no ceiling can refuse a charge
/// and no tier goes by rank, the order changes nothing but the rounding of the ledger's sums. Row
/// order sweeps the household columns forwards instead of jumping across them (at 10 million
/// households every jump is a cache miss) and keeps a persistent programme's enrolments in row
/// order for next year's pass over them.
bool serves_in_row_order(const ProgrammePass& p)
{
    return never_limited(p) && p.prog.effect.tiers.empty();
}

namespace {

/// @return how many of the ranked candidates @p c the quota of @p limit units reaches, best first
/// (a unit the ledger may not pay still counts: the plan's need); those come first in @p c, in
/// row order where serves_in_row_order.
std::size_t choose(const ProgrammePass& p, std::vector<Candidate>& c, double limit)
{
    // One unit each: counting up to the limit reaches ceil(limit) of them.
    std::size_t n = p.state.per_person ? 0 : reachable(c, limit);
    for (std::uint64_t units = 0; p.state.per_person && n < c.size() && static_cast<double>(units) < limit; ++n) {
        units += p.target_units(c[n].unit);
    }
    const auto end  = c.begin() + static_cast<std::ptrdiff_t>(n);
    const auto less = [](const Candidate& a, const Candidate& b) { return a.unit < b.unit; };
    if (serves_in_row_order(p) && !std::is_sorted(c.begin(), end, less)) { // sorted when all are served
        std::sort(c.begin(), end, less);
    }
    return n;
}

} // namespace

/// How many of @p c to serve this year, put first in @p c in the order to serve them: the units
/// (households, persons or villages, as the programme counts them) its quota reaches; @p scale
/// is the phase-out for kinds that shrink by enrolling fewer (1 for those that shrink their
/// payments). Orders the candidates that quota reaches, best first. When it reaches every
/// candidate, no ceiling can refuse a charge (this year, or ever for kinds that keep their
/// enrolments) and no tier depends on rank, the order changes nothing but the order of the
/// ledger's additions: then row order is kept, unsorted.
std::size_t take_for_quota(const ProgrammePass& p, std::vector<Candidate>& c, double scale)
{
    std::uint64_t whole = p.state.per_person ? 0 : c.size();
    for (std::size_t j = 0; p.state.per_person && j < c.size(); ++j) {
        whole += p.target_units(c[j].unit);
    }
    const auto units = static_cast<double>(whole);
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

} // namespace povsim::models
