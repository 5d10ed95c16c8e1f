#pragma once
// What the programme stage carries from year to year: who is enrolled in what, since when,
// and with which drawn outcome. Enrolments are sparse lists (a programme serves a few
// households), plus two bits per unit and programme, so state stays small per household.
#include "models/candidate_rank.h"
#include "models/fund_ledger.h"
#include "models/predicate.h"

#include <cstdint>
#include <vector>

namespace povsim::models {

/// @brief One unit (household or village) served by a persistent programme.
struct Enrolment {
    std::int32_t unit;       ///< household or village row
    std::int16_t start_year; ///< year of enrolment
    std::int16_t end_year;   ///< last year of the effect (INT16_MAX: while eligible)
    float        income;     ///< yuan/person/yr income effect in the first year (0 if it failed)
    float        principal;  ///< loan principal outstanding (0 after a default)
};

/// @brief What a state-change effect sets (Effect::sets words as codes).
enum class StateSet : std::uint8_t { HousingSafe, WaterSafe, Insured, DropoutFixed, Relocated, Infrastructure, Other };

/// @brief Run-time state of one programme in one replication.
struct ProgrammeState {
    std::vector<Predicate> eligible;      ///< parsed eligibility words
    CompiledEligibility    compiled;      ///< the same, compiled (household programmes)
    // The programme's words as flags, so the yearly passes compare no strings.
    bool village = false;      ///< unit "villages"
    bool per_person = false;   ///< unit "persons"
    bool random_priority = false, least_gap_first = false;
    bool sets_water = false;   ///< a village programme that gives its households safe water
    /// effect.sets as codes, in order (StateSet)
    std::vector<std::uint8_t> sets;
    // Constants of this replication's draws, computed once (not per enrolment and year).
    std::vector<double> decay_after; ///< [k]: the income effect's factor k years after enrolment
    double loan_default_per_year = 0; ///< default probability spread evenly over the loan term
    std::uint32_t          substream = 0; ///< random substream (hash of the programme id)
    std::vector<Enrolment> active;        ///< current enrolments of persistent kinds
    std::vector<bool>      enrolled;      ///< per unit: in @ref active now
    std::vector<bool>      served_before; ///< per unit: ever enrolled (for `once`)
    double                 served = 0;    ///< units served this year
    double                 served_persons = 0;            ///< persons in the households served this year
    double                 served_persons_registered = 0; ///< of which in households ever on the registry
};

/// @brief All programmes of a replication and their money.
struct ProgrammeRuntime {
    std::vector<ProgrammeState> states; ///< in Parameters::programmes order
    FundLedger                  ledger;
    std::vector<std::uint32_t>  stage_bits; ///< per household, this stage's eligibility bits (reused buffer)
    /// per village, the share of persons in registered poor households: fixed within the stage
    /// (no programme changes a status or a size), so found once (empty until a programme asks)
    std::vector<double>         village_poor_share;
    // The candidate scan's list (all of them in row order), reused by one programme after another
    // (they run in turn) so a year's scans grow no vector; released at the end of the stage.
    std::vector<Candidate> candidates;
};

} // namespace povsim::models
