// `povsim run`: one or more scenarios on common random numbers into one HDF5 study file, with the
// summary, national and budget tables on stdout.
#include "app/commands.h"
#include "app/console_national.h"
#include "app/console_summary.h"
#include "app/memory_check.h"
#include "app/mpi_session.h"
#include "app/output_lock.h"
#include "app/run_control.h"
#include "app/study_resume.h"
#include "output/study_journal.h"
#include "app/study_runner.h"
#include "output/csv_writer.h"
#include "sim/finite_check.h"
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

namespace povsim::app {

namespace {

struct RunOptions {
    std::vector<std::string>     scenarios;
    cli::ScenarioArgs            scenario_args;
    std::optional<int>           runs, threads;
    std::optional<std::uint64_t> seed;
    std::optional<std::uint32_t> replication;
    std::optional<int>           panel_households;  ///< --households N: the yearly state of N households
    std::optional<std::uint32_t> panel_replication; ///< whose households (default: the first run)
    std::string                  out, csv;
    bool                         quiet = false;
    bool                         force = false;
    std::string                  sweep; ///< key=v1,v2,…: the values as variants of the one scenario
    std::string                  resume; ///< an interrupted study file to finish
};

/// @brief Refuses to start afresh over an interrupted study without --force, and says how to finish it.
/// The study is interrupted when its file says so, or when it has no complete file but its journal
/// holds finished replications (the process died before its first checkpoint).
void refuse_over_interrupted(const std::string& out, bool force)
{
    if (force) {
        return;
    }
    std::error_code ec;
    std::set<std::uint32_t> held; // finished replications of an interrupted study
    int                     asked = 0;
    if (std::filesystem::is_regular_file(out, ec)) {
        try {
            const auto old = output::read_study_h5(out);
            if (old.meta.complete || old.scenarios.empty()) {
                return;
            }
            for (const int id : old.scenarios.front().runs.replication_ids) {
                held.insert(static_cast<std::uint32_t>(id));
            }
            asked = old.meta.runs_requested;
        } catch (const std::exception&) {
            return; // not a study: check_new_output says it exists
        }
    }
    const auto journal = output::journal_path(out);
    if (std::filesystem::is_regular_file(journal, ec)) {
        try {
            const auto kept = output::read_journal(journal);
            for (const auto& r : kept.records) {
                held.insert(r.id);
            }
            asked = kept.header.meta.runs_requested;
        } catch (const std::exception&) { // a damaged journal of a study that never checkpointed: nothing to keep
        }
    }
    if (!held.empty()) {
        throw cli::BadInput(out + " holds an interrupted study (" + std::to_string(held.size()) + " of " + std::to_string(asked) +
                            " replications); finish it with `povsim run --resume " + out +
                            "`, or add --force to start again");
    }
}

/// A file-safe name for one sweep value: letters, digits, '_' and '-'; anything else becomes '_'.
std::string safe_name(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        out += ok ? c : '_';
    }
    return out;
}

/// `--sweep key=v1,v2,v3`: the baseline, then one variant per value (its --set), each named
/// <baseline>_<last key segment>_<value> and titled "<key> = <value>".
std::vector<scenarios::LoadedScenario> sweep_scenarios(const RunOptions& o)
{
    if (o.scenarios.size() != 1) {
        throw cli::BadInput("--sweep takes one baseline scenario (given " + std::to_string(o.scenarios.size()) + ")");
    }
    const auto equals = o.sweep.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == o.sweep.size()) {
        throw cli::BadInput("--sweep " + o.sweep + ": expected key=value1,value2,… (e.g. thresholds.exit_margin=0,200,400)");
    }
    const std::string key = o.sweep.substr(0, equals);
    std::vector<std::string> values;
    std::stringstream        list(o.sweep.substr(equals + 1));
    for (std::string v; std::getline(list, v, ',');) {
        if (v.empty()) {
            throw cli::BadInput("--sweep " + o.sweep + ": an empty value");
        }
        values.push_back(v);
    }
    const auto overrides = o.scenario_args.overrides();
    const auto path      = cli::scenario_path(o.scenarios.front());
    std::vector<scenarios::LoadedScenario> out{scenarios::load_scenario(path, overrides)};
    const std::string base = out.front().params.scenario.name;
    const std::string tail = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
    for (const auto& v : values) {
        auto sets = overrides;
        sets.push_back(key + "=" + v);
        sets.push_back("scenario.name=" + cli::toml_string(safe_name(base + "_" + tail + "_" + v)));
        sets.push_back("scenario.title=" + cli::toml_string(key + " = " + v));
        out.push_back(scenarios::load_scenario(path, sets));
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (out[i].params.scenario.name == out[j].params.scenario.name) {
                throw cli::BadInput("--sweep " + o.sweep + ": two values give the scenario name " +
                                    out[i].params.scenario.name);
            }
        }
    }
    return out;
}

