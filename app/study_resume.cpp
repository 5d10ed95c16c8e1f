#include "app/study_resume.h"

#include "app/cli_common.h"
#include "models/metrics.h"
#include "models/result_arrays.h"
#include "models/uncertain_keys.h"
#include "sim/version.h"

#include <algorithm>

namespace povsim::app {

namespace {

/// @brief Position of each expected name among the names read back; the engine's order, not the file's.
template <class Info, class Read>
std::vector<std::size_t> match_by_name(const std::vector<Info>& expected, const std::vector<Read>& read,
                                       auto name_of, const std::string& what)
{
    if (expected.size() != read.size()) {
        throw cli::BadInput(what + ": the file holds " + std::to_string(read.size()) + ", this engine writes " +
                            std::to_string(expected.size()));
    }
    std::vector<std::size_t> at;
    for (const auto& e : expected) {
        const auto it = std::find_if(read.begin(), read.end(), [&](const Read& r) { return name_of(r) == name_of(e); });
        if (it == read.end()) {
            throw cli::BadInput(what + ": '" + name_of(e) + "' is missing from the file");
        }
        at.push_back(static_cast<std::size_t>(it - read.begin()));
    }
    return at;
}

} // namespace

ResumePlan plan_resume(const std::filesystem::path& study_file)
{
    const auto  study = cli::read_study(study_file);
    const auto& meta  = study.meta;
    const std::string file = study_file.string();
    if (meta.complete) {
        throw cli::BadInput(file + " is complete (" + std::to_string(study.scenarios.front().runs.runs.size()) +
                            " replications); there is nothing to resume");
    }
    if (meta.git_commit != sim::git_commit || meta.engine_version != sim::engine_version) {
        throw cli::BadInput(file + " was started by povsim " + meta.engine_version + " (" + meta.git_commit +
                            ") and this is " + sim::engine_version + " (" + sim::git_commit +
                            "): a resumed study would mix two engines' results; run it again from the start");
    }

    ResumePlan plan;
    auto&      req = plan.request;
    for (const auto& sc : study.scenarios) {
        try {
            req.scenarios.push_back(scenarios::load_scenario_text(sc.scenario_text, sc.source_file));
        } catch (const scenarios::ScenarioError& e) {
            throw cli::BadInput(file + ": scenario '" + sc.name + "' stored in the study no longer loads: " + e.what());
        }
        auto& loaded = req.scenarios.back();
        if (loaded.params.scenario.name != sc.name || loaded.resolved_toml != sc.scenario_text) {
            throw cli::BadInput(file + ": scenario '" + sc.name +
                                "' does not load back to the text stored in the study; run it again from the start");
        }
    }
    req.seed = meta.seed;
    req.runs = meta.runs_requested;
    req.only_replication = meta.only_replication;
    if (meta.panel_households > 0) {
        req.panel_households  = static_cast<std::size_t>(meta.panel_households);
        req.panel_replication = meta.panel_replication;
    }
    plan.original_command = meta.command_line;
    plan.requested        = meta.runs_requested;

    // Every scenario holds the same replications (the runner drops a replication unfinished in any).
    const auto& ids = study.scenarios.front().runs.replication_ids;
    std::vector<std::vector<std::size_t>> array_at, parameter_at;
    for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
        const auto& set = study.scenarios[s].runs;
        if (set.replication_ids != ids) {
            throw cli::BadInput(file + ": scenario '" + study.scenarios[s].name +
                                "' holds other replications than the baseline; the file is damaged");
        }
        const auto& params = req.scenarios[s].params;
        const std::string where = file + ": scenario '" + study.scenarios[s].name + "'";
        // A cube's rows are the metrics in the file's order: it must be this engine's order.
        const auto& engine_metrics = models::metric_infos();
        if (!std::equal(engine_metrics.begin(), engine_metrics.end(), set.metrics.begin(), set.metrics.end(),
                        [](const auto& a, const auto& b) { return a.name == b.name; })) {
            throw cli::BadInput(where + ": its metrics are not those of this engine; run it again from the start");
        }
        array_at.push_back(match_by_name(models::result_arrays(params), set.arrays,
                                         [](const auto& a) { return a.path; }, where + " labelled arrays"));
        parameter_at.push_back(match_by_name(models::uncertain_parameters(params), set.parameters,
                                             [](const auto& p) { return p.name; }, where + " parameters"));
    }
    for (std::size_t r = 0; r < ids.size(); ++r) {
        const auto id = static_cast<std::uint32_t>(ids[r]);
        // The panel is written but never read back: its replication runs again to record it.
        if (req.panel_households && id == meta.panel_replication) {
            continue;
        }
        FinishedReplication done;
        done.id = id;
        for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
            const auto&             set = study.scenarios[s].runs;
            sim::ReplicationResult  result;
            result.metrics = set.runs[r];
            for (const auto a : array_at[s]) {
                result.arrays.push_back(set.array_runs[a][r]);
            }
            for (const auto p : parameter_at[s]) {
                result.parameters.push_back(set.parameter_runs[p][r]);
            }
            done.per_scenario.push_back(std::move(result));
        }
        req.finished.push_back(std::move(done));
    }
    plan.finished = static_cast<int>(ids.size());
    return plan;
}

} // namespace povsim::app
