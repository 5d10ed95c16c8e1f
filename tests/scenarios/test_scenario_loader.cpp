// Scenario loader: valid files load with the expected values and defaults; every class of bad
// input yields an issue naming the exact file, line and dotted key; extends and --set merge
// before validation and keep each value's origin; resolved_toml loads back to the same thing.
#include "scenarios/scenario_loader.h"

#include "tests/support/loader_issues.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace {

using povsim::models::Parameters;
using povsim::models::Uncertain;
using povsim::scenarios::load_scenario;
using povsim::scenarios::load_scenario_text;
using povsim::scenarios::ScenarioError;
using povsim::scenarios::ScenarioIssue;

const std::string loader_dir = std::string(POVSIM_SOURCE_DIR) + "/tests/data/loader/";
const std::string minimal    = loader_dir + "minimal.toml";
// Inline fixtures are named as if they sat next to minimal.toml, so `extends = "minimal.toml"`
// gives them a valid base and each fixture shows only what it breaks.
const std::string inline_file = loader_dir + "inline.toml";

using povsim::test::all_issues;
using povsim::test::file_issues;

std::vector<ScenarioIssue> issues_of(std::string_view text, const std::vector<std::string>& overrides = {})
{
    return povsim::test::issues_of_text(text, inline_file, overrides);
}

/// Checks that one issue has this key, file, line and message fragment (column when given).
void require_issue(const std::vector<ScenarioIssue>& issues, const std::string& key, const std::string& file, int line,
                   const std::string& fragment, int column = 0)
{
    INFO("issues:\n" << all_issues(issues) << "looking for key '" << key << "' with '" << fragment << "'");
    const ScenarioIssue* found = nullptr;
    for (const ScenarioIssue& issue : issues)
        if (issue.key == key && issue.message.find(fragment) != std::string::npos)
            found = &issue;
    REQUIRE(found != nullptr);
    CHECK(found->file == file);
    CHECK(found->line == line);
    if (column > 0)
        CHECK(found->column == column);
}

