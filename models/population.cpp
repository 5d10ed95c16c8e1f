#include "models/population.h"

#include "models/draws.h"
#include "models/quantile_draws.h"
#include "models/word_draws.h"
#include "sim/chunked.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace povsim::models {
namespace {

/// Largest-remainder rounding of @p total over @p weights, never above @p caps.
std::vector<int> apportion(int total, const std::vector<double>& weights, const std::vector<int>& caps)
{
    const std::size_t n = weights.size();
    std::vector<int> out(n, 0);
    const double wsum = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (total <= 0 || wsum <= 0) {
        return out;
    }
    std::vector<double> rem(n);
    int placed = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double exact = total * weights[i] / wsum;
        out[i] = std::min(caps[i], static_cast<int>(std::floor(exact)));
        rem[i] = exact - out[i];
        placed += out[i];
    }
    // Hand out what rounding and caps left, largest remainder first (ties: lowest index).
    while (placed < total) {
        int best = -1;
        for (std::size_t i = 0; i < n; ++i) {
            if (out[i] < caps[i] && (best < 0 || rem[i] > rem[best])) {
                best = static_cast<int>(i);
            }
        }
        if (best < 0) {
            throw std::runtime_error("population: cannot place all households within the unit totals");
        }
        ++out[best];
        rem[best] -= 1.0;
        ++placed;
    }
    return out;
}

/// Income classes, in the order of Generation::income.
enum class IncomeKind { PoorLabour, PoorNoLabour, Exited, NonPoor };

/// @return the income class of a registry segment's households
IncomeKind income_kind(const Segment& seg)
{
    return seg.status == "exited" ? IncomeKind::Exited : seg.labour ? IncomeKind::PoorLabour : IncomeKind::PoorNoLabour;
}

const IncomeClass& income_class(const Population& pop, IncomeKind k)
{
    switch (k) {
    case IncomeKind::PoorLabour: return pop.poor_labour;
    case IncomeKind::PoorNoLabour: return pop.poor_no_labour;
    case IncomeKind::Exited: return pop.exited;
    case IncomeKind::NonPoor: break;
    }
    return pop.non_poor;
}

/// What generation knows about a household before its row is filled.
struct Recipe {
    int unit, size;
    bool labour;
    Status status;
    int exit_year;
    Cause cause;
    IncomeKind income;
    int segment; ///< index in Population::segments + 1, 0 for households outside the registry
};

void build_regions(World& w, const sim::ReplicationStreams& streams)
{
    const auto& pop = w.params->population;
    const int   base = w.params->scenario.base_year;
    for (const auto& c : pop.counties) {
        w.counties.name.push_back(c.name);
        w.counties.western.push_back(c.western);
        w.counties.poor.push_back(c.poor_county);
        w.counties.exit_year.push_back(0);
    }
    const auto& vs = pop.villages;
    for (int u = 0; u < static_cast<int>(pop.units.size()); ++u) {
        const auto& unit   = pop.units[u];
        const auto  county = std::find(w.counties.name.begin(), w.counties.name.end(), unit.county);
        for (int v = 0; v < unit.villages; ++v) {
            const auto id   = static_cast<std::uint32_t>(w.villages.count());
            auto       rng  = streams.stream(base, sim::DrawPurpose::VillageSetup, id);
            const bool poor = v < unit.poor_villages;
            w.villages.county.push_back(static_cast<std::int32_t>(county - w.counties.name.begin()));
            w.villages.unit.push_back(u);
            w.villages.poor.push_back(poor);
            w.villages.exit_year.push_back(0);
            w.villages.collective_income.push_back(draw_lognormal_median(
                rng, poor ? vs.poor_collective_income_median : vs.collective_income_median, vs.collective_income_sigma));
            w.villages.infrastructure_ok.push_back(poor ? rng.bernoulli(vs.infrastructure_ok_poor) : 1);
            w.villages.disaster_loss.push_back(0.0f);
            // 空壳村: no collective income until a programme builds one (drawn last: other draws stay put).
            const double hollow = poor ? vs.poor_without_collective_income : vs.without_collective_income;
            if (hollow > 0 && rng.bernoulli(hollow)) {
                w.villages.collective_income.back() = 0.0;
            }
        }
    }
}

