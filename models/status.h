#pragma once
// Small enumerations of household state, stored as one byte per household.
#include <cstdint>
#include <string_view>

namespace povsim::models {

/// @brief Registry status (SPEC §2). Returned and NewPoor are on the registry like RegisteredPoor.
enum class Status : std::uint8_t { NonPoor = 0, RegisteredPoor = 1, Exited = 2, Returned = 3, NewPoor = 4, Dissolved = 5 };

/// @return true for the statuses that count as registered poor now
inline bool is_registered_poor(Status s)
{
    return s == Status::RegisteredPoor || s == Status::Returned || s == Status::NewPoor;
}

/// @brief Kind of anti-return monitoring (防返贫监测对象); None if not monitored.
enum class MonitorKind : std::uint8_t { None = 0, UnstableExited = 1, Edge = 2, SuddenHardship = 3 };

/// @brief Main cause of poverty recorded on the registry.
enum class Cause : std::uint8_t { Other = 0, Illness, Disability, Labour, Skills, Capital, Disaster, Schooling };

/// @brief Household flag bits (HouseholdTable::flags).
namespace flag {
inline constexpr std::uint8_t Disabled     = 1u << 0; ///< a disabled member
inline constexpr std::uint8_t Chronic      = 1u << 1; ///< a chronically ill member
inline constexpr std::uint8_t HousingUnsafe = 1u << 2; ///< basic need unmet: safe housing
inline constexpr std::uint8_t WaterUnsafe  = 1u << 3; ///< basic need unmet: safe drinking water
inline constexpr std::uint8_t Dropout      = 1u << 4; ///< basic need unmet: a compulsory-school dropout
inline constexpr std::uint8_t Uninsured    = 1u << 5; ///< basic need unmet: medical insurance
inline constexpr std::uint8_t IllThisYear  = 1u << 6; ///< an illness event this year
inline constexpr std::uint8_t Hardship     = 1u << 7; ///< sudden hardship this year (medical cost > last year's income)
inline constexpr std::uint8_t BasicNeedsUnmet = HousingUnsafe | WaterUnsafe | Dropout | Uninsured;
} // namespace flag

/// @return the lower-case identifier used in scenario files
std::string_view cause_name(Cause c);
/// @return the cause for @p name, or false if unknown
bool parse_cause(std::string_view name, Cause& out);

} // namespace povsim::models
