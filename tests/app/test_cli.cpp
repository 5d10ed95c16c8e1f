// The command line as a user runs it: exit codes, files written (or not), bit-identical
// study files whatever the thread count, single-replication reruns, interruption.
#include "output/hdf5_reader.h"
#include "tests/support/temp_dir.h"
#include "tests/support/run_command.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {
const std::string tiny = source_file("tests/data/tiny.toml");
} // namespace

TEST_CASE("povsim run writes identical study files for 1 and 2 threads and for reruns", "[cli]")
{
    test::TempDir dir;
    const auto a = dir / "a.h5", b = dir / "b.h5", c = dir / "c.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 6 --threads 1 -q --out " + q(a)).exit_code == 0);
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 6 --threads 2 -q --out " + q(b)).exit_code == 0);
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 6 --threads 2 -q --out " + q(c)).exit_code == 0);
    // /meta holds the creation time and command line, which differ by design.
    const auto diff_ab = run_command("h5diff --exclude-path /meta " + q(a) + " " + q(b));
    CHECK(diff_ab.exit_code == 0);
    CHECK(diff_ab.output.empty());
    CHECK(run_command("h5diff --exclude-path /meta " + q(b) + " " + q(c)).exit_code == 0);
    // h5diff does report a real difference (the check above can fail).
    const auto d = dir / "d.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 6 --seed 7 -q --out " + q(d)).exit_code == 0);
    CHECK(run_command("h5diff --exclude-path /meta " + q(a) + " " + q(d)).exit_code == 1);
}

TEST_CASE("A single replication rerun alone equals the same replication of a full run", "[cli]")
{
    test::TempDir dir;
    const auto full = dir / "full.h5", one = dir / "one.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 5 -q --out " + q(full)).exit_code == 0);
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --replication 3 -q --out " + q(one)).exit_code == 0);
    const auto s_full = output::read_study_h5(full), s_one = output::read_study_h5(one);
    REQUIRE(s_one.scenarios[0].runs.runs.size() == 1);
    CHECK(s_one.scenarios[0].runs.replication_ids == std::vector<int>{3});
    CHECK((s_one.scenarios[0].runs.runs[0] == s_full.scenarios[0].runs.runs[3]).all());
}

TEST_CASE("The study file is what a researcher reads with h5py", "[cli]")
{
    test::TempDir dir;
    const auto f = dir / "study.h5";
    const auto run = run_command(povsim_command() + " run " + tiny + " --runs 10 --out " + q(f));
    REQUIRE(run.exit_code == 0);
    CHECK(run.output.find("n_registered_poor") != std::string::npos); // the summary table
    const auto py = run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_study.py") + " " + q(f));
    INFO(py.output);
    CHECK(py.exit_code == 0);
    const auto study = output::read_study_h5(f);
    CHECK(study.meta.complete);
    CHECK(study.scenarios[0].scenario_text.find("测试县") != std::string::npos);
}

TEST_CASE("Several scenarios run into one study on common random numbers", "[cli]")
{
    test::TempDir dir;
    const auto variant = dir / "variant.toml", f = dir / "study.h5";
    std::ofstream(variant) << "extends = " << source_file("tests/data/tiny.toml") << "\n"
                           << "[scenario]\nname = \"tiny_margin\"\n[thresholds]\nexit_margin = 900\n";
    const auto res = run_command(povsim_command() + " run " + tiny + " " + q(variant) + " --runs 4 --out " + q(f));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    const auto study = output::read_study_h5(f);
    REQUIRE(study.scenarios.size() == 2);
    CHECK(study.scenarios[0].name == "tiny");
    CHECK(study.scenarios[1].name == "tiny_margin");
    const auto& base = study.scenarios[0].runs;
    const auto& alt  = study.scenarios[1].runs;
    auto row = [](const sim::ReplicationSet& s, const std::string& metric) {
        for (std::size_t m = 0; m < s.metrics.size(); ++m) {
            if (s.metrics[m].name == metric) {
                return static_cast<Eigen::Index>(m);
            }
        }
        return Eigen::Index{-1};
    };
    double exits_base = 0, exits_alt = 0;
    for (std::size_t r = 0; r < base.runs.size(); ++r) {
        // Same seed and replication: the same price and disaster shocks in both scenarios.
        CHECK((base.runs[r].row(row(base, "price_index")) == alt.runs[r].row(row(alt, "price_index"))).all());
        CHECK((base.runs[r].row(row(base, "new_disaster_villages")) == alt.runs[r].row(row(alt, "new_disaster_villages"))).all());
        exits_base += base.runs[r].row(row(base, "new_exits")).sum();
        exits_alt += alt.runs[r].row(row(alt, "new_exits")).sum();
    }
    CHECK(exits_alt < exits_base); // a higher exit margin means fewer exits

    // Scenarios of one study must share their horizon.
    std::ofstream(variant) << "extends = " << source_file("tests/data/tiny.toml") << "\n"
                           << "[scenario]\nname = \"longer\"\nend_year = 2024\n";
    const auto mismatch = run_command(povsim_command() + " run " + tiny + " " + q(variant) + " --out " + q(dir / "x.h5"));
    CHECK(mismatch.exit_code == 2);
    CHECK(mismatch.output.find("one horizon") != std::string::npos);
}

