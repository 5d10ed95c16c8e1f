#include "scenarios/benchmark.h"

#include "models/household_table.h"
#include "scenarios/study_runner.h"

#include <chrono>
#include <cstdio>
#include <sys/resource.h>

namespace povsim::scenarios {
namespace {

double timed_run(const LoadedScenario& scenario, int runs, int threads)
{
    StudyRequest req;
    req.scenarios = {scenario};
    req.runs      = runs;
    req.threads   = threads;
    const auto t0 = std::chrono::steady_clock::now();
    run_study(req);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

BenchResult run_benchmark(const LoadedScenario& scenario, int runs, int threads, std::ostream& os)
{
    const auto& p = scenario.params;
    BenchResult r;
    for (const auto& u : p.population.units) {
        r.households += u.households;
    }
    const int years   = p.scenario.end_year - p.scenario.start_year + 1;
    r.household_years = r.households * years * runs;
    r.threads         = resolve_threads(threads);
    r.seconds_one     = timed_run(scenario, runs, 1);
    r.seconds_many    = timed_run(scenario, runs, r.threads);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    r.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;

    char buf[256];
    std::snprintf(buf, sizeof buf, "scenario %s: %.0f households x %d years x %d replications = %.3g household-years\n",
                  p.scenario.name.c_str(), r.households, years, runs, r.household_years);
    os << buf;
    std::snprintf(buf, sizeof buf, "1 thread : %8.2f s  %6.2f million household-years/s\n", r.seconds_one,
                  r.household_years / r.seconds_one / 1e6);
    os << buf;
    std::snprintf(buf, sizeof buf, "%d threads: %8.2f s  %6.2f million household-years/s per core, speed-up %.2fx\n",
                  r.threads, r.seconds_many, r.household_years / r.seconds_many / r.threads / 1e6,
                  r.seconds_one / r.seconds_many);
    os << buf;
    std::snprintf(buf, sizeof buf,
                  "state: %zu bytes per household + 2 bits per programme (%zu programmes); peak RSS %.0f MB "
                  "(%.0f bytes per household, threads' worlds and study results included)\n",
                  models::HouseholdTable::bytes_per_household(), p.programmes.size(), r.peak_rss_mb,
                  r.peak_rss_mb * 1048576.0 / r.households);
    os << buf;
    return r;
}

} // namespace povsim::scenarios
