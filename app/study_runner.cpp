#include "app/study_runner.h"

#include "app/checkpoint_writer.h"

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
#include <mutex>
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

namespace {

/// @brief The study as far as it has run: metadata, and each replication's results once it finished.
struct StudyState {
    const StudyRequest&                                         request;
    output::StudyMeta                                           meta;
    std::vector<int>                                            years;
    std::vector<std::uint32_t>                                  replications; ///< every one asked for, in order
    std::vector<std::optional<std::vector<sim::ReplicationResult>>> results;  ///< by position in replications
};

/// @brief The study of the replications in @p done (positions in state.replications, ascending).
/// @param[in] panels each scenario's panel, taken into the study when its replication is kept (or nullptr)
output::Study build_study(const StudyState& state, const std::vector<std::size_t>& done,
                          std::vector<std::optional<models::HouseholdPanel>>* panels, std::optional<std::uint32_t> panel_rep)
{
    output::Study study;
    study.meta          = state.meta;
    study.meta.complete = done.size() == state.replications.size();
    study.years         = state.years;
    const auto& request = state.request;
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
        for (const std::size_t k : done) {
            const auto& result = (*state.results[k])[s];
            out.runs.replication_ids.push_back(static_cast<int>(state.replications[k]));
            out.runs.runs.push_back(result.metrics);
            if (panels && state.replications[k] == panel_rep && (*panels)[s] && !(*panels)[s]->empty()) {
                out.panel = (*panels)[s]->take(state.replications[k]);
            }
            for (std::size_t a = 0; a < result.arrays.size(); ++a) {
                out.runs.array_runs[a].push_back(result.arrays[a]);
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

} // namespace

output::Study run_study(const StudyRequest& request)
{
    check_common_horizon(request.scenarios);
    const auto& base_params = request.scenarios.front().params;
    const auto  seed        = request.seed.value_or(base_params.monte_carlo.seed);
    const int   runs        = request.runs.value_or(base_params.monte_carlo.runs);
    const int   threads     = resolve_threads(request.threads.value_or(base_params.monte_carlo.threads));

    StudyState state{request, {}, {}, {}, {}};
    auto&      replications = state.replications;
    if (request.only_replication) {
        replications.push_back(*request.only_replication);
    } else {
        replications.resize(static_cast<std::size_t>(runs));
        std::iota(replications.begin(), replications.end(), 0u);
    }
    state.results.resize(replications.size());
    for (const auto& f : request.finished) {
        const auto at = std::find(replications.begin(), replications.end(), f.id);
        if (at == replications.end() || f.per_scenario.size() != request.scenarios.size()) {
            throw StudyRequestError("replication " + std::to_string(f.id) + " of the interrupted study is not one asked for");
        }
        state.results[static_cast<std::size_t>(at - replications.begin())] = f.per_scenario;
    }

    const auto panel_rep = panel_replication(request, replications);
    std::vector<std::uint32_t> todo;
    for (std::size_t k = 0; k < replications.size(); ++k) {
        if (!state.results[k]) {
            todo.push_back(replications[k]);
        }
    }
    const int reps  = static_cast<int>(todo.size());
    const int inner = std::max(1, request.threads_per_run.value_or(threads > reps ? threads / std::max(1, reps) : 1));

    state.meta = {sim::engine_version, sim::git_commit, seed, static_cast<int>(replications.size()),
                  base_params.scenario.start_year, base_params.scenario.end_year, sim::utc_iso8601(), request.command_line, true,
                  request.only_replication};
    if (panel_rep) {
        state.meta.panel_households  = *request.panel_households;
        state.meta.panel_replication = *panel_rep;
    }
    for (int y = base_params.scenario.start_year; y <= base_params.scenario.end_year; ++y) {
        state.years.push_back(y);
    }

    // Only the panel replication gets an observer, and it only reads: every result stays as without it.
    std::vector<std::optional<models::HouseholdPanel>> panels(request.scenarios.size());
    std::vector<models::YearObserver>                  observers(request.scenarios.size());
    if (panel_rep) {
        for (std::size_t s = 0; s < panels.size(); ++s) {
            panels[s].emplace(*request.panel_households);
            observers[s] = [&panel = panels[s]](const models::World& w, int year) { panel->record(w, year); };
        }
    }
    const models::YearObserver no_observer;
    const std::string          label = request.scenarios.size() == 1
                                           ? request.scenarios.front().params.scenario.name
                                           : std::to_string(request.scenarios.size()) + " scenarios";

    std::mutex  state_mutex; // guards which of state.results are set, and `finished`
    std::size_t finished = replications.size() - todo.size();
    // Results of finished replications never change again, so the writer reads them unlocked.
    CheckpointWriter checkpoints(request.checkpoint ? std::function<void()>([&] {
        std::vector<std::size_t> done;
        {
            const std::lock_guard lock(state_mutex);
            for (std::size_t i = 0; i < state.results.size(); ++i) {
                if (state.results[i]) {
                    done.push_back(i);
                }
            }
        }
        if (done.size() < replications.size()) { // the whole study is written by the caller
            request.checkpoint(build_study(state, done, nullptr, std::nullopt));
        }
    })
                                                    : std::function<void()>());
    const auto store = [&](std::uint32_t r, std::vector<sim::ReplicationResult>&& per_scenario) {
        if (request.on_finished) {
            request.on_finished(r, per_scenario);
        }
        // replications is 0..runs-1, or the one --replication: its position, without a search per result
        const auto k = request.only_replication ? std::size_t{0} : static_cast<std::size_t>(r);
        {
            const std::lock_guard lock(state_mutex);
            state.results[k] = std::move(per_scenario);
            ++finished;
            if (request.on_progress) {
                request.on_progress(label, static_cast<int>(finished), static_cast<int>(replications.size()));
            }
        }
        checkpoints.notify();
    };
    if (request.on_start) {
        request.on_start(state.meta);
    }
    // With other processes, this one runs its share and gathers theirs as they finish.
    const auto         local = request.remote ? request.remote->start(request, seed, request.threads.value_or(base_params.monte_carlo.threads), todo, panel_rep) : todo;
    std::thread        collector;
    std::exception_ptr collect_error;
    if (request.remote) {
        collector = std::thread([&] {
            try {
                request.remote->collect(store);
            } catch (...) {
                collect_error = std::current_exception();
            }
        });
    }
    sim::ExecutorOptions opts;
    opts.threads = std::max(1, threads / inner);
    opts.cancel  = request.cancel;
    try {
        sim::run_replications<bool>(
            local,
            [&](std::uint32_t r) {
                std::vector<sim::ReplicationResult> per_scenario;
                for (std::size_t s = 0; s < request.scenarios.size(); ++s) {
                    per_scenario.push_back(models::run_replication(request.scenarios[s].params, seed, r,
                                                                   r == panel_rep ? observers[s] : no_observer, inner));
                    if (request.cancel && request.cancel->load() && s + 1 < request.scenarios.size()) {
                        return false; // an unfinished replication is dropped whole, so scenarios stay paired
                    }
                }
                store(r, std::move(per_scenario));
                return true;
            },
            opts);
    } catch (...) {
        if (collector.joinable()) {
            collector.join();
        }
        throw;
    }
    if (collector.joinable()) {
        collector.join();
    }
    if (collect_error) {
        std::rethrow_exception(collect_error);
    }

    std::vector<std::size_t> kept;
    for (std::size_t k = 0; k < replications.size(); ++k) {
        if (state.results[k]) {
            kept.push_back(k);
        }
    }
    return build_study(state, kept, &panels, panel_rep);
}

} // namespace povsim::app
