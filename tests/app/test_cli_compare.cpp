// `povsim compare` as a user runs it: paired rows for a study of two scenarios, the same answer
// from two separately run files, /comparisons checked with h5py, and files that cannot be paired
// rejected with exit 2.
#include "output/hdf5_reader.h"
#include "tests/support/file_checks.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <charconv>
#include <regex>
#include <sstream>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {
const std::string tiny    = source_file("tests/data/tiny.toml");
const std::string variant = source_file("tests/data/tiny_strict_exit.toml");

std::vector<std::string> split_csv(const std::string& line)
{
    std::vector<std::string> out;
    std::stringstream        ss(line);
    for (std::string f; std::getline(ss, f, ',');) {
        out.push_back(f);
    }
    return out;
}
} // namespace

TEST_CASE("povsim compare prints paired rows for every year and headline metric", "[cli][compare]")
{
    test::TempDir dir;
    const auto    study = dir / "study.h5", csv = dir / "cmp.csv";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " " + variant + " --runs 8 -q --out " + q(study))
                .exit_code == 0);
    const auto res = run_command(povsim_command() + " compare " + q(study) + " --csv " + q(csv));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    CHECK(res.output.find("tiny_strict_exit vs tiny: paired difference variant - baseline over 8 replications") !=
          std::string::npos);
    for (const char* metric : {"n_registered_poor", "new_exits", "new_returns", "new_poor", "n_monitored",
                               "new_spending"}) {
        for (int year = 2016; year <= 2022; ++year) {
            INFO(metric << " " << year);
            const std::string shown = std::string(metric) == "new_spending" ? "new_spending \\(万元\\)" : metric;
            const std::string dir   = std::string(metric) == "n_monitored" ? "-" : "(lower|higher)";
            const std::regex  row("\n" + shown + " +" + dir + " +" + std::to_string(year) + " ");
            CHECK(std::regex_search(res.output, row));
        }
    }
    CHECK(std::regex_search(res.output, std::regex("\nMedian narrowing factor over [0-9]+ rows with a nonzero "
                                                   "paired width: [0-9.]+x\n")));

    // The CSV: one row per metric × year, and its mean_diff is the mean of the paired run differences.
    const auto lines = test::read_lines(csv);
    REQUIRE(!lines.empty());
    CHECK(lines.front() == "variant,baseline,metric,year,mean_baseline,mean_variant,mean_diff,p05,p50,p95,"
                           "prob_better,unpaired_p05,unpaired_p95,narrowing,units");
    const auto s = output::read_study_h5(study);
    REQUIRE(s.scenarios.size() == 2);
    const auto& metrics = s.scenarios[0].runs.metrics;
    CHECK(lines.size() == 1 + metrics.size() * s.years.size());
    const auto m = std::find_if(metrics.begin(), metrics.end(), [](const auto& i) { return i.name == "new_exits"; });
    REQUIRE(m != metrics.end());
    const auto   mi = static_cast<Eigen::Index>(m - metrics.begin());
    double       sum = 0, better = 0;
    const auto&  b = s.scenarios[0].runs, v = s.scenarios[1].runs;
    REQUIRE(b.replication_ids == v.replication_ids);
    for (std::size_t r = 0; r < b.runs.size(); ++r) {
        const double d = v.runs[r](mi, 1) - b.runs[r](mi, 1);
        sum += d;
        better += d > 0 ? 1 : 0; // more exits is better
    }
    const auto row = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
        return l.rfind("tiny_strict_exit,tiny,new_exits,2017,", 0) == 0;
    });
    REQUIRE(row != lines.end());
    const auto fields = split_csv(*row);
    REQUIRE(fields.size() == 15);
    CHECK(fields[14] == "households"); // new_exits: not money, shown as stored
    CHECK(std::stod(fields[6]) == Approx(sum / static_cast<double>(b.runs.size())));
    CHECK(std::stod(fields[6]) < 0); // a stricter exit line means fewer exits
    CHECK(std::stod(fields[10]) == Approx(better / static_cast<double>(b.runs.size())));

    // Money in 万元: the baseline mean of new_spending is the study's mean in yuan / 10,000.
    const auto spend = std::find_if(metrics.begin(), metrics.end(), [](const auto& i) { return i.name == "new_spending"; });
    REQUIRE(spend != metrics.end());
    double yuan = 0;
    for (const auto& run : b.runs) {
        yuan += run(static_cast<Eigen::Index>(spend - metrics.begin()), 1);
    }
    const auto money = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
        return l.rfind("tiny_strict_exit,tiny,new_spending,2017,", 0) == 0;
    });
    REQUIRE(money != lines.end());
    const auto mf = split_csv(*money);
    CHECK(mf[14] == "万元");
    CHECK(std::stod(mf[4]) == Approx(yuan / static_cast<double>(b.runs.size()) / 1e4));
}

TEST_CASE("povsim run writes /comparisons that h5py recomputes from the runs", "[cli][compare]")
{
    test::TempDir dir;
    const auto    study = dir / "study.h5", single = dir / "single.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " " + variant + " --runs 6 -q --out " + q(study))
                .exit_code == 0);
    const auto py = run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_comparisons.py") +
                                " " + q(study));
    INFO(py.output);
    CHECK(py.exit_code == 0);
    CHECK(py.output.find("tiny_strict_exit_vs_tiny:") != std::string::npos);
    // The rest of the file still reads as before.
    CHECK(output::read_study_h5(study).scenarios.size() == 2);
    // One scenario: no comparison group.
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 2 -q --out " + q(single)).exit_code == 0);
    CHECK(run_command("h5ls " + q(single) + "/comparisons").exit_code != 0);
}

