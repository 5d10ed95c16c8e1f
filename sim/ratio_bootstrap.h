#pragma once
// A ratio of two mean paired differences, such as the extra spending per return to poverty
// avoided. The ratio of the means is the estimate (a ratio taken run by run explodes where a
// run avoids almost nothing); its interval is a percentile bootstrap over the replication
// pairs, resampled with a fixed seed so that the same study always prints the same interval.
#include <cstdint>
#include <vector>

namespace povsim::sim {

/// @brief mean(numerator) / mean(denominator) with a bootstrap P5–P95.
struct RatioStat {
    bool   defined = false; ///< false when the mean denominator is ≤ 0 (nothing avoided on average)
    double ratio   = 0;
    double p05 = 0, p95 = 0; ///< percentiles over resamples with a positive denominator
    /// share of resamples whose mean denominator is ≤ 0: where this is large the ratio is fragile
    double share_undefined = 0;
};

/// @brief The ratio of means of @p numerator and @p denominator (element k of each is one
/// replication pair) and its bootstrap interval over @p resamples resamples.
/// @throws std::invalid_argument if the lengths differ.
RatioStat ratio_of_means(const std::vector<double>& numerator, const std::vector<double>& denominator,
                         int resamples = 2000, std::uint64_t seed = 20160101);

} // namespace povsim::sim
