#pragma once
// Draws by inversion from one uniform, for population generation (one word per household from a
// chunk's batch instead of a stream per household and a rejection loop).
#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace povsim::models {

/// @brief Beta(a, b) by its quantile function, tabulated at 4,096 equal steps of u and read with
/// linear interpolation. Tables are built once per (a, b) per process (Boost's ibeta_inv costs
/// microseconds) and shared read-only, so a replication pays nothing for them.
class BetaQuantiles {
public:
    static constexpr std::size_t steps = 4096;
    BetaQuantiles(double a, double b);
    /// @return the Beta(a, b) quantile at @p u in (0, 1), to within the interpolation error
    double operator()(double u) const
    {
        const double      x = u * static_cast<double>(steps);
        const std::size_t k = x >= static_cast<double>(steps) ? steps - 1 : static_cast<std::size_t>(x);
        const double      f = x - static_cast<double>(k);
        return (*m_q)[k] + f * ((*m_q)[k + 1] - (*m_q)[k]);
    }

private:
    std::shared_ptr<const std::vector<double>> m_q; ///< steps + 1 quantiles, u = 0 … 1
};

/// @brief A discrete law by its cumulative weights, with a guide table (Chen and Asau's indexed
/// search): for each of n equal slices of the total the table holds the first index a value in it
/// can fall at, so a draw costs about two comparisons instead of a binary search.
struct CumulativeWeights {
    std::vector<double> cum;
    std::vector<int>    guide;

    void push_back(double c) { cum.push_back(c); }
    /// @brief Build the guide table (after the last push_back).
    void index()
    {
        const std::size_t n = cum.size();
        if (n == 0) {
            return;
        }
        guide.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            const double low = cum.back() * static_cast<double>(k) / static_cast<double>(n);
            guide[k] = static_cast<int>(std::upper_bound(cum.begin(), cum.end(), low) - cum.begin());
        }
    }
    /// @return std::upper_bound(cum, x) as an index, at most the last village
    int find(double x) const
    {
        const auto n = static_cast<int>(cum.size());
        const auto k = std::clamp(static_cast<int>(x / cum.back() * n), 0, n - 1);
        int j = std::min(guide[static_cast<std::size_t>(k)], n - 1);
        // The slice's start is exact only up to rounding: step back or on to upper_bound's answer.
        while (j > 0 && cum[static_cast<std::size_t>(j - 1)] > x) {
            --j;
        }
        while (j < n - 1 && cum[static_cast<std::size_t>(j)] <= x) {
            ++j;
        }
        return j;
    }
};

/// @brief A standard normal conditioned on z ≥ z_floor, by exact inversion from one uniform; the
/// tail's mass is computed once, not per draw.
class NormalAbove {
public:
    explicit NormalAbove(double z_floor);
    /// @return the draw for @p u in (0, 1)
    double operator()(double u) const;

private:
    double m_floor, m_tail;
};

} // namespace povsim::models
