// `povsim validate`: each documented [[targets]] value against the simulation, by role (exit 3
// when an accounting or calibration target misses; with --strict also a held-out check).
#include "app/commands.h"
#include "app/memory_check.h"
#include "app/run_control.h"
#include "app/study_runner.h"
#include "app/validation.h"
#include "output/hdf5_writer.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

namespace povsim::app {

namespace {

struct ValidateOptions {
    std::vector<std::string>     scenarios;
    cli::ScenarioArgs            scenario_args;
    std::optional<int>           runs, threads;
    std::optional<std::uint64_t> seed;
    std::string                  out;
    bool                         strict = false;
    bool                         force  = false;
    bool                         quiet  = false;
};

int validate_scenarios(const ValidateOptions& o, const std::string& command_line)
{
    StudyRequest req;
    req.scenarios = cli::load_all(o.scenarios, o.scenario_args.overrides());
    if (!o.out.empty()) {
        cli::check_new_output(o.out, o.force);
        std::vector<std::filesystem::path> inputs;
        for (const auto& s : req.scenarios) {
            inputs.emplace_back(s.source_file);
        }
        cli::check_distinct(inputs, {o.out});
    }
    // Each scenario is its own study below; refused before the first one runs.
    for (const auto& s : req.scenarios) {
        const int runs = o.runs.value_or(s.params.monte_carlo.runs);
        check_memory({s}, std::min(resolve_threads(o.threads.value_or(s.params.monte_carlo.threads)), runs), o.force,
                     std::cerr, runs);
    }
    req.runs         = o.runs;
    req.seed         = o.seed;
    req.threads      = o.threads;
    req.command_line = command_line;
    req.cancel       = cancel_on_signals();
    Progress progress;
    req.on_progress = [&](const std::string& s, int d, int t) { progress.update(s, d, t); };
    // Each scenario is validated on its own horizon, so they need not share one study.
    bool missed = false, checks_failed = false;
    for (auto& loaded : req.scenarios) {
        StudyRequest one = req;
        one.scenarios    = {loaded};
        const auto study = run_study(one);
        if (!study.meta.complete) {
            std::cerr << "povsim: interrupted; no verdict\n";
            return cli::exit_interrupted;
        }
        const auto checks = check_targets(loaded.params, study.scenarios.front());
        if (!o.quiet) {
            print_validation(std::cout, loaded.params.scenario.name, checks);
        }
        missed = targets_missed(checks, o.strict) || missed;
        for (const auto& c : checks) {
            checks_failed = checks_failed || (c.target.role == models::TargetRole::Check && !c.passes);
        }
        if (!o.out.empty() && req.scenarios.size() == 1) {
            output::write_study_h5(o.out, study);
            if (!o.quiet) {
                std::cerr << "wrote " << o.out << "\n";
            }
        }
    }
    if (checks_failed && !o.strict && !o.quiet) {
        std::cout << "\nSome checks missed (FAIL above): reported, but without --strict they do not set exit code 3\n";
    }
    return missed ? cli::exit_target_missed : cli::exit_ok;
}

} // namespace

CLI::App* add_validate_command(CLI::App& app, cli::Action& action, const std::string& command_line)
{
    auto  o   = std::make_shared<ValidateOptions>();
    auto* sub = app.add_subcommand(
        "validate", "Run scenarios and compare each documented [[targets]] value with the simulation, by role "
                    "(exit 3 if an accounting or calibration target misses; with --strict also a check)");
    sub->add_option("scenarios", o->scenarios, "Scenario files or built-in names")->required();
    sub->add_option("--runs,-n", o->runs, "Replications (overrides [monte_carlo] runs)")->check(CLI::Range(1, 1000000));
    sub->add_option("--seed", o->seed, "Master seed (overrides [monte_carlo] seed)")->check(cli::seed_check());
    sub->add_option("--threads,-j", o->threads, "Worker threads, 0 = all cores")->check(CLI::Range(0, 1024));
    cli::add_scenario_args(*sub, o->scenario_args);
    sub->add_option("--out,-o", o->out, "Also write the study file (one scenario only)");
    sub->add_flag("--force", o->force,
                  "Replace an existing --out file, and run even when the memory estimate exceeds what is available");
    sub->add_flag("--quiet,-q", o->quiet, "Print nothing; the exit code is the verdict (0 pass, 3 missed)");
    sub->add_flag("--strict", o->strict,
                  "Exit 3 also when a check (held-out target) misses, not only an accounting or calibration target");
    sub->callback([o, &action, command_line] {
        action = [o, command_line] { return validate_scenarios(*o, command_line); };
    });
    return sub;
}

} // namespace povsim::app