TEST_CASE("A programme that exists only in a scenario file runs and is charged", "[cli]")
{
    test::TempDir dir;
    const auto scenario = dir / "goats.toml", f = dir / "goats.h5";
    std::ofstream(scenario) << "extends = " << source_file("tests/data/tiny.toml") << "\n"
                            << "[scenario]\nname = \"goats\"\n"
                            << "[programmes.goat_cooperative]\n"
                               "label = \"养羊合作社 goat cooperative\"\n"
                               "kind = \"grant\"\n"
                               "eligible = [\"registered_poor\", \"has_labour\"]\n"
                               "target = { 2016 = 40, 2017 = 40 }\n"
                               "one_off_cost = 8000\n"
                               "sources = { east_west = 0.25, county = 0.75 }\n"
                               "[programmes.goat_cooperative.effect]\n"
                               "income = 500\nsuccess_probability = 0.8\nduration_years = 3\n";
    const auto res = run_command(povsim_command() + " run " + q(scenario) + " --runs 3 --out " + q(f));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    CHECK(res.output.find("goat_cooperative") != std::string::npos); // in the budget table
    const auto study = output::read_study_h5(f);
    const auto& set  = study.scenarios[0].runs;
    std::size_t a = 0;
    while (a < set.arrays.size() && set.arrays[a].path != "budget/spending") {
        ++a;
    }
    REQUIRE(a < set.arrays.size());
    const auto& labels = set.arrays[a].dim_labels;
    // The base's programmes come first, the extending file's new one last.
    REQUIRE(labels[0] == std::vector<std::string>{"dibao", "industry", "goat_cooperative"});
    const std::size_t n_prog = labels[0].size(), goats = 2, n_src = labels[1].size();
    const auto ew = static_cast<std::size_t>(std::find(labels[1].begin(), labels[1].end(), "east_west") - labels[1].begin());
    const auto county = static_cast<std::size_t>(std::find(labels[1].begin(), labels[1].end(), "county") - labels[1].begin());
    for (const auto& run : set.array_runs[a]) {
        // 40 households a year at 8,000 yuan, split 1:3 between east-west aid and the county.
        for (std::size_t y = 0; y < 2; ++y) {
            CHECK(run[(y * n_prog + goats) * n_src + ew] == Approx(40 * 8000 * 0.25));
            CHECK(run[(y * n_prog + goats) * n_src + county] == Approx(40 * 8000 * 0.75));
        }
        CHECK(run[(2 * n_prog + goats) * n_src + ew] == 0.0); // no target in 2018
    }
}

namespace {

/// One [[targets]] entry of tiny.toml's 2016, as TOML.
std::string target_toml(const std::string& role, const std::string& metric, double value, double tol,
                        const std::string& compare = "about")
{
    std::ostringstream o;
    o << "[[targets]]\nrole = \"" << role << "\"\nmetric = \"" << metric << "\"\nyear = 2016\nvalue = " << value
      << "\ntolerance = " << tol << "\ncompare = \"" << compare << "\"\nsource = \"test\"\n";
    return o.str();
}

/// A scenario extending tiny.toml with @p targets.
void write_with_targets(const std::filesystem::path& file, const std::string& targets)
{
    std::ofstream(file) << "extends = " << source_file("tests/data/tiny.toml") << "\n" << targets;
}

} // namespace

