#pragma once
// The report's first section: what each variant changes against the baseline, over the horizon
// and over 2021–2025, as a table (mean [P5–P95], P(better)) and one sentence in Chinese and
// English (output/variant_summary.h).
#include "output/variant_summary.h"

#include <string>
#include <vector>

namespace povsim::output {

/// @brief Appends the summary section to @p html; nothing when @p summaries is empty.
void summary_section(std::string& html, const std::vector<VariantSummary>& summaries);

} // namespace povsim::output
