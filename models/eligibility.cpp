#include "models/eligibility.h"

#include "models/shocks.h"
#include "sim/chunked.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace povsim::models {
namespace {

using K = Predicate::Kind;

struct Word {
    std::string_view name;
    K                kind;
    bool             village;
    bool             takes_value;
};

constexpr std::array<Word, 27> words{{
    {"registered_poor", K::RegisteredPoor, false, false},
    {"supported", K::Supported, false, false},
    {"exited", K::Exited, false, false},
    {"non_poor", K::NonPoor, false, false},
    {"monitored", K::Monitored, false, false},
    {"has_labour", K::HasLabour, false, false},
    {"no_labour", K::NoLabour, false, false},
    {"unemployed_labour", K::UnemployedLabour, false, false},
    {"elderly", K::Elderly, false, false},
    {"disabled", K::Disabled, false, false},
    {"chronic", K::Chronic, false, false},
    {"ill", K::Ill, false, false},
    {"has_student", K::HasStudent, false, false},
    {"has_school_child", K::HasSchoolChild, false, false},
    {"housing_unsafe", K::HousingUnsafe, false, false},
    {"water_unsafe", K::WaterUnsafe, false, false},
    {"uninsured", K::Uninsured, false, false},
    {"dropout", K::Dropout, false, false},
    {"in_poor_village", K::InPoorVillage, false, false},
    {"income_below", K::IncomeBelow, false, true},
    {"cause", K::CauseIs, false, true},
    {"segment", K::SegmentIs, false, true},
    {"poor_village", K::PoorVillage, true, false},
    {"poor_village_not_exited", K::PoorVillageNotExited, true, false},
    {"infrastructure_missing", K::InfrastructureMissing, true, false},
    {"collective_income_below", K::CollectiveIncomeBelow, true, true},
    {"water_unsafe", K::VillageWaterUnsafe, true, false},
}};

std::string allowed(bool village_unit)
{
    std::string out;
    for (const auto& w : words) {
        if (w.village == village_unit) {
            out += (out.empty() ? "" : ", ") + std::string(w.name) + (w.takes_value ? ":X" : "");
        }
    }
    return out;
}

/// Stage bit of a household word, or −1 for words read live (flags) or one by one.
constexpr int alive_bit = 31;
constexpr int stage_bit(K k)
{
    switch (k) {
    case K::RegisteredPoor: return 0;
    case K::Supported: return 1;
    case K::Exited: return 2;
    case K::NonPoor: return 3;
    case K::Monitored: return 4;
    case K::HasLabour: return 5;
    case K::NoLabour: return 6;
    case K::UnemployedLabour: return 7;
    case K::Elderly: return 8;
    case K::HasStudent: return 9;
    case K::HasSchoolChild: return 10;
    case K::InPoorVillage: return 11;
    default: return -1;
    }
}

std::uint8_t flag_bit(K k)
{
    switch (k) {
    case K::Disabled: return flag::Disabled;
    case K::Chronic: return flag::Chronic;
    case K::Ill: return flag::IllThisYear;
    case K::HousingUnsafe: return flag::HousingUnsafe;
    case K::WaterUnsafe: return flag::WaterUnsafe;
    case K::Uninsured: return flag::Uninsured;
    case K::Dropout: return flag::Dropout;
    default: return 0;
    }
}

/// The columns the stage bits read, as local pointers: through the table every row would reload
/// every column's address (a byte store may alias anything).
struct StageBitColumns {
    const Status*        status;
    const MonitorKind*   monitor;
    const std::uint8_t * labour, *employed, *elderly, *senior, *school, *poor_village;
    const std::int32_t*  village;
    const YearByte*      exit_year;
    int                  support_from, taper; ///< policy_applies' constants for the exited: rules.year − keep years
    explicit StageBitColumns(const World& world)
        : status(world.households.status.data()), monitor(world.households.monitor.data()),
          labour(world.households.labour.data()), employed(world.households.employed.data()),
          elderly(world.households.elderly.data()), senior(world.households.senior_students.data()),
          school(world.households.school_children.data()), poor_village(world.villages.poor.data()),
          village(world.households.village.data()), exit_year(world.households.exit_year.data()),
          support_from(world.rules.year - world.params->transition.keep_policy_years),
          taper(world.params->transition.support_taper_years)
    {
    }
    /// The stage bits of household @p i (0 for a dissolved household): the one definition of
    /// these words, read by holds() and computed once per programme stage by stage_household_bits().
    std::uint32_t bits(std::size_t i) const
    {
        const Status s = status[i];
        if (s == Status::Dissolved) {
            return 0;
        }
        const auto bit       = [](K k, bool on) { return on ? 1u << stage_bit(k) : 0u; };
        const bool poor      = is_registered_poor(s), monitored = monitor[i] != MonitorKind::None;
        // policy_applies is true for the registered poor and the monitored, false for the other
        // non-exited: only an exited household needs its test, inline with the year's constants.
        const bool supported =
            poor || monitored || (s == Status::Exited && exited_support_continues(i, support_from - exit_year[i], taper));
        return 1u << alive_bit | bit(K::RegisteredPoor, poor) | bit(K::Supported, supported) |
               bit(K::Exited, s == Status::Exited) | bit(K::NonPoor, s == Status::NonPoor) |
               bit(K::Monitored, monitored) | bit(K::HasLabour, labour[i] > 0) | bit(K::NoLabour, labour[i] == 0) |
               bit(K::UnemployedLabour, labour[i] > employed[i]) | bit(K::Elderly, elderly[i] > 0) |
               bit(K::HasStudent, senior[i] > 0) | bit(K::HasSchoolChild, school[i] > 0) |
               bit(K::InPoorVillage, poor_village[village[i]] != 0);
    }
};

std::uint32_t household_stage_bits(const World& w, std::size_t i) { return StageBitColumns(w).bits(i); }

bool holds(const World& w, std::size_t i, const Predicate& p)
{
    const auto& hh = w.households;
    if (const int b = stage_bit(p.kind); b >= 0) {
        return (household_stage_bits(w, i) & (1u << b)) != 0;
    }
    if (const auto f = flag_bit(p.kind); f != 0) {
        return (hh.flags[i] & f) != 0;
    }
    switch (p.kind) {
    case K::IncomeBelow: return hh.income_pc[i] < p.value * w.rules.poverty_line;
    case K::CauseIs: return static_cast<double>(hh.cause[i]) == p.value;
    case K::SegmentIs: return static_cast<double>(hh.segment[i]) == p.value;
    default: return false; // village words never reach households (the parser keeps them apart)
    }
}

} // namespace