TEST_CASE("validate prints the roles apart: accounting and calibration misses exit 3, a missed check only with --strict",
          "[cli]")
{
    test::TempDir dir;
    const auto roles = dir / "roles.toml", bad = dir / "bad.toml";
    // The 800,000 yuan ceiling admits floor(800000 / 19250) = 41 industry grants in 2016: 789,250 yuan,
    // the same in every replication; the 50 planned grants need 962,500.
    write_with_targets(roles, target_toml("accounting", "spending:industry", 41 * 19250, 0.001) +
                                  target_toml("calibration", "need:industry", 50 * 19250, 0.01) +
                                  target_toml("check", "spending:industry", 700000, 0.1, "at_least") +
                                  target_toml("check", "spending:industry", 750000, 0.01, "at_most") +
                                  target_toml("check", "served:industry", 50, 0.1));
    const auto ok = run_command(povsim_command() + " validate " + q(roles) + " --runs 3");
    INFO(ok.output);
    CHECK(ok.exit_code == 0); // only checks fail
    const auto& out = ok.output;
    const auto  acc = out.find("Accounting (bookkeeping identities, not evidence): 1 of 1 pass");
    const auto  cal = out.find("Calibration (fitted): 1 of 1 pass");
    const auto  chk = out.find("Checks (held out: the evidence): 1 of 3 pass");
    REQUIRE(acc != std::string::npos);
    REQUIRE(cal != std::string::npos);
    REQUIRE(chk != std::string::npos);
    CHECK((acc < cal && cal < chk));
    // The need restates the quota × the unit cost, and served restates the quota: both echoes.
    CHECK(out.find("ECHO (= programmes.industry.target.2016 × one_off_cost 962500)", cal) < chk);
    CHECK(out.find("ECHO (= programmes.industry.target.2016 50)", chk) != std::string::npos);
    // A floor met has error 0; a ceiling missed by 789,250 / 750,000 − 1 = +5.2 %.
    CHECK(std::regex_search(out, std::regex("at_least +700000 +789250 ")));
    CHECK(out.find("0 % ok") != std::string::npos);
    CHECK(out.find("+5.2 % FAIL") != std::string::npos);
    // Echoes are not evidence: two checks, the floor inside its band, median of 0 and 5.2 %.
    CHECK(out.find("checks 2 (1 echo left out), inside P5–P95 1 (coverage 50 %), median |error| 2.6 %") !=
          std::string::npos);
    CHECK(out.find("without --strict they do not set exit code 3") != std::string::npos);
    CHECK(run_command(povsim_command() + " validate " + q(roles) + " --runs 3 --strict").exit_code == 3);

    write_with_targets(bad, target_toml("accounting", "spending:industry", 50 * 19250, 0.1)); // the need, not what the ceiling allowed
    const auto miss = run_command(povsim_command() + " validate " + q(bad) + " --runs 3");
    CHECK(miss.exit_code == 3);
    CHECK(miss.output.find("FAIL") != std::string::npos);
    CHECK(miss.output.find("checks 0, inside P5–P95 0 (coverage –), median |error| –") != std::string::npos);
}

TEST_CASE("calibrate fits only the calibration targets and prints every group", "[cli]")
{
    test::TempDir dir;
    const auto fit_file = dir / "fit.toml", none = dir / "none.toml";
    // The need of the 50 planned grants is linear in their cost: 1,000,000 needs 20,000 each. A held-out
    // check asking for 600,000 (12,000 each) must not pull the fit.
    write_with_targets(fit_file, target_toml("calibration", "need:industry", 1000000, 0.01) +
                                     target_toml("check", "need:industry", 600000, 0.01));
    const auto fit = run_command(povsim_command() + " calibrate " + q(fit_file) +
                                 " -p programmes.industry.one_off_cost=10000:30000:12000 --runs 2");
    INFO(fit.output);
    CHECK(fit.exit_code == 0); // the check misses at the fit, which is reported, not a miss
    const auto at = fit.output.find("--set programmes.industry.one_off_cost=");
    REQUIRE(at != std::string::npos);
    const double cost = std::stod(fit.output.substr(at + std::string("--set programmes.industry.one_off_cost=").size()));
    CHECK(cost == Approx(20000).epsilon(0.01));
    CHECK(fit.output.find("Calibration (fitted): 1 of 1 pass") != std::string::npos);
    CHECK(fit.output.find("Checks (held out: the evidence): 0 of 1 pass") != std::string::npos);
    CHECK(run_command(povsim_command() + " calibrate " + q(fit_file) + " -p nonsense").exit_code == 2);

    write_with_targets(none, target_toml("check", "need:industry", 1000000, 0.01));
    const auto refused = run_command(povsim_command() + " calibrate " + q(none) +
                                     " -p programmes.industry.one_off_cost=10000:30000 --runs 2");
    CHECK(refused.exit_code == 2);
    CHECK(refused.output.find("no [[targets]] with role = \"calibration\"") != std::string::npos);
}

