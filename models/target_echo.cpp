#include "models/target_echo.h"

#include "models/targets.h"

#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

namespace povsim::models {
namespace {

std::string text(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

constexpr std::size_t max_units_compared_one_by_one = 50;

/// How telling a match is: the inputs of the target's own programme and years come first.
enum Rank { own_programme, in_range, other_year };

/// The best match among labelled inputs: lowest rank, then the first added.
class Inputs {
public:
    explicit Inputs(double value) : m_value(value) {}
    void add(const std::string& label, double v, Rank rank = in_range)
    {
        if (std::abs(v - m_value) <= echo_tolerance * std::abs(m_value) && (!m_match || rank < m_rank)) {
            m_match = label + " " + text(v);
            m_rank  = rank;
        }
    }
    std::optional<std::string> match() const { return m_match; }

private:
    double                     m_value;
    std::optional<std::string> m_match;
    Rank                       m_rank = other_year;
};

struct Entry {
    std::string label;
    double      value;
    bool        in_range; ///< within the target's years
};

/// The year entries of @p table; their sum over the target's years [first, last]; and their sum
/// from the first entry to @p last, which is what a stock in place at @p last counts (e.g. the
/// relocated households served in 2020 are the quotas of 2016-2020).
std::vector<Entry> entries(const std::string& key, const YearTable& table, int first, int last)
{
    std::vector<Entry> out;
    if (table.empty()) {
        return out;
    }
    double in_range = 0, to_date = 0;
    for (const auto& [year, v] : table.values) {
        out.push_back({key + "." + std::to_string(year), v, year >= first && year <= last});
        in_range += year >= first && year <= last ? v : 0.0;
        to_date += year <= last ? v : 0.0;
    }
    const auto span = [&](int from) { return key + " " + std::to_string(from) + "-" + std::to_string(last) + " sum"; };
    if (last > first) {
        out.push_back({span(first), in_range, true});
    }
    const int start = table.values.begin()->first;
    if (start < first) {
        out.push_back({span(start), to_date, true});
    }
    return out;
}

/// The programme a spending:, need: or served: target names; empty for others.
std::string named_programme(const std::string& metric)
{
    const auto colon = metric.find(':');
    const auto kind  = metric.substr(0, colon == std::string::npos ? 0 : colon);
    return kind == "spending" || kind == "need" || kind == "served" ? metric.substr(colon + 1) : std::string();
}

void add_programmes(Inputs& in, const Parameters& p, const Target& target)
{
    const std::string own = named_programme(target.metric);
    for (const auto& prog : p.programmes) {
        const std::vector<std::pair<std::string, double>> costs{
            {"one_off_cost", prog.one_off_cost},
            {"recurring_cost", prog.recurring_cost},
            {"(one_off_cost + recurring_cost)", prog.one_off_cost > 0 && prog.recurring_cost > 0
                                                    ? prog.one_off_cost + prog.recurring_cost
                                                    : 0.0},
            {"effect.wage", location(prog.effect.wage)},
            {"effect.principal", prog.effect.principal}};
        for (const auto& e : entries("programmes." + prog.id + ".target", prog.target, target.year, last_year(target))) {
            const Rank rank = !e.in_range ? other_year : prog.id == own ? own_programme : in_range;
            in.add(e.label, e.value, rank);
            for (const auto& [cost_label, cost] : costs) {
                if (cost > 0) {
                    in.add(e.label + " × " + cost_label, e.value * cost, rank);
                }
            }
        }
    }
}

void add_registry(Inputs& in, const Population& pop)
{
    const auto& segs = pop.segments;
    for (const auto& s : segs) {
        in.add("population.segments[" + s.name + "].households", s.households);
        in.add("population.segments[" + s.name + "].persons", s.persons);
    }
    // Sums of two or more segments (e.g. every registered_poor one); all subsets while that is cheap.
    const std::size_t n = segs.size() <= 12 ? segs.size() : 0;
    for (std::size_t mask = 1; mask < (std::size_t{1} << n); ++mask) {
        if ((mask & (mask - 1)) == 0) {
            continue; // one segment: above
        }
        std::string names;
        double      households = 0, persons = 0;
        for (std::size_t g = 0; g < n; ++g) {
            if (mask & (std::size_t{1} << g)) {
                names += (names.empty() ? "" : " + ") + segs[g].name;
                households += segs[g].households, persons += segs[g].persons;
            }
        }
        in.add("population.segments " + names + " households", households);
        in.add("population.segments " + names + " persons", persons);
    }
    using Field = int Unit::*;
    const std::pair<const char*, Field> fields[] = {
        {"households", &Unit::households},
        {"persons", &Unit::persons},
        {"registered_households", &Unit::registered_households},
        {"registered_persons", &Unit::registered_persons},
        {"villages", &Unit::villages},
        {"poor_villages", &Unit::poor_villages}};
    // With hundreds of units (a national scenario) some unit's count matches any target by
    // chance; one unit's count is a plausible restatement only among a few.
    const bool each_unit = pop.units.size() <= max_units_compared_one_by_one;
    for (const auto& [name, field] : fields) {
        double total = 0;
        for (const auto& u : pop.units) {
            if (each_unit) {
                in.add("population.units[" + u.name + "]." + name, u.*field);
            }
            total += u.*field;
        }
        in.add(std::string("population.units total ") + name, total);
    }
}

} // namespace

std::optional<std::string> find_echo(const Target& target, const Parameters& p)
{
    if (target.role == TargetRole::Accounting || target.value == 0.0) {
        return std::nullopt;
    }
    Inputs in(target.value);
    add_programmes(in, p, target);
    for (const auto& e : entries("thresholds.exit_plan_persons", p.thresholds.exit_plan_persons, target.year,
                                 last_year(target))) {
        in.add(e.label, e.value, e.in_range ? in_range : other_year);
    }
    add_registry(in, p.population);
    return in.match();
}

} // namespace povsim::models
