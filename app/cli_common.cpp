#include "app/cli_common.h"

#include "app/study_checks.h"
#include "output/hdf5_reader.h"
#include "scenarios/catalog.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace povsim::cli {

void check_writable(const fs::path& file)
{
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
        throw BadInput(file.string() + ": is a folder; give a file name");
    }
    const auto dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec)) {
        throw BadInput(file.string() + ": output directory '" + dir.string() + "' does not exist");
    }
    // Permission bits do not tell (root, read-only mounts, /proc): create a file and remove it.
    const auto probe = dir / (".povsim-probe-" + std::to_string(::getpid()));
    const int  fd    = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        throw BadInput(file.string() + ": cannot write into '" + dir.string() + "' (" + std::strerror(errno) + ")");
    }
    ::close(fd);
    ::unlink(probe.c_str());
}

void check_distinct(const std::vector<fs::path>& inputs, const std::vector<fs::path>& outputs)
{
    const auto same = [](const fs::path& a, const fs::path& b) {
        std::error_code ec;
        const auto      ca = fs::weakly_canonical(a, ec);
        const auto      cb = fs::weakly_canonical(b, ec);
        return ca == cb || fs::equivalent(a, b, ec);
    };
    for (std::size_t o = 0; o < outputs.size(); ++o) {
        for (const auto& in : inputs) {
            if (same(outputs[o], in)) {
                throw BadInput(outputs[o].string() + ": is also an input (" + in.string() + "); it would be overwritten");
            }
        }
        for (std::size_t p = 0; p < o; ++p) {
            if (same(outputs[o], outputs[p])) {
                throw BadInput(outputs[o].string() + ": given as two outputs (" + outputs[p].string() + ")");
            }
        }
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
        const app::ReadWatchdog watchdog(file, std::chrono::seconds(15)); // a large study reads in a second or two
        study = output::read_study_h5(file);
    } catch (const std::runtime_error& e) {
        throw BadInput(std::string("not a readable povsim study file: ") + e.what());
    } catch (const std::bad_alloc&) {
        throw BadInput(file.string() + ": a dataset declares more elements than memory holds (a damaged file)");
    }
    if (study.scenarios.empty()) {
        throw BadInput(file.string() + ": the study holds no scenario");
    }
    app::check_study_consistency(study, file);
    // Every reader says so: an interrupted study's bands rest on fewer replications than asked.
    if (!study.meta.complete) {
        std::cerr << "povsim: note: " << file.string() << " is incomplete (interrupted); it holds "
                  << study.scenarios.front().runs.runs.size() << " finished replications of "
                  << study.scenarios.front().name << "\n";
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

CLI::Validator seed_check()
{
    return CLI::Validator(
        [](const std::string& text) {
            std::uint64_t value = 0;
            const auto    end   = text.data() + text.size();
            const auto [ptr, ec] = std::from_chars(text.data(), end, value);
            const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
            return digits && ec == std::errc() && ptr == end
                       ? std::string()
                       : "'" + text + "' is not a seed (a whole number from 0 to 18446744073709551615)";
        },
        "SEED");
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