/// Household recipes in row order, stored per cell (one unit × segment, or a unit's other
/// households) with one size byte per household: a few bytes per household, not a Recipe each,
/// so a 1:1 national population is generated without doubling its memory.
struct Recipes {
    std::vector<Recipe>       cells; ///< size field unused
    std::vector<std::size_t>  first; ///< first row of each cell
    std::vector<std::uint8_t> sizes; ///< per row

    void add(const Recipe& r, const std::vector<int>& cell_sizes)
    {
        if (cell_sizes.empty()) {
            return;
        }
        cells.push_back(r);
        first.push_back(sizes.size());
        for (const int n : cell_sizes) {
            sizes.push_back(static_cast<std::uint8_t>(n));
        }
    }
    /// @return the cell of row @p i
    std::size_t cell_of(std::size_t i) const
    {
        return static_cast<std::size_t>(std::upper_bound(first.begin(), first.end(), i) - first.begin()) - 1;
    }
};

/// Household recipes: each unit's registered households split by segment, then the rest.
Recipes build_recipes(const Parameters& p, const sim::ReplicationStreams& streams)
{
    const auto& pop = p.population;
    std::vector<int> unit_hh, unit_persons, seg_hh, seg_persons;
    for (const auto& u : pop.units) {
        unit_hh.push_back(u.registered_households);
        unit_persons.push_back(u.registered_persons);
    }
    for (const auto& s : pop.segments) {
        seg_hh.push_back(s.households);
        seg_persons.push_back(s.persons);
    }
    const auto cell_hh      = allocate_two_margins(unit_hh, seg_hh);
    const auto cell_persons = allocate_two_margins(unit_persons, seg_persons);

    Recipes       out;
    std::uint32_t cell_id = 0;
    for (int u = 0; u < static_cast<int>(pop.units.size()); ++u) {
        for (int s = 0; s < static_cast<int>(pop.segments.size()); ++s, ++cell_id) {
            const auto& seg = pop.segments[s];
            const int   n   = cell_hh[u][s];
            // A cell can get fewer persons than households from independent rounding; then
            // every household has one member (a unit-level persons shortfall of a few).
            const int persons = n == 0 ? 0 : std::max(cell_persons[u][s], n);
            auto      rng     = streams.stream(p.scenario.base_year, sim::DrawPurpose::PopulationSize, cell_id);
            const auto status = seg.status == "exited" ? Status::Exited : Status::RegisteredPoor;
            Cause cause = Cause::Other;
            parse_cause(seg.cause, cause);
            out.add({u, 0, seg.labour, status, seg.exit_year, cause, income_kind(seg), s + 1}, draw_sizes(n, persons, rng));
        }
        const auto& unit    = pop.units[u];
        const int   n       = unit.households - unit.registered_households;
        const int   persons = n == 0 ? 0 : std::max(unit.persons - unit.registered_persons, n);
        auto        rng     = streams.stream(p.scenario.base_year, sim::DrawPurpose::PopulationSize, 1u << 20 | u);
        out.add({u, 0, true, Status::NonPoor, 0, Cause::Other, IncomeKind::NonPoor, 0}, draw_sizes(n, persons, rng));
    }
    return out;
}

/// Where households of one unit may live: its first village and, for registered and other
/// households, cumulative village weights (registered ones lean towards poor villages).
struct UnitVillages {
    int first = 0;
    CumulativeWeights registered, other;
};

