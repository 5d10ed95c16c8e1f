// Programmes and budget in scenario files (docs/programmes.md): one programme of each kind loads
// with its values; every class of bad input names file, line, column and dotted key; programme
// order is declaration order (or `order`) and survives extends, --set and the resolved_toml round trip.
#include "scenarios/scenario_loader.h"

#include "tests/support/loader_issues.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace {

using povsim::models::EffectKind;
using povsim::models::Parameters;
using povsim::models::Programme;
using povsim::scenarios::load_scenario;
using povsim::scenarios::load_scenario_text;
using povsim::scenarios::ScenarioError;
using povsim::scenarios::ScenarioIssue;

const std::string loader_dir  = std::string(POVSIM_SOURCE_DIR) + "/tests/data/loader/";
const std::string programmes  = loader_dir + "programmes.toml";
const std::string bad         = loader_dir + "programmes_bad.toml";
const std::string inline_file = loader_dir + "inline.toml"; // so `extends` finds the fixtures

using povsim::test::all_issues;
using povsim::test::file_issues;

std::vector<ScenarioIssue> issues_of(std::string_view text, const std::vector<std::string>& overrides = {})
{
    return povsim::test::issues_of_text(text, inline_file, overrides);
}

/// Checks that one issue has this key, message fragment, file, line and column.
void require_issue(const std::vector<ScenarioIssue>& issues, const std::string& key, const std::string& fragment,
                   const std::string& file, int line, int column)
{
    INFO("issues:\n" << all_issues(issues) << "looking for key '" << key << "' with '" << fragment << "'");
    const ScenarioIssue* found = nullptr;
    for (const ScenarioIssue& issue : issues)
        if (issue.key == key && issue.message.find(fragment) != std::string::npos)
            found = &issue;
    REQUIRE(found != nullptr);
    CHECK(found->file == file);
    CHECK(found->line == line);
    CHECK(found->column == column);
}

/// An issue of programmes_bad.toml.
void require_bad(const std::vector<ScenarioIssue>& issues, const std::string& key, const std::string& fragment,
                 int line, int column)
{
    require_issue(issues, key, fragment, bad, line, column);
}

std::vector<std::string> ids(const Parameters& p)
{
    std::vector<std::string> out;
    for (const Programme& programme : p.programmes)
        out.push_back(programme.id);
    return out;
}

const Programme& find(const Parameters& p, const std::string& id)
{
    for (const Programme& programme : p.programmes)
        if (programme.id == id)
            return programme;
    FAIL("no programme " << id);
    return p.programmes.front();
}

/// Every field of the programmes and the budget as text, to compare two loads.
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
    const auto list = [&](const auto& values) {
        for (const auto& v : values)
            o << v << ',';
        o << '\n';
    };
    for (const Programme& g : p.programmes) {
        put(g.id, g.label, static_cast<int>(g.kind), g.start_year, g.end_year, g.unit, g.target_share, g.priority,
            g.once, g.budget_scaled, g.one_off_cost, g.recurring_cost);
        list(g.eligible);
        year(g.target), year(g.ceiling), year(g.phase_out);
        for (const auto& [source, share] : g.sources)
            put(source, share);
        const auto& e = g.effect;
        put(e.income, e.success_probability, e.duration_years, e.decay, e.wage, e.paid_by_programme,
            e.employment_probability, e.principal, e.term_years, e.interest_rate, e.interest_subsidy,
            e.insurance_premium, e.default_probability, e.farm_income_factor, e.ratio, e.deductible, e.cap,
            e.extreme_poor_ratio, e.collective_income, e.revolving_fund, e.fund_return);
        year(e.standard), list(e.tiers), list(e.tier_shares), list(e.sets);
    }
    for (const auto& [source, ceiling] : p.budget.source_ceilings)
        put(source), year(ceiling);
    return o.str();
}

const std::vector<std::string> declared_order{"relocation", "dibao", "industry", "jobs", "credit", "medical", "roads"};

} // namespace

