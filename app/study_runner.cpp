#include "app/study_runner.h"

#include "models/household_panel.h"
#include "models/metric_direction.h"
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "models/uncertain_keys.h"
#include "sim/executor.h"
#include "sim/utc_time.h"
#include "sim/version.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <numeric>
#include <thread>

namespace povsim::app {
namespace {

void check_common_horizon(const std::vector<scenarios::LoadedScenario>& scenarios)
{
    const auto& first = scenarios.front().params.scenario;
    std::vector<scenarios::ScenarioIssue> issues;
    for (const auto& s : scenarios) {
        const auto& sc = s.params.scenario;
        if (sc.start_year != first.start_year || sc.end_year != first.end_year) {
            issues.push_back({s.source_file, 0, 0, "scenario.start_year",
                              "a study needs one horizon: " + std::to_string(sc.start_year) + "-" +
                                  std::to_string(sc.end_year) + " differs from " + scenarios.front().source_file +
                                  " (" + std::to_string(first.start_year) + "-" + std::to_string(first.end_year) + ")"});
        }
    }
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (scenarios[i].params.scenario.name == scenarios[j].params.scenario.name) {
                issues.push_back({scenarios[i].source_file, 0, 0, "scenario.name",
                                  "name '" + scenarios[i].params.scenario.name + "' is already used by " +
                                      scenarios[j].source_file + " in this study"});
            }
        }
    }
    if (!issues.empty()) {
        throw scenarios::ScenarioError(std::move(issues));
    }
}

/// @return the replication whose household panel is recorded, if one is asked for
std::optional<std::uint32_t> panel_replication(const StudyRequest&               request,
                                               const std::vector<std::uint32_t>& replications)
{
    if (!request.panel_households) {
        return std::nullopt;
    }
    const auto chosen = request.panel_replication.value_or(replications.front());
    if (std::find(replications.begin(), replications.end(), chosen) == replications.end()) {
        const std::string run = replications.size() == 1
                                    ? "only replication " + std::to_string(replications.front()) + " runs"
                                    : "replications 0 to " + std::to_string(replications.back()) + " run";
        throw StudyRequestError("--panel-replication " + std::to_string(chosen) +
                            " is not one of the replications run (" + run + ")");
    }
    return chosen;
}

} // namespace

int resolve_threads(int requested)
{
    if (requested > 0) {
        return requested;
    }
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

output::Study run_study(const StudyRequest& request)
{
    check_common_horizon(request.scenarios);
    const auto& base_params = request.scenarios.front().params;
    const auto  seed        = request.seed.value_or(base_params.monte_carlo.seed);
    const int   runs        = request.runs.value_or(base_params.monte_carlo.runs);
    const int   threads     = resolve_threads(request.threads.value_or(base_params.monte_carlo.threads));

    std::vector<std::uint32_t> replications;
    if (request.only_replication) {
        replications.push_back(*request.only_replication);
    } else {
        replications.resize(static_cast<std::size_t>(runs));
        std::iota(replications.begin(), replications.end(), 0u);
    }

    const auto panel_rep = panel_replication(request, replications);
    const int  reps      = static_cast<int>(replications.size());
    const int  inner     = std::max(1, request.threads_per_run.value_or(threads > reps ? threads / std::max(1, reps) : 1));

    output::Study study;
    study.meta = {sim::engine_version, sim::git_commit, seed, static_cast<int>(replications.size()),
                  base_params.scenario.start_year, base_params.scenario.end_year, sim::utc_iso8601(), request.command_line, true};
    for (int y = base_params.scenario.start_year; y <= base_params.scenario.end_year; ++y) {
        study.years.push_back(y);
    }

    std::vector<std::vector<std::optional<sim::ReplicationResult>>> per_scenario;
    // Only the panel replication gets an observer, and it only reads: every result stays as without it.
    std::vector<std::optional<models::HouseholdPanel>> panels(request.scenarios.size());
    const models::YearObserver                         no_observer;
    for (const auto& s : request.scenarios) {
        auto&                panel = panels[per_scenario.size()];
        models::YearObserver record;
        if (panel_rep) {
            panel.emplace(*request.panel_households);
            record = [&panel](const models::World& w, int year) { panel->record(w, year); };
        }
        sim::ExecutorOptions opts;
        opts.threads = std::max(1, threads / inner);
        opts.cancel  = request.cancel;
        if (request.on_progress) {
            opts.on_progress = [&](int done, int total) { request.on_progress(s.params.scenario.name, done, total); };
        }
        const auto& params = s.params;
        per_scenario.push_back(sim::run_replications<sim::ReplicationResult>(
            replications,
            [&](std::uint32_t r) {
                return models::run_replication(params, seed, r, r == panel_rep ? record : no_observer, inner);
            },
            opts));
    }

    // Keep only replications finished in every scenario, so scenarios stay paired.
    std::vector<std::size_t> kept;
    for (std::size_t k = 0; k < replications.size(); ++k) {
        bool all = true;
        for (const auto& res : per_scenario) {
            all = all && res[k].has_value();
        }
        if (all) {
            kept.push_back(k);
        }
    }
    study.meta.complete = kept.size() == replications.size();
    for (std::size_t s = 0; s < request.scenarios.size(); ++s) {
        const auto& loaded = request.scenarios[s];
        output::ScenarioOutput out;
        out.name          = loaded.params.scenario.name;
        out.description   = loaded.params.scenario.description;
        out.title         = loaded.params.scenario.title;
        out.source_file   = loaded.source_file;
        out.scenario_text = loaded.resolved_toml;
        out.runs.metrics  = models::metric_infos();
        out.runs.years    = study.years;
        out.runs.arrays   = models::result_arrays(loaded.params);
        out.runs.array_runs.resize(out.runs.arrays.size());
        out.runs.parameters = models::uncertain_parameters(loaded.params);
        out.runs.parameter_runs.resize(out.runs.parameters.size());
        for (std::size_t k : kept) {
            auto& result = *per_scenario[s][k];
            out.runs.replication_ids.push_back(replications[k]);
            out.runs.runs.push_back(std::move(result.metrics));
            if (replications[k] == panel_rep) { // an interrupted study keeps it only if the run is kept
                out.panel = panels[s]->take(replications[k]);
            }
            for (std::size_t a = 0; a < result.arrays.size(); ++a) {
                out.runs.array_runs[a].push_back(std::move(result.arrays[a]));
            }
            for (std::size_t j = 0; j < result.parameters.size(); ++j) {
                out.runs.parameter_runs[j].push_back(result.parameters[j]);
            }
        }
        out.summary       = sim::summarise(out.runs);
        out.array_summary = sim::summarise_arrays(out.runs);
        study.scenarios.push_back(std::move(out));
    }
    const auto& baseline = study.scenarios.front();
    for (std::size_t s = 1; s < study.scenarios.size(); ++s) {
        const auto& variant = study.scenarios[s];
        study.comparisons.push_back(sim::compare_paired(baseline.name, baseline.runs, variant.name, variant.runs,
                                                        models::better_direction));
    }
    return study;
}

} // namespace povsim::app
