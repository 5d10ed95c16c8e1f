// The study journal at work (issue 13: a SIGKILL or power cut loses no finished replication):
// `run --resume` takes every replication from the study file's last checkpoint and from the
// journal, or from the journal alone when the process died before its first checkpoint.
#include "app/study_resume.h"
#include "app/study_runner.h"
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"
#include "output/study_journal.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;

namespace {

std::string data_file(const std::string& name) { return std::string(POVSIM_SOURCE_DIR) + "/tests/data/" + name; }

app::StudyRequest two_scenarios(int runs)
{
    app::StudyRequest req;
    for (const char* f : {"tiny.toml", "tiny_variant.toml"}) {
        req.scenarios.push_back(scenarios::load_scenario(data_file(f)));
    }
    req.runs    = runs;
    req.threads = 1;
    return req;
}

/// Runs @p req as `povsim run` does, journalling into @p study_file, and stops it after @p stop
/// replications: the journal stays as a crash would leave it. Returns the study as it then was.
output::Study run_journalled(app::StudyRequest req, const std::filesystem::path& study_file, int stop)
{
    std::optional<output::StudyJournal> journal;
    req.on_start = [&](const output::StudyMeta& meta) {
        journal.emplace(study_file, app::journal_header(meta, req.scenarios), req.finished, nullptr);
    };
    req.on_finished = [&](std::uint32_t id, const std::vector<sim::ReplicationResult>& r) { journal->append(id, r); };
    std::atomic<bool> cancel{false};
    req.cancel      = &cancel;
    req.on_progress = [&](const std::string&, int done, int) { cancel = cancel || done >= stop; };
    return app::run_study(req);
}

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

TEST_CASE("A study that died before its first checkpoint resumes from its journal alone", "[resume][journal]")
{
    test::TempDir dir;
    const auto    file = dir / "s.h5";
    run_journalled(two_scenarios(5), file, 3); // no study file is written: as SIGKILL before the first checkpoint
    auto plan = app::plan_resume(file);
    REQUIRE(plan.finished == 3);
    REQUIRE(plan.from_journal == 3);
    REQUIRE(plan.requested == 5);
    REQUIRE(plan.request.scenarios.size() == 2);
    CHECK(plan.request.scenarios[1].params.scenario.name == two_scenarios(1).scenarios[1].params.scenario.name);
    const auto resumed = app::run_study(plan.request);
    REQUIRE(resumed.meta.complete);
    require_same_runs(resumed, app::run_study(two_scenarios(5)));
}

TEST_CASE("Resume takes the checkpoint's replications and the journal's, each once", "[resume][journal]")
{
    test::TempDir dir;
    const auto    file = dir / "s.h5";
    run_journalled(two_scenarios(8), file, 5); // 5 finished and journalled when the process died ...
    auto checkpoint = two_scenarios(8);        // ... and its last checkpoint held 2 of them
    std::atomic<bool> cancel{false};
    checkpoint.cancel      = &cancel;
    checkpoint.on_progress = [&](const std::string&, int done, int) { cancel = cancel || done >= 2; };
    output::write_study_h5(file, app::run_study(checkpoint));

    auto plan = app::plan_resume(file);
    REQUIRE(plan.finished == 5);
    REQUIRE(plan.from_journal == 3);
    REQUIRE(plan.request.finished.size() == 5);
    require_same_runs(app::run_study(plan.request), app::run_study(two_scenarios(8)));

    SECTION("A journal of another study beside it is not taken")
    {
        auto other = two_scenarios(8);
        other.seed = 99;
        run_journalled(other, file, 5);
        const auto alone = app::plan_resume(file);
        CHECK(alone.finished == 2);
        CHECK(alone.from_journal == 0);
    }
}

TEST_CASE("povsim run refuses to start over a journalled study and run --resume finishes it", "[resume][journal][cli]")
{
    test::TempDir dir;
    const auto    file = dir / "s.h5";
    run_journalled(two_scenarios(4), file, 2);
    const std::string scenarios = q(data_file("tiny.toml")) + " " + q(data_file("tiny_variant.toml"));
    auto r = run_command(povsim_command() + " run " + scenarios + " --runs 4 --threads 1 -q -o " + q(file));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("holds an interrupted study (2 of 4 replications)"));
    r = run_command(povsim_command() + " run --resume " + q(file));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("2 of 4 replications finished, 2 of them saved only in its journal"));
    CHECK(dir.entries() == std::vector<std::string>{"s.h5"}); // no journal, lock or temporary left
    REQUIRE(run_command(povsim_command() + " run " + scenarios + " --runs 4 --threads 1 -q -o " + q(dir / "ref.h5"))
                .exit_code == 0);
    require_same_runs(output::read_study_h5(file), output::read_study_h5(dir / "ref.h5"));

    // A journal cut inside a record keeps the whole records before the cut.
    run_journalled(two_scenarios(4), file, 3);
    std::filesystem::remove(file);
    const auto journal = output::journal_path(file);
    std::filesystem::resize_file(journal, std::filesystem::file_size(journal) - 100);
    r = run_command(povsim_command() + " run --resume " + q(file));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("2 of 4 replications finished") && Catch::Contains("cut short"));
    require_same_runs(output::read_study_h5(file), output::read_study_h5(dir / "ref.h5"));
}

TEST_CASE("A journal left beside its complete study is removed, and a later study's journal is resumed",
          "[resume][journal]")
{
    test::TempDir dir;
    const auto    file = dir / "s.h5";
    const auto    full = app::run_study(two_scenarios(4));
    output::write_study_h5(file, full);

    SECTION("Killed after the final write, before the journal went: the study is complete")
    {
        run_journalled(two_scenarios(4), file, 4);
        REQUIRE(std::filesystem::exists(output::journal_path(file)));
        CHECK_THROWS_WITH(app::plan_resume(file), Catch::Contains("is complete"));
        CHECK_FALSE(std::filesystem::exists(output::journal_path(file)));
    }
    SECTION("A study started over the complete one with --force and killed before its first checkpoint")
    {
        auto later = two_scenarios(6);
        later.seed = 7;
        run_journalled(later, file, 3);
        auto plan = app::plan_resume(file);
        CHECK(plan.finished == 3);
        CHECK(plan.from_journal == 3);
        CHECK(plan.requested == 6);
        require_same_runs(app::run_study(plan.request), app::run_study(later));
    }
}
