// `povsim list`: the built-in scenarios with their years, region and description.
#include "app/commands.h"
#include "scenarios/catalog.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace povsim::app {

namespace {

/// -q: the names alone, one per line, for scripts.
int list_scenarios(bool names_only)
{
    if (names_only) {
        for (const auto& name : scenarios::builtin_names()) {
            std::cout << name << "\n";
        }
        return cli::exit_ok;
    }
    std::cout << "Built-in scenarios in " << scenarios::builtin_dir().string() << ":\n";
    for (const auto& e : scenarios::list_builtin()) {
        if (!e.error.empty()) {
            std::cout << "  " << e.builtin << "  (does not load: " << e.error << ")\n";
            continue;
        }
        // The name to type first; the scenario's own name (its HDF5 group) when it differs.
        std::string also = e.name != e.builtin ? "scenario " + e.name : "";
        if (!e.title.empty()) {
            also += (also.empty() ? "" : ", ") + e.title;
        }
        std::cout << "  " << e.builtin << (also.empty() ? "" : "  (" + also + ")") << "  " << e.years << "  "
                  << e.region << "\n      " << e.description << "\n";
    }
    return cli::exit_ok;
}

} // namespace

CLI::App* add_list_command(CLI::App& app, cli::Action& action)
{
    auto  names_only = std::make_shared<bool>(false);
    auto* sub        = app.add_subcommand("list", "List the built-in scenarios");
    sub->add_flag("--quiet,-q", *names_only, "Only the names, one per line");
    sub->callback([names_only, &action] { action = [names_only] { return list_scenarios(*names_only); }; });
    return sub;
}

} // namespace povsim::app
