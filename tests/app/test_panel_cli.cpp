// `povsim run --households N [--panel-replication K]` as a researcher uses it: the panel in
// the study file, read with h5py; every other result bit-identical to a run without it; and
// the options checked (exit 2, nothing written).
#include "output/hdf5_reader.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {
const std::string tiny = source_file("tests/data/tiny.toml");

/// @brief Runs tests/output/read_panel.py on @p file, written with --households @p households.
test::CommandResult read_panel(const std::filesystem::path& file, int households)
{
    return run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_panel.py") + " " + q(file) +
                       " " + std::to_string(households));
}
} // namespace

TEST_CASE("run --households writes a panel of years x N rows that h5py reads", "[cli][panel]")
{
    test::TempDir dir;
    const auto    f   = dir / "panel.h5";
    const auto    run = run_command(povsim_command() + " run " + tiny + " --runs 3 --households 5 -q --out " + q(f));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(run.output.empty()); // no clamping note for 5 of 1,500
    const auto py = read_panel(f, 5);
    INFO(py.output);
    CHECK(py.exit_code == 0);
    // tiny runs 2016-2022: the base year 2015 and 7 years, 5 households each
    CHECK(py.output.find("tiny: replication 0, 5 of 1500 households x 8 periods") != std::string::npos);
    const auto study =
        run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_study.py") + " " + q(f));
    INFO(study.output);
    CHECK(study.exit_code == 0);
}

TEST_CASE("A panel of every household agrees with its replication's metrics in the file", "[cli][panel]")
{
    test::TempDir dir;
    const auto    f   = dir / "all.h5";
    const auto    run = run_command(povsim_command() + " run " + tiny +
                                    " --runs 4 --households 100000 --panel-replication 2 -q --out " + q(f));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(run.output.find("note: --households 100000 is more than the 1500 households of tiny") != std::string::npos);
    const auto py = read_panel(f, 100000); // compares yearly counts with runs/<metric> of replication 2
    INFO(py.output);
    CHECK(py.exit_code == 0);
    CHECK(py.output.find("tiny: replication 2, 1500 of 1500 households") != std::string::npos);
}

TEST_CASE("Results are bit-identical with and without --households", "[cli][panel]")
{
    test::TempDir dir;
    const auto    plain = dir / "plain.h5", panel = dir / "panel.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 5 --threads 2 -q --out " + q(plain)).exit_code ==
            0);
    REQUIRE(run_command(povsim_command() + " run " + tiny +
                        " --runs 5 --threads 2 --households 50 --panel-replication 3 -q --out " + q(panel))
                .exit_code == 0);
    const auto a = output::read_study_h5(plain), b = output::read_study_h5(panel);
    REQUIRE(a.scenarios.size() == 1);
    REQUIRE(b.scenarios.size() == 1);
    const auto &ra = a.scenarios[0].runs, &rb = b.scenarios[0].runs;
    CHECK(ra.replication_ids == rb.replication_ids);
    REQUIRE(ra.runs.size() == rb.runs.size());
    for (std::size_t r = 0; r < ra.runs.size(); ++r) {
        CHECK((ra.runs[r] == rb.runs[r]).all());
    }
    CHECK(ra.array_runs == rb.array_runs);
    for (std::size_t m = 0; m < a.scenarios[0].summary.size(); ++m) {
        CHECK((a.scenarios[0].summary[m].mean == b.scenarios[0].summary[m].mean).all());
        CHECK((a.scenarios[0].summary[m].p95 == b.scenarios[0].summary[m].p95).all());
    }
    // Byte for byte, everything but the panel group and /meta (time and command line) is the same.
    const auto diff = run_command("h5diff --exclude-path /meta --exclude-path /scenarios/tiny/households " + q(plain) +
                                  " " + q(panel));
    INFO(diff.output);
    CHECK(diff.exit_code == 0);
    // ... and the panel group is really there (the exclusion above hides something).
    CHECK(run_command("h5diff --exclude-path /meta " + q(plain) + " " + q(panel)).exit_code == 1);
}

TEST_CASE("Several scenarios each get a panel of the same households", "[cli][panel]")
{
    test::TempDir dir;
    const auto    variant = dir / "variant.toml", f = dir / "study.h5";
    std::ofstream(variant) << "extends = " << tiny
                           << "\n[scenario]\nname = \"tiny_margin\"\n[thresholds]\nexit_margin = 900\n";
    const auto run = run_command(povsim_command() + " run " + tiny + " " + q(variant) +
                                 " --runs 2 --households 20 -q --out " + q(f));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const auto py = read_panel(f, 20); // also checks that both follow the same household ids
    INFO(py.output);
    CHECK(py.exit_code == 0);
    CHECK(py.output.find("tiny: replication 0, 20 of 1500") != std::string::npos);
    CHECK(py.output.find("tiny_margin: replication 0, 20 of 1500") != std::string::npos);
}

TEST_CASE("A rerun replication is the panel's default, and equals the panel of a full run", "[cli][panel]")
{
    test::TempDir dir;
    const auto    full = dir / "full.h5", one = dir / "one.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 4 --households 7 --panel-replication 3 -q --out " +
                        q(full))
                .exit_code == 0);
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --replication 3 --households 7 -q --out " + q(one))
                .exit_code == 0);
    const std::string group = " /scenarios/tiny/households";
    const auto        diff  = run_command("h5diff " + q(full) + " " + q(one) + group + group);
    INFO(diff.output);
    CHECK(diff.exit_code == 0);
    const auto py = read_panel(one, 7);
    INFO(py.output);
    CHECK(py.output.find("tiny: replication 3, 7 of 1500") != std::string::npos);
}

TEST_CASE("Bad panel options exit 2 with a clear message and write nothing", "[cli][panel]")
{
    test::TempDir dir;
    const auto    f = dir / "out.h5";
    struct Case {
        std::string args, message;
    };
    const std::vector<Case> cases{
        {"--runs 3 --households 0", "--households"},
        {"--runs 3 --households -4", "--households"},
        {"--runs 3 --households many", "--households"},
        {"--runs 3 --panel-replication 1", "--panel-replication requires --households"},
        {"--runs 3 --households 5 --panel-replication 3",
         "--panel-replication 3 is not one of the replications run (replications 0 to 2 run)"},
        {"--replication 4 --households 5 --panel-replication 1",
         "--panel-replication 1 is not one of the replications run (only replication 4 runs)"},
    };
    for (const auto& c : cases) {
        INFO(c.args);
        const auto res = run_command(povsim_command() + " run " + tiny + " " + c.args + " -q --out " + q(f));
        INFO(res.output);
        CHECK(res.exit_code == 2);
        CHECK(res.output.find(c.message) != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(f));
    }
}
