// The budget table shared by the console, the budget CSV and the workbook, on a hand-made
// [run × year × programme × source] array whose sums and percentiles are known exactly.
#include "output/budget_ceilings.h"
#include "output/budget_table.h"
#include "output/budget_workbook.h"

#include "tests/support/file_checks.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace povsim;
using output::all_labels;

namespace {

// Run r, year y, programme k, source s = 1000·(r+1) + 100·y + 10·k + s yuan, except that
// programme 1 never draws on source 2 and no programme draws on source 1.
double value(std::size_t r, std::size_t y, std::size_t k, std::size_t s)
{
    if (s == 1 || (k == 1 && s == 2)) {
        return 0.0;
    }
    return 1000.0 * static_cast<double>(r + 1) + 100.0 * static_cast<double>(y) + 10.0 * static_cast<double>(k) +
           static_cast<double>(s);
}

output::Study make_study(std::size_t n_runs)
{
    output::Study study;
    study.years = {2016, 2017};
    output::ScenarioOutput sc;
    sc.name       = "hand";
    sc.runs.years = study.years;
    const std::vector<std::string> dims{"year", "programme", "source"};
    const std::vector<std::vector<std::string>> labels{{"dibao", "低保 2"}, {"central", "social", "county"}};
    sc.runs.arrays = {{"budget/spending", "yuan", "spending", dims, labels}, {"budget/need", "yuan", "need", dims, labels}};
    sc.runs.array_runs.resize(2);
    for (std::size_t r = 0; r < n_runs; ++r) {
        std::vector<double> cells;
        for (std::size_t y = 0; y < 2; ++y) {
            for (std::size_t k = 0; k < 2; ++k) {
                for (std::size_t s = 0; s < 3; ++s) {
                    cells.push_back(value(r, y, k, s));
                }
            }
        }
        sc.runs.array_runs[0].push_back(cells);
        sc.runs.array_runs[1].push_back(cells);
        sc.runs.runs.push_back(sim::ResultCube::Zero(1, 2));
    }
    sc.runs.metrics = {{"new_exits", "households", "exits"}};
    study.scenarios.push_back(sc);
    return study;
}

} // namespace

TEST_CASE("BudgetCube sums any programme / source slice and lists the sources in use", "[budget][output]")
{
    const auto study = make_study(4);
    const auto cube  = output::BudgetCube::find(study.scenarios[0], "budget/spending");
    REQUIRE(cube);
    CHECK(cube->runs() == 4);
    CHECK(cube->years() == 2);
    CHECK(cube->used_sources() == std::vector<std::size_t>{0, 2});
    CHECK_FALSE(cube->draws_on(1, 2));
    CHECK(cube->draws_on(0, 2));
    // Run 2, year 1: programme 0 → 3100 + 3102, programme 1 → 3110.
    CHECK(cube->sum(2, 1, {0, all_labels}) == 6202.0);
    CHECK(cube->sum(2, 1, {all_labels, 0}) == 3100.0 + 3110.0);
    CHECK(cube->sum(2, 1, {}) == 6202.0 + 3110.0);
    CHECK(cube->horizon_across_runs({1, 0}) == std::vector<double>{1010 + 1110, 2010 + 2110, 3010 + 3110, 4010 + 4110});
    CHECK_FALSE(output::BudgetCube::find(study.scenarios[0], "budget/served"));
}

TEST_CASE("run_stats and share_above use type-7 percentiles and a strict ceiling", "[budget][output]")
{
    const auto s = output::run_stats({4, 1, 3, 2});
    CHECK(s.mean == 2.5);
    CHECK(s.p50 == 2.5);
    CHECK(s.p05 == Approx(1.15));
    CHECK(s.p95 == Approx(3.85));
    CHECK(output::share_above({4, 1, 3, 2}, 3) == 0.25); // 3 itself does not exceed 3
    CHECK(output::share_above({}, 0) == 0.0);
}