TEST_CASE("programmes of every kind load with their values", "[scenarios][programmes]")
{
    const Parameters p = load_scenario(programmes).params;
    REQUIRE(p.programmes.size() == 7);

    const Programme& relocation = find(p, "relocation");
    CHECK(relocation.label == "易地扶贫搬迁 relocation");
    CHECK(relocation.kind == EffectKind::StateChange);
    CHECK(relocation.start_year == 2016);
    CHECK(relocation.end_year == 2019);
    CHECK(relocation.eligible == std::vector<std::string>{"registered_poor", "housing_unsafe"});
    CHECK(relocation.unit == "households");
    CHECK(relocation.target.values == std::map<int, double>{{2016, 20}, {2017, 30}});
    CHECK(relocation.priority == "random");
    CHECK(relocation.once);
    CHECK(relocation.one_off_cost == 140018);
    CHECK(relocation.sources == std::map<std::string, double>{{"central", 0.5}, {"provincial", 0.3}, {"credit", 0.2}});
    CHECK(relocation.effect.sets == std::vector<std::string>{"relocated", "housing_safe"});
    CHECK(relocation.effect.farm_income_factor == 0.5);
    CHECK(relocation.effect.income.value() == 800);

    const Programme& dibao = find(p, "dibao");
    CHECK(dibao.kind == EffectKind::TopUp);
    CHECK(dibao.start_year == 2016); // the scenario horizon when not given
    CHECK(dibao.end_year == 2020);
    CHECK(dibao.target.empty());
    CHECK(dibao.target_share == 1.0);
    CHECK_FALSE(dibao.once);
    CHECK(dibao.recurring_cost == 50);
    CHECK(dibao.phase_out.values == std::map<int, double>{{2019, 1.0}, {2020, 0.5}});
    CHECK(dibao.effect.standard.values == std::map<int, double>{{2016, 3316}, {2017, 3532}});
    CHECK(dibao.effect.tiers.empty());

    const Programme& industry = find(p, "industry");
    CHECK(industry.kind == EffectKind::Grant);
    CHECK(industry.label == "industry"); // the id when not given
    CHECK(industry.eligible.back() == "income_below:1.2");
    CHECK(industry.ceiling.values == std::map<int, double>{{2016, 500000}});
    CHECK(industry.priority == "gap");
    CHECK(industry.effect.income.value() == 1200);
    CHECK(industry.effect.success_probability.value() == 0.7);
    CHECK(industry.effect.duration_years == 5);
    CHECK(industry.effect.decay.value() == 0.1);

    const Programme& jobs = find(p, "jobs");
    CHECK(jobs.kind == EffectKind::WageJob);
    CHECK(jobs.unit == "persons");
    CHECK(jobs.target_share == 0.3);
    CHECK(jobs.sources == std::map<std::string, double>{{"county", 1}});
    CHECK(jobs.effect.wage.value() == 6000);
    CHECK(jobs.effect.paid_by_programme);
    CHECK(jobs.effect.duration_years == 0);

    const Programme& credit = find(p, "credit");
    CHECK(credit.kind == EffectKind::Loan);
    CHECK(credit.eligible.back() == "!monitored");
    CHECK(credit.effect.principal == 50000);
    CHECK(credit.effect.term_years == 3);
    CHECK(credit.effect.interest_rate == 0.0435);
    CHECK(credit.effect.interest_subsidy == 1);
    CHECK(credit.effect.insurance_premium == 0.01);
    CHECK(credit.effect.default_probability.value() == 0.05);
    CHECK(credit.effect.income.value() == 900);
    CHECK(credit.effect.success_probability.value() == 0.8);

    const Programme& medical = find(p, "medical");
    CHECK(medical.kind == EffectKind::Reimbursement);
    CHECK(medical.effect.ratio == 0.6);
    CHECK(medical.effect.deductible == 500);
    CHECK(medical.effect.cap == 100000);
    CHECK(medical.effect.extreme_poor_ratio == 1.0);

    const Programme& roads = find(p, "roads");
    CHECK(roads.kind == EffectKind::Village);
    CHECK(roads.unit == "villages"); // implied by the kind
    CHECK(roads.eligible == std::vector<std::string>{"poor_village_not_exited", "collective_income_below:50000"});
    CHECK(roads.effect.sets == std::vector<std::string>{"infrastructure"});
    CHECK(roads.effect.collective_income == 20000);
    CHECK(roads.effect.revolving_fund == 100000);
    CHECK(roads.effect.fund_return == 0.06);

    REQUIRE(p.budget.source_ceilings.size() == 2);
    CHECK(p.budget.source_ceilings.at("county").values == std::map<int, double>{{2016, 8e6}, {2017, 8e6}});
    CHECK(p.budget.source_ceilings.at("central").values == std::map<int, double>{{2018, 2e7}});
}

