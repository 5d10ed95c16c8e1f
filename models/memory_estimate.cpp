#include "models/memory_estimate.h"

#include "models/eligibility.h"
#include "models/household_table.h"
#include "models/metrics.h"
#include "models/population.h"
#include "models/result_arrays.h"

#include <algorithm>
#include <stdexcept>

namespace povsim::models {

namespace {

constexpr double stage_bits_bytes = 4;  ///< ProgrammeRuntime::stage_bits, per household
constexpr double candidate_bytes  = 32; ///< Candidate (16 bytes) per chunk and joined
constexpr double village_bytes    = 64; ///< VillageTable columns and scratch per village
/// Candidates of a programme open to every household but with a word that restricts it (no_labour,
/// income_below:2.0): a quarter of them. Measured: Yantai's income_below:2.0 admits about a fifth.
constexpr double restricted_share = 0.25;
/// Code, libraries, the scenario and stream buffers: a small scenario's whole peak RSS is 20–60 MB.
constexpr double process_bytes = 64.0 * 1024 * 1024;
/// A run's results live in the replication set, the summaries, the study being written and the
/// file image (compressed): three copies is generous.
constexpr double result_copies = 3;

bool village_kind(const Programme& prog) { return prog.unit == "villages"; } // as models/programmes.cpp

/// Share of the households in gate @p g's group: registry groups hold the registered households
/// and those that join later (new poor, monitored), taken as twice the base registry; the
/// needs group those with a basic need unmet at the start, summed over needs (an upper bound).
double gate_share(CompiledEligibility::Gate g, const Population& pop, double registered_share)
{
    using G = CompiledEligibility::Gate;
    if (g == G::All) {
        return 1.0;
    }
    if (g == G::NeedsUnmet) {
        const auto& b   = pop.basic_needs;
        const double poor  = b.housing_unsafe_poor + b.water_unsafe_poor + b.dropout_poor + b.uninsured_poor;
        const double other = b.housing_unsafe + b.water_unsafe + b.dropout + b.uninsured;
        return std::min(1.0, registered_share * poor + (1 - registered_share) * other);
    }
    return std::min(1.0, 2.0 * registered_share);
}

} // namespace

MemoryEstimate estimate_memory(const Parameters& p, int runs)
{
    double households = 0, registered = 0, villages = 0;
    for (const auto& u : p.population.units) {
        households += u.households;
        registered += u.registered_households;
        villages += u.villages;
    }
    const double registered_share = households > 0 ? registered / households : 0.0;

    double household_programmes = 0, village_programmes = 0, candidate_share = 0;
    const auto segments = segment_names(p);
    for (const auto& prog : p.programmes) {
        if (village_kind(prog)) {
            ++village_programmes;
            continue;
        }
        ++household_programmes;
        CompiledEligibility c;
        try {
            c = compile_eligibility(parse_eligibility(prog.eligible, false, segments));
        } catch (const std::invalid_argument&) {
            c = CompiledEligibility{}; // the loader reports bad words; here assume the widest case
        }
        if (c.impossible) {
            continue;
        }
        double share = gate_share(c.gate, p.population, registered_share);
        if (c.gate == CompiledEligibility::Gate::All && (c.stage_mask != 0 || c.flag_mask != 0 || !c.rest.empty())) {
            share *= restricted_share; // open to all, but only those a word admits become candidates
        }
        candidate_share = std::max(candidate_share, share);
    }

    MemoryEstimate e;
    e.households    = households;
    e.per_household = estimate_margin * (static_cast<double>(HouseholdTable::bytes_per_household()) +
                                         household_programmes * 2.0 / 8.0 + stage_bits_bytes +
                                         candidate_bytes * candidate_share);
    const double per_village = village_bytes + village_programmes * 2.0 / 8.0;
    e.world_bytes            = e.per_household * households + estimate_margin * per_village * villages;

    const double years = std::max(0, p.scenario.end_year - p.scenario.start_year + 1);
    double       cells = static_cast<double>(metric_infos().size()) * years;
    for (const auto& a : result_arrays(p)) {
        cells += static_cast<double>(a.size(static_cast<std::size_t>(years)));
    }
    e.results_bytes = result_copies * 8.0 * cells * std::max(runs, 0);
    e.fixed_bytes   = process_bytes;
    return e;
}

} // namespace povsim::models