/// Every field of Parameters as text, to compare two loads (Parameters has no operator==).
std::string describe(const Parameters& p)
{
    std::ostringstream o;
    o.precision(17);
    const auto put  = [&](const auto&... v) { ((povsim::test::write_field(o, v), o << '|'), ...), o << '\n'; };
    const auto year = [&](const povsim::models::YearTable& t) {
        for (const auto& [y, v] : t.values)
            put(y, v);
        put("growth", t.growth_after);
    };
    const auto income = [&](const povsim::models::IncomeClass& c) {
        put(c.ratio_low, c.ratio_high, c.beta_a, c.beta_b, c.median, c.sigma, c.floor_ratio, c.farm_share, c.wage_share,
            c.business_share, c.property_share);
    };
    const auto& s = p.scenario;
    put(s.name, s.description, s.region, s.base_year, s.start_year, s.end_year);
    put(p.monte_carlo.runs, p.monte_carlo.seed, p.monte_carlo.threads);
    const auto& th = p.thresholds;
    year(th.poverty_line), year(th.monitoring_line), year(th.exit_plan_persons);
    put(th.exit_margin, th.exit_consecutive_years, th.verification_pass_rate, th.monitoring_factor,
        th.monitoring_exit_years, th.return_after_medical, th.village_exit_incidence, th.village_exit_incidence_western,
        th.village_exit_collective_income, th.county_exit_incidence, th.county_exit_incidence_western);
    const auto& id = p.identification;
    put(id.p_detect, id.registration_last_year, id.monitoring_start_year, id.p_detect_monitoring);
    for (const auto& c : p.population.counties)
        put(c.name, c.western, c.poor_county);
    for (const auto& u : p.population.units)
        put(u.name, u.county, u.villages, u.poor_villages, u.households, u.persons, u.registered_households,
            u.registered_persons);
    for (const auto& g : p.population.segments)
        put(g.name, g.households, g.persons, g.labour, g.status, g.exit_year, g.cause);
    income(p.population.poor_labour), income(p.population.poor_no_labour), income(p.population.exited),
        income(p.population.non_poor);
    const auto& c = p.population.composition;
    put(c.nonpoor_size_mean, c.extra_labour_prob, c.elderly_prob, c.elderly_prob_no_labour, c.school_child_prob,
        c.senior_student_prob, c.disabled_prob, c.disabled_prob_poor, c.chronic_prob, c.chronic_prob_poor,
        c.employment_rate);
    const auto& b = p.population.basic_needs;
    put(b.housing_unsafe_poor, b.water_unsafe_poor, b.dropout_poor, b.uninsured_poor, b.housing_unsafe, b.water_unsafe,
        b.dropout, b.uninsured, b.yearly_repair_rate);
    const auto& v = p.population.villages;
    put(v.collective_income_median, v.collective_income_sigma, v.poor_collective_income_median,
        v.collective_income_growth, v.infrastructure_ok_poor, v.infrastructure_yearly_completion,
        v.poor_village_concentration);
    const auto& in = p.income;
    put(in.farm_growth, in.farm_sigma, in.wage_growth, in.wage_sigma, in.business_growth, in.property_growth,
        in.transfer_growth), year(in.pension);
    const auto& sh = p.shocks;
    put(sh.illness_prob, sh.illness_prob_chronic, sh.illness_cost_median, sh.illness_cost_sigma,
        sh.illness_labour_loss, sh.disability_prob, sh.disaster_prob, sh.disaster_loss_a, sh.disaster_loss_b,
        sh.price_sigma, sh.price_autocorrelation, sh.job_loss_prob, sh.reemployment_prob);
    for (const auto& l : sh.reimbursement)
        put(l.name, l.poor_only, l.ratio, l.poor_extra_ratio, l.deductible, l.cap);
    for (const auto& k : p.crises)
        put(k.year, k.wage_factor, k.job_loss_factor, k.farm_factor, k.label);
    const auto& d = p.demography;
    put(d.labour_to_elderly, d.child_to_senior, d.child_to_labour, d.senior_to_labour, d.dissolution);
    put(p.transition.keep_policy_years), year(p.transition.poor_extra_phase_out);
    for (const auto& t : p.targets)
        put(t.metric, t.year, t.value, t.tolerance, t.source, static_cast<int>(t.role), static_cast<int>(t.compare));
    return o.str();
}

} // namespace

TEST_CASE("a minimal scenario loads with its values", "[scenarios]")
{
    const auto        loaded = load_scenario(minimal);
    const Parameters& p      = loaded.params;
    CHECK(loaded.source_file == minimal);
    CHECK(p.scenario.name == "minimal");
    CHECK(p.scenario.region == "测试县");
    CHECK(p.scenario.start_year == 2016);
    CHECK(p.scenario.end_year == 2020);
    CHECK(p.scenario.base_year == 2015); // start_year − 1, not a key
    CHECK(p.monte_carlo.runs == 4);
    CHECK(p.monte_carlo.seed == 42);
    CHECK(p.thresholds.poverty_line.values == std::map<int, double>{{2015, 2855}, {2016, 3146}});
    CHECK(p.thresholds.poverty_line.growth_after == Approx(0.06));
    REQUIRE(p.population.counties.size() == 1);
    CHECK(p.population.counties[0].western);
    REQUIRE(p.population.units.size() == 2);
    CHECK(p.population.units[1].name == "south");
    CHECK(p.population.units[1].persons == 2500);
    REQUIRE(p.population.segments.size() == 2);
    CHECK(p.population.segments[0].cause == "illness");
    CHECK(p.population.segments[1].status == "exited");
    CHECK(p.population.segments[1].exit_year == 2015);
    CHECK_FALSE(p.population.segments[1].labour);
}

