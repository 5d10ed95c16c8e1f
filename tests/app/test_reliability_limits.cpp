// Limits that keep a study from being lost (issue 13): a population that cannot fit is refused
// at once with the figure, money so large it overflows is refused with file, line and key, every
// non-finite result cell is listed, calibrate without calibration targets is bad input, and a
// second SIGINT/SIGTERM stops at once without leaving a temporary behind.
#include "app/memory_check.h"
#include "app/run_control.h"
#include "output/atomic_file.h"
#include "sim/finite_check.h"

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

double seconds_since(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

/// tiny.toml with its one unit made 500 million households of 3 persons.
const std::string huge_population = " --set population.units.0.households=500000000"
                                    " --set population.units.0.persons=1500000000";

/// tiny.toml with @p line put in place of the line starting with @p prefix.
fs::path tiny_with(const test::TempDir& dir, const std::string& prefix, const std::string& line)
{
    const auto    path = dir / "s.toml";
    std::ifstream in(std::string(POVSIM_SOURCE_DIR) + "/tests/data/tiny.toml");
    std::ofstream os(path);
    for (std::string l; std::getline(in, l);) {
        os << (l.rfind(prefix, 0) == 0 ? line : l) << "\n";
    }
    return path;
}

} // namespace

TEST_CASE("A population that cannot fit in memory is refused at once with the figure", "[cli][memory]")
{
    const auto tiny = source_file("tests/data/tiny.toml");
    for (const std::string& args : {"validate " + tiny + huge_population + " -q", "bench " + tiny + huge_population,
                                    "bench " + tiny + " --households 500000000",
                                    "calibrate " + tiny + huge_population + " -p thresholds.verification_pass_rate=0.9:1"}) {
        const auto start = std::chrono::steady_clock::now();
        const auto res   = run_command(povsim_command() + " " + args);
        INFO(args << "\n" << res.output);
        CHECK(res.exit_code == 2);
        CHECK(seconds_since(start) < 2);
        CHECK(contains(res.output, "households need about "));
        CHECK(contains(res.output, " GiB available ("));
        CHECK(contains(res.output, "--force to try anyway"));
    }
    // The figure: 500,000,000 households at 70-140 bytes each, tens of GiB.
    const auto res = run_command(povsim_command() + " bench " + tiny + " --households 500000000");
    const auto at  = res.output.find("need about ");
    REQUIRE(at != std::string::npos);
    const double gib = std::stod(res.output.substr(at + 11));
    CHECK(gib > 30);
    CHECK(gib < 80);
}

TEST_CASE("The memory check takes the smallest bound, and --force turns the refusal into a note", "[app][memory]")
{
    // 20 million households need about 2 GiB: more than a 1 GB address-space limit allows.
    const auto res = run_command("ulimit -v 1000000; " + povsim_command() + " bench " +
                                 source_file("tests/data/tiny.toml") + " --households 20000000");
    INFO(res.output);
    CHECK(res.exit_code == 2);
    CHECK(contains(res.output, "available (ulimit -v)"));

    const auto loaded = scenarios::load_scenario(std::string(POVSIM_SOURCE_DIR) + "/tests/data/tiny.toml",
                                                 {"population.units.0.households=500000000",
                                                  "population.units.0.persons=1500000000"});
    std::ostringstream notes;
    CHECK_THROWS_WITH(app::check_memory({loaded}, 2, false, notes),
                      Catch::Contains("500,001,000 households need about") &&
                          Catch::Contains("(2 worlds at once)"));
    CHECK(notes.str().empty());
    CHECK_NOTHROW(app::check_memory({loaded}, 2, true, notes));
    CHECK(contains(notes.str(), "povsim: note: tiny: 500,001,000 households need about"));
    CHECK(contains(notes.str(), "going on (--force)"));

    const auto small = scenarios::load_scenario(std::string(POVSIM_SOURCE_DIR) + "/tests/data/tiny.toml");
    std::ostringstream quiet;
    CHECK_NOTHROW(app::check_memory({small}, 2, false, quiet));
    CHECK(quiet.str().empty());
    CHECK(app::available_memory().bytes > 0);
    CHECK(app::with_thousands(500000000) == "500,000,000");
}

TEST_CASE("Money so large that sums overflow is refused with file, line and key", "[cli][scenario][finite]")
{
    test::TempDir dir;
    const auto    file = tiny_with(dir, "one_off_cost", "one_off_cost = 1e308");
    const auto    res  = run_command(povsim_command() + " run " + q(file) + " --runs 1 -q -o " + q(dir / "x.h5"));
    INFO(res.output);
    CHECK(res.exit_code == 2);
    CHECK(contains(res.output, "s.toml:121"));
    CHECK(contains(res.output, "programmes.industry.one_off_cost"));
    CHECK(contains(res.output, "at most 1e15"));
    CHECK_FALSE(fs::exists(dir / "x.h5"));

    const auto set = run_command(povsim_command() + " check " + source_file("tests/data/tiny.toml") +
                                 " --set programmes.industry.ceiling.2017=2e20");
    INFO(set.output);
    CHECK(set.exit_code == 2);
    CHECK(contains(set.output, "--set"));
    CHECK(contains(set.output, "programmes.industry.ceiling.2017"));
    // The largest seed stays a seed, and ordinary amounts pass.
    CHECK(run_command(povsim_command() + " check " + source_file("tests/data/tiny.toml") +
                      " --set monte_carlo.seed=9223372036854775807 --set programmes.industry.one_off_cost=1e15")
              .exit_code == 0);
}

