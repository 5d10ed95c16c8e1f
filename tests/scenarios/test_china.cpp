// The national scenario: a 1/10,000 sample end to end, reported at full scale; regions and
// provinces sum to the nation; one province alone; the province level in the loader.
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "models/province_groups.h"
#include "models/result_arrays.h"
#include "models/targets.h"
#include "scenarios/scenario_loader.h"

#include "tests/support/loader_issues.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;

namespace {

const std::string china = std::string(POVSIM_SOURCE_DIR) + "/scenarios/china.toml";

double total(const models::Parameters& p, int models::Unit::*field)
{
    double n = 0;
    for (const auto& u : p.population.units) {
        n += u.*field;
    }
    return n;
}

double metric(const sim::ReplicationResult& r, const std::string& name, int year_index)
{
    return r.metrics(models::metric_index(name), year_index);
}

} // namespace

TEST_CASE("Rural China at a 1/10,000 sample runs end to end and reports at full scale", "[china]")
{
    const auto full    = scenarios::load_scenario(china, {"population.sample=1.0"}).params;
    const auto sampled = scenarios::load_scenario(china, {"population.sample=0.0001"}).params;
    const double households = total(full, &models::Unit::households);
    CHECK(households == Approx(230'270'000).epsilon(0.01)); // the 2016 agricultural census
    CHECK(full.population.weight == 1.0);
    const double simulated = total(sampled, &models::Unit::households);
    CHECK(simulated < 30'000); // about 23,000 and at least one household per unit
    CHECK(sampled.population.weight == Approx(households / simulated));

    const auto r = models::run_replication(sampled, 20151129, 0);
    // Extensive metrics at full scale: the households counted are the census's, not the sample's.
    CHECK(metric(r, "n_households", 0) == Approx(households).epsilon(1e-9));
    // Counties are whole (never sampled): the 832 poor counties, exited or not.
    CHECK(metric(r, "n_poor_counties", 0) + metric(r, "new_county_exits", 0) == 832);
    // Shares are not scaled.
    const double nbs = metric(r, "nbs_incidence", 0);
    CHECK(nbs > 0.0);
    CHECK(nbs < 0.5);
    CHECK(nbs == Approx(metric(r, "n_below_line_persons", 0) / metric(r, "n_persons", 0)));

    // Regions and provinces each add up to the nation, every year.
    const auto infos = models::result_arrays(sampled);
    const int  a     = models::result_array_index(sampled, "groups/persons");
    REQUIRE(a >= 0);
    const auto& labels   = infos[static_cast<std::size_t>(a)].dim_labels;
    const auto  groups   = labels[0].size();
    const auto  measures = labels[1].size();
    REQUIRE(groups == 3 + 31);
    const auto& values = r.arrays[static_cast<std::size_t>(a)];
    const int   years  = sampled.scenario.end_year - sampled.scenario.start_year + 1;
    for (int y = 0; y < years; ++y) {
        for (std::size_t m = 0; m < measures; ++m) {
            double zones = 0, provinces = 0;
            for (std::size_t g = 0; g < groups; ++g) {
                (g < 3 ? zones : provinces) += values[(static_cast<std::size_t>(y) * groups + g) * measures + m];
            }
            CHECK(zones == Approx(provinces));
            if (labels[1][m] == "persons") {
                CHECK(zones == Approx(metric(r, "n_persons", y)));
            }
            if (labels[1][m] == "nbs_poor_persons") {
                CHECK(zones == Approx(metric(r, "n_below_line_persons", y)));
            }
        }
    }
    // A regional target reads the same cells.
    std::string error;
    const auto  ref = models::resolve_target("nbs_poor_persons:west", sampled, error);
    REQUIRE(ref);
    models::Target t;
    t.metric = "nbs_poor_persons:west", t.year = 2016;
    CHECK(models::target_value(t, *ref, r.metrics, r.arrays, sampled) ==
          values[(1 * groups + 2) * measures + 1]);
}

TEST_CASE("A province alone keeps its counties and its registered share of every plan", "[china]")
{
    const auto full  = scenarios::load_scenario(china, {"population.sample=1.0"}).params;
    const auto gansu = scenarios::load_scenario(china, {"population.sample=1.0", "population.only_province=\"甘肃\""}).params;
    REQUIRE(gansu.population.provinces.size() == 1);
    CHECK(gansu.population.provinces[0].name == "甘肃省");
    CHECK(gansu.population.counties.size() == 58 + 1); // its poor counties and the rest of the province
    CHECK(std::all_of(gansu.population.counties.begin(), gansu.population.counties.end(),
                      [](const models::County& c) { return c.province == "甘肃省" && c.western; }));
    CHECK(gansu.targets.empty()); // national targets do not apply to one province
    const double share = total(gansu, &models::Unit::registered_households) /
                         total(full, &models::Unit::registered_households);
    CHECK(share > 0.01);
    CHECK(share < 0.2);
    const auto relocation = [](const models::Parameters& p) {
        return std::find_if(p.programmes.begin(), p.programmes.end(), [](auto& g) { return g.id == "relocation"; })
            ->target.at(2016);
    };
    CHECK(relocation(gansu) == Approx(relocation(full) * share));
    double segments = 0;
    for (const auto& s : gansu.population.segments) {
        segments += s.households;
    }
    CHECK(segments == total(gansu, &models::Unit::registered_households));
    // A name that matches no province is refused by the loader, naming the key.
    const auto issues = test::issues_of_text(scenarios::load_scenario(china).resolved_toml, china, {"population.only_province=\"火星\""});
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].key == "population.only_province");
}