TEST_CASE("keys missing from the file keep the struct defaults", "[scenarios]")
{
    const Parameters p        = load_scenario(minimal).params;
    const Parameters defaults = {};
    CHECK(p.monte_carlo.threads == defaults.monte_carlo.threads);
    CHECK(p.thresholds.exit_margin == defaults.thresholds.exit_margin);
    CHECK(p.thresholds.monitoring_factor == defaults.thresholds.monitoring_factor);
    CHECK(p.thresholds.monitoring_line.empty());
    CHECK(p.population.composition.elderly_prob == defaults.population.composition.elderly_prob);
    CHECK(p.population.poor_labour.ratio_high.value() == defaults.population.poor_labour.ratio_high.value());
    CHECK(p.income.pension.values == defaults.income.pension.values);
    CHECK(p.transition.keep_policy_years == defaults.transition.keep_policy_years);
    CHECK(p.population.segments[1].cause == "other");
    // Defaults still carry their valid range, so a later draw can be clamped.
    CHECK(p.shocks.illness_prob.is_fixed());
    CHECK(p.shocks.illness_prob.a == defaults.shocks.illness_prob.a);
    CHECK(p.shocks.illness_prob.lo == 0);
    CHECK(p.shocks.illness_prob.hi == 1);
}

TEST_CASE("a TOML syntax error names file, line and column", "[scenarios]")
{
    const auto issues = issues_of("[scenario]\nname = \"unterminated\nstart_year = 2016\n");
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].file == inline_file);
    CHECK(issues[0].line == 2);
    CHECK(issues[0].column > 0);
    CHECK(issues[0].key.empty());
}

TEST_CASE("unknown keys are reported anywhere, with a hint when close to a known key", "[scenarios]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
sceanrio = 5
[thresholds]
poverty_lin = { 2015 = 2900 }
[shocks]
illness_prob = { dist = "uniform", low = 0.1, hihg = 0.2 }
[population.composition]
elderly_porb = 0.2
frobnicate = 1
)");
    CHECK(issues.size() == 6);
    require_issue(issues, "sceanrio", inline_file, 2, "unknown key (did you mean 'scenario'?)", 1);
    require_issue(issues, "thresholds.poverty_lin", inline_file, 4, "did you mean 'poverty_line'?", 1);
    require_issue(issues, "shocks.illness_prob.hihg", inline_file, 6, "did you mean 'high'?", 47);
    require_issue(issues, "shocks.illness_prob.high", inline_file, 6, "missing required key", 16);
    require_issue(issues, "population.composition.elderly_porb", inline_file, 8, "did you mean 'elderly_prob'?");
    require_issue(issues, "population.composition.frobnicate", inline_file, 9, "unknown key");
}

TEST_CASE("wrong types are reported and integers are accepted where numbers are expected", "[scenarios]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
[monte_carlo]
runs = "many"
threads = 2.0
[thresholds]
exit_margin = 300
verification_pass_rate = 1
return_after_medical = 1
[scenario]
region = 5
)");
    CHECK(issues.size() == 4);
    require_issue(issues, "monte_carlo.runs", inline_file, 3, "expected an integer, got a string", 8);
    require_issue(issues, "monte_carlo.threads", inline_file, 4, "expected an integer, got a floating-point number",
                  11);
    require_issue(issues, "thresholds.return_after_medical", inline_file, 8, "expected a boolean, got an integer");
    require_issue(issues, "scenario.region", inline_file, 10, "expected a string, got an integer");

    const Parameters p =
        load_scenario_text("extends = \"minimal.toml\"\n[thresholds]\nexit_margin = 300\n", inline_file).params;
    CHECK(p.thresholds.exit_margin == 300);
}

TEST_CASE("out-of-range values are reported with the valid range", "[scenarios]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
[identification]
p_detect = 1.5
[monte_carlo]
runs = 0
seed = -1
[thresholds]
monitoring_factor = 0.5
poverty_line_growth_after = 2
[population.villages]
collective_income_median = 0
[shocks]
illness_prob = 1.2
)");
    CHECK(issues.size() == 7);
    require_issue(issues, "identification.p_detect", inline_file, 3, "value 1.5 out of range: must be in [0, 1]", 12);
    require_issue(issues, "monte_carlo.runs", inline_file, 5, "must be in [1, 1000000]");
    require_issue(issues, "monte_carlo.seed", inline_file, 6, "must be >= 0");
    require_issue(issues, "thresholds.monitoring_factor", inline_file, 8, "must be in [1, 5]");
    require_issue(issues, "thresholds.poverty_line_growth_after", inline_file, 9, "must be in [-0.5, 1]");
    require_issue(issues, "population.villages.collective_income_median", inline_file, 11, "must be > 0");
    require_issue(issues, "shocks.illness_prob", inline_file, 13, "value 1.2 out of range", 16);
}

