// `povsim check`: a scenario validated and printed fully resolved (extends and --set applied), so
// that a planner sees every value the engine will use.
#include "app/commands.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace povsim::app {

namespace {

struct CheckOptions {
    std::string       scenario;
    cli::ScenarioArgs scenario_args;
    bool              quiet = false;
};

int check_scenario(const CheckOptions& o)
{
    const auto loaded =
        scenarios::load_scenario(cli::scenario_path(o.scenario), o.scenario_args.overrides());
    if (!o.quiet) {
        std::cout << "# " << loaded.source_file << ": valid\n" << loaded.resolved_toml << "\n";
    }
    return cli::exit_ok;
}

} // namespace

CLI::App* add_check_command(CLI::App& app, cli::Action& action)
{
    auto  o   = std::make_shared<CheckOptions>();
    auto* sub = app.add_subcommand("check", "Validate a scenario and print it fully resolved (extends and --set applied)");
    sub->add_option("scenario", o->scenario, "Scenario file or built-in name")->required();
    cli::add_scenario_args(*sub, o->scenario_args);
    sub->add_flag("--quiet,-q", o->quiet, "Print nothing; the exit code says whether it is valid (0) or not (2)");
    sub->callback([o, &action] { action = [o] { return check_scenario(*o); }; });
    return sub;
}

} // namespace povsim::app
