#include "app/study_resume.h"

#include "app/cli_common.h"
#include "output/study_journal.h"
#include "models/metrics.h"
#include "models/result_arrays.h"
#include "models/uncertain_keys.h"
#include "sim/version.h"

#include <algorithm>
#include <iostream>
#include <set>

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

namespace {

/// @brief The scenarios as stored, loaded again; each must load back to the very text stored.
void load_stored_scenarios(const std::vector<output::JournalHeader::Scenario>& stored, const std::string& file,
                           StudyRequest& req)
{
    for (const auto& sc : stored) {
        try {
            req.scenarios.push_back(scenarios::load_scenario_text(sc.scenario_text, sc.source_file));
        } catch (const scenarios::ScenarioError& e) {
            throw cli::BadInput(file + ": scenario '" + sc.name + "' stored in the study no longer loads: " + e.what());
        }
        const auto& loaded = req.scenarios.back();
        if (loaded.params.scenario.name != sc.name || loaded.resolved_toml != sc.scenario_text) {
            throw cli::BadInput(file + ": scenario '" + sc.name +
                                "' does not load back to the text stored in the study; run it again from the start");
        }
    }
}

void check_engine(const output::StudyMeta& meta, const std::string& file)
{
    if (meta.git_commit != sim::git_commit || meta.engine_version != sim::engine_version) {
        throw cli::BadInput(file + " was started by povsim " + meta.engine_version + " (" + meta.git_commit +
                            ") and this is " + sim::engine_version + " (" + sim::git_commit +
                            "): a resumed study would mix two engines' results; run it again from the start");
    }
}

/// @brief The request as the study asked for it: seed, replications, panel.
void apply_meta(const output::StudyMeta& meta, ResumePlan& plan)
{
    auto& req            = plan.request;
    req.seed             = meta.seed;
    req.runs             = meta.runs_requested;
    req.only_replication = meta.only_replication;
    if (meta.panel_households > 0) {
        req.panel_households  = static_cast<std::size_t>(meta.panel_households);
        req.panel_replication = meta.panel_replication;
    }
    plan.original_command = meta.command_line;
    plan.requested        = meta.runs_requested;
}

/// @brief Replications finished in the study file: ids, and each one's results in the engine's order.
void take_from_study(const output::Study& study, const std::string& file, ResumePlan& plan)
{
    auto& req = plan.request;
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
        FinishedReplication done;
        done.id = static_cast<std::uint32_t>(ids[r]);
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
}

/// @brief Whether a journal record has the shape of this study's results (a checksum guards the
/// bytes; this guards against a journal of another build of the same commit).
bool fits(const FinishedReplication& r, const StudyRequest& req, std::size_t years)
{
    if (r.per_scenario.size() != req.scenarios.size()) {
        return false;
    }
    for (std::size_t s = 0; s < req.scenarios.size(); ++s) {
        const auto& res = r.per_scenario[s];
        if (static_cast<std::size_t>(res.metrics.rows()) != models::metric_infos().size() ||
            static_cast<std::size_t>(res.metrics.cols()) != years ||
            res.arrays.size() != models::result_arrays(req.scenarios[s].params).size() ||
            res.parameters.size() != models::uncertain_parameters(req.scenarios[s].params).size()) {
            return false;
        }
    }
    return true;
}

bool same_study(const output::StudyMeta& a, const output::StudyMeta& b)
{
    return a.engine_version == b.engine_version && a.git_commit == b.git_commit && a.seed == b.seed &&
           a.runs_requested == b.runs_requested && a.first_year == b.first_year && a.last_year == b.last_year &&
           a.only_replication == b.only_replication && a.panel_households == b.panel_households &&
           (a.panel_households == 0 || a.panel_replication == b.panel_replication);
}

std::vector<output::JournalHeader::Scenario> stored_scenarios(const output::Study& study)
{
    std::vector<output::JournalHeader::Scenario> stored;
    for (const auto& sc : study.scenarios) {
        stored.push_back({sc.name, sc.source_file, sc.scenario_text});
    }
    return stored;
}

/// @brief Whether the journal was written by this study (same request, same scenario texts).
bool journal_of(const output::JournalContents& journal, const output::Study& study)
{
    const auto& stored = study.scenarios;
    bool        same   = same_study(study.meta, journal.header.meta) && journal.header.scenarios.size() == stored.size();
    for (std::size_t s = 0; same && s < stored.size(); ++s) {
        same = journal.header.scenarios[s].scenario_text == stored[s].scenario_text;
    }
    return same;
}

} // namespace