TEST_CASE("a top-up standard grows after its last year", "[scenarios][programmes]")
{
    const auto loaded = povsim::scenarios::load_scenario(
        programmes, {"programmes.dibao.effect.standard_growth_after=0.1"});
    const auto& standard = find(loaded.params, "dibao").effect.standard;
    CHECK(standard.at(2017) == 3532);
    CHECK(standard.at(2019) == Approx(3532 * 1.1 * 1.1));
    // The growth key belongs to top-ups only.
    const auto issues = file_issues(programmes, {"programmes.industry.effect.standard_growth_after=0.1"});
    CHECK(all_issues(issues).find("does not apply to kind 'grant'") != std::string::npos);
}

TEST_CASE("a scenario without programmes or budget loads with none", "[scenarios][programmes]")
{
    const Parameters p = load_scenario(loader_dir + "minimal.toml").params;
    CHECK(p.programmes.empty());
    CHECK(p.budget.source_ceilings.empty());
}

TEST_CASE("tiered top up and reimbursement defaults load", "[scenarios][programmes]")
{
    const Parameters p = load_scenario_text(R"(extends = "minimal.toml"
[programmes.tiers]
kind = "top_up"
sources = { county = 1 }
effect = { tiers = [1200, 800, 400], tier_shares = [0.2, 0.3, 0.5] }
[programmes.assist]
kind = "reimbursement"
sources = { county = 1 }
effect = { ratio = 0.5 }
)",
                                            inline_file)
                             .params;
    REQUIRE(p.programmes.size() == 2);
    CHECK(p.programmes[0].effect.tiers == std::vector<double>{1200, 800, 400});
    CHECK(p.programmes[0].effect.tier_shares == std::vector<double>{0.2, 0.3, 0.5});
    CHECK(p.programmes[0].effect.standard.empty());
    CHECK(p.programmes[1].effect.extreme_poor_ratio == -1);
    CHECK(p.programmes[1].effect.cap == 1e12);
}

TEST_CASE("programmes keep declaration order rather than id order", "[scenarios][programmes]")
{
    CHECK(ids(load_scenario(programmes).params) == declared_order);
}

TEST_CASE("an explicit order key comes before declaration order", "[scenarios][programmes]")
{
    const Parameters p = load_scenario(loader_dir + "programmes_order.toml").params;
    CHECK(ids(p) == std::vector<std::string>{"gamma", "beta", "zeta", "alpha"});
}

TEST_CASE("a child file overrides one key of a base programme and its new programmes come last",
          "[scenarios][programmes]")
{
    const Parameters         p        = load_scenario(loader_dir + "programmes_child.toml").params;
    std::vector<std::string> expected = declared_order;
    expected.push_back("a_training");
    CHECK(ids(p) == expected);
    const Programme& dibao = find(p, "dibao");
    CHECK(dibao.target_share == 0.5);  // from the child
    CHECK(dibao.recurring_cost == 50); // the rest from the base
    CHECK(dibao.label == "低保 dibao");
    CHECK(dibao.effect.standard.values.at(2017) == 3532);
    CHECK_FALSE(find(p, "a_training").effect.paid_by_programme);

    // A bad override names the child file, not the base.
    const auto issues = issues_of("extends = \"programmes.toml\"\n[programmes.dibao]\ntarget_share = 2\n");
    REQUIRE(issues.size() == 1);
    require_issue(issues, "programmes.dibao.target_share", "value 2 out of range: must be in [0, 1]", inline_file, 3,
                  16);
}

