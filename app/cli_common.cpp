#include "app/cli_common.h"

#include "output/hdf5_reader.h"
#include "scenarios/catalog.h"

#include <CLI/CLI.hpp>

namespace fs = std::filesystem;

namespace povsim::cli {

void check_writable(const fs::path& file)
{
    const auto dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    if (!fs::is_directory(dir)) {
        throw BadInput(file.string() + ": output directory '" + dir.string() + "' does not exist");
    }
}

void check_new_output(const fs::path& file, bool force)
{
    check_writable(file);
    std::error_code ec;
    if (!force && fs::exists(file, ec)) {
        throw BadInput(file.string() + " exists; add --force to replace it, or choose another --out");
    }
}

void check_readable(const fs::path& file)
{
    if (!fs::is_regular_file(file)) {
        throw BadInput(file.string() + ": no such file");
    }
}

output::Study read_study(const fs::path& file)
{
    check_readable(file);
    output::Study study;
    try {
        study = output::read_study_h5(file);
    } catch (const std::runtime_error& e) {
        throw BadInput(std::string("not a readable povsim study file: ") + e.what());
    }
    if (study.scenarios.empty()) {
        throw BadInput(file.string() + ": the study holds no scenario");
    }
    return study;
}

std::string toml_string(const std::string& text)
{
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    }
    return quoted + "\"";
}

std::vector<std::string> ScenarioArgs::overrides() const
{
    auto out = sets;
    if (!only_province.empty()) {
        out.push_back("population.only_province=" + toml_string(only_province));
    }
    return out;
}

void add_scenario_args(CLI::App& sub, ScenarioArgs& args, bool with_province)
{
    sub.add_option("--set", args.sets, "Override a scenario key, e.g. --set thresholds.exit_margin=500 (repeatable)");
    if (with_province) {
        sub.add_option("--only-province", args.only_province,
                       "Simulate one province of a national scenario (e.g. 甘肃): its counties, and its registered "
                       "share of every quota, ceiling and registry segment (= --set population.only_province=…)");
    }
}

fs::path scenario_path(const std::string& arg)
{
    const auto path = scenarios::resolve_scenario_path(arg);
    if (!fs::exists(path)) {
        throw BadInput(arg + ": no such scenario file or built-in scenario" + scenarios::nearest_builtin(arg) +
                       " (`povsim list` shows the built-in ones)");
    }
    return path;
}

std::vector<scenarios::LoadedScenario> load_all(const std::vector<std::string>& names,
                                                const std::vector<std::string>& overrides)
{
    std::vector<scenarios::LoadedScenario> out;
    for (const auto& n : names) {
        out.push_back(scenarios::load_scenario(scenario_path(n), overrides));
    }
    return out;
}

} // namespace povsim::cli
