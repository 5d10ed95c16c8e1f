// Checkpointed, resumable studies (issue 13): an interrupted study keeps every replication that
// finished, in every scenario, and `run --resume` finishes it into the study an uninterrupted run
// would have written.
#include "app/study_resume.h"
#include "app/study_runner.h"
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {

std::string data_file(const std::string& name) { return std::string(POVSIM_SOURCE_DIR) + "/tests/data/" + name; }

app::StudyRequest three_scenarios(int runs)
{
    app::StudyRequest req;
    for (const char* f : {"tiny.toml", "tiny_variant.toml", "tiny_strict_exit.toml"}) {
        req.scenarios.push_back(scenarios::load_scenario(data_file(f)));
    }
    req.runs    = runs;
    req.threads = 1;
    return req;
}

/// Every run, array and parameter draw of @p a equals that of @p b, bit for bit.
void require_same_runs(const output::Study& a, const output::Study& b)
{
    REQUIRE(a.scenarios.size() == b.scenarios.size());
    for (std::size_t s = 0; s < a.scenarios.size(); ++s) {
        const auto& x = a.scenarios[s].runs;
        const auto& y = b.scenarios[s].runs;
        REQUIRE(x.replication_ids == y.replication_ids);
        for (std::size_t r = 0; r < x.runs.size(); ++r) {
            REQUIRE((x.runs[r].array() == y.runs[r].array()).all());
        }
        REQUIRE(x.array_runs == y.array_runs);
        REQUIRE(x.parameter_runs == y.parameter_runs);
    }
}

} // namespace

TEST_CASE("An interrupted study of three scenarios keeps every finished replication in each of them",
          "[resume]")
{
    auto              req = three_scenarios(6);
    std::atomic<bool> cancel{false};
    req.cancel      = &cancel;
    req.on_progress = [&](const std::string& label, int done, int total) {
        CHECK(label == "3 scenarios");
        CHECK(total == 6);
        if (done == 2) {
            cancel = true; // as SIGINT would, during the third scenario's turn or any other
        }
    };
    const auto partial = app::run_study(req);
    REQUIRE_FALSE(partial.meta.complete);
    for (const auto& sc : partial.scenarios) {
        REQUIRE(sc.runs.replication_ids == std::vector<int>{0, 1});
    }

    // Written, read back and resumed, it becomes the study never interrupted.
    test::TempDir dir;
    output::write_study_h5(dir / "partial.h5", partial);
    auto plan = app::plan_resume(dir / "partial.h5");
    REQUIRE(plan.finished == 2);
    REQUIRE(plan.requested == 6);
    REQUIRE(plan.request.finished.size() == 2);
    plan.request.threads = 2;
    const auto resumed   = app::run_study(plan.request);
    REQUIRE(resumed.meta.complete);
    const auto whole = app::run_study(three_scenarios(6));
    require_same_runs(resumed, whole);
    REQUIRE(resumed.comparisons.size() == 2);
}

TEST_CASE("Checkpoints are valid incomplete studies that agree with the finished one", "[resume]")
{
    auto                       req = three_scenarios(30);
    std::vector<output::Study> checkpoints;
    std::mutex                 mutex;
    req.checkpoint  = [&](const output::Study& s) {
        const std::lock_guard lock(mutex);
        checkpoints.push_back(s);
    };
    // Slow replications, so that the checkpoint thread surely wakes before the last one ends.
    req.on_progress = [](const std::string&, int, int) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); };
    const auto whole = app::run_study(req);
    REQUIRE_FALSE(checkpoints.empty()); // the first one follows the first finished replication
    test::TempDir dir;
    for (const auto& c : checkpoints) {
        REQUIRE_FALSE(c.meta.complete);
        output::write_study_h5(dir / "c.h5", c);
        const auto back = output::read_study_h5(dir / "c.h5");
        REQUIRE_FALSE(back.meta.complete);
        for (std::size_t s = 0; s < c.scenarios.size(); ++s) {
            const auto& ids = back.scenarios[s].runs.replication_ids;
            REQUIRE_FALSE(ids.empty());
            REQUIRE(ids == c.scenarios.front().runs.replication_ids);
            for (std::size_t r = 0; r < ids.size(); ++r) {
                const auto& final_cube = whole.scenarios[s].runs.runs[static_cast<std::size_t>(ids[r])];
                REQUIRE((back.scenarios[s].runs.runs[r].array() == final_cube.array()).all());
            }
        }
    }
}