TEST_CASE("years outside the horizon are reported", "[scenarios]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
[thresholds]
poverty_line = { 2015 = 2855, 2030 = 4000 }
monitoring_line = { y2016 = 5000 }
[[shocks.crisis]]
year = 2014
[[targets]]
metric = "n_registered_poor"
year = 2021
value = 0
role = "check"
)");
    CHECK(issues.size() == 4);
    require_issue(issues, "thresholds.poverty_line.2030", inline_file, 3, "year 2030 outside the horizon 2015..2020",
                  31);
    require_issue(issues, "thresholds.monitoring_line.y2016", inline_file, 4, "'y2016' is not a year", 21);
    require_issue(issues, "shocks.crisis[0].year", inline_file, 6, "year 2014 outside the horizon 2016..2020", 8);
    require_issue(issues, "targets[0].year", inline_file, 9, "year 2021 outside the horizon 2016..2020");
}

TEST_CASE("the poverty line needs an entry at or before the base year", "[scenarios]")
{
    // Moving the start a year earlier leaves minimal.toml's line starting after the new base year.
    const auto issues = issues_of("extends = \"minimal.toml\"\n[scenario]\nstart_year = 2015\n");
    CHECK(issues.size() == 2);
    require_issue(issues, "thresholds.poverty_line", minimal, 15,
                  "needs an entry at or before the base year 2014 (first entry is 2015)", 16);
    require_issue(issues, "population.segments[1].exit_year", minimal, 55,
                  "exit_year 2015 is after the base year 2014");
}

TEST_CASE("shares that do not sum and ratios that contradict each other are reported", "[scenarios]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
[population.income.poor_labour]
farm_share = 0.6
wage_share = 0.5
[[shocks.reimbursement]]
name = "basic"
ratio = 0.7
poor_extra_ratio = 0.4
[population.income.non_poor]
ratio_low = 1.2
ratio_high = 1.0
)");
    CHECK(issues.size() == 3);
    require_issue(issues, "population.income.poor_labour", inline_file, 2, "shares sum to 1.17 > 1");
    require_issue(issues, "shocks.reimbursement[0].poor_extra_ratio", inline_file, 8,
                  "ratio + poor_extra_ratio = 1.1 > 1", 20);
    require_issue(issues, "population.income.non_poor.ratio_high", inline_file, 11,
                  "ratio_high 1 must exceed ratio_low 1.2");
}

TEST_CASE("segment totals must equal the units' registered totals", "[scenarios]")
{
    const auto issues = file_issues(minimal, {"population.segments.0.households=100"});
    REQUIRE(issues.size() == 1);
    require_issue(issues, "population.segments", minimal, 42,
                  "segments sum to 140 households but units have 160 registered_households");
}

TEST_CASE("household sizes must stay between 1 and the maximum", "[scenarios]")
{
    // minimal.toml's units hold 160 registered households; give the rest too many persons.
    const auto issues = file_issues(minimal, {"population.units.0.households=110", "population.units.0.persons=9000",
                                              "population.segments.0.persons=4000"});
    require_issue(issues, "population.units[0].persons", "--set", 1, "non-registered households cannot hold");
    require_issue(issues, "population.segments[0].persons", "--set", 1, "exceeds 30 per household");
}

TEST_CASE("unit consistency: duplicate names, unknown county, counts that contradict", "[scenarios]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
[[population.counties]]
name = "test_county"
[[population.counties]]
name = "test_county"
[[population.units]]
name = "north"
county = "test_county"
villages = 2
poor_villages = 3
households = 100
persons = 3000
registered_households = 160
registered_persons = 500
[[population.units]]
name = "north"
county = "test_county"
villages = 0
)");
    CHECK(issues.size() == 5);
    require_issue(issues, "population.counties[1].name", inline_file, 5, "duplicate county name 'test_county'", 8);
    require_issue(issues, "population.units[0].poor_villages", inline_file, 10, "poor_villages 3 exceeds villages 2");
    require_issue(issues, "population.units[0].households", inline_file, 11,
                  "households 100 is below registered_households 160");
    require_issue(issues, "population.units[1].name", inline_file, 16, "duplicate unit name 'north'");
    require_issue(issues, "population.units[1].villages", inline_file, 18, "must be >= 1");
}