TEST_CASE("budget rows: pairs drawn on, then totals by programme, by source and overall", "[budget][output]")
{
    const auto study = make_study(3);
    const auto cube  = output::BudgetCube::find(study.scenarios[0], "budget/spending");
    const auto rows  = output::budget_rows(*cube, study.years);
    // Per year: 3 pairs (dibao×central, dibao×county, 低保 2×central) + 2 programmes + 2 sources + 1.
    REQUIRE(rows.size() == 2 * 8);
    CHECK(rows[2].programme == "低保 2");
    CHECK(rows[2].source == "central");
    CHECK(rows[3].source.empty());
    CHECK(rows[5].programme.empty());
    CHECK(rows[7].programme.empty());
    CHECK(rows[7].source.empty());
    // Year 2017, grand total per run: 1000(r+1)·3 + 300 + 10 + 2; mean over r = 0..2.
    CHECK(rows[15].year == 2017);
    CHECK(rows[15].stats.mean == Approx(2000.0 * 3 + 312));
    CHECK(rows[15].stats.mean == Approx(rows[11].stats.mean + rows[12].stats.mean)); // sum over programmes
    CHECK(rows[15].stats.mean == Approx(rows[13].stats.mean + rows[14].stats.mean)); // sum over sources
}

TEST_CASE("budget CSV is in 万元 with 'all' totals, written atomically", "[budget][output][csv]")
{
    test::TempDir dir;
    const auto    study = make_study(2);
    const auto    cube  = output::BudgetCube::find(study.scenarios[0], "budget/spending");
    output::write_budget_csv(dir / "b.csv", "hand", *cube, study.years);
    const auto lines = test::read_lines(dir / "b.csv");
    REQUIRE(lines.size() == 1 + 16);
    CHECK(lines[0] == "scenario,year,programme,source,mean_wan_yuan,p05_wan_yuan,p50_wan_yuan,p95_wan_yuan,"
                      "ceiling_wan_yuan,p_above,p_above_lo95,p_above_hi95");
    // dibao × central in 2016: runs 1000 and 2000 yuan → mean 0.15 万元, P5 0.105, P50 0.15, P95 0.195,
    // rounded to 0.01 万元 as the workbook shows them; the grand total: runs 3012 and 6012 yuan.
    CHECK(lines[1] == "hand,2016,dibao,central,0.15,0.11,0.15,0.2,,,,");
    CHECK(lines[8] == "hand,2016,all,all,0.45,0.32,0.45,0.59,,,,");
    CHECK(dir.entries() == std::vector<std::string>{"b.csv"});
}

TEST_CASE("the workbook writer refuses a study without budget or a negative ceiling and writes nothing",
          "[budget][output]")
{
    test::TempDir dir;
    auto          study = make_study(2);
    output::BudgetWorkbookOptions options;
    options.ceilings.push_back({"-1", std::nullopt, "", -1});
    CHECK_THROWS_AS(output::write_budget_workbook(dir / "b.xlsx", study, study.scenarios[0], options),
                    std::invalid_argument);
    study.scenarios[0].runs.arrays.clear();
    study.scenarios[0].runs.array_runs.clear();
    CHECK_THROWS_AS(output::write_budget_workbook(dir / "b.xlsx", study, study.scenarios[0], {}), std::invalid_argument);
    CHECK(dir.entries().empty());
    CHECK_THROWS_WITH(output::write_budget_workbook(dir / "missing" / "b.xlsx", make_study(2),
                                                    make_study(2).scenarios[0], {}),
                      Catch::Contains("does not exist"));
}

