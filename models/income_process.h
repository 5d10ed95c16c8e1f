#pragma once
// Stage 2 (demography and living conditions) and stage 4 (income) of the yearly step.
#include "models/world.h"
#include "sim/pipeline.h"

namespace povsim::models {

/// @brief Stage 2: ageing, loss of labour, schooling transitions, dissolution; background
/// repair of basic-needs shortfalls and village infrastructure; village collective income.
void apply_demography(World& w, const sim::StageContext& ctx);

/// @brief Stage 4: grow each income component by trend plus noise, apply price, disaster,
/// job and crisis effects, and total the per-capita net income.
void update_income(World& w, const sim::StageContext& ctx);

} // namespace povsim::models