TEST_CASE("segment status, cause and exit year are checked", "[scenarios]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
[[population.segments]]
households = 120
persons = 400
status = "exited"
cause = "bad_luck"
[[population.segments]]
households = 40
persons = 100
status = "exited"
exit_year = 2016
)");
    CHECK(issues.size() == 3);
    require_issue(issues, "population.segments[0].exit_year", inline_file, 2, "missing required key");
    require_issue(issues, "population.segments[0].cause", inline_file, 6,
                  "'bad_luck' is not one of illness, disability");
    require_issue(issues, "population.segments[1].exit_year", inline_file, 11,
                  "exit_year 2016 is after the base year 2015");
}

TEST_CASE("missing required keys are reported together", "[scenarios]")
{
    const auto issues = issues_of("[monte_carlo]\nruns = 5\n");
    CHECK(issues.size() == 7);
    for (const char* key : {"scenario.name", "scenario.start_year", "scenario.end_year", "thresholds.poverty_line",
                            "population.counties", "population.units", "population.segments"})
        require_issue(issues, key, inline_file, 0, "missing required key");
    CHECK(issues[0].to_string() == inline_file + ": key 'scenario.name': missing required key");

    const auto unit_issues = issues_of("extends = \"minimal.toml\"\n[[population.units]]\nname = \"x\"\n");
    require_issue(unit_issues, "population.units[0].county", inline_file, 2, "missing required key");
}

TEST_CASE("many problems in one file are all reported at once", "[scenarios]")
{
    const auto issues = issues_of(R"([scenario]
name = "bad name!"
start_year = 2016
end_year = 2020
[thresholds]
poverty_line = { 2016 = 3146 }
[[population.counties]]
name = "c"
[[population.units]]
name = "u1"
county = "c"
households = 100
persons = 300
registered_households = 10
registered_persons = 30
[[population.units]]
name = "u2"
county = "d"
housholds = 100
persons = 300
registered_households = 10
registered_persons = 30
[[population.segments]]
households = 20
persons = 70
status = "exitted"
)");
    CHECK(issues.size() == 7);
    require_issue(issues, "scenario.name", inline_file, 2, "must be letters, digits, '_' and '-' only", 8);
    require_issue(issues, "thresholds.poverty_line", inline_file, 6, "needs an entry at or before the base year 2015",
                  16);
    require_issue(issues, "population.units[1].county", inline_file, 18,
                  "no [[population.counties]] entry is named 'd'");
    require_issue(issues, "population.units[1].housholds", inline_file, 19, "did you mean 'households'?", 1);
    require_issue(issues, "population.units[1].households", inline_file, 16,
                  "households 0 is below registered_households 10");
    require_issue(issues, "population.segments[0].status", inline_file, 26, "(did you mean 'exited'?)");
    require_issue(issues, "population.segments", inline_file, 23,
                  "segments sum to 70 persons but units have 60 registered_persons");
}

TEST_CASE("extends merges tables key by key and replaces arrays and distributions", "[scenarios]")
{
    const Parameters p = load_scenario(loader_dir + "extends_child.toml").params;
    CHECK(p.scenario.name == "minimal-variant");
    CHECK(p.scenario.end_year == 2020);                                                           // from the base
    CHECK(p.monte_carlo.runs == 4);                                                               // from the base
    CHECK(p.thresholds.exit_margin == 300);                                                       // from the child
    CHECK(p.thresholds.poverty_line.values == std::map<int, double>{{2015, 2855}, {2016, 3200}}); // merged
    CHECK(p.thresholds.poverty_line.growth_after == Approx(0.06));
    REQUIRE(p.population.units.size() == 1); // the child's array replaces the base's
    CHECK(p.population.units[0].name == "all");
    CHECK(p.population.segments.size() == 2);
    CHECK(p.shocks.illness_prob.dist == Uncertain::Dist::Uniform);

    // A distribution replaces a distribution whole: a normal over a uniform leaves no low/high behind.
    const Parameters q = load_scenario_text(R"(extends = "extends_child.toml"
[shocks]
illness_prob = { dist = "normal", mean = 0.08, sd = 0.01 }
)",
                                            inline_file)
                             .params;
    CHECK(q.shocks.illness_prob.dist == Uncertain::Dist::Normal);
    CHECK(q.scenario.name == "minimal-variant"); // two levels of extends
}