/// A panel asked for more households than a scenario has holds them all; say so, as it is not an error.
void note_clamped_panels(const output::Study& study, int requested)
{
    for (const auto& sc : study.scenarios) {
        const auto total = sc.panel ? sc.panel->attribute("households_total") : std::nullopt;
        if (total && *total < requested) {
            std::cerr << "povsim: note: --households " << requested << " is more than the " << *total
                      << " households of " << sc.name << "; its panel holds all of them\n";
        }
    }
}

int finish_run(const RunOptions& o, StudyRequest req);

int run_scenarios(RunOptions o, const std::string& command_line)
{
    StudyRequest              req;
    std::optional<OutputLock> lock; // held until the study is written
    if (!o.resume.empty()) {
        o.out = o.resume;
        cli::check_writable(o.out);
        if (!o.csv.empty()) {
            cli::check_new_output(o.csv, o.force);
            cli::check_distinct({o.out}, {o.csv});
        }
        lock.emplace(o.out, std::cerr);
        auto plan = plan_resume(o.out);
        req       = std::move(plan.request);
        req.command_line = plan.original_command;
        if (!o.quiet) {
            std::cerr << "povsim: resuming " << o.out << ": " << plan.finished << " of " << plan.requested
                      << " replications finished";
            if (plan.from_journal > 0) {
                std::cerr << ", " << plan.from_journal << " of them saved only in its journal";
            }
            if (static_cast<int>(req.finished.size()) < plan.finished) {
                std::cerr << " (the panel's replication runs again to record it)";
            }
            std::cerr << "\n";
        }
        req.threads = o.threads;
        return finish_run(o, std::move(req));
    }
    req.scenarios = o.sweep.empty() ? cli::load_all(o.scenarios, o.scenario_args.overrides()) : sweep_scenarios(o);
    if (o.out.empty()) {
        o.out = req.scenarios.front().params.scenario.name + ".h5";
    }
    refuse_over_interrupted(o.out, o.force);
    cli::check_new_output(o.out, o.force);
    std::vector<std::filesystem::path> inputs, outputs{o.out};
    if (!o.csv.empty()) {
        cli::check_new_output(o.csv, o.force);
        outputs.emplace_back(o.csv);
    }
    for (const auto& s : req.scenarios) {
        inputs.emplace_back(s.source_file);
    }
    cli::check_distinct(inputs, outputs);
    lock.emplace(o.out, std::cerr);
    req.runs             = o.runs;
    req.seed             = o.seed;
    req.threads          = o.threads;
    req.only_replication = o.replication;
    if (o.panel_households) {
        req.panel_households  = static_cast<std::size_t>(*o.panel_households);
        req.panel_replication = o.panel_replication;
    }
    req.command_line = command_line;
    return finish_run(o, std::move(req));
}

/// @brief Runs @p req, checkpointing into o.out as replications finish, then writes the study and prints it.
int finish_run(const RunOptions& o, StudyRequest req)
{
    {
        const auto& mc      = req.scenarios.front().params.monte_carlo;
        const int   runs    = req.only_replication ? 1 : req.runs.value_or(mc.runs);
        const int   threads = resolve_threads(req.threads.value_or(mc.threads));
        const int   todo    = std::max(1, runs - static_cast<int>(req.finished.size()));
        check_memory(req.scenarios, std::min(threads, todo), o.force, std::cerr, runs);
    }
    req.cancel = cancel_on_signals();
    req.remote = mpi::workers();
    Progress progress;
    req.on_progress = [&](const std::string& s, int d, int t) { progress.update(s, d, t); };
    bool checkpoint_failed = false;
    req.checkpoint = [&](const output::Study& partial) {
        try {
            output::write_study_h5(o.out, partial);
        } catch (const std::exception& e) {
            if (!checkpoint_failed) { // the final write will fail the same way and say so; once is enough here
                std::cerr << "povsim: warning: checkpoint not written: " << e.what() << "\n";
            }
            checkpoint_failed = true;
        }
    };

    // Every finished replication goes to the journal at once; checkpoints of the study file follow
    // every few seconds. A SIGKILL between two checkpoints thus loses nothing (run --resume reads both).
    std::optional<output::StudyJournal> journal;
    req.on_start = [&](const output::StudyMeta& meta) {
        journal.emplace(o.out, journal_header(meta, req.scenarios), req.finished, [](const std::string& why) {
            std::cerr << "povsim: warning: the journal stops here (" << why
                      << "); a crash would lose the replications after the last checkpoint\n";
        });
    };
    req.on_finished = [&](std::uint32_t id, const std::vector<sim::ReplicationResult>& per_scenario) {
        journal->append(id, per_scenario);
    };

    const auto study = run_study(req);
    std::vector<std::string> non_finite; // an engine fault: written all the same, for inspection
    for (const auto& sc : study.scenarios) {
        const auto cells = sim::non_finite_cells(sc.runs, sc.name);
        non_finite.insert(non_finite.end(), cells.begin(), cells.end());
    }
    if (study.scenarios.front().runs.runs.empty()) {
        if (journal) {
            journal->remove();
        }
        std::cerr << "povsim: interrupted before any replication finished; nothing written\n";
        return cli::exit_interrupted;
    }
    try {
        output::write_study_h5(o.out, study);
    } catch (const output::WriteError&) {
        if (journal) { // the finished work is not lost with the file: say where it is
            std::cerr << "povsim: the " << (journal->whole() ? "" : "first ") << "finished replications are kept in "
                      << output::journal_path(o.out).string() << "; make room and finish the study with `povsim run --resume "
                      << o.out << "`\n";
        }
        throw;
    }
    if (journal) {
        journal->remove(); // the file holds every finished replication now
    }
    if (o.panel_households) {
        note_clamped_panels(study, *o.panel_households);
    }
    if (!o.csv.empty()) {
        output::write_summary_csv(o.csv, study);
    }
    if (!o.quiet) {
        print_summary(std::cout, study, {"n_registered_poor", "new_exits", "new_returns", "new_poor", "n_monitored"});
        print_national(std::cout, study);
        print_budget(std::cout, study);
        std::cout.flush();
        std::cerr << "wrote " << o.out << (o.csv.empty() ? "" : " and " + o.csv) << "\n";
    }
    if (!non_finite.empty()) {
        std::cerr << "povsim: error: " << o.out << " holds results that are not finite numbers:\n";
        for (const auto& line : non_finite) {
            std::cerr << "  " << line << "\n";
        }
        return cli::exit_internal;
    }
    if (!study.meta.complete) {
        std::cerr << "povsim: interrupted; " << o.out << " holds the " << study.scenarios.front().runs.runs.size()
                  << " finished replications and is marked incomplete\n";
        return cli::exit_interrupted;
    }
    return cli::exit_ok;
}

} // namespace

