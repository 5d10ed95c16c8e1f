// Uncertain parameters end to end: every replication's draws in the study file
// (/scenarios/<name>/parameters/<key>), the same whatever the thread count, aligned with
// /replication when interrupted or rerun alone, read with h5py; and calibrate moving a
// distribution's location while keeping its spread.
#include "models/uncertain_keys.h"
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"
#include "app/study_runner.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <fstream>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {

const std::vector<std::string> uncertain_keys{"income.farm_growth", "population.income.poor_labour.ratio_low",
                                              "identification.p_detect",
                                              "programmes.industry.effect.success_probability"};

/// tiny with four uncertain keys of four kinds, listed here out of the stored order.
std::filesystem::path write_uncertain(const test::TempDir& dir)
{
    const auto file = dir / "tiny_unc.toml";
    std::ofstream(file) << "extends = " << source_file("tests/data/tiny.toml") << "\n"
                        << "[scenario]\nname = \"tiny_unc\"\n"
                        << "[programmes.industry.effect]\n"
                           "success_probability = { dist = \"uniform\", low = 0.5, high = 0.9 }\n"
                        << "[identification]\np_detect = { dist = \"beta\", alpha = 8, beta = 2 }\n"
                        << "[income]\nfarm_growth = { dist = \"uniform\", low = 0.04, high = 0.08 }\n"
                        << "[population.income.poor_labour]\n"
                           "ratio_low = { dist = \"triangular\", low = 0.5, mode = 0.6, high = 0.7 }\n";
    return file;
}

/// Checks that row k of @p set holds the draws of replication replication_ids[k] (known answer:
/// resolve_parameters of the scenario for that replication).
void check_rows_are_their_replications(const sim::ReplicationSet& set, const models::Parameters& p)
{
    REQUIRE(set.parameters.size() == uncertain_keys.size());
    for (std::size_t j = 0; j < uncertain_keys.size(); ++j) {
        CHECK(set.parameters[j].name == uncertain_keys[j]);
        REQUIRE(set.parameter_runs[j].size() == set.replication_ids.size());
    }
    for (std::size_t row = 0; row < set.replication_ids.size(); ++row) {
        const auto rep   = static_cast<std::uint32_t>(set.replication_ids[row]);
        const auto draws = models::resolve_parameters(p, sim::ReplicationStreams(42, rep, 2016)).draws;
        REQUIRE(draws.size() == uncertain_keys.size());
        for (std::size_t j = 0; j < draws.size(); ++j)
            CHECK(set.parameter_runs[j][row] == draws[j]);
    }
}

test::CommandResult read_parameters(const std::filesystem::path& file, const std::string& args)
{
    return run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_parameters.py") + " " +
                       q(file) + " " + args);
}

} // namespace

TEST_CASE("Every replication's draws are stored and equal for --threads 1 and --threads 2", "[cli][uncertain]")
{
    test::TempDir dir;
    const auto    scenario = write_uncertain(dir);
    const auto    a = dir / "a.h5", b = dir / "b.h5";
    const auto    run = [&](const char* threads, const std::filesystem::path& out) {
        return run_command(povsim_command() + " run " + q(scenario) + " --runs 6 --threads " + threads + " -q --out " +
                           q(out));
    };
    REQUIRE(run("1", a).exit_code == 0);
    REQUIRE(run("2", b).exit_code == 0);
    CHECK(run_command("h5diff --exclude-path /meta " + q(a) + " " + q(b)).exit_code == 0);
    const auto one = output::read_study_h5(a), two = output::read_study_h5(b);
    const auto& set = one.scenarios[0].runs;
    CHECK(set.parameter_runs == two.scenarios[0].runs.parameter_runs);
    check_rows_are_their_replications(set, scenarios::load_scenario(scenario).params);
    CHECK(set.parameters[0].units == "1/yr");
    CHECK(set.parameters[0].description ==
          "Yearly trend growth of farm income per person; drawn once per replication from uniform(0.04, 0.08)");
    CHECK(set.parameters[2].description.find("beta(alpha 8, beta 2)") != std::string::npos);
}

TEST_CASE("A researcher reads parameters/<key> with h5py: shape [runs], units, description, range",
          "[cli][uncertain]")
{
    test::TempDir dir;
    const auto    scenario = write_uncertain(dir);
    const auto    f = dir / "study.h5", fixed = dir / "fixed.h5";
    const auto    run = run_command(povsim_command() + " run " + q(scenario) + " --runs 8 -q --out " + q(f));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const auto py = read_parameters(f, "tiny_unc income.farm_growth=0.04:0.08 "
                                       "population.income.poor_labour.ratio_low=0.5:0.7 identification.p_detect=0:1 "
                                       "programmes.industry.effect.success_probability=0.5:0.9");
    INFO(py.output);
    CHECK(py.exit_code == 0);
    CHECK(py.output.find("tiny_unc: 4 uncertain parameters") != std::string::npos);
    CHECK(py.output.find("income.farm_growth [1/yr]") != std::string::npos);
    // The script can fail: a range the draws do not fit is reported.
    CHECK(read_parameters(f, "tiny_unc income.farm_growth=0.05:0.06 population.income.poor_labour.ratio_low=0.5:0.7 "
                             "identification.p_detect=0:1 programmes.industry.effect.success_probability=0.5:0.9")
              .exit_code == 1);
    const auto study =
        run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_study.py") + " " + q(f));
    INFO(study.output);
    CHECK(study.exit_code == 0);

    // A scenario without uncertain keys writes no parameters group.
    REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " --runs 2 -q --out " +
                        q(fixed))
                .exit_code == 0);
    const auto none = read_parameters(fixed, "tiny");
    INFO(none.output);
    CHECK(none.exit_code == 0);
    CHECK(output::read_study_h5(fixed).scenarios[0].runs.parameters.empty());
}

