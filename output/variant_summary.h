#pragma once
// The answer first (issue: what a planner reads before any table): per variant and window of
// years, the paired change of the headline outcomes against the baseline, the extra spending
// per return to poverty avoided, and one sentence in English and Chinese. Plain data, filled by
// the application (app/summarise_variants) and shown by compare and the HTML report.
#include "sim/paired_stats.h"
#include "sim/ratio_bootstrap.h"

#include <string>
#include <vector>

namespace povsim::output {

/// @brief One headline outcome over the window: variant − baseline, paired by replication.
struct SummaryItem {
    std::string     metric;   ///< e.g. "new_returns"
    std::string     label;    ///< e.g. "Δ returns to poverty (cumulative)"
    std::string     label_zh; ///< e.g. "返贫（累计）变化"
    std::string     units;    ///< as shown: "households", "万元"
    double          divisor = 1; ///< stored units / shown units (1e4 for 万元)
    sim::PairedStat stat;     ///< in stored units
};

/// @brief A variant against the baseline over the years [first_year, last_year].
struct VariantSummary {
    std::string              variant, baseline;
    int                      first_year = 0, last_year = 0;
    int                      n_pairs    = 0;
    std::vector<SummaryItem> items;
    sim::RatioStat           cost_per_return_avoided; ///< yuan per household: Δ spending / returns avoided
    std::string              sentence, sentence_zh;
};

} // namespace povsim::output
