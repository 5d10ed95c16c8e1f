#include "scenarios/scenario_loader.h"

#include "models/population.h"
#include "models/province_groups.h"
#include "scenarios/population_scale.h"
#include "models/targets.h"

#include "scenarios/programme_reader.h"
#include "scenarios/scenario_merge.h"
#include "scenarios/toml_reader.h"
#include "scenarios/toml_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

namespace povsim::scenarios {

namespace {

using detail::Need;
using detail::Range;
using detail::TableReader;
using detail::YearSpan;

// The schema below is the whole contract of the file format: one read per field of
// models/parameters.h, with the TOML key equal to the member name. Ranges name what a key
// means, so the reader's messages say "must be in [0, 1]" for every probability alike.
constexpr double inf      = std::numeric_limits<double>::infinity();
constexpr Need   required = Need::Required;
constexpr Range  share{0, 1};            // probabilities, shares, rates per year
constexpr Range  non_negative{0};        // yuan, sigmas, factors
constexpr Range  positive{0, inf, true}; // medians, means, shape parameters
constexpr Range  count{0};               // households, persons, villages
constexpr Range  growth{-1, 1};          // yearly growth rates
constexpr Range  calendar{2000, 2100};   // any year a scenario may name

constexpr std::string_view segment_statuses[] = {"registered_poor", "exited"};
constexpr std::string_view poverty_causes[]   = {"illness", "disability", "labour",    "skills",
                                                 "capital", "disaster",   "schooling", "other"};

/// The years other keys are checked against, known once [scenario] is read.
struct Years {
    int      base  = 1999; // wide defaults while [scenario] is invalid, so a bad horizon
    int      start = 2000; // is reported once and not again at every year key
    int      end   = 2100;
    YearSpan tables() const { return {base, end}; } ///< year tables start at the base year
    YearSpan simulated() const { return {start, end}; }
};

std::string text_of(double v)
{
    return detail::format_number(std::round(v * 1e9) / 1e9); // sums print as 1.12, not 1.1200000000000001
}

/// Position of @p word in @p words (read_choice has checked that it is there).
std::size_t index_of(std::string_view word, std::span<const std::string_view> words)
{
    return static_cast<std::size_t>(std::find(words.begin(), words.end(), word) - words.begin());
}

/// Reads a required name and reports a repeat within one array of tables.
void read_unique_name(TableReader& t, std::string& name, std::set<std::string>& seen, std::string_view what)
{
    if (t.read("name", name, required) && !seen.insert(name).second)
        t.issue("name", "duplicate " + std::string(what) + " name '" + name + "'");
}

Years read_scenario(TableReader& t, models::ScenarioInfo& s)
{
    if (t.read("name", s.name, required) && !detail::is_bare_key(s.name))
        t.issue("name", "'" + s.name + "' must be letters, digits, '_' and '-' only (it names the HDF5 group)");
    t.read("description", s.description);
    if (t.read("title", s.title) && s.title.size() > 120)
        t.issue("title", "at most 120 bytes (a display name; the description holds the detail)");
    t.read("region", s.region);
    bool ok = t.read("start_year", s.start_year, calendar, required);
    ok &= t.read("end_year", s.end_year, calendar, required);
    if (ok && s.start_year > s.end_year) {
        t.issue("end_year",
                "end_year " + std::to_string(s.end_year) + " is before start_year " + std::to_string(s.start_year));
        ok = false;
    }
    s.base_year = s.start_year - 1; // the generated population is the state at the end of the year before
    return ok ? Years{s.base_year, s.start_year, s.end_year} : Years{};
}

void read_monte_carlo(TableReader& t, models::MonteCarloSettings& m)
{
    t.read("runs", m.runs, Range{1, 1e6});
    t.read("seed", m.seed);
    t.read("threads", m.threads, Range{0, 1024});
}

void read_thresholds(TableReader& t, models::Thresholds& th, const Years& y)
{
    if (t.read("poverty_line", th.poverty_line, y.tables(), positive, required) && !th.poverty_line.empty() &&
        th.poverty_line.values.begin()->first > y.base)
        t.issue("poverty_line", "needs an entry at or before the base year " + std::to_string(y.base) +
                                    " (first entry is " + std::to_string(th.poverty_line.values.begin()->first) + ")");
    t.read("exit_margin", th.exit_margin, non_negative);
    t.read("exit_consecutive_years", th.exit_consecutive_years, Range{1, 10});
    t.read("verification_pass_rate", th.verification_pass_rate, share);
    t.read("exit_plan_persons", th.exit_plan_persons, y.simulated(), non_negative);
    t.read("exit_topup_no_labour_only", th.exit_topup_no_labour_only);
    t.read("monitoring_factor", th.monitoring_factor, Range{1, 5});
    t.read("monitoring_line", th.monitoring_line, y.tables(), positive);
    t.read("monitoring_exit_years", th.monitoring_exit_years, Range{1, 10});
    t.read("risk_removal_factor", th.risk_removal_factor, Range{0, 5});
    t.read("return_after_medical", th.return_after_medical);
    t.read("village_exit_incidence", th.village_exit_incidence, share);
    t.read("village_exit_incidence_western", th.village_exit_incidence_western, share);
    t.read("village_exit_collective_income", th.village_exit_collective_income, non_negative);
    t.read("county_exit_incidence", th.county_exit_incidence, share);
    t.read("county_exit_incidence_western", th.county_exit_incidence_western, share);
}

void read_identification(TableReader& t, models::Identification& id)
{
    t.read("p_detect", id.p_detect, share);
    t.read("registration_last_year", id.registration_last_year, calendar);
    t.read("monitoring_start_year", id.monitoring_start_year, calendar);
    t.read("p_detect_monitoring", id.p_detect_monitoring, share);
    t.read("monitor_only_falling", id.monitor_only_falling);
    t.read("income_fall_share", id.income_fall_share, share);
    t.read("hardship_income_drop", id.hardship_income_drop, share);
    t.read("monitor_basic_needs", id.monitor_basic_needs);
}

void read_income_class(TableReader& t, models::IncomeClass& c)
{
    bool ratios_ok = t.read("ratio_low", c.ratio_low, positive);
    ratios_ok &= t.read("ratio_high", c.ratio_high, positive);
    // A distribution is compared by its location, the value calibrate moves.
    const double low = models::location(c.ratio_low), high = models::location(c.ratio_high);
    if (ratios_ok && low >= high)
        t.issue("ratio_high", "ratio_high " + text_of(high) + " must exceed ratio_low " + text_of(low));
    t.read("beta_a", c.beta_a, positive);
    t.read("beta_b", c.beta_b, positive);
    t.read("median", c.median, non_negative);
    t.read("sigma", c.sigma, non_negative);
    t.read("floor_ratio", c.floor_ratio, non_negative);
    bool shares_ok = t.read("farm_share", c.farm_share, share);
    shares_ok &= t.read("wage_share", c.wage_share, share);
    shares_ok &= t.read("business_share", c.business_share, share);
    shares_ok &= t.read("property_share", c.property_share, share);
    const double sum = c.farm_share + c.wage_share + c.business_share + c.property_share;
    if (shares_ok && sum > 1 + 1e-9)
        t.issue_here("shares sum to " + text_of(sum) +
                     " > 1 (farm_share + wage_share + business_share + property_share; the rest is transfers)");
}

void read_composition(TableReader& t, models::Composition& c)
{
    t.read("nonpoor_size_mean", c.nonpoor_size_mean, positive);
    t.read("extra_labour_prob", c.extra_labour_prob, share);
    t.read("elderly_prob", c.elderly_prob, share);
    t.read("elderly_prob_no_labour", c.elderly_prob_no_labour, share);
    t.read("school_child_prob", c.school_child_prob, share);
    t.read("senior_student_prob", c.senior_student_prob, share);
    t.read("disabled_prob", c.disabled_prob, share);
    t.read("disabled_prob_poor", c.disabled_prob_poor, share);
    t.read("chronic_prob", c.chronic_prob, share);
    t.read("chronic_prob_poor", c.chronic_prob_poor, share);
    t.read("employment_rate", c.employment_rate, share);
}

void read_basic_needs(TableReader& t, models::BasicNeedsSetup& b)
{
    t.read("housing_unsafe_poor", b.housing_unsafe_poor, share);
    t.read("water_unsafe_poor", b.water_unsafe_poor, share);
    t.read("dropout_poor", b.dropout_poor, share);
    t.read("uninsured_poor", b.uninsured_poor, share);
    t.read("housing_unsafe", b.housing_unsafe, share);
    t.read("water_unsafe", b.water_unsafe, share);
    t.read("dropout", b.dropout, share);
    t.read("uninsured", b.uninsured, share);
    t.read("yearly_repair_rate", b.yearly_repair_rate, share);
}

void read_villages(TableReader& t, models::VillageSetup& v)
{
    t.read("collective_income_median", v.collective_income_median, positive);
    t.read("collective_income_sigma", v.collective_income_sigma, non_negative);
    t.read("poor_collective_income_median", v.poor_collective_income_median, positive);
    t.read("collective_income_growth", v.collective_income_growth, growth);
    t.read("infrastructure_ok_poor", v.infrastructure_ok_poor, share);
    t.read("infrastructure_yearly_completion", v.infrastructure_yearly_completion, share);
    t.read("poor_village_concentration", v.poor_village_concentration, positive);
    t.read("poor_without_collective_income", v.poor_without_collective_income, share);
    t.read("without_collective_income", v.without_collective_income, share);
}

void read_province(TableReader& t, models::Province& p, std::set<std::string>& names)
{
    read_unique_name(t, p.name, names, "province");
    t.read_choice("zone", p.zone, models::zone_names, required);
}

void read_county(TableReader& t, models::County& c, std::set<std::string>& names,
                 const std::vector<models::Province>& provinces)
{
    read_unique_name(t, c.name, names, "county");
    if (!provinces.empty() && t.read("province", c.province, required)) {
        const auto it = std::find_if(provinces.begin(), provinces.end(), [&](auto& p) { return p.name == c.province; });
        if (it == provinces.end()) {
            std::vector<std::string> known;
            for (const auto& p : provinces)
                known.push_back(p.name);
            t.issue("province", "no [[population.provinces]] entry is named '" + c.province + "'" +
                                    detail::did_you_mean(c.province, known));
        } else {
            c.western = it->zone == "west"; // the default; an explicit key below overrides it
        }
    } else if (provinces.empty() && t.has("province")) {
        t.issue("province", "a county names a province but the scenario has no [[population.provinces]]");
    }
    t.read("western", c.western);
    t.read("poor_county", c.poor_county);
}

/// @return false if a count could not be read (the registry totals are then not compared)
bool read_unit(TableReader& t, models::Unit& u, std::set<std::string>& names, const std::set<std::string>& counties)
{
    read_unique_name(t, u.name, names, "unit");
    if (t.read("county", u.county, required) && !counties.contains(u.county)) {
        const std::vector<std::string> known(counties.begin(), counties.end());
        t.issue("county",
                "no [[population.counties]] entry is named '" + u.county + "'" + detail::did_you_mean(u.county, known));
    }
    bool ok = t.read("villages", u.villages, Range{1, inf});
    ok &= t.read("poor_villages", u.poor_villages, count);
    ok &= t.read("households", u.households, count);
    ok &= t.read("persons", u.persons, count);
    ok &= t.read("registered_households", u.registered_households, count);
    ok &= t.read("registered_persons", u.registered_persons, count);
    t.read("income_factor", u.income_factor, positive);
    if (!ok)
        return false;
    const auto at_least = [&](std::string_view key, int value, std::string_view other_key, int other) {
        if (value < other)
            t.issue(key, std::string(key) + " " + std::to_string(value) + " is below " + std::string(other_key) + " " +
                             std::to_string(other));
    };
    if (u.poor_villages > u.villages)
        t.issue("poor_villages",
                "poor_villages " + std::to_string(u.poor_villages) + " exceeds villages " + std::to_string(u.villages));
    at_least("households", u.households, "registered_households", u.registered_households);
    at_least("persons", u.persons, "households", u.households);
    at_least("persons", u.persons, "registered_persons", u.registered_persons);
    at_least("registered_persons", u.registered_persons, "registered_households", u.registered_households);
    // Non-registered households take the remaining persons, 1 to max_household_size each.
    // 64-bit: max_household_size × households overflows an int above ~70 million households.
    const std::int64_t other_households = std::int64_t{u.households} - u.registered_households;
    const std::int64_t other_persons    = std::int64_t{u.persons} - u.registered_persons;
    if (other_households >= 0 && other_persons >= 0 &&
        (other_persons < other_households || other_persons > std::int64_t{models::max_household_size} * other_households))
        t.issue("persons", "the " + std::to_string(other_households) + " non-registered households cannot hold " +
                               std::to_string(other_persons) + " persons (1 to " +
                               std::to_string(models::max_household_size) + " each)");
    return true;
}

/// @return false if a count could not be read
bool read_segment(TableReader& t, models::Segment& s, const Years& y)
{
    t.read("name", s.name);
    bool ok = t.read("households", s.households, count);
    ok &= t.read("persons", s.persons, count);
    if (ok && s.persons < s.households)
        t.issue("persons",
                "persons " + std::to_string(s.persons) + " is below households " + std::to_string(s.households));
    if (ok && s.persons > std::int64_t{models::max_household_size} * s.households)
        t.issue("persons", "persons " + std::to_string(s.persons) + " exceeds " +
                               std::to_string(models::max_household_size) + " per household");
    t.read("labour", s.labour);
    t.read_choice("cause", s.cause, poverty_causes);
    const bool exited        = t.read_choice("status", s.status, segment_statuses) && s.status == "exited";
    const bool has_exit_year = t.read("exit_year", s.exit_year, calendar, exited ? required : Need::Optional);
    if (!exited && has_exit_year && s.exit_year != 0)
        t.issue("exit_year", "exit_year applies only to status = \"exited\"");
    else if (exited && has_exit_year && s.exit_year > y.base)
        t.issue("exit_year", "exit_year " + std::to_string(s.exit_year) + " is after the base year " +
                                 std::to_string(y.base) + " (exited households left the registry before the start)");
    return ok;
}

void read_population(TableReader& t, models::Population& p, const Years& y)
{
    std::set<std::string> province_names, county_names, unit_names;
    t.array("provinces",
            [&](TableReader& r, std::size_t) { read_province(r, p.provinces.emplace_back(), province_names); });
    t.array("counties", required, [&](TableReader& r, std::size_t) {
        read_county(r, p.counties.emplace_back(), county_names, p.provinces);
    });
    for (std::size_t k = 0; k < p.provinces.size(); ++k) {
        const auto& name = p.provinces[k].name;
        if (std::none_of(p.counties.begin(), p.counties.end(), [&](auto& c) { return c.province == name; }))
            t.issue("provinces", "province '" + name + "' has no county in [[population.counties]]");
    }
    t.read("sample", p.sample, Range{0, 1, true});
    if (t.read("only_province", p.only_province) && !p.only_province.empty()) {
        std::vector<std::string> known;
        for (const auto& pr : p.provinces)
            known.push_back(pr.name);
        std::string starting;
        for (const auto& name : known)
            if (name.rfind(p.only_province, 0) == 0)
                starting += (starting.empty() ? "" : ", ") + name;
        if (!models::find_province(p.provinces, p.only_province))
            t.issue("only_province", starting.empty()
                                         ? "no [[population.provinces]] entry is named or starts with '" +
                                               p.only_province + "'" + detail::did_you_mean(p.only_province, known)
                                         : "'" + p.only_province + "' is the start of several provinces: " + starting);
    }
    bool       counts_ok   = true; // the registry totals are compared only if every count was read
    const bool units_ok    = t.array("units", required, [&](TableReader& r, std::size_t) {
        counts_ok &= read_unit(r, p.units.emplace_back(), unit_names, county_names);
    });
    const bool segments_ok = t.array("segments", required, [&](TableReader& r, std::size_t) {
        counts_ok &= read_segment(r, p.segments.emplace_back(), y);
    });
    // Segments are spread over units in proportion to registered households, so the two
    // descriptions of the registry must agree exactly.
    std::int64_t unit_households = 0, unit_persons = 0, segment_households = 0, segment_persons = 0;
    for (const models::Unit& u : p.units)
        unit_households += u.registered_households, unit_persons += u.registered_persons;
    for (const models::Segment& s : p.segments)
        segment_households += s.households, segment_persons += s.persons;
    if (counts_ok && units_ok && segments_ok && !p.units.empty() && !p.segments.empty()) {
        if (segment_households != unit_households)
            t.issue("segments", "segments sum to " + std::to_string(segment_households) +
                                    " households but units have " + std::to_string(unit_households) +
                                    " registered_households");
        if (segment_persons != unit_persons)
            t.issue("segments", "segments sum to " + std::to_string(segment_persons) + " persons but units have " +
                                    std::to_string(unit_persons) + " registered_persons");
    }
    t.table("income", [&](TableReader& r) {
        r.table("poor_labour", [&](TableReader& c) { read_income_class(c, p.poor_labour); });
        r.table("poor_no_labour", [&](TableReader& c) { read_income_class(c, p.poor_no_labour); });
        r.table("exited", [&](TableReader& c) { read_income_class(c, p.exited); });
        r.table("non_poor", [&](TableReader& c) { read_income_class(c, p.non_poor); });
    });
    t.table("composition", [&](TableReader& r) { read_composition(r, p.composition); });
    t.table("basic_needs", [&](TableReader& r) { read_basic_needs(r, p.basic_needs); });
    t.table("villages", [&](TableReader& r) { read_villages(r, p.villages); });
}

void read_income(TableReader& t, models::IncomeDynamics& d, const Years& y)
{
    t.read("farm_growth", d.farm_growth, growth);
    t.read("farm_sigma", d.farm_sigma, non_negative);
    t.read("wage_growth", d.wage_growth, growth);
    t.read("wage_sigma", d.wage_sigma, non_negative);
    t.read("business_growth", d.business_growth, growth);
    t.read("property_growth", d.property_growth, growth);
    t.read("transfer_growth", d.transfer_growth, growth);
    t.read("farm_shock_sigma", d.farm_shock_sigma, non_negative);
    t.read("wage_shock_sigma", d.wage_shock_sigma, non_negative);
    t.read("pension", d.pension, y.tables(), non_negative);
}

void read_reimbursement(TableReader& t, models::ReimbursementLayer& l)
{
    t.read("name", l.name);
    t.read("poor_only", l.poor_only);
    bool ratios_ok = t.read("ratio", l.ratio, share);
    ratios_ok &= t.read("poor_extra_ratio", l.poor_extra_ratio, share);
    if (ratios_ok && l.ratio + l.poor_extra_ratio > 1 + 1e-9)
        t.issue("poor_extra_ratio", "ratio + poor_extra_ratio = " + text_of(l.ratio + l.poor_extra_ratio) + " > 1");
    t.read("deductible", l.deductible, non_negative);
    t.read("cap", l.cap, non_negative);
}

void read_crisis(TableReader& t, models::CrisisYear& c, const Years& y)
{
    t.read_year("year", c.year, y.simulated(), required);
    t.read("wage_factor", c.wage_factor, non_negative);
    t.read("job_loss_factor", c.job_loss_factor, non_negative);
    t.read("farm_factor", c.farm_factor, non_negative);
    t.read("label", c.label);
}

void read_shocks(TableReader& t, models::Shocks& s, std::vector<models::CrisisYear>& crises, const Years& y)
{
    t.read("illness_prob", s.illness_prob, share);
    t.read("illness_prob_chronic", s.illness_prob_chronic, share);
    t.read("illness_cost_median", s.illness_cost_median, non_negative);
    t.read("illness_cost_sigma", s.illness_cost_sigma, non_negative);
    t.read("illness_labour_loss", s.illness_labour_loss, share);
    t.array("reimbursement",
            [&](TableReader& r, std::size_t) { read_reimbursement(r, s.reimbursement.emplace_back()); });
    t.read("disability_prob", s.disability_prob, share);
    t.read("disaster_prob", s.disaster_prob, share);
    t.read("disaster_loss_a", s.disaster_loss_a, positive);
    t.read("disaster_loss_b", s.disaster_loss_b, positive);
    t.read("price_sigma", s.price_sigma, non_negative);
    t.read("price_autocorrelation", s.price_autocorrelation, Range{-1, 1});
    t.read("job_loss_prob", s.job_loss_prob, share);
    t.read("reemployment_prob", s.reemployment_prob, share);
    t.array("crisis", [&](TableReader& r, std::size_t) { read_crisis(r, crises.emplace_back(), y); });
}

void read_demography(TableReader& t, models::Demography& d)
{
    t.read("labour_to_elderly", d.labour_to_elderly, share);
    t.read("child_to_senior", d.child_to_senior, share);
    t.read("child_to_labour", d.child_to_labour, share);
    t.read("senior_to_labour", d.senior_to_labour, share);
    t.read("dissolution", d.dissolution, share);
}

void read_transition(TableReader& t, models::Transition& tr, const Years& y)
{
    t.read("keep_policy_years", tr.keep_policy_years, Range{0, 20});
    t.read("poor_extra_phase_out", tr.poor_extra_phase_out, y.tables(), Range{0, 5});
    t.read("support_taper_years", tr.support_taper_years, Range{0, 20});
}

void read_target(TableReader& t, models::Target& target, const Years& y, const models::Parameters& p)
{
    if (t.read("metric", target.metric, required)) {
        std::string error;
        const auto  ref = models::resolve_target(target.metric, p, error);
        if (!ref)
            t.issue("metric", error);
        else if (t.has("to_year") && !ref->flow)
            t.issue("to_year", "a year range sums a flow: '" + target.metric + "' is not a new_* metric or a budget");
    }
    t.read_year("year", target.year, y.simulated(), required);
    if (t.has("to_year") && t.read_year("to_year", target.to_year, y.simulated(), Need::Optional) &&
        target.to_year < target.year)
        t.issue("to_year", "to_year " + std::to_string(target.to_year) + " is before year " + std::to_string(target.year));
    t.read("value", target.value, Range{}, required);
    t.read("tolerance", target.tolerance, non_negative);
    t.read("source", target.source);
    // No default role: whether a target is evidence is a claim the file must make (SPEC §13).
    std::string role;
    if (!t.has("role"))
        t.issue("role", "missing required key: every target states its role (accounting, calibration or check)");
    else if (t.read_choice("role", role, models::target_role_names))
        target.role = static_cast<models::TargetRole>(index_of(role, models::target_role_names));
    std::string compare{models::name_of(target.compare)};
    if (t.read_choice("compare", compare, models::target_compare_names))
        target.compare = static_cast<models::TargetCompare>(index_of(compare, models::target_compare_names));
}

/// No number of a scenario may exceed this in magnitude. Money is in yuan, and 1e15 yuan is a
/// thousand trillion, ten times the world's yearly output; a larger cost or ceiling times
/// millions of household-years overflows the sums to Inf (one_off_cost = 1e308 did), so it
/// is a typo, refused here with its line. Counts have their own integer ranges.
constexpr double max_magnitude = 1e15;

/// Reports every number of @p node (recursively) above max_magnitude, except the seed, a
/// 64-bit integer by design; a key that already has an issue (e.g. a share out of [0, 1]) is
/// not told twice.
void refuse_huge_numbers(const toml::node& node, const std::string& path, detail::IssueList& issues)
{
    if (const auto* t = node.as_table()) {
        for (const auto& [key, child] : *t) {
            refuse_huge_numbers(child, path.empty() ? std::string(key.str()) : path + "." + std::string(key.str()),
                                issues);
        }
    } else if (const auto* a = node.as_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) {
            refuse_huge_numbers(*a->get(i), path + "[" + std::to_string(i) + "]", issues);
        }
    } else if (path != "monte_carlo.seed") {
        const auto v = node.is_integer()       ? static_cast<double>(*node.value<std::int64_t>())
                       : node.is_floating_point() ? *node.value<double>()
                                                  : 0.0;
        const auto& known = issues.issues();
        if (std::isfinite(v) && std::abs(v) > max_magnitude &&
            std::none_of(known.begin(), known.end(), [&](const ScenarioIssue& i) { return i.key == path; })) {
            issues.add(node.source(), path,
                       detail::format_number(v) + " is too large: numbers in a scenario are at most 1e15 in "
                       "magnitude (yuan amounts beyond a thousand trillion overflow the results to Inf)");
        }
    }
}

/// @param[in] chain the extends chain, base first (programmes are ordered by where they are declared)
models::Parameters read_parameters(const toml::table& root, detail::IssueList& issues,
                                   const std::vector<std::string>& chain)
{
    models::Parameters p;
    TableReader        t(&root, "", toml::source_region{}, issues);
    Years              y;
    t.table("scenario", [&](TableReader& r) { y = read_scenario(r, p.scenario); });
    t.table("monte_carlo", [&](TableReader& r) { read_monte_carlo(r, p.monte_carlo); });
    t.table("thresholds", [&](TableReader& r) { read_thresholds(r, p.thresholds, y); });
    t.table("identification", [&](TableReader& r) { read_identification(r, p.identification); });
    t.table("population", [&](TableReader& r) { read_population(r, p.population, y); });
    t.table("income", [&](TableReader& r) { read_income(r, p.income, y); });
    t.table("shocks", [&](TableReader& r) { read_shocks(r, p.shocks, p.crises, y); });
    t.table("demography", [&](TableReader& r) { read_demography(r, p.demography); });
    t.table("transition", [&](TableReader& r) { read_transition(r, p.transition, y); });
    const detail::ProgrammeContext programme_years{y.simulated(), y.tables(), models::segment_names(p)};
    t.table("programmes", [&](TableReader& r) { detail::read_programmes(r, p.programmes, programme_years, chain); });
    t.table("budget", [&](TableReader& r) { detail::read_budget(r, p.budget, programme_years); });
    // After programmes: a target may name one (spending:<id>).
    t.array("targets", [&](TableReader& r, std::size_t) { read_target(r, p.targets.emplace_back(), y, p); });
    t.finish();
    refuse_huge_numbers(root, "", issues);
    return p;
}

LoadedScenario load(std::string_view text, const std::string& name, const std::vector<std::string>& overrides)
{
    detail::IssueList          issues(name);
    std::vector<std::string>   chain;
    std::optional<toml::table> root = detail::read_with_extends(text, name, issues, &chain);
    detail::apply_overrides(root ? &*root : nullptr, overrides, issues);
    if (!root)
        throw ScenarioError(issues.issues());
    models::Parameters params = read_parameters(*root, issues, chain);
    if (!issues.empty())
        throw ScenarioError(issues.issues());
    try { // the text below keeps the full-scale counts and the options
        params = apply_population_options(params);
    } catch (const std::exception& e) {
        throw ScenarioError({ScenarioIssue{name, 0, 0, "population.sample", e.what()}});
    }
    // Programme order comes from where each table was declared, which the text written below no
    // longer shows (keys come out sorted); an explicit order makes it load back the same.
    detail::write_programme_order(*root, params.programmes);
    return LoadedScenario{std::move(params), detail::write_toml(*root), name};
}

std::string join(const std::vector<ScenarioIssue>& issues)
{
    std::string text;
    for (const ScenarioIssue& issue : issues)
        text += (text.empty() ? "" : "\n") + issue.to_string();
    return text;
}

} // namespace

std::string ScenarioIssue::to_string() const
{
    std::string text = file;
    if (line > 0)
        text += ":" + std::to_string(line) + (column > 0 ? ":" + std::to_string(column) : "");
    text += ": ";
    if (!key.empty())
        text += "key '" + key + "': ";
    return text + message;
}

ScenarioError::ScenarioError(std::vector<ScenarioIssue> issues)
    : std::runtime_error(join(issues)), m_issues(std::move(issues))
{
}

LoadedScenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides)
{
    const std::string                name = file.generic_string();
    const std::optional<std::string> text = detail::read_file_text(file);
    if (!text)
        throw ScenarioError({ScenarioIssue{name, 0, 0, "", "cannot read scenario file"}});
    return load(*text, name, overrides);
}

LoadedScenario load_scenario_text(std::string_view text, const std::string& virtual_path,
                                  const std::vector<std::string>& overrides)
{
    return load(text, virtual_path, overrides);
}

} // namespace povsim::scenarios