TEST_CASE("set reaches into a programme target and can add a programme", "[scenarios][programmes]")
{
    const Parameters p = load_scenario(programmes, {"programmes.relocation.target.2017=3000",
                                                    R"(programmes.added={ kind = "grant", sources = { county = 1 } })",
                                                    "budget.source_ceilings.county.2018=1"})
                             .params;
    CHECK(find(p, "relocation").target.values == std::map<int, double>{{2016, 20}, {2017, 3000}});
    CHECK(p.programmes.back().id == "added"); // values from --set come after every file
    CHECK(p.programmes.size() == 8);
    CHECK(p.budget.source_ceilings.at("county").values.at(2018) == 1);

    const auto issues = file_issues(programmes, {"programmes.relocation.target.2030=1", "programmes.dibao.kind=grnat"});
    CHECK(issues.size() == 2);
    require_issue(issues, "programmes.relocation.target.2030", "year 2030 outside the horizon 2016..2020", "--set", 1,
                  5);
    require_issue(issues, "programmes.dibao.kind", "(did you mean 'grant'?)", "--set", 1, 5);
}

TEST_CASE("resolved toml loads back to the same programmes in the same order", "[scenarios][programmes]")
{
    const auto first = load_scenario(
        loader_dir + "programmes_child.toml",
        {"programmes.relocation.target.2017=3000", R"(programmes.added={ kind = "grant", sources = { county = 1 } })"});
    REQUIRE(first.params.programmes.size() == 9);
    CHECK(first.resolved_toml.find("[programmes.relocation]\n") != std::string::npos);
    CHECK(first.resolved_toml.find("order = 0\n") != std::string::npos);
    const auto second = load_scenario_text(first.resolved_toml, "resolved.toml");
    CHECK(ids(second.params) == ids(first.params));
    CHECK(describe(second.params) == describe(first.params));
    CHECK(second.resolved_toml == first.resolved_toml);
}

TEST_CASE("programme ids kinds years and units are checked", "[scenarios][programmes]")
{
    const auto issues = file_issues(bad);
    require_bad(issues, "programmes.bad-id", "programme id 'bad-id' must be letters, digits and '_' only", 4, 13);
    require_bad(issues, "programmes.kinds.kind",
                "'grnat' is not one of grant, wage_job, top_up, loan, state_change, reimbursement, village "
                "(did you mean 'grant'?)",
                9, 8);
    require_bad(issues, "programmes.years.end_year", "end_year 2017 is before start_year 2019", 16, 12);
    require_bad(issues, "programmes.horizon.start_year", "year 2012 outside the horizon 2016..2020", 21, 14);
    require_bad(issues, "programmes.unit_mismatch.unit", "kind 'village' needs unit = \"villages\"", 31, 8);
    require_bad(issues, "programmes.villages_unit.unit", "unit \"villages\" needs kind 'village'", 36, 8);
    require_bad(issues, "programmes.missing_kind.kind", "missing required key", 100, 1);

    const auto not_tables = issues_of("extends = \"minimal.toml\"\nprogrammes = 5\n");
    REQUIRE(not_tables.size() == 1);
    require_issue(not_tables, "programmes", "expected a table, got an integer", inline_file, 2, 14);
    const auto not_table = issues_of("extends = \"minimal.toml\"\n[programmes]\nx = \"grant\"\n");
    REQUIRE(not_table.size() == 1);
    require_issue(not_table, "programmes.x", "expected a table, got a string", inline_file, 3, 5);
}

