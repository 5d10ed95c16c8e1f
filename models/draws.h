#pragma once
// Boost.Random distributions over keyed streams. Boost's algorithms are fixed by its
// version (1.74 on Debian 12), unlike std:: distributions, so golden results stay valid.
#include "models/parameters.h"
#include "sim/rng.h"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <array>
#include <cmath>
#include <limits>

namespace povsim::models {

inline double draw_normal(sim::CounterRng& rng, double mean = 0.0, double sd = 1.0)
{
    return boost::random::normal_distribution<double>(mean, sd)(rng);
}

/// @brief Lognormal parameterised by its median and the sd of its log.
inline double draw_lognormal_median(sim::CounterRng& rng, double median, double sigma)
{
    return median * std::exp(sigma * draw_normal(rng));
}

inline double draw_beta(sim::CounterRng& rng, double a, double b)
{
    return boost::random::beta_distribution<double>(a, b)(rng);
}

inline int draw_binomial(sim::CounterRng& rng, int n, double p)
{
    if (n <= 0 || p <= 0.0) {
        return 0;
    }
    if (p >= 1.0) {
        return n;
    }
    return boost::random::binomial_distribution<int, double>(n, p)(rng);
}

/// @brief Binomial(n, p) draws for one p and many small n, number for number identical to
/// draw_binomial (Boost 1.74's algorithm: inversion while (n+1)·min(p,1−p) < 11, BTRD above),
/// with Boost's per-draw constant pow(1−p, n) computed once per n instead of on every draw.
class BinomialSampler {
public:
    static constexpr int table_size = 64; ///< n below this use the table; larger n go to Boost

    explicit BinomialSampler(double p) : m_p(p), m_flip(0.5 < p)
    {
        const double q = m_flip ? (1 - p) : p; // the p Boost inverts with
        m_ratio        = q / (1 - q);
        for (int t = 0; t < table_size; ++t) {
            m_inversion[t] = static_cast<int>((t + 1) * q) < 11;
            m_q_n[t]       = m_inversion[t] ? std::pow(1 - q, static_cast<double>(t)) : 0.0;
        }
    }

    int operator()(sim::CounterRng& rng, int n) const
    {
        if (n <= 0 || m_p <= 0.0) {
            return 0;
        }
        if (m_p >= 1.0) {
            return n;
        }
        if (n >= table_size || !m_inversion[n]) {
            return boost::random::binomial_distribution<int, double>(n, m_p)(rng);
        }
        const int x = invert(rng, n);
        return m_flip ? n - x : x;
    }

private:
    int invert(sim::CounterRng& rng, int t) const
    {
        const double s = m_ratio;
        const double a = (t + 1) * s;
        double       r = m_q_n[t];
        double       u = boost::random::uniform_01<double>()(rng);
        int          x = 0;
        while (u > r) {
            u = u - r;
            ++x;
            const double r1 = ((a / x) - s) * r;
            if (r1 < std::numeric_limits<double>::epsilon() && r1 < r) {
                break; // Boost's cut-off: the remaining tail is below round-off
            }
            r = r1;
        }
        return x;
    }

    double m_p;
    bool   m_flip;
    double m_ratio = 0;
    std::array<double, table_size> m_q_n{};
    std::array<bool, table_size>   m_inversion{};
};

/// @brief One value of an uncertain parameter, clamped to the key's valid range.
inline double draw_uncertain(const Uncertain& u, sim::CounterRng& rng)
{
    double v = u.a;
    switch (u.dist) {
    case Uncertain::Dist::Fixed: return u.a;
    case Uncertain::Dist::Uniform: v = boost::random::uniform_real_distribution<double>(u.a, u.b)(rng); break;
    case Uncertain::Dist::Normal: v = draw_normal(rng, u.a, u.b); break;
    case Uncertain::Dist::LogNormal: v = draw_lognormal_median(rng, u.a, u.b); break;
    case Uncertain::Dist::Beta: v = draw_beta(rng, u.a, u.b); break;
    case Uncertain::Dist::Triangular: v = boost::random::triangle_distribution<double>(u.a, u.c, u.b)(rng); break;
    }
    return std::clamp(v, u.lo, u.hi);
}

} // namespace povsim::models