TEST_CASE("Draws stay aligned with /replication in an interrupted study and in a rerun alone", "[scenarios][uncertain]")
{
    test::TempDir     dir;
    const auto        loaded = scenarios::load_scenario(write_uncertain(dir));
    std::atomic<bool> cancel{false};
    app::StudyRequest req;
    req.scenarios   = {loaded};
    req.runs        = 40;
    req.threads     = 2;
    req.cancel      = &cancel;
    req.on_progress = [&](const std::string&, int done, int) { cancel = cancel || done >= 3; };
    const auto partial = app::run_study(req);
    CHECK_FALSE(partial.meta.complete);
    const auto& set = partial.scenarios[0].runs;
    REQUIRE(set.replication_ids.size() >= 3);
    REQUIRE(set.replication_ids.size() < 40);
    check_rows_are_their_replications(set, loaded.params);

    // Written and read back, the rows still follow /replication.
    const auto f = dir / "partial.h5";
    output::write_study_h5(f, partial);
    const auto back = output::read_study_h5(f);
    CHECK(back.scenarios[0].runs.parameter_runs == set.parameter_runs);
    CHECK(back.scenarios[0].runs.parameters[3].units == "probability");

    app::StudyRequest alone;
    alone.scenarios        = {loaded};
    alone.only_replication = 17;
    const auto rerun       = app::run_study(alone);
    CHECK(rerun.scenarios[0].runs.replication_ids == std::vector<int>{17});
    check_rows_are_their_replications(rerun.scenarios[0].runs, loaded.params);
}

TEST_CASE("calibrate fits a distribution's location and keeps its spread", "[cli][uncertain]")
{
    test::TempDir dir;
    // In the first year the industry grant's income gain moves mean income linearly (the same
    // households enrol whatever the gain), so the target made by a run at a fixed 1500 is met by
    // a uniform of width 2 centred within 1 of 1500 (the draws scatter the mean by at most 1).
    const auto reference = dir / "reference.h5";
    REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") +
                        " --set programmes.industry.effect.income=1500 --runs 2 -q --out " + q(reference))
                .exit_code == 0);
    const auto   study = output::read_study_h5(reference);
    const auto&  runs  = study.scenarios[0].runs;
    std::size_t  m     = 0;
    while (runs.metrics[m].name != "mean_income_all")
        ++m;
    const double target = study.scenarios[0].summary[m].mean(0);
    char         value[32];
    std::snprintf(value, sizeof value, "%.17g", target);

    const auto fit_file = dir / "fit.toml";
    std::ofstream(fit_file) << "extends = " << source_file("tests/data/tiny.toml") << "\n"
                            << "[programmes.industry.effect]\nincome = { dist = \"uniform\", low = 599, high = 601 }\n"
                            << "[[targets]]\nmetric = \"mean_income_all\"\nyear = 2016\nvalue = " << value
                            << "\ntolerance = 0.000001\nrole = \"calibration\"\nsource = \"test\"\n";
    const auto fit = run_command(povsim_command() + " calibrate " + q(fit_file) +
                                 " -p programmes.industry.effect.income=100:3000 --runs 2");
    INFO(fit.output);
    CHECK(fit.exit_code == 0);
    const std::string prefix = "--set 'programmes.industry.effect.income={ dist = \"uniform\", low = ";
    const auto        at     = fit.output.find(prefix);
    REQUIRE(at != std::string::npos);
    const auto   rest = fit.output.substr(at + prefix.size());
    const double low  = std::stod(rest);
    const double high = std::stod(rest.substr(rest.find("high = ") + 7));
    CHECK(high - low == Approx(2.0).epsilon(1e-9)); // the spread is kept
    CHECK(0.5 * (low + high) == Approx(1500).margin(1.0));

    // The printed line is what the loader accepts.
    const auto line  = fit.output.substr(at + 6, fit.output.find('\n', at) - at - 6); // the quoted key=value
    const auto check = run_command(povsim_command() + " check " + q(fit_file) + " --set " + line);
    INFO(check.output);
    CHECK(check.exit_code == 0);
    CHECK(check.output.find("dist = 'uniform'") != std::string::npos);

    // A location the uniform cannot reach without leaving [0, ∞) is bad input, named.
    const auto bad = run_command(povsim_command() + " calibrate " + q(fit_file) +
                                 " -p programmes.industry.effect.income=-10:0.5 --runs 2");
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("uniform(599, 601) keeps its spread inside the key's range only for locations in [1, inf)") !=
          std::string::npos);
}
