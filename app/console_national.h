#pragma once
// What `povsim run` prints for a scenario with provinces (a national scenario): the NBS-style
// headcount beside the registry, flows, county and village exits, incomes, the headcount by
// region, and central-source spending against the central special fund.
#include "output/study.h"

#include <ostream>

namespace povsim::app {

/// @brief Print the national forecast tables of every scenario of @p study that has provinces.
void print_national(std::ostream& os, const output::Study& study);

} // namespace povsim::app
