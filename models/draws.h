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
#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>

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