TEST_CASE("A resumed panel study records the panel again and equals the uninterrupted one", "[resume][panel]")
{
    auto req = three_scenarios(4);
    req.scenarios.resize(1);
    req.panel_households  = 20;
    req.panel_replication = 1;
    std::atomic<bool> cancel{false};
    req.cancel      = &cancel;
    req.on_progress = [&](const std::string&, int done, int) { cancel = done == 3; };
    const auto partial = app::run_study(req);
    REQUIRE(partial.scenarios.front().runs.replication_ids == std::vector<int>{0, 1, 2});
    REQUIRE(partial.meta.panel_households == 20);
    test::TempDir dir;
    output::write_study_h5(dir / "p.h5", partial);
    auto plan = app::plan_resume(dir / "p.h5");
    REQUIRE(plan.request.finished.size() == 2); // replication 1 runs again, to record its panel
    REQUIRE(plan.request.panel_households == std::optional<std::size_t>{20});
    const auto resumed = app::run_study(plan.request);
    auto       whole_req = three_scenarios(4);
    whole_req.scenarios.resize(1);
    whole_req.panel_households  = 20;
    whole_req.panel_replication = 1;
    const auto whole = app::run_study(whole_req);
    require_same_runs(resumed, whole);
    REQUIRE(resumed.scenarios.front().panel.has_value());
    REQUIRE(resumed.scenarios.front().panel->columns.size() == whole.scenarios.front().panel->columns.size());
}

TEST_CASE("Resume refuses a complete study and another engine's, and a fresh run will not overwrite an "
          "interrupted one",
          "[resume][cli]")
{
    test::TempDir dir;
    const auto    done = dir / "done.h5";
    REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " --runs 2 -q -o " + q(done))
                .exit_code == 0);
    auto r = run_command(povsim_command() + " run --resume " + q(done));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("is complete") && Catch::Contains("nothing to resume"));

    auto req = three_scenarios(3);
    std::atomic<bool> cancel{false};
    req.cancel      = &cancel;
    req.on_progress = [&](const std::string&, int d, int) { cancel = d == 1; };
    auto partial    = app::run_study(req);
    output::write_study_h5(dir / "part.h5", partial);
    r = run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " -q -o " + q(dir / "part.h5"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("holds an interrupted study (1 of 3 replications)") &&
                             Catch::Contains("povsim run --resume"));
    r = run_command(povsim_command() + " run --resume " + q(dir / "part.h5") + " --runs 9");
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.output, Catch::Contains("excludes"));

    partial.meta.git_commit = "0000000";
    output::write_study_h5(dir / "other.h5", partial);
    r = run_command(povsim_command() + " run --resume " + q(dir / "other.h5"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("would mix two engines"));

    r = run_command(povsim_command() + " run --resume " + q(dir / "part.h5") + " -q");
    CHECK(r.exit_code == 0);
    const auto finished = output::read_study_h5(dir / "part.h5");
    CHECK(finished.meta.complete);
    CHECK(finished.scenarios.size() == 3);
    CHECK(finished.scenarios.back().runs.replication_ids == std::vector<int>{0, 1, 2});
}

TEST_CASE("A study killed with SIGKILL at 20 random moments and resumed each time is h5diff-identical to one "
          "never interrupted",
          "[resume][cli][slow]")
{
    test::TempDir dir;
    const auto    r = run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/app/kill_resume.py") + " " +
                               povsim_command() + " " + q(dir.path) + " 20 13 jinghe -- --sweep thresholds.exit_margin=500 --runs 60 --threads 1");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE_THAT(r.output, Catch::Contains("identical after 20 kills"));
}