TEST_CASE("Provinces: a county must name a declared province, with a region of east, centre or west", "[china][loader]")
{
    const std::string minimal = std::string(POVSIM_SOURCE_DIR) + "/tests/data/loader/minimal.toml";
    const auto text = scenarios::load_scenario(minimal).resolved_toml;
    const auto with = [&](const std::string& extra) { return text + "\n" + extra; };
    const auto has_key = [](const std::vector<scenarios::ScenarioIssue>& issues, const std::string& key) {
        return std::any_of(issues.begin(), issues.end(), [&](auto& i) { return i.key == key; });
    };
    // Provinces declared but the county names none: the county lacks its province, and the
    // province has no county.
    auto issues = test::issues_of_text(with("[[population.provinces]]\nname = \"甲省\"\nzone = \"west\"\n"), minimal);
    INFO(test::all_issues(issues));
    CHECK(issues.size() == 2);
    CHECK(has_key(issues, "population.counties[0].province"));
    CHECK(has_key(issues, "population.provinces"));
    // An ambiguous start of a name is refused, listing the provinces it starts.
    const auto two = with("[[population.provinces]]\nname = \"甲省\"\nzone = \"west\"\n"
                          "[[population.provinces]]\nname = \"甲乙省\"\nzone = \"east\"\n");
    issues = test::issues_of_text(two, minimal, {"population.only_province=\"甲\""});
    REQUIRE(has_key(issues, "population.only_province"));
    // An unknown region.
    issues = test::issues_of_text(with("[[population.provinces]]\nname = \"甲省\"\nzone = \"north\"\n"), minimal);
    REQUIRE(!issues.empty());
    CHECK(issues[0].key == "population.provinces[0].zone");
}

TEST_CASE("povsim run china on a small sample: the forecast tables, a province, identical for 1 and 2 threads", "[china][cli]")
{
    test::TempDir dir;
    const auto a = dir / "a.h5", b = dir / "b.h5", g = dir / "g.h5";
    const std::string base = povsim_command() + " run china --set population.sample=0.0002 --runs 2 ";
    const auto run = run_command(base + "--threads 1 --out " + q(a));
    REQUIRE(run.exit_code == 0);
    CHECK(run.output.find("NBS poor by region") != std::string::npos);
    CHECK(run.output.find("central special fund") != std::string::npos);
    REQUIRE(run_command(base + "--threads 2 -q --out " + q(b)).exit_code == 0);
    CHECK(run_command("h5diff --exclude-path /meta " + q(a) + " " + q(b)).exit_code == 0);
    const auto province = run_command(povsim_command() + " run china --only-province 甘肃 --set population.sample=0.001 "
                                                         "--runs 1 --out " + q(g));
    REQUIRE(province.exit_code == 0);
    CHECK(province.output.find("甘肃省") != std::string::npos);
}

TEST_CASE("scenarios/china.toml is exactly what scripts/make_china_scenario.py generates from its rules and data", "[china]")
{
    // The file is generated; a hand edit or a rule changed without regenerating would make the
    // recorded calibration describe a different scenario.
    test::TempDir dir;
    const auto    out = dir / "china.toml";
    REQUIRE(run_command(std::string(POVSIM_PYTHON) + " " + test::source_file("scripts/make_china_scenario.py") + " > " + q(out))
                .exit_code == 0);
    CHECK(run_command("cmp " + q(out) + " " + q(china)).exit_code == 0);
}