TEST_CASE("issues after extends name the file and line each value came from", "[scenarios]")
{
    const auto issues = file_issues(loader_dir + "bad_child.toml");
    CHECK(issues.size() == 2);
    require_issue(issues, "identification.p_detect", loader_dir + "bad_base.toml", 8, "value 2 out of range", 12);
    require_issue(issues, "monte_carlo.threads", loader_dir + "bad_child.toml", 5, "value 5000 out of range", 11);
}

TEST_CASE("bad extends: missing file, cycle, wrong type", "[scenarios]")
{
    const auto missing = file_issues(loader_dir + "missing_base.toml");
    REQUIRE(missing.size() == 1);
    require_issue(missing, "extends", loader_dir + "missing_base.toml", 2,
                  "cannot read extended file '" + loader_dir + "no_such_file.toml'", 11);

    const auto cycle = file_issues(loader_dir + "cycle_a.toml");
    REQUIRE(cycle.size() == 1);
    require_issue(cycle, "extends", loader_dir + "cycle_b.toml", 2,
                  "extends cycle: " + loader_dir + "cycle_a.toml -> " + loader_dir + "cycle_b.toml -> " + loader_dir +
                      "cycle_a.toml");

    const auto wrong = issues_of("extends = 5\n");
    REQUIRE(wrong.size() == 1);
    require_issue(wrong, "extends", inline_file, 1, "expected a string (a file name), got an integer");
}

TEST_CASE("set overrides a scalar, an array element, a year table and a distribution", "[scenarios]")
{
    const Parameters p =
        load_scenario(minimal, {"monte_carlo.runs=7", "scenario.name=renamed", "population.units.0.households=700",
                                "thresholds.poverty_line.2017 = 3400",
                                R"(shocks.illness_prob={ dist = "beta", alpha = 2, beta = 20 })"})
            .params;
    CHECK(p.monte_carlo.runs == 7);
    CHECK(p.scenario.name == "renamed"); // not TOML, so taken as a string
    CHECK(p.population.units[0].households == 700);
    CHECK(p.population.units[1].households == 800);
    CHECK(p.thresholds.poverty_line.values == std::map<int, double>{{2015, 2855}, {2016, 3146}, {2017, 3400}});
    CHECK(p.shocks.illness_prob.dist == Uncertain::Dist::Beta);
    CHECK(p.shocks.illness_prob.b == 20);
}

TEST_CASE("bad --set: no '=', unknown key, bad value type, bad index, path through a value", "[scenarios]")
{
    const auto issues = file_issues(minimal, {"monte_carlo.runs", "scenario.nmae=x", "monte_carlo.runs=abc",
                                              "population.units.5.households=1", "scenario.name.x=1", "a..b=1"});
    CHECK(issues.size() == 6);
    require_issue(issues, "monte_carlo.runs", "--set", 0, "expected dotted.key=value");
    require_issue(issues, "scenario.nmae", "--set", 1, "unknown key (did you mean 'name'?)");
    require_issue(issues, "monte_carlo.runs", "--set", 1, "expected an integer, got a string");
    require_issue(issues, "population.units.5.households", "--set", 1,
                  "'5' is not an index of 'population.units' (2 entries, counted from 0)");
    require_issue(issues, "scenario.name.x", "--set", 1, "'scenario.name' is a string, not a table or an array");
    require_issue(issues, "a..b", "--set", 0, "empty key segment");
}

