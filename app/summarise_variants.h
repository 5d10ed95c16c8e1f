#pragma once
// The answer first: for each variant of a comparison, the paired change over the horizon (and
// over the consolidation period 2021–2025 when the horizon covers it) of returns, exits, new
// poor, monitored households and spending, the spending per return avoided, and one sentence
// per variant in English and Chinese generated from those numbers.
#include "output/variant_summary.h"
#include "sim/result_cube.h"

#include <cstdio>
#include <string>
#include <vector>

namespace povsim::app {

/// @brief A scenario's runs under the label a comparison shows.
struct LabelledRuns {
    std::string                label; ///< scenario name (name@file when two files share it)
    const sim::ReplicationSet* runs;
    std::string                title = {}; ///< [scenario] title, used in the sentences when given
};

/// @brief The windows of years summarised: the whole horizon, and 2021–2025 when the horizon
/// covers it and is not exactly it.
std::vector<std::pair<int, int>> summary_windows(const std::vector<int>& years);

/// @brief One summary per variant and window, variants in the order given.
/// @throws std::invalid_argument if a variant cannot be paired with the baseline.
std::vector<output::VariantSummary> summarise_variants(const LabelledRuns& baseline,
                                                       const std::vector<LabelledRuns>& variants);

/// @brief The summaries as a table (mean [P5, P95], P(better)) followed by each sentence.
void print_variant_summaries(std::FILE* out, const std::vector<output::VariantSummary>& summaries);

} // namespace povsim::app