std::optional<Predicate> parse_predicate(std::string_view word, bool village_unit, std::string& error,
                                         const std::vector<std::string>& segments)
{
    Predicate p{K::RegisteredPoor};
    if (!word.empty() && word.front() == '!') {
        p.negated = true;
        word.remove_prefix(1);
    }
    const auto colon = word.find(':');
    const auto name  = word.substr(0, colon);
    for (const auto& w : words) {
        if (w.name != name || w.village != village_unit) {
            continue;
        }
        p.kind = w.kind;
        if (w.takes_value != (colon != std::string_view::npos)) {
            error = "'" + std::string(name) + "'" + (w.takes_value ? " needs a value, e.g. " + std::string(name) + ":1.5"
                                                                   : " takes no value");
            return std::nullopt;
        }
        if (!w.takes_value) {
            return p;
        }
        const auto arg = word.substr(colon + 1);
        if (p.kind == K::SegmentIs) {
            const auto it = std::find(segments.begin(), segments.end(), arg);
            if (it == segments.end()) {
                error = "no registry segment '" + std::string(arg) + "' ([[population.segments]] names)";
                return std::nullopt;
            }
            p.value = static_cast<double>(it - segments.begin() + 1);
            return p;
        }
        if (p.kind == K::CauseIs) {
            Cause c{};
            if (!parse_cause(arg, c)) {
                error = "unknown cause '" + std::string(arg) +
                        "' (illness, disability, labour, skills, capital, disaster, schooling, other)";
                return std::nullopt;
            }
            p.value = static_cast<double>(c);
            return p;
        }
        const auto res = std::from_chars(arg.data(), arg.data() + arg.size(), p.value);
        // from_chars reads "nan" and "inf": a threshold must be a finite number.
        if (res.ec != std::errc() || res.ptr != arg.data() + arg.size() || !(p.value >= 0) || !std::isfinite(p.value)) {
            error = "'" + std::string(word) + "': the value after ':' must be a finite non-negative number";
            return std::nullopt;
        }
        return p;
    }
    error = "unknown eligibility word '" + std::string(name) + "' for " + (village_unit ? "villages" : "households") +
            "; allowed: " + allowed(village_unit);
    return std::nullopt;
}

