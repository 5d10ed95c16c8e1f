#pragma once
// Thresholds of the year and the pure household rules that use them. The rules are free
// functions of plain values so they can be tested on hand-built households.
#include "models/parameters.h"
#include "models/world.h"
#include "sim/pipeline.h"

namespace povsim::models {

/// @brief The poverty line, monitoring line and other rules in force in @p year.
YearRules rules_for_year(const Parameters& p, int year);

/// @brief Stage 1: set the year's rules and reset the year's event counters.
void update_rules(World& w, const sim::StageContext& ctx);

/// @brief Consecutive years at or above the exit line after this year's income.
int next_years_above(int years_above, double income_pc, double exit_line);

/// @brief Household exit rule: enough consecutive years above line + margin, and basic needs met.
bool meets_exit_rule(int years_above, int required_years, bool basic_needs_met);

/// @brief Return rule: an exited household below the line (optionally after rigid medical cost).
bool meets_return_rule(double income_pc, double medical_oop_pc, double poverty_line, bool after_medical);

/// @brief Village exit rule: incidence, collective income and infrastructure.
bool meets_village_exit_rule(double poor_persons, double persons, double collective_income, bool infrastructure_ok,
                             bool western, const Thresholds& t);

/// @brief County exit rule (摘帽): incidence ≤ 2 % (3 % western).
bool meets_county_exit_rule(double poor_persons, double persons, bool western, const Thresholds& t);

} // namespace povsim::models