std::vector<UnitVillages> village_weights(const Population& pop)
{
    std::vector<UnitVillages> out;
    int first = 0;
    for (const auto& unit : pop.units) {
        UnitVillages u;
        u.first = first;
        double reg = 0;
        for (int v = 0; v < unit.villages; ++v) {
            reg += v < unit.poor_villages ? pop.villages.poor_village_concentration : 1.0;
            u.registered.push_back(reg);
            u.other.push_back(v + 1.0);
        }
        u.registered.index();
        u.other.index();
        out.push_back(std::move(u));
        first += unit.villages;
    }
    return out;
}

int place(const Recipe& r, const std::vector<UnitVillages>& weights, double u)
{
    const auto& w = weights[r.unit];
    const auto& c = r.status != Status::NonPoor ? w.registered : w.other;
    return w.first + c.find(u * c.cum.back());
}

/// Composition probabilities of the scenario, each with its binomial constants computed once.
struct CompositionDraws {
    BinomialInverse extra_labour, elderly, elderly_no_labour, school, senior, employment;
    explicit CompositionDraws(const Composition& c)
        : extra_labour(c.extra_labour_prob), elderly(c.elderly_prob), elderly_no_labour(c.elderly_prob_no_labour),
          school(c.school_child_prob), senior(c.senior_student_prob), employment(c.employment_rate)
    {
    }
};

/// Words per household of its PopulationFlags stream (blocks 0–2) that fill_household reads.
constexpr std::size_t flag_words = 12;

/// Base-year income of one income class, with its constants computed once per replication: the
/// poor's between two multiples of the line (Beta), the others' lognormal above a floor.
struct BaseIncome {
    const IncomeClass* cls = nullptr;
    double line = 0, low = 0, high = 0; ///< poor: income = line × (low + (high − low) × Beta)
    std::optional<BetaQuantiles> beta;  ///< set for the poor classes only
    double median = 0, sigma = 0, floor = 0, z_floor = 0; ///< others: lognormal above floor
    std::optional<NormalAbove> above_floor;

    /// @p median_factor: the unit's income_factor (lognormal classes only)
    BaseIncome(const IncomeClass& c, bool poor, double base_line, double median_factor = 1.0) : cls(&c), line(base_line)
    {
        if (poor) {
            low = c.ratio_low.value(), high = c.ratio_high.value();
            beta.emplace(c.beta_a, c.beta_b);
        } else {
            median = c.median.value() * median_factor, sigma = c.sigma.value(), floor = c.floor_ratio * line;
            z_floor = sigma > 0 && median > 0 ? std::log(floor / median) / sigma : 0.0;
            above_floor.emplace(z_floor);
        }
    }
    /// @p words: block 0 of the household's PopulationIncome stream
    double draw(const std::uint32_t* words) const
    {
        if (beta) {
            return line * (low + (high - low) * (*beta)(uniform_of(words[0])));
        }
        // Lognormal above a floor (these households were not poor at the base year): one normal,
        // and where it falls below, the exact draw from the normal's tail above the floor, so the
        // law is the truncated one that rejection would give, from at most three words.
        double z = normal_of(words[0], words[1]);
        if (z < z_floor) {
            z = (*above_floor)(uniform_of(words[2]));
        }
        return std::max(median * std::exp(sigma * z), floor);
    }
};

/// The base-year flags' chances as counts of words (words_below), [0] for the others and [1] for
/// the poor (disability, chronic illness) or the registered (basic needs).
struct FlagChances {
    using Pair = std::array<std::uint64_t, 2>;
    Pair disabled, chronic, housing_unsafe, water_unsafe, dropout, uninsured;
    FlagChances(const Composition& c, const BasicNeedsSetup& bn)
        : disabled{words_below(c.disabled_prob), words_below(c.disabled_prob_poor)},
          chronic{words_below(c.chronic_prob), words_below(c.chronic_prob_poor)},
          housing_unsafe{words_below(bn.housing_unsafe), words_below(bn.housing_unsafe_poor)},
          water_unsafe{words_below(bn.water_unsafe), words_below(bn.water_unsafe_poor)},
          dropout{words_below(bn.dropout), words_below(bn.dropout_poor)},
          uninsured{words_below(bn.uninsured), words_below(bn.uninsured_poor)}
    {
    }
};