TEST_CASE("Separately run files with one seed compare exactly like one study", "[cli][compare]")
{
    test::TempDir dir;
    const auto    study = dir / "study.h5", a = dir / "a.h5", b = dir / "b.h5";
    const auto    csv1 = dir / "one.csv", csv2 = dir / "two.csv";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " " + variant + " --runs 5 -q --out " + q(study))
                .exit_code == 0);
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 5 -q --out " + q(a)).exit_code == 0);
    REQUIRE(run_command(povsim_command() + " run " + variant + " --runs 5 -q --out " + q(b)).exit_code == 0);
    REQUIRE(run_command(povsim_command() + " compare " + q(study) + " --csv " + q(csv1)).exit_code == 0);
    const auto res = run_command(povsim_command() + " compare " + q(a) + " " + q(b) + " --csv " + q(csv2) +
                                 " --metric new_returns --metric price_index");
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    // Common random numbers across processes: the paired rows are identical.
    auto one = test::read_lines(csv1);
    one.erase(std::remove_if(one.begin() + 1, one.end(),
                             [](const std::string& l) {
                                 return l.find(",new_returns,") == std::string::npos &&
                                        l.find(",price_index,") == std::string::npos;
                             }),
              one.end());
    CHECK(test::read_lines(csv2) == one);
    // price_index has no favourable direction: P(better) is "-".
    CHECK(std::regex_search(res.output, std::regex("\nprice_index +- +2016 .* - +[-0-9.x]+\n")));
    CHECK(res.output.find("\nnew_spending") == std::string::npos); // --metric replaces the headline set
    // --baseline swaps the roles.
    const auto swapped = run_command(povsim_command() + " compare " + q(a) + " " + q(b) + " --baseline tiny_strict_exit");
    CHECK(swapped.exit_code == 0);
    CHECK(swapped.output.find("tiny vs tiny_strict_exit:") != std::string::npos);
}

TEST_CASE("povsim compare rejects files that cannot be paired, with exit 2", "[cli][compare]")
{
    test::TempDir dir;
    const auto    a = dir / "a.h5", seed7 = dir / "seed7.h5", fewer = dir / "fewer.h5", shorter = dir / "short.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 4 -q --out " + q(a)).exit_code == 0);
    REQUIRE(run_command(povsim_command() + " run " + variant + " --runs 4 --seed 7 -q --out " + q(seed7)).exit_code ==
            0);
    REQUIRE(run_command(povsim_command() + " run " + variant + " --runs 3 -q --out " + q(fewer)).exit_code == 0);
    REQUIRE(run_command(povsim_command() + " run " + variant + " --runs 4 --set scenario.end_year=2023 -q --out " +
                        q(shorter))
                .exit_code == 0);

    const auto seed = run_command(povsim_command() + " compare " + q(a) + " " + q(seed7));
    CHECK(seed.exit_code == 2);
    CHECK(seed.output.find(seed7.string() + " and " + a.string() + " cannot be paired: seed 7 vs 42") !=
          std::string::npos);
    const auto runs = run_command(povsim_command() + " compare " + q(a) + " " + q(fewer));
    CHECK(runs.exit_code == 2);
    CHECK(runs.output.find("holds 3 replications (0-2), 'tiny' 4 replications (0-3)") != std::string::npos);
    const auto years = run_command(povsim_command() + " compare " + q(a) + " " + q(shorter));
    CHECK(years.exit_code == 2);
    CHECK(years.output.find("years 2016-2023 vs 2016-2022") != std::string::npos);

    // One scenario alone, an unknown metric or baseline, a missing file: bad input too.
    CHECK(run_command(povsim_command() + " compare " + q(a)).exit_code == 2);
    CHECK(run_command(povsim_command() + " compare " + q(a) + " " + q(fewer) + " --metric nope").exit_code == 2);
    CHECK(run_command(povsim_command() + " compare " + q(dir / "missing.h5")).exit_code == 2);
}

TEST_CASE("xarray (h5netcdf) opens every group of a study with labelled coordinates", "[cli][hdf5][python]")
{
    // Runs, arrays, summaries, parameters, the household panel and the comparisons: every group a
    // researcher may open, each with run / year / label coordinates attached as dimension scales.
    test::TempDir dir;
    const auto    study = dir / "study.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " " + variant + " --runs 3 --households 4 -q --out " +
                        q(study))
                .exit_code == 0);
    const auto xr = run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_xarray.py") + " " +
                                q(study));
    INFO(xr.output);
    CHECK(xr.exit_code == 0);
    CHECK(xr.output.find("/scenarios/tiny/runs: {'run': 3, 'year'") != std::string::npos);
    CHECK(xr.output.find("/scenarios/tiny/budget: {'run': 3, 'year'") != std::string::npos);
    CHECK(xr.output.find("/scenarios/tiny/households: {'row'") != std::string::npos);
    CHECK(xr.output.find("/comparisons/tiny_strict_exit_vs_tiny/new_exits: {'year'") != std::string::npos);
    const auto h5py = run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_study.py") + " " +
                                  q(study));
    INFO(h5py.output);
    CHECK(h5py.exit_code == 0);
}
