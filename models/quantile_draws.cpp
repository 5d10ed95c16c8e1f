#include "models/quantile_draws.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>

#include <map>
#include <mutex>
#include <utility>

namespace povsim::models {

BetaQuantiles::BetaQuantiles(double a, double b)
{
    static std::mutex mutex;
    static std::map<std::pair<double, double>, std::shared_ptr<const std::vector<double>>> tables;
    const std::lock_guard lock(mutex);
    auto& table = tables[{a, b}];
    if (!table) {
        auto q = std::make_shared<std::vector<double>>(steps + 1);
        for (std::size_t k = 0; k <= steps; ++k) {
            (*q)[k] = k == 0 ? 0.0 : k == steps ? 1.0 : boost::math::ibeta_inv(a, b, static_cast<double>(k) / steps);
        }
        table = std::move(q);
    }
    m_q = table;
}

double truncated_normal_above(double z_floor, double u)
{
    const boost::math::normal_distribution<double> normal;
    // Inverting the upper tail (complement) keeps precision where the floor is far in the tail.
    const double tail = boost::math::cdf(boost::math::complement(normal, z_floor));
    if (!(tail > 0)) {
        return z_floor;
    }
    return boost::math::quantile(boost::math::complement(normal, tail * (1.0 - u)));
}

} // namespace povsim::models
