// Outputs are checked before any simulation (issue: nothing lost): never an input, never two
// outputs on one file, never a folder or an unwritable place; seeds and replication indices
// in range instead of wrapped. Each case exits 2 and leaves every file as it was.
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"
#include "tests/support/file_bytes.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <unistd.h>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

TEST_CASE("An output that is an input, another output, a folder or unwritable is refused before the run",
          "[cli][outputs]")
{
    test::TempDir dir;
    const auto    scenario = dir / "s.toml";
    std::filesystem::copy_file(std::string(POVSIM_SOURCE_DIR) + "/tests/data/tiny.toml", scenario);
    const auto original = test::file_bytes(scenario);
    const auto study    = dir / "study.h5";
    REQUIRE(run_command(povsim_command() + " run " + q(scenario) + " " + source_file("tests/data/tiny_strict_exit.toml") +
                        " --runs 2 -q -o " + q(study))
                .exit_code == 0);
    const auto study_bytes = test::file_bytes(study);
    struct Case {
        std::string args, message;
    };
    const std::vector<Case> cases{
        {"run " + q(scenario) + " --out " + q(scenario) + " --force", "is also an input"},
        {"run " + q(scenario) + " --out " + q(dir / "x.h5") + " --csv " + q(dir / "." / "x.h5"), "given as two outputs"},
        {"validate " + q(scenario) + " --out " + q(scenario) + " --force -q", "is also an input"},
        {"compare " + q(study) + " --csv " + q(study), "is also an input"},
        {"report " + q(study) + " -o " + q(study), "is also an input"},
        {"run " + q(scenario) + " --out " + q(dir.path), "is a folder"},
        {"run " + q(scenario) + " --out /proc/povsim-test.h5", "cannot write into '/proc'"},
        {"run " + q(scenario) + " --seed -1 -o " + q(dir / "a.h5"), "'-1' is not a seed"},
        {"run " + q(scenario) + " --seed 18446744073709551616 -o " + q(dir / "a.h5"), "is not a seed"},
        {"run " + q(scenario) + " --replication 4294967295 -o " + q(dir / "a.h5"), "not in range 0 to 2147483647"},
    };
    for (const auto& c : cases) {
        const auto res = run_command(povsim_command() + " " + c.args);
        INFO(c.args << "\n" << res.output);
        CHECK(res.exit_code == 2);
        CHECK(res.output.find(c.message) != std::string::npos);
        CHECK(res.output.find("Scenario tiny") == std::string::npos); // refused before simulating
        CHECK(test::file_bytes(scenario) == original);
        CHECK(test::file_bytes(study) == study_bytes);
        CHECK_FALSE(std::filesystem::exists(dir / "x.h5"));
        CHECK_FALSE(std::filesystem::exists(dir / "a.h5"));
    }
    // The largest seed is a seed.
    CHECK(run_command(povsim_command() + " run " + q(scenario) + " --seed 18446744073709551615 --runs 1 -q -o " +
                      q(dir / "max.h5"))
              .exit_code == 0);
}

TEST_CASE("A second run onto the same study stops at once, and leftovers of dead runs are cleaned and said",
          "[cli][outputs]")
{
    test::TempDir dir;
    const auto    study = dir / "s.h5";
    const auto    lock  = dir / ".s.h5.lock";
    const auto    tiny  = source_file("tests/data/tiny.toml");
    std::ofstream(lock) << ::getpid() << "\n"; // this test process: alive, as a running povsim would be
    const auto busy = run_command(povsim_command() + " run " + tiny + " --runs 2 -q -o " + q(study));
    CHECK(busy.exit_code == 2);
    CHECK(busy.output.find("another povsim (process " + std::to_string(::getpid()) + ") is writing") != std::string::npos);
    CHECK(std::filesystem::exists(lock)); // not its lock: left alone
    CHECK_FALSE(std::filesystem::exists(study));

    // Above any pid_max: a process that cannot exist, like one killed mid-write.
    std::ofstream(lock, std::ios::trunc) << 999999999 << "\n";
    std::ofstream(dir / ".s.h5.tmp-999999999") << "half a study";
    const auto res = run_command(povsim_command() + " run " + tiny + " --runs 2 -q -o " + q(study));
    INFO(res.output);
    CHECK(res.exit_code == 0);
    CHECK(res.output.find("removed the stale lock") != std::string::npos);
    CHECK(res.output.find("left by process 999999999 that died while writing") != std::string::npos);
    CHECK(dir.entries() == std::vector<std::string>{"s.h5"}); // no lock, no temporary left
}

TEST_CASE("Readers refuse a study that holds one replication twice", "[cli][outputs]")
{
    test::TempDir dir;
    const auto    good = dir / "good.h5";
    REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " " +
                        source_file("tests/data/tiny_strict_exit.toml") + " --runs 2 -q -o " + q(good))
                .exit_code == 0);
    auto study = output::read_study_h5(good);
    for (auto& sc : study.scenarios) {
        sc.runs.replication_ids = {1, 1}; // as a damaged or hand-edited file would
    }
    output::write_study_h5(dir / "twice.h5", study);
    for (const std::string command : {"budget " + q(dir / "twice.h5") + " --csv " + q(dir / "b.csv"),
                                      "compare " + q(dir / "twice.h5"), "report " + q(dir / "twice.h5") + " -o " + q(dir / "r.html"),
                                      "export " + q(dir / "twice.h5") + " -o " + q(dir / "x")}) {
        const auto res = run_command(povsim_command() + " " + command);
        INFO(command << "\n" << res.output);
        CHECK(res.exit_code == 2);
        CHECK(res.output.find("scenario 'tiny' holds replication 1 twice") != std::string::npos);
    }
    CHECK(dir.entries() == std::vector<std::string>{"good.h5", "twice.h5"});
}