/// The base-year constants fill_household reads, once per replication.
struct Generation {
    const CompositionDraws*    draws;
    const std::vector<UnitVillages>* villages;
    std::array<BaseIncome, 4>  income; ///< by IncomeKind
    double pension, exit_line;
    /// Exited and NonPoor incomes of each unit whose income_factor is not 1: [unit][0 exited, 1 non-poor]
    std::vector<std::optional<std::array<BaseIncome, 2>>> by_unit;
    FlagChances chances;

    const BaseIncome& income_of(const Recipe& r) const
    {
        const auto& local = by_unit[static_cast<std::size_t>(r.unit)];
        if (local && (r.income == IncomeKind::Exited || r.income == IncomeKind::NonPoor)) {
            return (*local)[r.income == IncomeKind::NonPoor];
        }
        return income[static_cast<std::size_t>(r.income)];
    }
};

/// @p flags: the household's PopulationFlags words (members, then one word per flag); @p place_word
/// its PopulationPlacement word; @p income_words block 0 of its PopulationIncome stream.
void fill_household(World& w, std::size_t i, const Recipe& r, const Generation& g, const std::uint32_t* flags,
                    std::uint32_t place_word, const std::uint32_t* income_words)
{
    const auto& draws = *g.draws;
    auto&       hh   = w.households;
    const bool  poor = r.status != Status::NonPoor;

    hh.village[i] = place(r, *g.villages, uniform_of(place_word));

    const auto u      = [&](int k) { return uniform_of(flags[k]); };
    const int  labour = r.labour ? 1 + draws.extra_labour(u(0), r.size - 1) : 0;
    int        rest   = r.size - labour;
    const int elderly = (r.labour ? draws.elderly : draws.elderly_no_labour)(u(1), rest);
    rest -= elderly;
    const int school = draws.school(u(2), rest);
    const int senior = draws.senior(u(3), rest - school);
    const int employed    = draws.employment(u(4), labour);
    hh.size[i]            = static_cast<std::uint8_t>(r.size);
    hh.labour[i]          = static_cast<std::uint8_t>(labour);
    hh.employed[i]        = static_cast<std::uint8_t>(employed);
    hh.elderly[i]         = static_cast<std::uint8_t>(elderly);
    hh.school_children[i] = static_cast<std::uint8_t>(school);
    hh.senior_students[i] = static_cast<std::uint8_t>(senior);
    // The flags byte is built in a register and stored once: through the table, each bit would
    // be a load and a store of the same byte, one after the other.
    const auto&  chance     = g.chances;
    const bool   registered = r.status == Status::RegisteredPoor;
    std::uint8_t bits       = hh.flags[i];
    const auto   put        = [&bits](std::uint8_t bit, bool on) { bits = HouseholdTable::with_flag(bits, bit, on); };
    put(flag::Disabled, flags[5] < chance.disabled[poor]);
    put(flag::Chronic, flags[6] < chance.chronic[poor]);
    put(flag::HousingUnsafe, flags[7] < chance.housing_unsafe[registered]);
    put(flag::WaterUnsafe, flags[8] < chance.water_unsafe[registered]);
    put(flag::Dropout, school > 0 && flags[9] < chance.dropout[registered]);
    put(flag::Uninsured, flags[10] < chance.uninsured[registered]);
    hh.flags[i]     = bits;
    hh.status[i]    = r.status;
    hh.cause[i]     = r.cause;
    hh.segment[i]   = static_cast<std::uint8_t>(r.segment);
    hh.exit_year[i] = r.exit_year;

    // Income at the base year: a total per person, split into components (each float computed
    // once and stored, not read back).
    const auto&  inc  = g.income_of(r);
    const auto&  cls  = *inc.cls;
    const double y    = inc.draw(income_words);
    const double pension_pc = g.pension * elderly / r.size;
    const double wage       = employed > 0 ? y * cls.wage_share : 0.0;
    const float  farm       = static_cast<float>(y * cls.farm_share + (y * cls.wage_share - wage));
    hh.farm_base_pc[i]      = farm;
    hh.wage_per_worker[i]   = static_cast<float>(employed > 0 ? wage * r.size / employed : y * cls.wage_share * r.size);
    hh.base_income_pc[i]    = static_cast<float>(y);
    const double transfers  = y * (1.0 - cls.farm_share - cls.wage_share - cls.business_share - cls.property_share);
    const float  transfer   = static_cast<float>(std::max(0.0, transfers - pension_pc));
    const float  wage_f     = static_cast<float>(wage);
    hh.transfer_pc[i]       = transfer;
    hh.farm_pc[i]           = farm;
    hh.wage_pc[i]           = wage_f;
    const float income      = farm + wage_f + hh.business_pc(i) + hh.property_pc(i) + transfer + static_cast<float>(pension_pc);
    hh.income_pc[i]         = income;
    // The base year counts towards the consecutive-years exit rule.
    hh.years_above_line[i] = income >= g.exit_line ? 1 : 0;
}

} // namespace

