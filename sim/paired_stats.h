#pragma once
// Paired comparison of two scenarios run on common random numbers: replication r of both saw
// the same shocks, so the difference variant − baseline taken run by run isolates the effect of
// the change from Monte Carlo noise. The unpaired interval shows what the same two ensembles
// would give had they been run independently, and the narrowing factor how much pairing bought.
#include "sim/result_cube.h"

#include <functional>
#include <string>
#include <vector>

namespace povsim::sim {

/// @brief Which direction of a metric is favourable; `none` where "better" has no meaning.
enum class Better { lower, higher, none };

/// @brief "lower", "higher" or "none".
const char* to_string(Better better);

/// @brief Φ⁻¹(0.95): the unpaired interval is mean_diff ± this × sqrt(sd_b² + sd_v²).
inline constexpr double z95 = 1.6448536269514722;

/// @brief Statistics of the paired differences variant − baseline of one metric in one year.
/// Every field is NaN when there are no pairs.
struct PairedStat {
    int    n             = 0; ///< number of pairs
    double mean_baseline = 0, mean_variant = 0;
    double mean_diff     = 0; ///< mean of the paired differences (= mean_variant − mean_baseline)
    double sd            = 0; ///< sd of the differences (n−1 denominator, 0 for one pair)
    double se            = 0; ///< sd / sqrt(n)
    double p05 = 0, p50 = 0, p95 = 0; ///< type-7 percentiles of the differences
    /// Share of pairs whose difference is strictly in the favourable direction (ties are not
    /// better); NaN when the metric has no favourable direction.
    double prob_better   = 0;
    /// Normal approximation for independent runs: mean_diff ± z95 · sqrt(sd_b² + sd_v²), the
    /// variance of a difference of independent samples, from the two marginal sds.
    double unpaired_p05 = 0, unpaired_p95 = 0;
    /// (unpaired_p95 − unpaired_p05) / (p95 − p05); NaN when the paired width is 0 (then the
    /// ratio is undefined: identical scenarios, or a shift that is the same in every run).
    double narrowing     = 0;
    /// Every pair tied at 0 (years before the policies differ): P(better) then reads "same", not
    /// "0 %", which would say "never better".
    bool tied() const { return sd == 0 && mean_diff == 0; }
};

/// @brief Paired statistics of @p variant − @p baseline, element i of one paired with element i of the other.
/// @throws std::invalid_argument if the two have different lengths.
PairedStat paired_stat(const std::vector<double>& baseline, const std::vector<double>& variant, Better better);

/// @brief One metric of a comparison: its favourable direction and one PairedStat per year.
struct MetricComparison {
    std::string             metric;
    std::string             units;
    std::string             description;
    Better                  better = Better::none;
    std::vector<PairedStat> years; ///< parallel to PairedComparison::years
};

/// @brief Every metric the two scenarios share, paired by replication index.
struct PairedComparison {
    std::string                   variant, baseline; ///< scenario names
    std::vector<int>              years;
    int                           n_pairs = 0;
    std::vector<MetricComparison> metrics; ///< in the baseline's metric order
};

/// @brief Maps a metric name to its favourable direction.
using BetterFn = std::function<Better(const std::string& metric)>;

/// @brief Compares @p variant with @p baseline for every metric both hold (by name), pairing runs by
/// replication index (the order of the runs in each set does not matter).
/// @throws std::invalid_argument if the years differ or the two sets do not hold the same replication ids.
PairedComparison compare_paired(const std::string& baseline_name, const ReplicationSet& baseline,
                                const std::string& variant_name, const ReplicationSet& variant,
                                const BetterFn& better);

/// @brief The rows of both sets that hold the same replication id, as (baseline row, variant row)
/// in ascending id order: the one way every comparison, chart and sheet pairs runs.
/// @throws std::invalid_argument naming both sets unless they hold the same ids, each once.
std::vector<std::pair<std::size_t, std::size_t>> paired_rows(const ReplicationSet& baseline,
                                                             const std::string& baseline_name,
                                                             const ReplicationSet& variant,
                                                             const std::string& variant_name);

/// @brief How a window of years is reduced to one value per replication: a flow (new_*) is summed
/// over the window, a stock (n_*) is read at the window's last year.
enum class WindowReduce { sum, last };

/// @brief One metric over a window, one value per replication, paired: element k of both vectors
/// is the same replication id (ascending).
struct PairedValues {
    std::vector<int>    replication_ids;
    std::vector<double> baseline, variant;
};

/// @brief @p metric of both sets reduced over the years [@p first_year, @p last_year].
/// @throws std::invalid_argument if either set lacks the metric or a year, or the sets do not
/// hold the same replication ids.
PairedValues paired_window(const ReplicationSet& baseline, const ReplicationSet& variant, const std::string& metric,
                           int first_year, int last_year, WindowReduce reduce);

} // namespace povsim::sim
