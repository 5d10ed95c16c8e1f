#include "app/benchmark.h"

#include "models/household_table.h"
#include "models/poverty_model.h"
#include "scenarios/population_scale.h"
#include "app/study_runner.h"
#include "sim/cpu_clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <sys/resource.h>

namespace povsim::app {
namespace {

double peak_rss_mb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double households_of(const models::Parameters& p)
{
    double n = 0;
    for (const auto& u : p.population.units) {
        n += u.households;
    }
    return n;
}

BenchTiming timed_study(const scenarios::LoadedScenario& scenario, int runs, int threads, int threads_per_run)
{
    StudyRequest req;
    req.scenarios       = {scenario};
    req.runs            = runs;
    req.threads         = threads;
    req.threads_per_run = threads_per_run;
    const auto&  p      = scenario.params;
    BenchTiming  t;
    t.threads           = threads;
    t.households_years  = households_of(p) * (p.scenario.end_year - p.scenario.start_year + 1) * runs;
    const double cpu0   = sim::process_cpu_seconds();
    const auto   wall0  = std::chrono::steady_clock::now();
    run_study(req);
    t.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    t.cpu_seconds  = sim::process_cpu_seconds() - cpu0;
    return t;
}

void print_timing(std::ostream& os, const char* label, const BenchTiming& t, const BenchTiming& one)
{
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "%-34s wall %8.2f s  CPU %8.2f s  %6.2f M household-years/s per core (CPU)  speed-up %.2fx (wall)\n",
                  label, t.wall_seconds, t.cpu_seconds, t.per_core() / 1e6,
                  t.wall_seconds > 0 ? one.wall_seconds / t.wall_seconds * (t.households_years / one.households_years) : 0.0);
    os << buf;
}

/// CPU ns per household-year of each stage, one thread, all replications of the timing.
std::vector<double> stage_profile(const models::Parameters& p, int runs)
{
    std::vector<double> seconds;
    for (int r = 0; r < runs; ++r) {
        models::run_replication(p, p.monte_carlo.seed, static_cast<std::uint32_t>(r), {}, 1, &seconds);
    }
    const double hy = households_of(p) * (p.scenario.end_year - p.scenario.start_year + 1) * runs;
    for (auto& s : seconds) {
        s = s * 1e9 / hy;
    }
    return seconds;
}

void print_stages(std::ostream& os, const std::string& label, const std::vector<double>& stage_ns)
{
    const auto names = models::make_yearly_pipeline().names();
    char       buf[64];
    os << label;
    double total = 0;
    for (std::size_t k = 0; k < stage_ns.size(); ++k) {
        const std::string name = k < names.size() ? names[k] : k == names.size() ? "population" : "results";
        std::snprintf(buf, sizeof buf, " %s %.0f", name.c_str(), stage_ns[k]);
        os << buf;
        total += stage_ns[k];
    }
    std::snprintf(buf, sizeof buf, "; total %.0f\n", total);
    os << buf;
}

/// Sizes up to this many households also get a stage profile (one more replication on one thread),
/// to show which stage grows with size; above it that would double a long run.
constexpr double stage_profile_limit = 2e7;

} // namespace

BenchResult run_benchmark(const scenarios::LoadedScenario& scenario, const BenchRequest& request, std::ostream& os)
{
    const auto& p = scenario.params;
    BenchResult r;
    r.households      = households_of(p);
    const int years   = p.scenario.end_year - p.scenario.start_year + 1;
    const int threads = resolve_threads(request.threads);
    char      buf[320];
    std::snprintf(buf, sizeof buf, "scenario %s: %.0f households x %d years x %d replications = %.3g household-years\n",
                  p.scenario.name.c_str(), r.households, years, request.runs, r.households * years * request.runs);
    os << buf;

    r.one = timed_study(scenario, request.runs, 1, 1);
    print_timing(os, "1 thread", r.one, r.one);
    if (threads > 1 && request.runs > 1) { // one replication cannot be spread across threads
        r.across = timed_study(scenario, request.runs, threads, 1);
        std::snprintf(buf, sizeof buf, "%d threads across replications", threads);
        print_timing(os, buf, r.across, r.one);
    }
    if (threads > 1) {
        r.inside = timed_study(scenario, 1, threads, threads);
        std::snprintf(buf, sizeof buf, "%d threads inside 1 replication", threads);
        print_timing(os, buf, r.inside, r.one);
    }

    r.stage_ns = stage_profile(p, request.runs);
    print_stages(os, "CPU ns per household-year by stage (1 thread):", r.stage_ns);

    r.peak_rss_mb = peak_rss_mb(); // of the scenario's own timings, before any scaled run
    // Ascending, so "peak so far" is the peak of the largest size run yet.
    auto sizes = request.households;
    std::sort(sizes.begin(), sizes.end());
    for (const double n : sizes) {
        scenarios::LoadedScenario scaled = scenario;
        scaled.params         = scenarios::scaled_population(p, n);
        const auto t          = timed_study(scaled, 1, threads, threads);
        std::snprintf(buf, sizeof buf,
                      "scaled to %11.0f households, 1 replication, %d threads inside: wall %8.2f s  CPU %8.2f s  "
                      "%6.0f ns per household-year (CPU)  peak RSS so far %.0f MB (%.0f bytes per household)\n",
                      households_of(scaled.params), threads, t.wall_seconds, t.cpu_seconds,
                      t.cpu_seconds * 1e9 / t.households_years, peak_rss_mb(),
                      peak_rss_mb() * 1048576.0 / households_of(scaled.params));
        os << buf;
        if (households_of(scaled.params) <= stage_profile_limit) {
            print_stages(os, "    by stage (1 thread):", stage_profile(scaled.params, 1));
        }
    }

    std::snprintf(buf, sizeof buf,
                  "state: %zu bytes per household + 2 bits per programme (%zu programmes); peak RSS %.0f MB "
                  "(%.0f bytes per household of the scenario, threads' worlds and study results included)\n",
                  models::HouseholdTable::bytes_per_household(), p.programmes.size(), r.peak_rss_mb,
                  r.peak_rss_mb * 1048576.0 / r.households);
    os << buf;
    return r;
}

} // namespace povsim::app