TEST_CASE("resolved_toml loads back to identical parameters", "[scenarios]")
{
    const auto first = load_scenario(
        loader_dir + "extends_child.toml",
        {"thresholds.poverty_line.2017=3400.5", "population.segments.1.name=\"已脱贫\"",
         R"(income.wage_growth={ dist = "triangular", low = 0.01, mode = 0.05, high = 0.1 })",
         "transition.poor_extra_phase_out={ 2019 = 1.0, 2020 = 0.5 }", "monte_carlo.seed=9007199254740993"});
    CHECK(first.resolved_toml.find("extends") == std::string::npos);
    const auto second = load_scenario_text(first.resolved_toml, "resolved.toml");
    CHECK(describe(second.params) == describe(first.params));
    CHECK(second.resolved_toml == first.resolved_toml);
    CHECK(second.params.monte_carlo.seed == 9007199254740993ULL);
    // Floats are written as typed, not with 17 digits (0.059999999999999998).
    CHECK(first.resolved_toml.find("poverty_line_growth_after = 0.06\n") != std::string::npos);
    CHECK(first.resolved_toml.find("2017 = 3400.5") != std::string::npos);
}

TEST_CASE("crisis years, reimbursement layers and targets load in order", "[scenarios]")
{
    const Parameters p = load_scenario_text(R"(extends = "minimal.toml"
[[shocks.reimbursement]]
name = "basic medical insurance"
ratio = 0.6
deductible = 800
cap = 150000
[[shocks.reimbursement]]
name = "medical assistance"
poor_only = true
ratio = 0.7
poor_extra_ratio = 0.1
[[shocks.crisis]]
year = 2020
wage_factor = 0.85
job_loss_factor = 2
label = "pandemic"
[[targets]]
metric = "n_registered_poor"
year = 2020
value = 0
tolerance = 0
source = "seeds/000.md"
role = "accounting"
)",
                                            inline_file)
                             .params;
    REQUIRE(p.shocks.reimbursement.size() == 2);
    CHECK(p.shocks.reimbursement[0].cap == 150000);
    CHECK(p.shocks.reimbursement[1].poor_only);
    CHECK(p.shocks.reimbursement[1].poor_extra_ratio == 0.1);
    REQUIRE(p.crises.size() == 1);
    CHECK(p.crises[0].year == 2020);
    CHECK(p.crises[0].wage_factor == 0.85);
    CHECK(p.crises[0].farm_factor == 1.0);
    CHECK(p.crises[0].label == "pandemic");
    REQUIRE(p.targets.size() == 1);
    CHECK(p.targets[0].metric == "n_registered_poor");
    CHECK(p.targets[0].tolerance == 0);
}

TEST_CASE("uncertain values: a number or each distribution, with the key's range as clamp bounds", "[scenarios]")
{
    const Parameters p = load_scenario_text(R"(extends = "minimal.toml"
[income]
farm_growth = 0.04
wage_growth = { dist = "uniform", low = 0.02, high = 0.08 }
business_growth = { dist = "normal", mean = 0.05, sd = 0.02 }
property_growth = { dist = "triangular", low = 0.0, mode = 0.03, high = 0.1 }
farm_sigma = { dist = "lognormal", median = 0.15, sigma = 0.2 }
[shocks]
illness_prob = { dist = "beta", alpha = 2, beta = 20 }
)",
                                            inline_file)
                             .params;
    using Dist    = Uncertain::Dist;
    const auto& i = p.income;
    CHECK((i.farm_growth.dist == Dist::Fixed && i.farm_growth.a == 0.04));
    CHECK((i.farm_growth.lo == -1 && i.farm_growth.hi == 1));
    CHECK((i.wage_growth.dist == Dist::Uniform && i.wage_growth.a == 0.02 && i.wage_growth.b == 0.08));
    CHECK((i.business_growth.dist == Dist::Normal && i.business_growth.a == 0.05 && i.business_growth.b == 0.02));
    CHECK((i.property_growth.dist == Dist::Triangular && i.property_growth.a == 0 && i.property_growth.c == 0.03 &&
           i.property_growth.b == 0.1));
    CHECK((i.farm_sigma.dist == Dist::LogNormal && i.farm_sigma.a == 0.15 && i.farm_sigma.b == 0.2));
    CHECK((i.farm_sigma.lo == 0 && i.farm_sigma.hi == 1e300));
    const auto& ill = p.shocks.illness_prob;
    CHECK((ill.dist == Dist::Beta && ill.a == 2 && ill.b == 20 && ill.lo == 0 && ill.hi == 1));
}