output::JournalHeader journal_header(const output::StudyMeta& meta, const std::vector<scenarios::LoadedScenario>& scenarios)
{
    output::JournalHeader header{meta, {}};
    for (const auto& s : scenarios) {
        header.scenarios.push_back({s.params.scenario.name, s.source_file, s.resolved_toml});
    }
    return header;
}

ResumePlan plan_resume(const std::filesystem::path& study_file)
{
    const std::string file         = study_file.string();
    const auto        journal_file = output::journal_path(study_file);
    std::error_code   ec;
    const bool        have_study   = std::filesystem::is_regular_file(study_file, ec);
    std::optional<output::JournalContents> journal;
    if (std::filesystem::is_regular_file(journal_file, ec)) {
        try {
            journal = output::read_journal(journal_file);
        } catch (const std::runtime_error& e) {
            if (!have_study) {
                throw cli::BadInput(e.what());
            }
            std::cerr << "povsim: warning: " << e.what() << "; resuming from the study file alone\n";
        }
    }

    ResumePlan plan;
    auto&      req = plan.request;
    std::optional<output::Study> study;
    if (have_study || !journal) {
        study = cli::read_study(study_file); // says "no such file" when neither exists
    }
    if (study && study->meta.complete) {
        if (journal && !journal_of(*journal, *study)) {
            // A study started over this complete one with --force, killed before its first checkpoint.
            std::cerr << "povsim: note: " << file << " holds a complete study; " << journal_file.string()
                      << " holds a later one started over it, which is resumed\n";
            study.reset();
        } else {
            // Killed after its final write, before it removed its journal: the file holds every record.
            std::filesystem::remove(journal_file, ec);
            throw cli::BadInput(file + " is complete (" + std::to_string(study->scenarios.front().runs.runs.size()) +
                                " replications); there is nothing to resume");
        }
    }
    output::StudyMeta meta;
    if (study) {
        meta = study->meta;
        check_engine(meta, file);
        load_stored_scenarios(stored_scenarios(*study), file, req);
        take_from_study(*study, file, plan);
        if (journal && !journal_of(*journal, *study)) {
            std::cerr << "povsim: warning: " << journal_file.string()
                      << " is the journal of another study; resuming from the study file alone\n";
            journal.reset();
        }
    } else {
        meta = journal->header.meta;
        check_engine(meta, journal_file.string());
        load_stored_scenarios(journal->header.scenarios, journal_file.string(), req);
    }
    apply_meta(meta, plan);

    if (journal) {
        std::set<std::uint32_t> have;
        for (const auto& f : req.finished) {
            have.insert(f.id);
        }
        const auto years = static_cast<std::size_t>(meta.last_year - meta.first_year + 1);
        for (auto& r : journal->records) {
            const bool asked = meta.only_replication ? r.id == *meta.only_replication
                                                     : r.id < static_cast<std::uint32_t>(std::max(0, meta.runs_requested));
            if (asked && fits(r, req, years) && have.insert(r.id).second) {
                req.finished.push_back(std::move(r));
                ++plan.from_journal;
            }
        }
        if (journal->dropped_bytes > 0) {
            std::cerr << "povsim: note: " << journal_file.string() << " ends in " << journal->dropped_bytes
                      << " bytes of a replication cut short by the interruption; it runs again\n";
        }
    }
    plan.finished = static_cast<int>(req.finished.size());
    // The panel is written but never read back: its replication runs again to record it.
    if (req.panel_households) {
        std::erase_if(req.finished, [&](const FinishedReplication& f) { return f.id == meta.panel_replication; });
    }
    return plan;
}

} // namespace povsim::app
