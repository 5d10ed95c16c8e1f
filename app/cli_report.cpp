#include "app/commands.h"
#include "app/summarise_variants.h"
#include "output/budget_labels.h"

#include "models/metrics.h"
#include "models/poverty_model.h"
#include "output/hdf5_reader.h"
#include "output/report_html.h"
#include "scenarios/scenario_loader.h"
#include "app/validation.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using povsim::cli::BadInput;
namespace output    = povsim::output;
namespace scenarios = povsim::scenarios;

namespace {

struct ReportOptions {
    std::vector<std::string> studies;
    std::string              out;
    std::optional<double>    ceiling; ///< 万元 per year on total spending
    bool                     quiet = false;
};

/// What the page charts, in the planners' words (SPEC §1: exits, returns, monitored households,
/// villages and counties still poor).
output::ReportLayout layout_for(const std::string& title)
{
    output::ReportLayout l;
    l.title        = title;
    l.trajectories = {
        {"n_registered_poor", "建档立卡贫困户 Registered poor households (year end)"},
        {"n_below_line_persons", "统计口径贫困人口 Persons below the poverty line, registered or not (the NBS headcount concept)"},
        {"new_exits", "脱贫 Exits in the year"},
        {"new_returns", "返贫 Returns to poverty in the year"},
        {"new_poor", "新致贫 New poor in the year"},
        {"n_monitored", "防返贫监测对象 Monitored households (year end)"},
        {"return_rate", "返贫率 Return rate: returns ÷ exited households at the start of the year"},
        {"share_exited_monitored", "脱贫户监测占比 Share of exited households under monitoring (year end)"},
        {"new_exits_safety_net", "兜底脱贫 Exits reached only through the safety-net top-up"},
        {"mean_village_collective_income", "村集体经济收入 Mean village collective income"},
    };
    l.timelines = {
        {"n_poor_villages", "new_village_exits", "贫困村 Poor villages: still on the list and exits"},
        {"n_poor_counties", "new_county_exits", "贫困县 Poor counties: still on the list and exits (摘帽)"},
    };
    l.source_labels = output::funding_source_labels();
    return l;
}

/// The scenario a study stored, loaded back from its resolved text, gives the targets and labels.
/// A text this version cannot load (an older file) costs only the validation table, not the page.
output::ReportScenarioNotes notes_for(const std::string& file, const output::ScenarioOutput& sc)
{
    output::ReportScenarioNotes notes;
    if (sc.scenario_text.empty()) {
        notes.targets_note = "Targets not checked: the study file does not hold the scenario text.";
        return notes;
    }
    try {
        const auto loaded = scenarios::load_scenario_text(sc.scenario_text, file + ":/scenarios/" + sc.name);
        notes.region      = loaded.params.scenario.region;
        for (const auto& p : loaded.params.programmes) {
            notes.programme_labels[p.id] = p.label;
        }
        auto checks = povsim::app::check_targets(loaded.params, sc);
        // Grouped as validate prints them: accounting, calibration, then the checks.
        std::stable_sort(checks.begin(), checks.end(),
                         [](const auto& a, const auto& b) { return a.target.role < b.target.role; });
        for (const auto& c : checks) {
            const auto& t = c.target;
            notes.targets.push_back({t.metric, povsim::models::years_text(t),
                                     std::string(povsim::models::name_of(t.role)),
                                     std::string(povsim::models::name_of(t.compare)), t.value, c.mean, c.p05, c.p95,
                                     c.inside, povsim::app::error_text(c), c.passes, c.echo.value_or(""), t.source});
        }
        if (!checks.empty()) {
            notes.targets_summary = povsim::app::tally_line(povsim::app::tally_checks(checks));
        }
    } catch (const scenarios::ScenarioError& e) {
        notes.targets_note = "Targets not checked: the stored scenario text does not load with this povsim (" +
                             (e.issues().empty() ? std::string(e.what()) : e.issues().front().to_string()) + ").";
        std::cerr << "povsim report: " << file << ", scenario " << sc.name << ": " << notes.targets_note << "\n";
    }
    return notes;
}

/// The answer first, for every variant that can be paired with the baseline: the same seed (common
/// random numbers) and the same replications; the others are charted but not summarised.
std::vector<output::VariantSummary> summaries_for(const std::vector<output::ReportFile>& files)
{
    const auto&  base_file = files.front().study;
    const auto&  base      = base_file.scenarios.front();
    const povsim::app::LabelledRuns baseline{base.name, &base.runs, base.title};
    std::vector<output::VariantSummary> out;
    for (std::size_t f = 0; f < files.size(); ++f) {
        const auto& study = files[f].study;
        for (std::size_t k = (f == 0 ? 1 : 0); k < study.scenarios.size(); ++k) {
            const auto& sc = study.scenarios[k];
            if (study.meta.seed != base_file.meta.seed || study.years != base_file.years) {
                continue;
            }
            try {
                for (auto& s : povsim::app::summarise_variants(baseline, {{sc.name, &sc.runs, sc.title}})) {
                    out.push_back(std::move(s));
                }
            } catch (const std::invalid_argument&) { // other replications: not paired
            }
        }
    }
    return out;
}

/// Every input is read and checked before anything is written.
int run_report(const ReportOptions& o)
{
    if (o.ceiling && !(*o.ceiling >= 0)) {
        throw BadInput("--ceiling must be >= 0 (万元 per year on total spending)");
    }
    povsim::cli::check_writable(o.out);
    povsim::cli::check_distinct({o.studies.begin(), o.studies.end()}, {o.out});
    std::vector<output::ReportFile> files;
    for (const auto& path : o.studies) {
        std::error_code ec;
        if (fs::exists(o.out) && fs::equivalent(path, o.out, ec)) {
            throw BadInput(o.out + ": is also an input study file; choose another name for the report");
        }
        output::ReportFile f;
        f.path  = path;
        f.study = povsim::cli::read_study(path);
        for (const auto& sc : f.study.scenarios) {
            if (sc.runs.runs.empty()) {
                throw BadInput(path + ": scenario '" + sc.name + "' has no finished replication");
            }
            f.notes.push_back(notes_for(path, sc));
        }
        files.push_back(std::move(f));
    }
    const auto& first  = files.front();
    const auto& region = first.notes.front().region;
    auto        layout = layout_for("povsim 模拟报告 Simulation report — " +
                                   (region.empty() ? first.study.scenarios.front().name : region));
    layout.ceiling_wan = o.ceiling;
    layout.summaries   = summaries_for(files);
    try {
        output::write_report_html(o.out, files, layout);
    } catch (const std::invalid_argument& e) {
        throw BadInput(e.what());
    }
    std::size_t n = 0;
    for (const auto& f : files) {
        n += f.study.scenarios.size();
    }
    if (o.quiet) {
        return povsim::cli::exit_ok;
    }
    std::cerr << "wrote " << o.out << " (" << n << " scenario" << (n == 1 ? "" : "s") << ", baseline "
              << first.study.scenarios.front().name << ")\n";
    return povsim::cli::exit_ok;
}

} // namespace

CLI::App* povsim::app::add_report_command(CLI::App& app, cli::Action& action)
{
    auto  opts = std::make_shared<ReportOptions>();
    auto* sub  = app.add_subcommand("report", "An HTML report for planners (one self-contained page, works offline): "
                                               "trajectories with P5-P95 bands, each variant against the baseline, "
                                               "the baseline's budget by programme and source and each variant's change from it, "
                                               "village and county exits, "
                                               "validation against documented targets");
    sub->add_option("studies", opts->studies,
                    "Study files written by `povsim run`; the first scenario of the first file is the baseline")
        ->required();
    sub->add_option("--out,-o", opts->out, "HTML file to write")->required();
    sub->add_option("--ceiling", opts->ceiling,
                    "Ceiling on total spending, 万元 per year: drawn on the baseline's budget chart, with the share "
                    "of replications above it");
    sub->add_flag("--quiet,-q", opts->quiet, "Do not say what was written");
    sub->callback([opts, &action] { action = [opts] { return run_report(*opts); }; });
    return sub;
}