std::vector<Predicate> parse_eligibility(const std::vector<std::string>& words_in, bool village_unit,
                                         const std::vector<std::string>& segments)
{
    std::vector<Predicate> out;
    for (const auto& word : words_in) {
        std::string error;
        auto p = parse_predicate(word, village_unit, error, segments);
        if (!p) {
            throw std::invalid_argument(error);
        }
        out.push_back(*p);
    }
    return out;
}

bool household_eligible(const World& w, std::size_t i, const std::vector<Predicate>& preds)
{
    if (w.households.status[i] == Status::Dissolved) {
        return false;
    }
    for (const auto& p : preds) {
        if (holds(w, i, p) == p.negated) {
            return false;
        }
    }
    return true;
}

namespace {

template <class Mask>
void require(Mask& mask, Mask& want, Mask bit, bool on, bool& impossible)
{
    const Mask value = on ? bit : Mask{0};
    impossible       = impossible || ((mask & bit) != 0 && (want & bit) != value);
    mask             = static_cast<Mask>(mask | bit);
    want             = static_cast<Mask>((want & ~bit) | value);
}

} // namespace

CompiledEligibility compile_eligibility(const std::vector<Predicate>& preds)
{
    CompiledEligibility c;
    require<std::uint32_t>(c.stage_mask, c.stage_want, 1u << alive_bit, true, c.impossible);
    for (const auto& p : preds) {
        if (const int b = stage_bit(p.kind); b >= 0) {
            require<std::uint32_t>(c.stage_mask, c.stage_want, 1u << b, !p.negated, c.impossible);
        } else if (const auto f = flag_bit(p.kind); f != 0) {
            require<std::uint8_t>(c.flag_mask, c.flag_want, f, !p.negated, c.impossible);
        } else {
            c.rest.push_back(p);
        }
    }
    // The most selective group the words require (a guess at sizes: monitored households are
    // fewest, then the registered, the exited, the supported, everyone ever registered).
    using G = CompiledEligibility::Gate;
    const auto needs = [&](K k, bool on) {
        const std::uint32_t bit = 1u << stage_bit(k);
        return (c.stage_mask & bit) != 0 && ((c.stage_want & bit) != 0) == on;
    };
    c.gate = needs(K::Monitored, true)        ? G::Monitored
             : needs(K::RegisteredPoor, true) ? G::RegisteredPoor
             : needs(K::Exited, true)         ? G::Exited
             : needs(K::Supported, true)      ? G::Supported
             : needs(K::NonPoor, false)       ? G::NotNonPoor
             : (c.flag_mask & c.flag_want & flag::BasicNeedsUnmet) != 0 ? G::NeedsUnmet
                                              : G::All;
    return c;
}

void stage_household_bits(const World& w, std::vector<std::uint32_t>& bits)
{
    const std::size_t n = w.households.count();
    bits.resize(n);
    // Rows are independent: chunks on the world's threads.
    sim::for_each_chunk(n, w.threads, [&](std::size_t, std::size_t begin, std::size_t end) {
        const StageBitColumns columns(w);
        std::uint32_t*        out = bits.data();
        for (std::size_t i = begin; i < end; ++i) {
            out[i] = columns.bits(i);
        }
    });
}

bool holds_rest(const World& w, std::size_t i, const CompiledEligibility& c)
{
    for (const auto& p : c.rest) {
        if (holds(w, i, p) == p.negated) {
            return false;
        }
    }
    return true;
}

bool village_eligible(const World& w, std::size_t v, const std::vector<Predicate>& preds,
                      const std::vector<std::uint8_t>& water_unsafe)
{
    const auto& vt = w.villages;
    for (const auto& p : preds) {
        bool h = false;
        switch (p.kind) {
        case K::PoorVillage: h = vt.poor[v] != 0; break;
        case K::PoorVillageNotExited: h = vt.poor[v] != 0 && vt.exit_year[v] == 0; break;
        case K::InfrastructureMissing: h = vt.infrastructure_ok[v] == 0; break;
        case K::CollectiveIncomeBelow: h = vt.collective_income[v] < p.value; break;
        case K::VillageWaterUnsafe: h = water_unsafe[v] != 0; break;
        default: h = false;
        }
        if (h == p.negated) {
            return false;
        }
    }
    return true;
}

} // namespace povsim::models