std::vector<std::vector<int>> allocate_two_margins(const std::vector<int>& row_totals,
                                                   const std::vector<int>& col_totals)
{
    std::vector<int> remaining = row_totals;
    std::vector<std::vector<int>> cells(row_totals.size(), std::vector<int>(col_totals.size(), 0));
    for (std::size_t c = 0; c < col_totals.size(); ++c) {
        // The last column takes exactly what is left, which closes both margins.
        std::vector<int> share;
        if (c + 1 == col_totals.size()) {
            share = remaining;
        } else {
            std::vector<double> weights(row_totals.begin(), row_totals.end());
            share = apportion(col_totals[c], weights, remaining);
        }
        for (std::size_t r = 0; r < row_totals.size(); ++r) {
            cells[r][c] = share[r];
            remaining[r] -= share[r];
        }
    }
    return cells;
}

std::vector<int> draw_sizes(int households, int persons, sim::CounterRng& rng)
{
    std::vector<int> sizes(std::max(households, 0), 1);
    if (persons < households || static_cast<std::int64_t>(persons) > std::int64_t{max_household_size} * std::max(households, 0)) {
        // The loader rejects such counts; a cell from rounding can still land here.
        throw std::runtime_error("population: cannot give " + std::to_string(persons) + " persons to " +
                                 std::to_string(households) + " households (1 to " +
                                 std::to_string(max_household_size) + " each)");
    }
    if (households == 0) {
        return sizes;
    }
    // Size = 1 + Binomial(extra, p) around the cell mean, then nudged to the exact total.
    const double mean_extra = static_cast<double>(persons - households) / households;
    const BinomialInverse extra(std::clamp(mean_extra / 8.0, 0.0, 1.0));
    int total = 0;
    for (int& s : sizes) {
        s = 1 + extra(uniform_of(rng()), 8);
        total += s;
    }
    while (total != persons) {
        const auto i = static_cast<std::size_t>(rng() % static_cast<std::uint32_t>(households));
        if (total < persons && sizes[i] < max_household_size) {
            ++sizes[i], ++total;
        } else if (total > persons && sizes[i] > 1) {
            --sizes[i], --total;
        }
    }
    return sizes;
}