TEST_CASE("Every non-finite result cell is listed with metric, scenario, year and runs", "[sim][finite]")
{
    sim::ReplicationSet set;
    set.metrics         = {{"n_poor", "households", ""}, {"cum_spending", "yuan", ""}};
    set.years           = {2016, 2017};
    set.replication_ids = {0, 1, 2};
    const double inf    = std::numeric_limits<double>::infinity();
    for (int r = 0; r < 3; ++r) {
        sim::ResultCube cube(2, 2);
        cube << 1, 2, 3, (r == 0 ? std::nan("") : inf);
        set.runs.push_back(cube);
    }
    set.arrays     = {{"budget/spending", "yuan", "", {"year", "programme"}, {{"dibao", "industry"}}}};
    set.array_runs = {{{0, 1, 2, -inf}, {0, 1, 2, 3}, {0, 1, 2, 3}}};
    const auto cells = sim::non_finite_cells(set, "tiny");
    REQUIRE(cells.size() == 2);
    CHECK(cells[0] == "scenario 'tiny': metric 'cum_spending' in 2017: NaN in 1 of 3 runs, Inf in 2 of 3 runs");
    CHECK(cells[1] == "scenario 'tiny': array 'budget/spending' [2017, programme=industry]: -Inf in 1 of 3 runs");

    set.runs[0](1, 1) = set.runs[1](1, 1) = set.runs[2](1, 1) = 4;
    set.array_runs[0][0][3] = 3;
    CHECK(sim::non_finite_cells(set, "tiny").empty());

    for (auto& cube : set.runs) {
        cube.setConstant(inf);
    }
    const auto capped = sim::non_finite_cells(set, "tiny", 2);
    REQUIRE(capped.size() == 3);
    CHECK(capped[2] == "scenario 'tiny': and 2 more non-finite cells");
}

TEST_CASE("calibrate of a scenario without targets is bad input", "[cli][calibrate]")
{
    const auto res = run_command(povsim_command() + " calibrate " + source_file("tests/data/tiny.toml") +
                                 " -p thresholds.verification_pass_rate=0.9:1 --runs 1");
    INFO(res.output);
    CHECK(res.exit_code == 2);
    CHECK(contains(res.output, "no [[targets]] with role = \"calibration\""));
}

TEST_CASE("A second SIGTERM stops at once, removing the temporary being written", "[app][signals]")
{
    test::TempDir dir;
    const auto    final_path = dir / "x.h5";
    const pid_t   child      = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child: a cancellable command in the middle of writing its output.
        (void)app::cancel_on_signals();
        output::AtomicFile out(final_path);
        std::ofstream(out.temp_path()) << "half a study";
        ::raise(SIGTERM); // the first: a polite cancel, the command goes on
        if (!fs::exists(out.temp_path())) {
            ::_exit(3);
        }
        ::raise(SIGTERM); // the second: stop now
        ::_exit(4);       // not reached
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(dir.entries().empty());
}

TEST_CASE("run stopped by two SIGTERMs exits 130 promptly and leaves no temporary", "[cli][signals]")
{
    test::TempDir dir;
    const auto    out   = dir / "x.h5";
    const pid_t   child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // china: 2.3 million households, seconds per replication, so a second signal that only
        // asked for the polite cancel would wait for the replication to end.
        ::execl(POVSIM_BINARY, POVSIM_BINARY, "run", "china", "--runs", "4", "-j", "1", "-q", "-o", out.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Wait until it holds its lock: it is past the checks and simulating.
    const auto lock  = dir / ".x.h5.lock";
    const auto start = std::chrono::steady_clock::now();
    while (!fs::exists(lock) && seconds_since(start) < 20) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(::kill(child, SIGTERM) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(::kill(child, SIGTERM) == 0);
    const auto stopped = std::chrono::steady_clock::now();
    int        status  = 0;
    pid_t      done    = 0;
    while ((done = ::waitpid(child, &status, WNOHANG)) == 0 && seconds_since(stopped) < 10) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (done == 0) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
        FAIL("povsim did not stop within 10 s of the second SIGTERM");
    }
    CHECK(seconds_since(stopped) < 2);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    for (const auto& name : dir.entries()) {
        CHECK(name.find(".tmp-") == std::string::npos);
    }
}