TEST_CASE("Wilson 95 % interval of a share: known answers", "[budget][output][ceiling]")
{
    // 5 of 40: p = 0.125; the roots of (p − 0.125)² = z² p (1 − p) / 40, z = 1.959964.
    const auto w = output::wilson_interval(5, 40);
    CHECK(w.p == 0.125);
    CHECK(w.lo == Approx(0.0545950).margin(1e-6));
    CHECK(w.hi == Approx(0.2611212).margin(1e-6));
    CHECK(output::format_share(w) == "12.5 % [5.5–26.1]");
    // None or all: the interval touches 0 or 1 but stays inside [0, 1].
    const auto none = output::wilson_interval(0, 40), all = output::wilson_interval(40, 40);
    CHECK(none.lo == 0.0);
    CHECK(none.hi == Approx(0.0876216).margin(1e-6));
    CHECK(all.lo == Approx(0.9123784).margin(1e-6));
    CHECK(all.hi == 1.0);
    CHECK(std::isnan(output::wilson_interval(0, 0).p));
}

TEST_CASE("ceiling specs: total or one source for every year or one year and bad specs named", "[budget][output][ceiling]")
{
    const std::vector<int>         years{2016, 2017};
    const std::vector<std::string> sources{"central", "county"};
    const auto total = output::parse_ceiling("9000", years, sources);
    CHECK(!total.year);
    CHECK(total.source.empty());
    CHECK(total.wan == 9000);
    const auto county = output::parse_ceiling("county=2000.5", years, sources);
    CHECK(county.source == "county");
    CHECK(county.wan == 2000.5);
    const auto one = output::parse_ceiling("2017:total=8000", years, sources);
    CHECK(one.year == 2017);
    CHECK(one.source.empty());
    CHECK(output::parse_ceiling("2016:central=1", years, sources).source == "central");
    struct Bad {
        std::string spec, message;
    };
    for (const auto& b : std::vector<Bad>{{"-5", "must be >= 0"},
                                          {"abc", "'abc' is not a number"},
                                          {"nan", "is not a number"},
                                          {"county=", "is not a number"},
                                          {"2030:total=5", "year 2030 is outside the study (2016–2017)"},
                                          {"x:total=5", "'x' is not a year"},
                                          {"2016:5", "expected YEAR:SOURCE=V"},
                                          {"countie=5", "unknown funding source 'countie' (did you mean 'county'?)"},
                                          {"zzzzzzzz=5", "unknown funding source 'zzzzzzzz'; known: total, central"}}) {
        INFO(b.spec);
        CHECK_THROWS_WITH(output::parse_ceiling(b.spec, years, sources),
                          Catch::Contains("--ceiling '" + b.spec + "'") && Catch::Contains(b.message));
    }
    CHECK_THROWS_WITH(output::parse_ceilings({"9000", "total=8000"}, years, sources),
                      Catch::Contains("same year and source as '9000'"));
}

TEST_CASE("ceiling rows: a year of its own overrides the every-year ceiling and any year and sum of years follow",
          "[budget][output][ceiling]")
{
    const auto study = make_study(3);
    const auto cube  = output::BudgetCube::find(study.scenarios[0], "budget/spending");
    // Grand totals per run r = 0, 1, 2 (yuan): 2016 = 3000(r+1) + 12, 2017 = 3000(r+1) + 312.
    const auto specs = output::parse_ceilings({"0.7", "2017:total=0.5"}, study.years, cube->sources());
    const auto rows  = output::ceiling_rows(*cube, study.years, specs);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].year == 2016);
    CHECK(rows[0].ceiling_wan == 0.7); // 7000 yuan: only run 2 (9012) is above
    CHECK(rows[0].above == 1);
    CHECK(rows[0].runs == 3);
    CHECK(rows[1].year == 2017);
    CHECK(rows[1].spec == "2017:total=0.5");
    CHECK(rows[1].above == 2); // 5000 yuan: runs 1 (6312) and 2 (9312)
    CHECK(rows[2].what == "any");
    CHECK(rows[2].above == 2);
    CHECK(rows[3].what == "horizon");
    CHECK(rows[3].ceiling_wan == Approx(1.2));
    CHECK(rows[3].above == 2); // 12000 yuan: 6324 no, 12324 and 18324 yes
    CHECK(output::find_ceiling(rows, 2017, "") == &rows[1]);
    CHECK(output::find_ceiling(rows, 2017, "central") == nullptr);
}
