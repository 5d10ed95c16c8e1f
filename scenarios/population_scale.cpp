#include "scenarios/population_scale.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace povsim::scenarios {
namespace {

int scaled(int n, double f)
{
    const double v = std::round(n * f);
    if (v > std::numeric_limits<int>::max()) {
        throw std::invalid_argument("scaled population: a count exceeds 2^31 − 1");
    }
    return static_cast<int>(v);
}

void scale_table(models::YearTable& t, double f)
{
    for (auto& [year, v] : t.values) {
        v *= f;
    }
}

/// Segments scaled, the rounding left over given to the largest segment, so they sum to @p total.
template <class Get>
void fit_segments(std::vector<models::Segment>& segs, std::int64_t total, Get get)
{
    std::int64_t sum = 0;
    for (auto& s : segs) {
        sum += get(s);
    }
    auto largest = std::max_element(segs.begin(), segs.end(), [&](auto& a, auto& b) { return get(a) < get(b); });
    if (largest != segs.end()) {
        get(*largest) += static_cast<int>(total - sum);
    }
}

} // namespace

models::Parameters scaled_population(const models::Parameters& p, double households)
{
    double now = 0;
    for (const auto& u : p.population.units) {
        now += u.households;
    }
    if (now <= 0 || households <= 0) {
        throw std::invalid_argument("scaled population: needs households > 0");
    }
    const double f   = households / now;
    auto         out = p;
    std::int64_t reg_hh = 0, reg_persons = 0;
    for (auto& u : out.population.units) {
        u.households            = std::max(1, scaled(u.households, f));
        u.persons               = std::max(u.households, scaled(u.persons, f));
        u.registered_households = std::min(u.households, scaled(u.registered_households, f));
        u.registered_persons    = u.registered_households == 0
                                      ? 0
                                      : std::clamp(scaled(u.registered_persons, f), u.registered_households, u.persons);
        u.villages              = std::max(1, scaled(u.villages, f));
        u.poor_villages         = std::min(u.villages, scaled(u.poor_villages, f));
        reg_hh += u.registered_households;
        reg_persons += u.registered_persons;
    }
    for (auto& s : out.population.segments) {
        s.households = scaled(s.households, f);
        s.persons    = s.households == 0 ? 0 : std::max(s.households, scaled(s.persons, f));
    }
    fit_segments(out.population.segments, reg_hh, [](models::Segment& s) -> int& { return s.households; });
    fit_segments(out.population.segments, reg_persons, [](models::Segment& s) -> int& { return s.persons; });
    for (auto& prog : out.programmes) {
        scale_table(prog.target, f);
        scale_table(prog.ceiling, f);
    }
    for (auto& [source, ceiling] : out.budget.source_ceilings) {
        scale_table(ceiling, f);
    }
    scale_table(out.thresholds.exit_plan_persons, f);
    return out;
}

} // namespace povsim::scenarios
