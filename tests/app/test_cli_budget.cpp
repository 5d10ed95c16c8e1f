// `povsim budget` as a finance bureau runs it: the workbook opened with a real reader (openpyxl)
// and checked against the study file, the budget CSV's money conserved, and bad input refused
// with exit 2 and nothing written.
#include "output/array_layout.h"
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"
#include "sim/ensemble_stats.h"

#include "tests/support/file_checks.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {


/// A tiny study shared by the tests of this file (one run of the simulation, not one per test).
const std::filesystem::path& tiny_study()
{
    static test::TempDir dir;
    static const auto    path = [] {
        const auto p   = dir / "tiny.h5";
        const auto res = run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") +
                                     " --runs 8 -q --out " + q(p));
        INFO(res.output);
        REQUIRE(res.exit_code == 0);
        return p;
    }();
    return path;
}

/// Each run's total spending (yuan) in year @p y, from the study through the C++ reader.
std::vector<double> yearly_totals(const output::Study& study, std::size_t y)
{
    const auto& sc = study.scenarios.front();
    std::size_t a  = 0;
    while (sc.runs.arrays[a].path != "budget/spending") {
        ++a;
    }
    const std::size_t n = sc.runs.arrays[a].size(1); // cells per year
    std::vector<double> out;
    for (const auto& run : sc.runs.array_runs[a]) {
        double v = 0;
        for (std::size_t i = 0; i < n; ++i) {
            v += run[y * n + i];
        }
        out.push_back(v);
    }
    return out;
}

/// The workbook reader (tests/output/read_workbook.py) with its arguments.
std::string reader_command(const std::filesystem::path& xlsx, const std::filesystem::path& study,
                           const std::string& scenario, const std::string& ceilings)
{
    return std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_workbook.py") + " " + q(xlsx) + " " +
           q(study) + " " + scenario + " " + q(ceilings);
}

} // namespace

TEST_CASE("povsim budget writes a workbook that openpyxl reads back with the study's numbers", "[budget][cli]")
{
    const auto    study = output::read_study_h5(tiny_study());
    test::TempDir dir;
    // Ceilings at the median yearly totals, so the probabilities are neither 0 nor 1: every year
    // (first year's median), one year of its own (the second year's), and one funding source.
    char every[32], own[64], county[32];
    std::snprintf(every, sizeof every, "%.6f", sim::quantile(yearly_totals(study, 0), 0.5) / 1e4);
    std::snprintf(own, sizeof own, "%d:total=%.6f", study.years[1], sim::quantile(yearly_totals(study, 1), 0.5) / 1e4);
    std::snprintf(county, sizeof county, "county=%.6f", 0.1 * sim::quantile(yearly_totals(study, 0), 0.5) / 1e4);
    const std::string specs = std::string(every) + "," + own + "," + county;
    const auto xlsx = dir / "budget.xlsx", csv = dir / "budget.csv";
    const auto res  = run_command(povsim_command() + " budget " + q(tiny_study()) + " --ceiling " + every +
                                 " --ceiling " + own + " --ceiling " + county + " -o " + q(xlsx) + " --csv " + q(csv));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    CHECK(res.output.find("Ceilings, 万元: P(spending > ceiling) across replications [Wilson 95 %]") !=
          std::string::npos);
    CHECK(res.output.find("any year") != std::string::npos);
    CHECK(dir.entries() == std::vector<std::string>{"budget.csv", "budget.xlsx"}); // no temporary left behind
    const auto py = run_command(reader_command(xlsx, tiny_study(), "tiny", specs) + " " + q(csv));
    INFO(py.output);
    CHECK(py.exit_code == 0);
    CHECK(py.output.find(": ok;") != std::string::npos);
    // The reader does catch a wrong number: told another ceiling, it must fail.
    const auto wrong = run_command(reader_command(xlsx, tiny_study(), "tiny", "0.5"));
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.output.find("ceiling") != std::string::npos);
}

TEST_CASE("povsim budget of a study with a variant adds the variant-minus-baseline sheet", "[budget][cli]")
{
    test::TempDir dir;
    const auto    h5  = dir / "tv.h5";
    const auto    run = run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " " +
                                 source_file("tests/data/tiny_variant.toml") + " --runs 6 -q --out " + q(h5));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const auto xlsx = dir / "tv.xlsx";
    const auto res  = run_command(povsim_command() + " budget " + q(h5) + " -o " + q(xlsx));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    const auto py = run_command(reader_command(xlsx, h5, "tiny", ""));
    INFO(py.output);
    CHECK(py.exit_code == 0);
    CHECK(py.output.find(": ok;") != std::string::npos);
}

