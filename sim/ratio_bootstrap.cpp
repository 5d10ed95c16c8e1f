#include "sim/ratio_bootstrap.h"

#include "sim/ensemble_stats.h"

#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace povsim::sim {

RatioStat ratio_of_means(const std::vector<double>& numerator, const std::vector<double>& denominator, int resamples,
                         std::uint64_t seed)
{
    if (numerator.size() != denominator.size()) {
        throw std::invalid_argument("ratio_of_means: " + std::to_string(numerator.size()) + " numerators but " +
                                    std::to_string(denominator.size()) + " denominators");
    }
    RatioStat   out;
    const auto  n    = numerator.size();
    const auto  mean = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); };
    if (n == 0 || !(mean(denominator) > 0)) {
        return out;
    }
    out.defined = true;
    out.ratio   = mean(numerator) / mean(denominator);
    // mt19937_64 and a hand-drawn index: std::uniform_int_distribution differs between libraries.
    std::mt19937_64     rng(seed);
    std::vector<double> ratios;
    int                 undefined = 0;
    for (int b = 0; b < resamples; ++b) {
        double num = 0, den = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const auto i = static_cast<std::size_t>(rng() % n); // modulo bias < n / 2^64: negligible
            num += numerator[i];
            den += denominator[i];
        }
        if (den > 0) {
            ratios.push_back(num / den);
        } else {
            ++undefined;
        }
    }
    out.share_undefined = static_cast<double>(undefined) / resamples;
    out.p05             = quantile(ratios, 0.05);
    out.p95             = quantile(ratios, 0.95);
    return out;
}

} // namespace povsim::sim
