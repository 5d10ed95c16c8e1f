// `povsim export`: tidy CSV files that pandas reads back equal to the study, refused overwrites.
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

TEST_CASE("povsim export writes tidy CSV files that pandas reads back equal to the study", "[cli][export][python]")
{
    test::TempDir dir;
    const auto    study = dir / "study.h5", out = dir / "export", variant = dir / "wide_monitoring.toml";
    // Jinghe with a variant: uncertain parameters, programmes and two scenarios.
    std::ofstream(variant) << "extends = \"" << POVSIM_SOURCE_DIR << "/scenarios/jinghe.toml\"\n"
                           << "[scenario]\nname = \"wide_monitoring\"\n[thresholds]\nmonitoring_factor = 2.0\n";
    const auto run = run_command(povsim_command() + " run jinghe " + q(variant) + " --runs 3 -q --out " + q(study));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const auto first = run_command(povsim_command() + " export " + q(study) + " -o " + q(out));
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    CHECK(first.output.find("runs.csv (") != std::string::npos);
    const auto py = run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/read_export.py") + " " +
                                q(study) + " " + q(out));
    INFO(py.output);
    CHECK(py.exit_code == 0);

    SECTION("a second export into the same folder is refused without --force, and nothing changes")
    {
        const auto before = std::filesystem::last_write_time(out / "runs.csv");
        const auto again  = run_command(povsim_command() + " export " + q(study) + " -o " + q(out));
        CHECK(again.exit_code == 2);
        CHECK(again.output.find("runs.csv exists; add --force") != std::string::npos);
        CHECK(std::filesystem::last_write_time(out / "runs.csv") == before);
        CHECK(run_command(povsim_command() + " export " + q(study) + " -q --force -o " + q(out)).exit_code == 0);
    }
    SECTION("a file where the folder should be is refused")
    {
        const auto file = dir / "plain";
        std::ofstream(file) << "x";
        const auto r = run_command(povsim_command() + " export " + q(study) + " -o " + q(file));
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("not a folder") != std::string::npos);
    }
}