TEST_CASE("the budget CSV conserves money: programmes and sources both add up to the total", "[budget][cli]")
{
    const auto    study = output::read_study_h5(tiny_study());
    test::TempDir dir;
    const auto    csv = dir / "budget.csv";
    const auto    res = run_command(povsim_command() + " budget " + q(tiny_study()) + " --csv " + q(csv));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    CHECK(dir.entries() == std::vector<std::string>{"budget.csv"}); // --csv alone needs no -o
    const auto lines = test::read_lines(csv);
    REQUIRE(lines.size() > 1);
    CHECK(lines[0] == "scenario,year,programme,source,mean_wan_yuan,p05_wan_yuan,p50_wan_yuan,p95_wan_yuan,"
                      "ceiling_wan_yuan,p_above,p_above_lo95,p_above_hi95");
    std::map<int, double> total, by_programme, by_source, pairs;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = output::array_layout::split(lines[i], ',');
        REQUIRE(f.size() == 12);
        CHECK(f[8].empty()); // no --ceiling: the ceiling columns stay empty
        CHECK(f[0] == "tiny");
        const int    year = std::stoi(f[1]);
        const double mean = std::stod(f[4]);
        CHECK(std::stod(f[5]) <= std::stod(f[6]));
        CHECK(std::stod(f[6]) <= std::stod(f[7]));
        auto& bucket = f[2] == "all" && f[3] == "all" ? total : f[2] == "all" ? by_source : f[3] == "all" ? by_programme
                                                                                                           : pairs;
        bucket[year] += mean;
    }
    REQUIRE(total.size() == study.years.size());
    for (std::size_t y = 0; y < study.years.size(); ++y) {
        const int year = study.years[y];
        INFO("year " << year);
        CHECK(total[year] > 0);
        // Each row is rounded to 0.01 万元, so sums of rows agree to half a cent per row.
        const double slack = 0.005 * static_cast<double>(lines.size());
        CHECK(by_programme[year] == Approx(total[year]).margin(slack));
        CHECK(by_source[year] == Approx(total[year]).margin(slack));
        CHECK(pairs[year] == Approx(total[year]).margin(slack));
        const auto per_run = yearly_totals(study, y);
        double     mean    = 0;
        for (const double v : per_run) {
            mean += v / static_cast<double>(per_run.size());
        }
        CHECK(total[year] == Approx(mean / 1e4).margin(0.005 + 1e-9));
    }
}

TEST_CASE("povsim budget refuses bad input with exit 2 and writes nothing", "[budget][cli]")
{
    test::TempDir dir;
    const auto    out = " -o " + q(dir / "b.xlsx") + " --csv " + q(dir / "b.csv");
    std::ofstream(dir / "not_a_study.h5") << "just text\n";
    // A study whose scenario has no programmes, hence no budget arrays.
    auto bare = output::read_study_h5(tiny_study());
    for (auto& sc : bare.scenarios) {
        sc.runs.arrays.clear();
        sc.runs.array_runs.clear();
        sc.array_summary.clear();
    }
    output::write_study_h5(dir / "bare.h5", bare);
    const std::vector<std::string> before = dir.entries();

    struct Case {
        std::string args, message;
    };
    const std::vector<Case> cases{
        {q(dir / "missing.h5") + out, "no such file"},
        {q(dir / "not_a_study.h5") + out, "not a readable povsim study file"},
        {q(tiny_study()) + " --scenario nowhere" + out, "no scenario 'nowhere' (the study has: tiny)"},
        {q(tiny_study()) + " --ceiling -5" + out, "--ceiling '-5': a ceiling must be >= 0"},
        {q(tiny_study()) + " --ceiling countie=5" + out, "--ceiling 'countie=5': unknown funding source 'countie' "
                                                         "(did you mean 'county'?)"},
        {q(tiny_study()) + " --ceiling 1990:total=5" + out, "--ceiling '1990:total=5': year 1990 is outside the study"},
        {q(tiny_study()) + " --ceiling abc" + out, "--ceiling 'abc': 'abc' is not a number"},
        {q(tiny_study()) + " --ceiling 9000 --ceiling total=1" + out, "names the same year and source as '9000'"},
        {q(dir / "bare.h5") + out, "no budget arrays"},
        {q(tiny_study()), "needs -o FILE.xlsx, --csv FILE.csv, or both"},
        {q(tiny_study()) + " -o " + q(dir / "nowhere" / "b.xlsx"), "does not exist"},
        {q(dir / "bare.h5") + " --csv " + q(dir / "bare.h5"), "--csv " + (dir / "bare.h5").string() + ": expected a .csv file"},
        {q(tiny_study()) + " -o " + q(dir / "b.csv"), ": expected a .xlsx file (the CSV goes to --csv)"},
    };
    for (const auto& c : cases) {
        const auto res = run_command(povsim_command() + " budget " + c.args);
        INFO(c.args << "\n" << res.output);
        CHECK(res.exit_code == 2);
        CHECK(res.output.find(c.message) != std::string::npos);
        CHECK(res.output.find("nothing was written") != std::string::npos);
        CHECK(dir.entries() == before);
    }
}

TEST_CASE("a seed above 2^53 stays text in the workbook with a note, a smaller one is a number", "[budget][cli]")
{
    test::TempDir dir;
    auto          study = output::read_study_h5(tiny_study());
    study.meta.seed     = (std::uint64_t{1} << 60) + 1; // a double would round it to 2^60
    output::write_study_h5(dir / "big.h5", study);
    const auto res = run_command(povsim_command() + " budget " + q(dir / "big.h5") + " -o " + q(dir / "big.xlsx"));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    const auto py = run_command(reader_command(dir / "big.xlsx", dir / "big.h5", "tiny", ""));
    INFO(py.output);
    CHECK(py.exit_code == 0); // the reader wants the exact digits as text and the note
}
