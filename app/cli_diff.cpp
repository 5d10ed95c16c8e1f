// `povsim diff A B`: the keys of the resolved scenario B whose values differ from A's (a variant
// against its base), one per line: key, A's value, B's value.
#include "app/commands.h"
#include "app/console_text.h"
#include "scenarios/scenario_diff.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace povsim::app {

namespace {

struct DiffOptions {
    std::string       a, b;
    cli::ScenarioArgs scenario_args; ///< applied to B only: "what would this --set change?"
    bool              quiet = false;
};

int diff(const DiffOptions& o)
{
    const auto a       = scenarios::load_scenario(cli::scenario_path(o.a));
    const auto b       = scenarios::load_scenario(cli::scenario_path(o.b), o.scenario_args.overrides());
    const auto changes = scenarios::diff_scenarios(a, b);
    if (o.quiet) {
        return changes.empty() ? cli::exit_ok : 1;
    }
    if (changes.empty()) {
        std::cout << "No key differs between " << o.a << " and " << o.b << " (after extends and --set).\n";
        return cli::exit_ok;
    }
    std::size_t width = 0;
    for (const auto& c : changes) {
        width = std::max(width, display_width(c.key));
    }
    width = std::min<std::size_t>(width, 48);
    std::cout << changes.size() << (changes.size() == 1 ? " key differs, " : " keys differ, ") << o.a << " -> " << o.b << " (after extends and --set):\n";
    for (const auto& c : changes) {
        const std::string before = c.before.empty() ? "(absent)" : c.before;
        const std::string after  = c.after.empty() ? "(absent)" : c.after;
        std::cout << "  " << padded(c.key, width) << "  " << before << "  ->  " << after << "\n";
    }
    return cli::exit_ok;
}

} // namespace

CLI::App* add_diff_command(CLI::App& app, cli::Action& action)
{
    auto  o   = std::make_shared<DiffOptions>();
    auto* sub = app.add_subcommand("diff", "Show what scenario B changes from scenario A, key by key (both fully "
                                           "resolved: extends, defaults of the files, --set on B)");
    sub->add_option("a", o->a, "The base: a scenario file or built-in name")->required();
    sub->add_option("b", o->b, "The variant: a scenario file or built-in name")->required();
    cli::add_scenario_args(*sub, o->scenario_args);
    sub->add_flag("--quiet,-q", o->quiet, "Print nothing; exit 0 if nothing differs, 1 if something does (like cmp)");
    sub->callback([o, &action] { action = [o] { return diff(*o); }; });
    return sub;
}

} // namespace povsim::app
