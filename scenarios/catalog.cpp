#include "scenarios/catalog.h"

#include "scenarios/scenario_loader.h"
#include "scenarios/toml_reader.h"

#include <algorithm>
#include <cstdlib>

namespace povsim::scenarios {

std::filesystem::path builtin_dir()
{
    if (const char* env = std::getenv("POVSIM_SCENARIO_DIR"); env && *env) {
        return env;
    }
    // Installed (cmake --install): <prefix>/bin/povsim beside <prefix>/share/povsim/scenarios.
    std::error_code ec;
    const auto      exe       = std::filesystem::read_symlink("/proc/self/exe", ec);
    const auto      installed = exe.parent_path().parent_path() / "share" / "povsim" / "scenarios";
    if (!ec && std::filesystem::is_directory(installed, ec)) {
        return installed;
    }
    return POVSIM_SCENARIO_DIR; // the source tree this binary was built from
}

std::vector<CatalogEntry> list_builtin()
{
    std::vector<std::filesystem::path> files;
    for (const auto& dir : {builtin_dir(), builtin_dir() / "variants"}) {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
            if (e.path().extension() == ".toml") {
                files.push_back(e.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<CatalogEntry> out;
    for (const auto& f : files) {
        CatalogEntry e;
        e.file    = f;
        e.builtin = f.stem().string();
        try {
            const auto loaded = load_scenario(f);
            const auto& sc    = loaded.params.scenario;
            e.name        = sc.name;
            e.title       = sc.title;
            e.region      = sc.region;
            e.description = sc.description;
            e.years       = std::to_string(sc.start_year) + "-" + std::to_string(sc.end_year);
        } catch (const std::exception& ex) {
            e.name  = f.stem().string();
            e.error = ex.what();
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<std::string> builtin_names()
{
    std::vector<std::string> out;
    for (const auto& dir : {builtin_dir(), builtin_dir() / "variants"}) {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
            if (e.path().extension() == ".toml") {
                out.push_back(e.path().stem().string());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string nearest_builtin(const std::string& name)
{
    const auto names = builtin_names();
    return detail::did_you_mean(name, names);
}

std::optional<std::filesystem::path> builtin_path(const std::string& name)
{
    if (name.empty() || name.find('/') != std::string::npos) {
        return std::nullopt;
    }
    for (const auto& dir : {builtin_dir(), builtin_dir() / "variants"}) {
        const auto candidate = dir / (name + ".toml");
        if (std::filesystem::exists(candidate)) {
            return candidate;
        }
    }
    return std::nullopt;
}

std::filesystem::path resolve_scenario_path(const std::string& arg)
{
    if (std::filesystem::exists(arg)) {
        return arg;
    }
    return builtin_path(arg).value_or(arg);
}

} // namespace povsim::scenarios
