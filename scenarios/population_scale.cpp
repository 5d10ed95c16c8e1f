#include "scenarios/population_scale.h"

#include "models/province_groups.h"

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

/// Segments scaled by @p f and fitted to the units' registered totals.
void fit_segments_to_units(models::Parameters& out, double f)
{
    std::int64_t reg_hh = 0, reg_persons = 0;
    for (const auto& u : out.population.units) {
        reg_hh += u.registered_households;
        reg_persons += u.registered_persons;
    }
    for (auto& s : out.population.segments) {
        s.households = scaled(s.households, f);
        s.persons    = s.households == 0 ? 0 : std::max(s.households, scaled(s.persons, f));
    }
    fit_segments(out.population.segments, reg_hh, [](models::Segment& s) -> int& { return s.households; });
    fit_segments(out.population.segments, reg_persons, [](models::Segment& s) -> int& { return s.persons; });
}

/// Every absolute plan (quotas, ceilings, the exit plan) scaled by @p f.
void scale_plans(models::Parameters& out, double f)
{
    for (auto& prog : out.programmes) {
        scale_table(prog.target, f);
        scale_table(prog.ceiling, f);
    }
    for (auto& [source, ceiling] : out.budget.source_ceilings) {
        scale_table(ceiling, f);
    }
    scale_table(out.thresholds.exit_plan_persons, f);
}

double total_households(const models::Parameters& p)
{
    double n = 0;
    for (const auto& u : p.population.units) {
        n += u.households;
    }
    return n;
}

double total_villages(const models::Parameters& p)
{
    double n = 0;
    for (const auto& u : p.population.units) {
        n += u.villages;
    }
    return n;
}

/// One province's counties and units; segments and plans in proportion to its registered households.
void keep_province(models::Parameters& out, const models::Province& province)
{
    auto& pop = out.population;
    double all = 0, kept = 0;
    std::vector<models::Unit> units;
    for (const auto& u : pop.units) {
        const auto county = std::find_if(pop.counties.begin(), pop.counties.end(), [&](auto& c) { return c.name == u.county; });
        all += u.registered_households;
        if (county != pop.counties.end() && county->province == province.name) {
            kept += u.registered_households;
            units.push_back(u);
        }
    }
    std::erase_if(pop.counties, [&](const models::County& c) { return c.province != province.name; });
    pop.units = std::move(units);
    const models::Province keep = province;
    pop.provinces = {keep};
    out.targets.clear(); // the scenario's targets are for the whole region, not for one province
    const double f = all > 0 ? kept / all : 0.0;
    fit_segments_to_units(out, f);
    scale_plans(out, f);
}

} // namespace

models::Parameters scaled_population(const models::Parameters& p, double households)
{
    const double now = total_households(p);
    if (now <= 0 || households <= 0) {
        throw std::invalid_argument("scaled population: needs households > 0");
    }
    const double f   = households / now;
    auto         out = p;
    for (auto& u : out.population.units) {
        u.households            = std::max(1, scaled(u.households, f));
        u.persons               = std::max(u.households, scaled(u.persons, f));
        u.registered_households = std::min(u.households, scaled(u.registered_households, f));
        u.registered_persons    = u.registered_households == 0
                                      ? 0
                                      : std::clamp(scaled(u.registered_persons, f), u.registered_households, u.persons);
        u.villages              = std::max(1, scaled(u.villages, f));
        u.poor_villages         = std::min(u.villages, scaled(u.poor_villages, f));
    }
    fit_segments_to_units(out, f);
    // Plans follow the households actually kept (each unit keeps at least one), and the weights
    // carry any earlier sampling, so a result × weight is always at the scenario's full scale.
    const double kept = total_households(out) / now;
    scale_plans(out, kept);
    out.population.weight         = p.population.weight / kept;
    out.population.village_weight = p.population.village_weight * total_villages(p) / total_villages(out);
    return out;
}

models::Parameters apply_population_options(const models::Parameters& p)
{
    auto out = p;
    if (!p.population.only_province.empty()) {
        const models::Province* province = models::find_province(p.population.provinces, p.population.only_province);
        if (!province) {
            throw std::invalid_argument("population.only_province: no province '" + p.population.only_province + "'");
        }
        keep_province(out, *province);
    }
    if (p.population.sample < 1.0) {
        out = scaled_population(out, total_households(out) * p.population.sample);
    }
    // Rounding to a small sample can leave a segment with too few or too many persons.
    for (const auto& s : out.population.segments) {
        if (s.households > 0 && (s.persons < s.households || s.persons > models::max_household_size * s.households)) {
            throw std::invalid_argument("segment '" + s.name + "' gets " + std::to_string(s.households) +
                                        " households and " + std::to_string(s.persons) +
                                        " persons at this sample; take a larger population.sample");
        }
    }
    return out;
}

} // namespace povsim::scenarios
