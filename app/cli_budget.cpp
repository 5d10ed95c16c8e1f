#include "app/commands.h"

#include "output/budget_table.h"
#include "output/budget_workbook.h"
#include "output/hdf5_reader.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace fs = std::filesystem;
using povsim::cli::BadInput;

namespace {

struct BudgetOptions {
    std::string           study;
    std::string           scenario; ///< empty: the study's first (baseline) scenario
    std::optional<double> ceiling;  ///< 万元 per year on total spending
    std::string           workbook;
    std::string           csv;
};

const povsim::output::ScenarioOutput& pick_scenario(const povsim::output::Study& study, const BudgetOptions& o)
{
    if (o.scenario.empty()) {
        return study.scenarios.front();
    }
    std::string names;
    for (const auto& sc : study.scenarios) {
        if (sc.name == o.scenario) {
            return sc;
        }
        names += (names.empty() ? "" : ", ") + sc.name;
    }
    throw BadInput(o.study + ": no scenario '" + o.scenario + "' (the study has: " + names + ")");
}

/// Everything that can be wrong with the user's input is checked before the first file is written.
int run_budget(const BudgetOptions& o)
{
    if (o.workbook.empty() && o.csv.empty()) {
        throw BadInput("povsim budget needs -o FILE.xlsx, --csv FILE.csv, or both");
    }
    if (o.workbook == o.csv) {
        throw BadInput(o.workbook + ": the workbook and the CSV cannot be the same file");
    }
    if (o.ceiling && !(*o.ceiling >= 0)) {
        throw BadInput("--ceiling must be >= 0 (万元 per year on total spending)");
    }
    for (const auto& out : {o.workbook, o.csv}) {
        if (out.empty()) {
            continue;
        }
        povsim::cli::check_writable(out);
        std::error_code ec;
        if (fs::equivalent(out, o.study, ec)) {
            throw BadInput(out + ": this is the study file; it would be overwritten");
        }
    }
    const auto study = povsim::cli::read_study(o.study);
    const auto& sc       = pick_scenario(study, o);
    const auto  spending = povsim::output::BudgetCube::find(sc, "budget/spending");
    if (!spending || !povsim::output::BudgetCube::find(sc, "budget/need")) {
        throw BadInput(o.study + ": scenario '" + sc.name + "' has no budget arrays (budget/spending, budget/need): "
                                 "its scenario has no programmes");
    }
    if (spending->units() != "yuan") { // checked here too, so no file is written before the writers refuse
        throw BadInput(o.study + ": budget amounts are in '" + spending->units() + "', expected yuan");
    }
    if (spending->runs() == 0) {
        throw BadInput(o.study + ": scenario '" + sc.name + "' has no finished replication");
    }

    if (!o.workbook.empty()) {
        povsim::output::BudgetWorkbookOptions wo;
        wo.ceiling_wan = o.ceiling;
        povsim::output::write_budget_workbook(o.workbook, study, sc, wo);
    }
    if (!o.csv.empty()) {
        povsim::output::write_budget_csv(o.csv, sc.name, *spending, study.years);
    }

    std::cout << "Budget of scenario " << sc.name << ", " << spending->runs() << " replications: total spending "
              << "per year, 万元, mean [P5-P95]" << (o.ceiling ? ", P(> ceiling)" : "") << "\n";
    for (std::size_t y = 0; y < study.years.size(); ++y) {
        const auto per_run = spending->across_runs(y, {});
        const auto s       = povsim::output::run_stats(per_run);
        std::printf("  %d  %12.1f [%.1f-%.1f]", study.years[y], s.mean / 1e4, s.p05 / 1e4, s.p95 / 1e4);
        if (o.ceiling) {
            std::printf("  %5.1f%%", 100.0 * povsim::output::share_above(per_run, *o.ceiling * 1e4));
        }
        std::printf("\n");
    }
    std::fflush(stdout);
    std::cout << "wrote " << (o.workbook.empty() ? o.csv : o.workbook + (o.csv.empty() ? "" : " and " + o.csv))
              << "\n";
    return povsim::cli::exit_ok;
}

} // namespace

CLI::App* povsim::app::add_budget_command(CLI::App& app, cli::Action& action)
{
    auto  opts = std::make_shared<BudgetOptions>();
    auto* sub  = app.add_subcommand("budget", "Budget of a study for finance bureaus: an Excel workbook and/or a CSV "
                                               "by year, programme and funding source (万元, mean, P5, P50, P95), "
                                               "cost per exit, and the probability of exceeding a ceiling");
    sub->add_option("study", opts->study, "Study file written by `povsim run`")->required();
    sub->add_option("--scenario", opts->scenario, "Scenario of the study (default: the first, the baseline)");
    sub->add_option("--ceiling", opts->ceiling,
                    "Ceiling on total spending per year, 万元: the workbook gives the probability of exceeding it");
    sub->add_option("--out,-o", opts->workbook, "Excel workbook to write (.xlsx)");
    sub->add_option("--csv", opts->csv, "Budget CSV to write: year x programme x source with totals, 万元");
    sub->callback([opts, &action] { action = [opts] { return run_budget(*opts); }; });
    return sub;
}
