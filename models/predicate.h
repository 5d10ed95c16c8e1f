#pragma once
// One word of the eligibility vocabulary, parsed (see models/eligibility.h).
#include <cstdint>
#include <vector>

namespace povsim::models {

/// @brief One predicate word, possibly negated and with a numeric argument.
struct Predicate {
    enum class Kind : std::uint8_t {
        // households
        RegisteredPoor, Supported, Exited, NonPoor, Monitored, HasLabour, NoLabour, UnemployedLabour, Elderly,
        Disabled, Chronic, Ill, HasStudent, HasSchoolChild, HousingUnsafe, WaterUnsafe, Uninsured, Dropout,
        InPoorVillage, IncomeBelow, CauseIs, SegmentIs,
        // villages
        PoorVillage, PoorVillageNotExited, InfrastructureMissing, CollectiveIncomeBelow, VillageWaterUnsafe,
    };
    Kind   kind;
    bool   negated = false;
    double value   = 0; ///< IncomeBelow: × poverty line; CollectiveIncomeBelow: yuan; CauseIs: Cause; SegmentIs: segment + 1
};

/// @brief A programme's household predicates split for speed: words on what the programme
/// stage never changes (registry status, monitoring, members, village) become one mask test on
/// bits computed once per stage (stage_household_bits); the flag words one mask test on the live
/// flags; only income, cause and segment are evaluated one by one (models/eligibility.h).
struct CompiledEligibility {
    /// A registry group every eligible household belongs to: a bound on the candidates, for the
    /// memory estimate (the scan tests the masks on every row, models/row_filter.h).
    /// NeedsUnmet: a basic need unmet when the stage starts (the stage only ever meets needs).
    enum class Gate : std::uint8_t { All, RegisteredPoor, Supported, Monitored, Exited, NotNonPoor, NeedsUnmet };
    Gate                   gate = Gate::All;
    std::uint32_t          stage_mask = 0, stage_want = 0;
    std::uint8_t           flag_mask = 0, flag_want = 0;
    bool                   impossible = false; ///< a word and its negation
    std::vector<Predicate> rest;
};

} // namespace povsim::models
