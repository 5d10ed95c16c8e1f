// `povsim list`: the built-in scenarios with their years, region and description.
#include "app/commands.h"
#include "scenarios/catalog.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace povsim::app {

namespace {

int list_scenarios()
{
    std::cout << "Built-in scenarios in " << scenarios::builtin_dir().string() << ":\n";
    for (const auto& e : scenarios::list_builtin()) {
        if (!e.error.empty()) {
            std::cout << "  " << e.name << "  (does not load: " << e.error << ")\n";
            continue;
        }
        std::cout << "  " << e.name << "  " << e.years << "  " << e.region << "\n      " << e.description << "\n";
    }
    return cli::exit_ok;
}

} // namespace

CLI::App* add_list_command(CLI::App& app, cli::Action& action)
{
    auto* sub = app.add_subcommand("list", "List the built-in scenarios");
    sub->callback([&action] { action = list_scenarios; });
    return sub;
}

} // namespace povsim::app
