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

NormalAbove::NormalAbove(double z_floor)
    : m_floor(z_floor), m_tail(boost::math::cdf(boost::math::complement(boost::math::normal_distribution<double>(), z_floor)))
{
}

double NormalAbove::operator()(double u) const
{
    // Inverting the upper tail (complement) keeps precision where the floor is far in the tail.
    if (!(m_tail > 0)) {
        return m_floor;
    }
    return boost::math::quantile(boost::math::complement(boost::math::normal_distribution<double>(), m_tail * (1.0 - u)));
}

} // namespace povsim::models