/// Business and property shares of the base-year income by segment byte: 0 is outside the
/// registry (non-poor), segment s + 1 takes its income class (exited, poor with or without labour).
void set_income_shares(HouseholdTable& hh, const Population& pop)
{
    if (pop.segments.size() + 1 > hh.business_share.size()) {
        throw std::invalid_argument("population: at most " + std::to_string(hh.business_share.size() - 1) +
                                    " registry segments (the segment byte)");
    }
    const auto put = [&](std::size_t s, const IncomeClass& c) {
        hh.business_share[s] = static_cast<float>(c.business_share);
        hh.property_share[s] = static_cast<float>(c.property_share);
    };
    hh.business_share.fill(0.0f);
    hh.property_share.fill(0.0f);
    put(0, pop.non_poor);
    for (std::size_t s = 0; s < pop.segments.size(); ++s) {
        put(s + 1, income_class(pop, income_kind(pop.segments[s])));
    }
    hh.business_growth = hh.property_growth = 1.0f;
}

void generate_population(World& w, const sim::ReplicationStreams& streams)
{
    build_regions(w, streams);
    const auto& p        = *w.params;
    const auto  villages = village_weights(p.population);
    const auto  recipes  = build_recipes(p, streams);
    w.households.resize(recipes.sizes.size());
    set_income_shares(w.households, p.population);
    const CompositionDraws draws(p.population.composition);
    const int              base = p.scenario.base_year;
    const double           line = p.thresholds.poverty_line.at(base);
    const auto&            pop  = p.population;
    Generation g{&draws, &villages,
                       {BaseIncome(income_class(pop, IncomeKind::PoorLabour), true, line),
                        BaseIncome(income_class(pop, IncomeKind::PoorNoLabour), true, line),
                        BaseIncome(income_class(pop, IncomeKind::Exited), false, line),
                        BaseIncome(income_class(pop, IncomeKind::NonPoor), false, line)},
                       p.income.pension.at(base), line + p.thresholds.exit_margin, {},
                       FlagChances(pop.composition, pop.basic_needs)};
    for (const auto& unit : pop.units) {
        auto& local = g.by_unit.emplace_back();
        if (unit.income_factor != 1.0) {
            local.emplace(std::array<BaseIncome, 2>{
                BaseIncome(income_class(pop, IncomeKind::Exited), false, line, unit.income_factor),
                BaseIncome(income_class(pop, IncomeKind::NonPoor), false, line, unit.income_factor)});
        }
    }
    // Rows are independent: chunks on the world's threads, each drawing its words in batches.
    sim::for_each_chunk(recipes.sizes.size(), w.threads, [&](std::size_t, std::size_t begin, std::size_t end) {
        const std::size_t          n = end - begin;
        std::vector<std::uint32_t> flags(flag_words * n);
        for (std::uint32_t b = 0; b < flag_words / 4; ++b) {
            const auto blocks = chunk_block(streams, base, sim::DrawPurpose::PopulationFlags, begin, n, b);
            for (std::size_t k = 0; k < n; ++k) {
                std::copy_n(blocks.data() + 4 * k, 4, flags.data() + flag_words * k + 4 * b);
            }
        }
        const auto place  = chunk_block(streams, base, sim::DrawPurpose::PopulationPlacement, begin, n);
        const auto income = chunk_block(streams, base, sim::DrawPurpose::PopulationIncome, begin, n);
        std::size_t cell = recipes.cell_of(begin);
        for (std::size_t i = begin; i < end; ++i) {
            while (cell + 1 < recipes.first.size() && recipes.first[cell + 1] <= i) {
                ++cell;
            }
            Recipe r = recipes.cells[cell];
            r.size   = recipes.sizes[i];
            const std::size_t k = i - begin;
            fill_household(w, i, r, g, flags.data() + flag_words * k, place[4 * k], income.data() + 4 * k);
        }
    });
}

std::vector<std::string> segment_names(const Parameters& p)
{
    std::vector<std::string> names;
    for (std::size_t s = 0; s < p.population.segments.size(); ++s) {
        const auto& name = p.population.segments[s].name;
        names.push_back(name.empty() ? "segment_" + std::to_string(s) : name);
    }
    return names;
}

} // namespace povsim::models
