#pragma once
// The echo audit (SPEC §13): a target is evidence only if the simulation could miss it. A
// calibration or check target whose documented value is a number the scenario itself sets (a
// programme quota, a quota × unit cost, an exit plan, a registry count) restates an input: it
// is an echo, and validate never counts it as evidence.
#include "models/parameters.h"

#include <optional>
#include <string>

namespace povsim::models {

/// @brief How close (relative to the target's value) an input must be to count as the same number.
inline constexpr double echo_tolerance = 0.005;

/// @brief The input @p target restates, e.g. "programmes.relocation.target 2016-2020 sum 12100",
/// or nothing. Compared:
///   - every programme's yearly `target` entry; their sum over the target's years year..to_year;
///     and their sum from the first entry to the target's last year (a stock in place then, such
///     as the relocated households served in 2020, counts the quotas to date); each of these also
///     times the programme's one_off_cost, recurring_cost, their sum, effect.wage and
///     effect.principal (village schedules are programme targets of unit villages);
///   - every thresholds.exit_plan_persons entry, and the same two sums;
///   - registry counts: each segment's households and persons and the sums of any two or more
///     segments; each unit's households, persons, registered_households, registered_persons,
///     villages and poor_villages, and their totals over all units.
/// The match reported is the first found, preferring the programme the target names
/// (spending:, need:, served:), then anything within its years or without years, then entries
/// of other years. A coincidence of numbers is flagged too: the audit cannot tell, a reader can.
/// Accounting targets are not audited (they restate an input by definition), nor documented
/// zeros: a registry or a list emptied to 0 is an outcome of the dynamics, not an input.
std::optional<std::string> find_echo(const Target& target, const Parameters& p);

} // namespace povsim::models