TEST_CASE("A malformed scenario exits 2, names file, line and key, and writes nothing", "[cli]")
{
    test::TempDir dir;
    const auto bad = dir / "bad.toml", out = dir / "out.h5";
    {
        std::ifstream in(std::string(POVSIM_SOURCE_DIR) + "/tests/data/tiny.toml");
        std::ofstream os(bad);
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            os << (line.rfind("exit_margin", 0) == 0 ? "exit_margin = \"lots\"" : line) << "\n";
        }
    }
    const auto res = run_command(povsim_command() + " run " + q(bad) + " --out " + q(out));
    CHECK(res.exit_code == 2);
    CHECK(res.output.find("bad.toml:17") != std::string::npos);
    CHECK(res.output.find("thresholds.exit_margin") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
    CHECK(dir.entries() == std::vector<std::string>{"bad.toml"});

    const auto set = run_command(povsim_command() + " run " + tiny + " --set thresholds.exit_marginn=3 --out " + q(out));
    CHECK(set.exit_code == 2);
    CHECK(set.output.find("exit_marginn") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));

    CHECK(run_command(povsim_command() + " run " + tiny + " --out /nonexistent-dir/x.h5").exit_code == 2);
    CHECK(run_command(povsim_command() + " run").exit_code == 2);
    CHECK(run_command(povsim_command() + " run " + q(dir / "missing.toml")).exit_code == 2);
}

TEST_CASE("check prints the resolved scenario with overrides and list shows the built-ins", "[cli]")
{
    const auto res = run_command(povsim_command() + " check " + tiny + " --set thresholds.exit_margin=500");
    CHECK(res.exit_code == 0);
    CHECK(res.output.find("exit_margin = 500") != std::string::npos);
    const auto list = run_command(povsim_command() + " list");
    CHECK(list.exit_code == 0);
    CHECK(list.output.find("jinghe") != std::string::npos);
    CHECK(list.output.find("精河县") != std::string::npos);
    for (const char* sub : {"run", "check", "list"}) {
        const auto help = run_command(povsim_command() + " " + sub + " --help");
        CHECK(help.exit_code == 0);
        CHECK(help.output.find("Usage") != std::string::npos);
    }
}

TEST_CASE("An interrupted run leaves a valid study marked incomplete", "[cli]")
{
    test::TempDir dir;
    const auto f = dir / "long.h5";
    const auto res = run_command("sh -c '" + std::string(POVSIM_BINARY) + " run " + std::string(POVSIM_SOURCE_DIR) +
                                 "/tests/data/tiny.toml --runs 20000 --threads 2 -q --out " + f.string() +
                                 " & pid=$!; sleep 2; kill -INT $pid; wait $pid'");
    CHECK(res.exit_code == 130);
    REQUIRE(std::filesystem::exists(f));
    const auto study = output::read_study_h5(f);
    CHECK_FALSE(study.meta.complete);
    CHECK(study.meta.runs_requested == 20000);
    CHECK(study.scenarios[0].runs.runs.size() > 0);
    CHECK(study.scenarios[0].runs.runs.size() < 20000);
    // Nothing but the study itself is left in the folder (no temporary file, no lock).
    CHECK(dir.entries() == std::vector<std::string>{"long.h5"});
    // Readers of the study say it is incomplete.
    const auto budget = run_command(test::povsim_command() + " budget " + test::q(f) + " --csv " + test::q(dir / "b.csv"));
    CHECK(budget.exit_code == 0);
    CHECK(budget.output.find("is incomplete (interrupted); it holds " +
                             std::to_string(study.scenarios[0].runs.runs.size()) + " finished replications") !=
          std::string::npos);
}
