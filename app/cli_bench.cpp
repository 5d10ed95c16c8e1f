// `povsim bench`: household-years per CPU second (1 thread, across and inside replications), ns
// per household-year per stage, peak memory, and optionally the scaling with households.
#include "app/benchmark.h"
#include "app/commands.h"
#include "app/memory_check.h"
#include "app/study_runner.h"
#include "scenarios/population_scale.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <optional>

namespace povsim::app {

namespace {

struct BenchOptions {
    std::string         scenario;
    cli::ScenarioArgs   scenario_args;
    std::optional<int>  runs, threads;
    std::vector<double> sizes;
    bool                quiet = false;
    bool                force = false;
};

int bench_scenario(const BenchOptions& o)
{
    const auto loaded =
        scenarios::load_scenario(cli::scenario_path(o.scenario), o.scenario_args.overrides());
    BenchRequest req;
    req.runs       = o.runs.value_or(4);
    req.threads    = o.threads.value_or(0);
    req.households = o.sizes;
    // Every size is checked before the first timing: the scenario's own timings run up to one
    // world per thread, each scaled size one world with the threads inside it.
    check_memory({loaded}, std::min(resolve_threads(req.threads), req.runs), o.force, std::cerr, req.runs);
    for (const double size : o.sizes) {
        const scenarios::LoadedScenario scaled{scenarios::scaled_population(loaded.params, size), {}, loaded.source_file};
        check_memory({scaled}, 1, o.force, std::cerr, 1);
    }
    std::ostringstream discarded;
    run_benchmark(loaded, req, o.quiet ? static_cast<std::ostream&>(discarded) : std::cout);
    return cli::exit_ok;
}

} // namespace

CLI::App* add_bench_command(CLI::App& app, cli::Action& action)
{
    auto  o   = std::make_shared<BenchOptions>();
    auto* sub = app.add_subcommand("bench", "Measure household-years per second (1 thread and all threads) and memory");
    sub->add_option("scenario", o->scenario, "Scenario file or built-in name")->required();
    sub->add_option("--runs,-n", o->runs, "Replications per timing (default 4)")->check(CLI::Range(1, 100000));
    sub->add_option("--threads,-j", o->threads, "Threads for the parallel timing, 0 = all cores")
        ->check(CLI::Range(0, 1024));
    cli::add_scenario_args(*sub, o->scenario_args);
    sub->add_flag("--quiet,-q", o->quiet, "Measure but print nothing (to warm a machine up, or time the command)");
    sub->add_flag("--force", o->force, "Run even when the memory estimate exceeds what is available");
    sub->add_option("--households", o->sizes,
                    "Also time the scenario scaled to these sizes (same shares; one replication each, all threads "
                    "inside)")
        ->delimiter(',')
        ->check(CLI::Range(1.0, 2.0e9));
    sub->callback([o, &action] { action = [o] { return bench_scenario(*o); }; });
    return sub;
}

} // namespace povsim::app