CLI::App* add_run_command(CLI::App& app, cli::Action& action, const std::string& command_line)
{
    auto  o   = std::make_shared<RunOptions>();
    auto* run = app.add_subcommand("run", "Run one or more scenarios (common random numbers) into one HDF5 study file");
    auto* scenarios = run->add_option("scenarios", o->scenarios,
                                      "Scenario files, or built-in names (see `povsim list`); the first is the baseline");
    run->add_option("--runs,-n", o->runs, "Replications (overrides [monte_carlo] runs)")->check(CLI::Range(1, 1000000));
    run->add_option("--seed", o->seed, "Master seed (overrides [monte_carlo] seed)")->check(cli::seed_check());
    run->add_option("--threads,-j", o->threads, "Worker threads, 0 = all cores (default: [monte_carlo] threads of the scenario; results do not depend on it)")
        ->check(CLI::Range(0, 1024));
    run->add_option("--replication", o->replication, "Rerun this single replication index alone")
        ->check(CLI::Range(0u, 2147483647u)); // stored as a 32-bit signed index
    auto* households = run->add_option("--households", o->panel_households,
                                       "Also write the yearly state of N households (a systematic sample; more than "
                                       "the population gives all) to /scenarios/<name>/households")
                           ->check(CLI::Range(1, 100000000));
    run->add_option("--panel-replication", o->panel_replication,
                    "Replication whose households are written (default: the first one run)")
        ->check(CLI::Range(0u, 2147483647u))
        ->needs(households);
    run->add_option("--sweep", o->sweep,
                    "Run one scenario with a key at several values, as variants on common random numbers in one "
                    "study: --sweep programmes.industry.target.2022=1000,2000,4000 (the baseline first, as it is)");
    run->add_option("--out,-o", o->out, "Study file to write (default: <scenario name>.h5)");
    run->add_option("--csv", o->csv, "Also write the summary by year as CSV");
    cli::add_scenario_args(*run, o->scenario_args);
    auto* resume = run->add_option("--resume", o->resume,
                                   "Finish an interrupted study file: run the replications it lacks, with the scenarios, "
                                   "seed and options it was started with (the result is the same as never interrupted)");
    resume->excludes(scenarios);
    for (auto* opt : run->get_options()) {
        const auto& name = opt->get_name();
        if (name == "--runs" || name == "--seed" || name == "--replication" || name == "--households" ||
            name == "--panel-replication" || name == "--sweep" || name == "--out" || name == "--set" ||
            name == "--only-province") {
            resume->excludes(opt);
        }
    }
    run->add_flag("--force", o->force, "Replace an existing study file (and --csv file); run even when the memory estimate exceeds what is available");
    run->add_flag("--quiet,-q", o->quiet, "Print nothing but errors (no tables, no 'wrote')");
    run->callback([o, &action, command_line, run] {
        if (o->resume.empty() && o->scenarios.empty()) {
            throw CLI::RequiredError(run->get_name() + ": scenarios (or --resume STUDY.h5)");
        } action = [o, command_line] { return run_scenarios(*o, command_line); }; });
    return run;
}

} // namespace povsim::app
