// `povsim calibrate`: fit scenario parameters to the targets with role = "calibration" (least
// squares on Monte Carlo means, common random numbers), then print the whole validation table,
// held-out checks included, and the --set lines that reproduce the fit.
#include "app/calibration.h"
#include "app/commands.h"
#include "app/memory_check.h"
#include "app/study_runner.h"
#include "app/validation.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <optional>

namespace povsim::app {

namespace {

struct CalibrateOptions {
    std::string                  scenario;
    std::vector<std::string>     fit;
    cli::ScenarioArgs            scenario_args;
    std::optional<int>           runs, threads;
    std::optional<std::uint64_t> seed;
    int                          iterations = 12;
    bool                         quiet      = false;
    bool                         force      = false;
};

int calibrate_scenario(const CalibrateOptions& o)
{
    std::vector<FitParameter> params;
    for (const auto& f : o.fit) {
        try {
            params.push_back(parse_fit_parameter(f));
        } catch (const std::invalid_argument& e) {
            throw cli::BadInput(e.what());
        }
    }
    FitOptions options;
    options.runs           = o.runs.value_or(16);
    options.seed           = o.seed;
    options.threads        = o.threads.value_or(0);
    options.max_iterations = o.iterations;
    options.overrides      = o.scenario_args.overrides();
    const auto path        = cli::scenario_path(o.scenario);
    const auto loaded      = scenarios::load_scenario(path, options.overrides); // bad input fails here, before any run
    // Each evaluation is a study of options.runs replications; the fitted keys do not change its size.
    check_memory({loaded}, std::min(resolve_threads(options.threads), options.runs), o.force, std::cerr, options.runs);
    const auto result      = [&] {
        try {
            std::ostringstream discarded;
            return calibrate(path, params, options, o.quiet ? static_cast<std::ostream&>(discarded) : std::cerr);
        } catch (const std::invalid_argument& e) { // no calibration target, or bounds a distribution cannot reach
            throw cli::BadInput(e.what());
        }
    }();
    if (!o.quiet) { // the --set lines below are the result; the table is the evidence
        print_validation(std::cout, loaded.params.scenario.name, result.checks);
    }
    std::cout << "\nBest values after " << result.evaluations << " evaluations of " << options.runs
              << " replications (cost " << result.cost << "):\n";
    for (const auto& set : result.overrides) {
        // A distribution's inline table has spaces and quotes: quote it for the shell.
        const bool plain = set.find_first_of(" \"{") == std::string::npos;
        std::cout << "  --set " << (plain ? set : "'" + set + "'") << "\n";
    }
    return targets_missed(result.checks, false) ? cli::exit_target_missed : cli::exit_ok;
}

} // namespace

CLI::App* add_calibrate_command(CLI::App& app, cli::Action& action)
{
    auto  o   = std::make_shared<CalibrateOptions>();
    auto* sub = app.add_subcommand(
        "calibrate", "Fit scenario parameters to the [[targets]] with role = \"calibration\" (least squares on "
                     "Monte Carlo means, common random numbers), then print the whole validation table");
    sub->add_option("scenario", o->scenario, "Scenario file or built-in name")->required();
    sub->add_option("--param,-p", o->fit, "A parameter to fit: key=lo:hi or key=lo:hi:start (repeatable)")->required();
    sub->add_option("--runs,-n", o->runs, "Replications per evaluation (default 16)")->check(CLI::Range(1, 100000));
    sub->add_option("--seed", o->seed, "Master seed (default: the scenario's)")->check(cli::seed_check());
    sub->add_option("--threads,-j", o->threads, "Worker threads, 0 = all cores")->check(CLI::Range(0, 1024));
    sub->add_option("--iterations", o->iterations, "Levenberg-Marquardt iterations at most")->check(CLI::Range(1, 200));
    cli::add_scenario_args(*sub, o->scenario_args);
    sub->add_flag("--quiet,-q", o->quiet, "Print only the --set lines of the fit (no progress, no table)");
    sub->add_flag("--force", o->force, "Run even when the memory estimate exceeds what is available");
    sub->callback([o, &action] { action = [o] { return calibrate_scenario(*o); }; });
    return sub;
}

} // namespace povsim::app
