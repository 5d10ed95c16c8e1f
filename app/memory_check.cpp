#include "app/memory_check.h"

#include "app/cli_common.h"
#include "output/display_units.h"
#include "models/memory_estimate.h"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>

namespace povsim::app {

namespace {

constexpr double gib = 1024.0 * 1024.0 * 1024.0;

/// A number from the first line of @p path ("max" and absent files: none).
std::optional<double> read_number(const std::string& path)
{
    std::ifstream in(path);
    std::string   word;
    if (!(in >> word) || word == "max") {
        return std::nullopt;
    }
    try {
        return std::stod(word);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

/// The cgroup v2 folder of this process ("0::/path" in /proc/self/cgroup).
std::string cgroup_v2_dir()
{
    std::ifstream in("/proc/self/cgroup");
    std::string   line;
    while (std::getline(in, line)) {
        if (line.rfind("0::", 0) == 0) {
            return "/sys/fs/cgroup" + (line.size() > 3 && line.substr(3) != "/" ? line.substr(3) : "");
        }
    }
    return "/sys/fs/cgroup";
}

/// Room left under a cgroup limit; a limit of 2^62 or more means none (v1 writes 2^63 − 4096).
std::optional<double> cgroup_room()
{
    const auto room = [](const std::optional<double>& limit, const std::optional<double>& used) -> std::optional<double> {
        if (!limit || *limit >= 4.6e18) {
            return std::nullopt;
        }
        return std::max(0.0, *limit - used.value_or(0.0));
    };
    for (const std::string& dir : {cgroup_v2_dir(), std::string("/sys/fs/cgroup")}) {
        if (const auto r = room(read_number(dir + "/memory.max"), read_number(dir + "/memory.current"))) {
            return r;
        }
    }
    return room(read_number("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                read_number("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
}

std::string gib_text(double bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / gib);
    return buf;
}

} // namespace

AvailableMemory available_memory()
{
    AvailableMemory out;
    const auto take = [&](double bytes, const char* source) {
        if (out.source.empty() || bytes < out.bytes) {
            out.bytes  = bytes;
            out.source = source;
        }
    };
    std::ifstream meminfo("/proc/meminfo");
    std::string   key;
    double        kb = 0;
    std::string   unit;
    while (meminfo >> key >> kb) {
        std::getline(meminfo, unit);
        if (key == "MemAvailable:") {
            take(kb * 1024.0, "MemAvailable");
            break;
        }
    }
    if (const auto room = cgroup_room()) {
        take(*room, "the cgroup memory limit");
    }
    rlimit as{};
    if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
        take(static_cast<double>(as.rlim_cur), "ulimit -v");
    }
    return out;
}

std::string with_thousands(double n) { return output::grouped(std::round(n)); }

void check_memory(const std::vector<scenarios::LoadedScenario>& scenarios, int concurrent_worlds, bool force,
                  std::ostream& notes, std::optional<int> runs)
{
    if (scenarios.empty()) {
        return;
    }
    const int worlds = std::max(concurrent_worlds, 1);
    // Worlds of any scenario may be in flight together: the largest one bounds them; every
    // scenario's results are kept.
    double      results = 0, fixed = 0, world = -1, households = 0;
    std::string name;
    for (const auto& s : scenarios) {
        const auto e = models::estimate_memory(s.params, runs.value_or(s.params.monte_carlo.runs));
        results += e.results_bytes;
        fixed = std::max(fixed, e.fixed_bytes);
        if (e.world_bytes > world) {
            world = e.world_bytes, households = e.households, name = s.params.scenario.name;
        }
    }
    const double need = fixed + results + world * worlds;
    const auto avail = available_memory();
    if (avail.bytes <= 0 || need <= avail.bytes) {
        return;
    }
    std::ostringstream msg;
    const bool results_dominate = results > world * worlds; // many replications of a small world
    if (results_dominate) {
        msg << name << ": the results of " << with_thousands(runs.value_or(scenarios.front().params.monte_carlo.runs))
            << " replications need about " << gib_text(need);
    } else {
        msg << name << ": " << with_thousands(households) << " households need about " << gib_text(need) << " ("
            << worlds << (worlds == 1 ? " world" : " worlds") << " at once)";
    }
    msg << ", more than the " << gib_text(avail.bytes) << " available (" << avail.source << ")";
    if (force) {
        notes << "povsim: note: " << msg.str() << "; going on (--force)\n";
        return;
    }
    const double fit = world > 0 ? std::floor((avail.bytes - fixed - results) / world) : 0;
    if (results_dominate) {
        msg << "; run fewer --runs (or split the study), or --force to try anyway";
    } else if (worlds > 1 && fit >= 1) { // fewer replications in flight would do
        msg << "; use --threads " << with_thousands(fit) << " or fewer, or --force to try anyway";
    } else {
        msg << "; simulate fewer households (e.g. a smaller population.sample), or --force to try anyway";
    }
    throw cli::BadInput(msg.str());
}

} // namespace povsim::app
