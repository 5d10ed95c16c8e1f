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

/// @return true for households that are or were on the registry (exited and returned included)
inline bool ever_registered(Status s) { return s != Status::NonPoor && s != Status::Dissolved; }

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

/// @brief Risk bits of the current year (HouseholdTable::risk), set by the income stage.
namespace risk {
inline constexpr std::uint8_t IncomeFell = 1u << 0; ///< own income (programmes aside) fell by at least identification.income_fall_share
inline constexpr std::uint8_t LargeDrop  = 1u << 1; ///< own income fell by at least identification.hardship_income_drop, to below the monitoring line
} // namespace risk

/// @brief The income component that carried an exiting household over the exit line
/// (registry/exits_by_pathway): market layers first, then transfers, the top-up last.
enum class Pathway : std::uint8_t { Wages = 0, FarmBusiness = 1, Transfers = 2, SafetyNet = 3 };
inline constexpr int pathway_count = 4;
/// @return "wages", "farm_business", "transfers" or "safety_net"
std::string_view pathway_name(Pathway p);

/// @return the lower-case identifier used in scenario files
std::string_view cause_name(Cause c);
/// @return the cause for @p name, or false if unknown
bool parse_cause(std::string_view name, Cause& out);

} // namespace povsim::models