TEST_CASE("a misspelt eligibility word is reported at the word with the allowed list", "[scenarios][programmes]")
{
    const auto issues = file_issues(bad);
    require_bad(issues, "programmes.words.eligible[1]",
                "unknown eligibility word 'registerd_poor' for households; allowed: registered_poor, supported,", 26,
                32);
    require_bad(issues, "programmes.words.eligible[2]", "unknown eligibility word 'poor_village' for households", 26,
                50);
    require_bad(issues, "programmes.words.eligible[3]", "expected a string, got an integer", 26, 66);

    // Village words for village units; household words are rejected there.
    const auto village = issues_of(R"(extends = "minimal.toml"
[programmes.roads]
kind = "village"
eligible = ["poor_village", "has_labour", "collective_income_below:x"]
sources = { county = 1 }
)");
    REQUIRE(village.size() == 2);
    require_issue(village, "programmes.roads.eligible[1]", "unknown eligibility word 'has_labour' for villages",
                  inline_file, 4, 29);
    require_issue(village, "programmes.roads.eligible[2]", "the value after ':' must be a finite non-negative number",
                  inline_file, 4, 43);
    // from_chars accepts "nan" and "inf"; a threshold may not be either.
    for (const char* bad : {"nan", "inf", "-inf"}) {
        INFO(bad);
        const auto nonfinite = issues_of(std::string(R"(extends = "minimal.toml"
[programmes.cash]
kind = "cash"
eligible = ["income_below:)") + bad + R"("]
sources = { county = 1 }
)");
        REQUIRE_FALSE(nonfinite.empty());
        require_issue(nonfinite, "programmes.cash.eligible[0]", "must be a finite non-negative number", inline_file, 4, 13);
    }
}

TEST_CASE("targets priority costs ceilings phase out and order are checked", "[scenarios][programmes]")
{
    const auto issues = file_issues(bad);
    require_bad(issues, "programmes.counts.target.2030", "year 2030 outside the horizon 2016..2020", 41, 23);
    require_bad(issues, "programmes.counts.target.2017", "value -1 out of range: must be >= 0", 41, 40);
    require_bad(issues, "programmes.counts.target_share", "give either target (units per year) or target_share", 42,
                16);
    require_bad(issues, "programmes.counts.priority", "'fair' is not one of gap, least_gap, random", 43, 12);
    require_bad(issues, "programmes.counts.once", "expected a boolean, got a string", 44, 8);
    require_bad(issues, "programmes.counts.one_off_cost", "value -5 out of range: must be >= 0", 45, 16);
    require_bad(issues, "programmes.counts.ceiling.2016", "value -1 out of range: must be >= 0", 47, 20);
    require_bad(issues, "programmes.counts.phase_out.2020", "value 6 out of range: must be in [0, 5]", 48, 22);
    require_bad(issues, "programmes.counts.order", "value -1 out of range: must be >= 0", 49, 9);

    // Programme tables take no year-table growth (docs/programmes.md lists none).
    const auto growth = issues_of(R"(extends = "minimal.toml"
[programmes.g]
kind = "grant"
sources = { county = 1 }
target = { 2016 = 1 }
target_growth_after = 0.1
)");
    REQUIRE(growth.size() == 1);
    require_issue(growth, "programmes.g.target_growth_after", "unknown key", inline_file, 6, 1);
}

TEST_CASE("funding sources are checked by name and share and must sum to one", "[scenarios][programmes]")
{
    const auto issues = file_issues(bad);
    require_bad(issues, "programmes.no_sources.sources", "missing required key", 51, 1);
    require_bad(issues, "programmes.sourcing.sources.provincal",
                "unknown funding source 'provincal' (did you mean 'provincial'?); allowed: central, provincial, "
                "municipal, county, east_west, credit, social, household",
                56, 13);
    require_bad(issues, "programmes.shares.sources", "shares sum to 0.9, not 1", 60, 11);
    require_bad(issues, "programmes.big_share.sources.county", "value 1.5 out of range: must be in [0, 1]", 64, 22);
    require_bad(issues, "programmes.empty_sources.sources", "needs at least one funding source", 68, 11);
}

