#include "app/commands.h"

#include "output/budget_ceilings.h"
#include "output/budget_table.h"
#include "output/budget_workbook.h"
#include "output/hdf5_reader.h"
#include "scenarios/scenario_loader.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using povsim::cli::BadInput;

namespace {

struct BudgetOptions {
    std::string           study;
    std::string           scenario; ///< empty: the study's first (baseline) scenario
    std::vector<std::string> ceilings; ///< as typed: V, SOURCE=V, YEAR:SOURCE=V, YEAR:total=V (万元)
    std::string           workbook;
    std::string           csv;
    bool                  quiet = false;
};

/// The file's ending says what it holds: `-o budget.csv` is a mistake that Excel would reject.
void check_extension(const std::string& file, const std::string& wanted, const std::string& option)
{
    auto ext = fs::path(file).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!file.empty() && ext != wanted) {
        throw BadInput(option + " " + file + ": expected a " + wanted + " file" +
                       (wanted == ".xlsx" && ext == ".csv" ? " (the CSV goes to --csv)" : ""));
    }
}

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

/// Programme id → name as the scenarios state them (`label`), read from the stored scenario text
/// the way the HTML report does; a text this version cannot load costs only the names.
std::map<std::string, std::string> programme_labels(const povsim::output::Study& study, const std::string& file)
{
    std::map<std::string, std::string> labels;
    for (const auto& sc : study.scenarios) {
        if (sc.scenario_text.empty()) {
            continue;
        }
        try {
            const auto loaded = povsim::scenarios::load_scenario_text(sc.scenario_text, file + ":/scenarios/" + sc.name);
            for (const auto& p : loaded.params.programmes) {
                labels.emplace(p.id, p.label);
            }
        } catch (const std::exception& e) {
            std::cerr << "povsim budget: " << file << ", scenario " << sc.name
                      << ": programme names left out, the stored scenario does not load (" << e.what() << ")\n";
        }
    }
    return labels;
}

/// Everything that can be wrong with the user's input is checked before the first file is written.
int run_budget(const BudgetOptions& o)
{
    if (o.workbook.empty() && o.csv.empty()) {
        throw BadInput("povsim budget needs -o FILE.xlsx, --csv FILE.csv, or both");
    }
    check_extension(o.workbook, ".xlsx", "-o");
    check_extension(o.csv, ".csv", "--csv");
    if (o.workbook == o.csv) {
        throw BadInput(o.workbook + ": the workbook and the CSV cannot be the same file");
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
    std::vector<povsim::output::CeilingSpec> specs;
    try {
        specs = povsim::output::parse_ceilings(o.ceilings, study.years, spending->sources());
    } catch (const std::invalid_argument& e) {
        throw BadInput(e.what());
    }
    const auto ceilings = povsim::output::ceiling_rows(*spending, study.years, specs);

    if (!o.workbook.empty()) {
        povsim::output::BudgetWorkbookOptions wo;
        wo.ceilings         = specs;
        wo.programme_labels = programme_labels(study, o.study);
        povsim::output::write_budget_workbook(o.workbook, study, sc, wo);
    }
    if (!o.csv.empty()) {
        povsim::output::write_budget_csv(o.csv, sc.name, *spending, study.years, ceilings);
    }

    if (o.quiet) {
        return povsim::cli::exit_ok;
    }
    std::cout << "Budget of scenario " << sc.name << ", " << spending->runs() << " replications: total spending "
              << "per year, 万元, mean [P5-P95]\n";
    for (std::size_t y = 0; y < study.years.size(); ++y) {
        const auto s = povsim::output::run_stats(spending->across_runs(y, {}));
        std::printf("  %d  %12.2f [%.2f-%.2f]\n", study.years[y], s.mean / 1e4, s.p05 / 1e4, s.p95 / 1e4);
    }
    if (!ceilings.empty()) {
        std::printf("Ceilings, 万元: P(spending > ceiling) across replications [Wilson 95 %%]\n");
        for (const auto& c : ceilings) {
            const std::string when = c.what == "any" ? "any year" : c.what == "horizon" ? "sum of years"
                                                                                        : std::to_string(c.year);
            const std::string ceiling = c.what == "any" ? "-" : [&] {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.2f", c.ceiling_wan);
                return std::string(buf);
            }();
            std::printf("  %-12s  %-10s  %12s  %3zu/%zu  %s\n", when.c_str(),
                        c.source.empty() ? "total" : c.source.c_str(), ceiling.c_str(), c.above, c.runs,
                        povsim::output::format_share(c.share).c_str());
        }
    }
    std::fflush(stdout);
    std::cerr << "wrote " << (o.workbook.empty() ? o.csv : o.workbook + (o.csv.empty() ? "" : " and " + o.csv))
              << "\n";
    return povsim::cli::exit_ok;
}

} // namespace

CLI::App* povsim::app::add_budget_command(CLI::App& app, cli::Action& action)
{
    auto  opts = std::make_shared<BudgetOptions>();
    auto* sub  = app.add_subcommand("budget", "Budget of a study for finance bureaus: an Excel workbook and/or a CSV "
                                               "by year, programme and funding source (万元, mean, P5, P50, P95), "
                                               "cost per exit, charts, each variant minus the baseline, and the "
                                               "probability of exceeding ceilings per year and funding source");
    sub->add_option("study", opts->study, "Study file written by `povsim run`")->required();
    sub->add_option("--scenario", opts->scenario, "Scenario of the study (default: the first, the baseline)");
    sub->add_option("--ceiling", opts->ceilings,
                    "Ceiling, 万元, repeatable: V (total spending, every year), SOURCE=V (one funding source, every "
                    "year), YEAR:SOURCE=V or YEAR:total=V (one year, overriding the every-year one). The probability "
                    "of exceeding each, with a Wilson 95 % interval, goes to the console, workbook and CSV")
        ->allow_extra_args(false) // one value per --ceiling, so `--ceiling 9000 S.h5` leaves the study alone
        ->take_all();
    sub->add_option("--out,-o", opts->workbook, "Excel workbook to write (.xlsx)");
    sub->add_option("--csv", opts->csv, "Budget CSV to write: year x programme x source with totals, 万元");
    sub->add_flag("--quiet,-q", opts->quiet, "Print nothing (no table, no 'wrote')");
    sub->callback([opts, &action] { action = [opts] { return run_budget(*opts); }; });
    return sub;
}
