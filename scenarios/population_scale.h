#pragma once
// A scenario at another size with the same shape, for `povsim bench --households`: every count
// (households, persons, villages, registry segments) and every absolute quantity tied to them
// (programme quotas, spending ceilings, the exit plan) scaled by one factor; shares, incomes and
// probabilities unchanged. Cost per household-year should then not depend on the size.
#include "models/parameters.h"

namespace povsim::scenarios {

/// @return @p p scaled to about @p households households (≥ 1 per unit; segments still sum to the units)
models::Parameters scaled_population(const models::Parameters& p, double households);

/// @return @p p with population.only_province (one province's units, its registered share of
/// every segment and plan) and population.sample applied (scaled_population to that share, with
/// population.weight = full-scale / simulated households); @p p itself if neither is set
models::Parameters apply_population_options(const models::Parameters& p);

} // namespace povsim::scenarios