TEST_CASE("effect keys of another kind are rejected and effect ranges are checked", "[scenarios][programmes]")
{
    const auto issues = file_issues(bad);
    require_bad(issues, "programmes.dibao.effect.wage",
                "key 'wage' does not apply to kind 'top_up' (top_up takes standard, standard_growth_after, tiers, tier_shares)", 75, 8);
    require_bad(issues, "programmes.dibao.effect.tiers", "give either standard or tiers with tier_shares, not both", 77,
                9);
    require_bad(issues, "programmes.dibao.effect.standrad", "unknown key (did you mean 'standard'?)", 78, 1);
    require_bad(issues, "programmes.grant_ranges.effect.success_probability", "must be in [0, 1]", 83, 34);
    require_bad(issues, "programmes.grant_ranges.effect.duration_years", "value 60 out of range: must be in [0, 50]",
                83, 56);
    require_bad(issues, "programmes.grant_ranges.effect.decay", "must be in [0, 1]", 83, 68);
    require_bad(issues, "programmes.grant_ranges.effect.incme", "unknown key (did you mean 'income'?)", 83, 74);
    require_bad(issues, "programmes.loan_ranges.effect.term_years", "value 0 out of range: must be in [1, 30]", 88, 25);
    require_bad(issues, "programmes.loan_ranges.effect.interest_rate", "must be in [0, 1]", 88, 44);
    require_bad(issues, "programmes.loan_ranges.effect.principal", "must be >= 0", 88, 59);
    require_bad(issues, "programmes.state.effect.sets[1]",
                "'infrastructure' is not one of housing_safe, water_safe, insured, dropout_fixed, relocated", 93, 33);
    require_bad(issues, "programmes.state.effect.sets[2]", "'relocated' is listed twice", 93, 51);
    require_bad(issues, "programmes.state.effect.farm_income_factor", "must be in [0, 5]", 93, 86);
    require_bad(issues, "programmes.medical.effect.extreme_poor_ratio", "must be -1 (the same as ratio) or in [0, 1]",
                98, 33);
    require_bad(issues, "programmes.medical.effect.ratio", "must be in [0, 1]", 98, 47);
}

TEST_CASE("tiers need tier shares of the same length summing to one", "[scenarios][programmes]")
{
    const auto issues = issues_of(R"(extends = "minimal.toml"
[programmes.a]
kind = "top_up"
sources = { county = 1 }
effect = { tiers = [100, 200] }
[programmes.b]
kind = "top_up"
sources = { county = 1 }
effect = { tiers = [100, 200], tier_shares = [1] }
[programmes.c]
kind = "top_up"
sources = { county = 1 }
effect = { tiers = [100, 200], tier_shares = [0.5, 0.6] }
[programmes.d]
kind = "top_up"
sources = { county = 1 }
effect = { tiers = [], tier_shares = [] }
[programmes.e]
kind = "top_up"
sources = { county = 1 }
effect = { tiers = [100, "x"], tier_shares = [0.5, 0.5] }
)");
    CHECK(issues.size() == 5);
    require_issue(issues, "programmes.a.effect.tiers", "tiers needs tier_shares", inline_file, 5, 20);
    require_issue(issues, "programmes.b.effect.tier_shares", "has 1 entries but tiers has 2", inline_file, 9, 46);
    require_issue(issues, "programmes.c.effect.tier_shares", "shares sum to 1.1, not 1", inline_file, 13, 46);
    require_issue(issues, "programmes.d.effect.tiers", "needs at least one tier", inline_file, 17, 20);
    require_issue(issues, "programmes.e.effect.tiers[1]", "expected a number, got a string", inline_file, 21, 26);
}

TEST_CASE("budget source ceilings are checked by source name and value", "[scenarios][programmes]")
{
    const auto issues = file_issues(bad);
    require_bad(issues, "budget.source_ceilings.countty", "unknown funding source 'countty' (did you mean 'county'?)",
                104, 1);
    require_bad(issues, "budget.source_ceilings.central.2016", "value -1 out of range: must be >= 0", 105, 20);
}

TEST_CASE("every problem of the bad programme file is reported once", "[scenarios][programmes]")
{
    const auto issues = file_issues(bad);
    INFO(all_issues(issues));
    CHECK(issues.size() == 41);
}