TEST_CASE("uncertain values: bad distributions are reported", "[scenarios]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
[income]
wage_growth = { dist = "uniform", low = 0.08, high = 0.02 }
business_growth = { dist = "unifrom", low = 0.0, high = 0.1 }
farm_sigma = { dist = "normal", mean = 0.1 }
property_growth = "fast"
[shocks]
disaster_loss_a = { dist = "beta", alpha = 1, beta = 1 }
illness_prob = { dist = "uniform", low = -0.1, high = 0.5 }
)");
    CHECK(issues.size() == 6);
    require_issue(issues, "income.wage_growth.high", inline_file, 3, "high 0.02 below low 0.08");
    require_issue(issues, "income.business_growth.dist", inline_file, 4, "(did you mean 'uniform'?)");
    require_issue(issues, "income.farm_sigma.sd", inline_file, 5, "missing required key", 14);
    require_issue(issues, "income.property_growth", inline_file, 6, "expected a number or a distribution table");
    require_issue(issues, "shocks.disaster_loss_a.dist", inline_file, 8, "a beta distribution takes values in [0, 1]");
    require_issue(issues, "shocks.illness_prob.low", inline_file, 9, "value -0.1 out of range: must be in [0, 1]");
}

TEST_CASE("issues format as file:line:col: key 'k': message and the error lists them all", "[scenarios]")
{
    CHECK(ScenarioIssue{"a.toml", 3, 5, "x.y", "bad"}.to_string() == "a.toml:3:5: key 'x.y': bad");
    CHECK(ScenarioIssue{"a.toml", 0, 0, "", "unreadable"}.to_string() == "a.toml: unreadable");
    const ScenarioError error({{"a.toml", 1, 2, "k", "one"}, {"b.toml", 3, 4, "l", "two"}});
    CHECK(std::string(error.what()) == "a.toml:1:2: key 'k': one\nb.toml:3:4: key 'l': two");

    const auto unreadable = file_issues(loader_dir + "no_such_scenario.toml");
    REQUIRE(unreadable.size() == 1);
    CHECK(unreadable[0].to_string() == loader_dir + "no_such_scenario.toml: cannot read scenario file");
}

TEST_CASE("Household and person counts above 71.5 million are checked in 64 bits", "[scenarios][loader]")
{
    // 30 persons × 80 million households overflows an int: the check used to report a false
    // "cannot hold" for a region of ordinary 2.5-person households.
    const auto unit = [](long long households, long long persons) {
        return std::string(R"(extends = "minimal.toml"
[[population.units]]
name = "huge"
county = "test_county"
villages = 100000
poor_villages = 0
households = )") + std::to_string(households) + "\npersons = " + std::to_string(persons) +
               "\nregistered_households = 0\nregistered_persons = 0\n";
    };
    const auto has = [](const std::vector<ScenarioIssue>& issues, const std::string& fragment) {
        return std::any_of(issues.begin(), issues.end(),
                           [&](const ScenarioIssue& i) { return i.message.find(fragment) != std::string::npos; });
    };
    CHECK_FALSE(has(issues_of(unit(80000000, 200000000)), "cannot hold"));
    CHECK(has(issues_of(unit(70000000, 2140000000)), "cannot hold")); // 30 each at most: 2.14e9 > 30 × 70e6
    const auto segment = [](long long households, long long persons) {
        return std::string(R"(extends = "minimal.toml"
[[population.segments]]
name = "huge"
households = )") + std::to_string(households) + "\npersons = " + std::to_string(persons) + "\nlabour = true\ncause = \"illness\"\n";
    };
    CHECK_FALSE(has(issues_of(segment(80000000, 200000000)), "per household"));
    CHECK(has(issues_of(segment(1000, 31000 + 1)), "per household"));
}
