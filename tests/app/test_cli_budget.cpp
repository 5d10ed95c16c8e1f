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

} // namespace

TEST_CASE("povsim budget writes a workbook that openpyxl reads back with the study's numbers", "[budget][cli]")
{
    const auto    study = output::read_study_h5(tiny_study());
    test::TempDir dir;
    // A ceiling at the median first-year total, so the probability is neither 0 nor 1.
    char ceiling[32];
    std::snprintf(ceiling, sizeof ceiling, "%.6f", sim::quantile(yearly_totals(study, 0), 0.5) / 1e4);
    const auto xlsx = dir / "budget.xlsx", csv = dir / "budget.csv";
    const auto res  = run_command(povsim_command() + " budget " + q(tiny_study()) + " --ceiling " + ceiling + " -o " +
                                 q(xlsx) + " --csv " + q(csv));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    CHECK(dir.entries() == std::vector<std::string>{"budget.csv", "budget.xlsx"}); // no temporary left behind
    const std::string reader = std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_workbook.py") + " ";
    const auto        args   = q(xlsx) + " " + q(tiny_study()) + " tiny ";
    const auto        py     = run_command(reader + args + ceiling + " " + q(csv));
    INFO(py.output);
    CHECK(py.exit_code == 0);
    CHECK(py.output.find(": ok;") != std::string::npos);
    // The reader does catch a wrong number: told another ceiling, it must fail.
    const auto wrong = run_command(reader + args + "0.5");
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.output.find("ceiling") != std::string::npos);
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
    CHECK(lines[0] == "scenario,year,programme,source,mean_wan_yuan,p05_wan_yuan,p50_wan_yuan,p95_wan_yuan");
    std::map<int, double> total, by_programme, by_source, pairs;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = output::array_layout::split(lines[i], ',');
        REQUIRE(f.size() == 8);
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
        CHECK(by_programme[year] == Approx(total[year]).epsilon(1e-12));
        CHECK(by_source[year] == Approx(total[year]).epsilon(1e-12));
        CHECK(pairs[year] == Approx(total[year]).epsilon(1e-12));
        const auto per_run = yearly_totals(study, y);
        double     mean    = 0;
        for (const double v : per_run) {
            mean += v / static_cast<double>(per_run.size());
        }
        CHECK(total[year] == Approx(mean / 1e4).epsilon(1e-12));
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
        {q(tiny_study()) + " --ceiling -5" + out, "--ceiling must be >= 0"},
        {q(dir / "bare.h5") + out, "no budget arrays"},
        {q(tiny_study()), "needs -o FILE.xlsx, --csv FILE.csv, or both"},
        {q(tiny_study()) + " -o " + q(dir / "nowhere" / "b.xlsx"), "does not exist"},
        {q(dir / "bare.h5") + " --csv " + q(dir / "bare.h5"), "this is the study file"},
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
