#pragma once
// One word of the eligibility vocabulary, parsed (see models/eligibility.h).
#include <cstdint>

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

} // namespace povsim::models
