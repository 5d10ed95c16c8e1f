#pragma once
// The reporting groups of a scenario with provinces (a national scenario): the NBS regions
// (east, centre, west) that hold a province, then every province. A household belongs to one
// region group and one province group, through its county.
#include "models/parameters.h"

#include <array>
#include <string>
#include <vector>

namespace povsim::models {

/// @return the province named @p name, or else the only one whose name starts with it ("甘肃" →
/// "甘肃省"); nullptr if none or if the start is ambiguous
const Province* find_province(const std::vector<Province>& provinces, const std::string& name);

/// @return region groups, then provinces; empty if the scenario has no provinces
std::vector<std::string> group_labels(const Parameters& p);

/// @return per county of p.population.counties: its {region group, province group} in
/// group_labels(p), or {-1, -1} if the scenario has no provinces
std::vector<std::array<int, 2>> county_groups(const Parameters& p);

} // namespace povsim::models
