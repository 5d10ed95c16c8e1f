// povsim: the command line (composition root). Subcommands: run, check, list.
// Exit codes: 0 ok, 2 bad input (scenario, arguments, output path), 1 internal error,
// 3 validation: an accounting or calibration target (with --strict also a check) missed its
// tolerance, 130 interrupted (a valid study file marked incomplete may have been written).
#include "output/csv_writer.h"
#include "output/hdf5_writer.h"
#include "scenarios/benchmark.h"
#include "scenarios/calibration.h"
#include "scenarios/catalog.h"
#include "scenarios/cli_budget.h"
#include "scenarios/cli_export.h"
#include "scenarios/cli_compare.h"
#include "scenarios/cli_common.h"
#include "scenarios/cli_report.h"
#include "scenarios/console_national.h"
#include "scenarios/console_summary.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/study_runner.h"
#include "scenarios/validation.h"
#include "sim/version.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace povsim;

namespace {

// Set from the signal handler; a handler can reach nothing but a global.
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted = true; }

using cli::BadInput, cli::check_writable;
using cli::exit_ok, cli::exit_internal, cli::exit_bad_input, cli::exit_target_missed, cli::exit_interrupted;

std::string joined(int argc, char** argv)
{
    std::string s;
    for (int i = 0; i < argc; ++i) {
        s += (i ? " " : "") + std::string(argv[i]);
    }
    return s;
}

std::vector<scenarios::LoadedScenario> load_all(const std::vector<std::string>& args,
                                                const std::vector<std::string>& overrides)
{
    std::vector<scenarios::LoadedScenario> out;
    for (const auto& a : args) {
        out.push_back(scenarios::load_scenario(scenarios::resolve_scenario_path(a), overrides));
    }
    return out;
}

/// Progress on a terminal only, and only once a run has lasted a second.
class Progress {
public:
    Progress() : m_tty(isatty(STDERR_FILENO) != 0), m_start(std::chrono::steady_clock::now()) {}
    void update(const std::string& scenario, int done, int total)
    {
        if (!m_tty) {
            return;
        }
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        if (secs < 1.0 && done < total) {
            return;
        }
        const double rate = done / std::max(secs, 1e-9);
        std::fprintf(stderr, "\r[%s] %d/%d replications, %.1f/s, ETA %.0fs   ", scenario.c_str(), done, total, rate,
                     (total - done) / std::max(rate, 1e-9));
        m_shown = true;
        if (done == total) {
            m_start = std::chrono::steady_clock::now();
        }
    }
    ~Progress()
    {
        if (m_shown) {
            std::fputc('\n', stderr);
        }
    }

private:
    bool m_tty, m_shown = false;
    std::chrono::steady_clock::time_point m_start;
};

/// `run --households N [--panel-replication K]`: the household panel of one replication.
struct PanelOptions {
    std::optional<int>           households;
    std::optional<std::uint32_t> replication;
};

/// A panel asked for more households than a scenario has holds them all; say so, as it is not an error.
void note_clamped_panels(const output::Study& study, int requested)
{
    for (const auto& sc : study.scenarios) {
        const auto total = sc.panel ? sc.panel->attribute("households_total") : std::nullopt;
        if (total && *total < requested) {
            std::cerr << "povsim: note: --households " << requested << " is more than the " << *total
                      << " households of " << sc.name << "; its panel holds all of them\n";
        }
    }
}

int cmd_run(const std::vector<std::string>& files, const std::vector<std::string>& sets, std::optional<int> runs,
            std::optional<std::uint64_t> seed, std::optional<int> threads, std::optional<std::uint32_t> replication,
            const PanelOptions& panel,
            std::string out, const std::string& csv, bool quiet, const std::string& command_line)
{
    scenarios::StudyRequest req;
    req.scenarios = load_all(files, sets);
    if (out.empty()) {
        out = req.scenarios.front().params.scenario.name + ".h5";
    }
    check_writable(out);
    if (!csv.empty()) {
        check_writable(csv);
    }
    req.runs             = runs;
    req.seed             = seed;
    req.threads          = threads;
    req.only_replication = replication;
    if (panel.households) {
        req.panel_households  = static_cast<std::size_t>(*panel.households);
        req.panel_replication = panel.replication;
    }
    req.command_line     = command_line;
    req.cancel           = &g_interrupted;
    Progress progress;
    req.on_progress = [&](const std::string& s, int d, int t) { progress.update(s, d, t); };
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    const auto study = scenarios::run_study(req);
    if (study.scenarios.front().runs.runs.empty()) {
        std::cerr << "povsim: interrupted before any replication finished; nothing written\n";
        return exit_interrupted;
    }
    output::write_study_h5(out, study);
    if (panel.households) {
        note_clamped_panels(study, *panel.households);
    }
    if (!csv.empty()) {
        output::write_summary_csv(csv, study);
    }
    if (!quiet) {
        scenarios::print_summary(std::cout, study, {"n_registered_poor", "new_exits", "new_returns", "new_poor", "n_monitored"});
        scenarios::print_national(std::cout, study);
        scenarios::print_budget(std::cout, study);
        std::cout << "\nwrote " << out << (csv.empty() ? "" : " and " + csv) << "\n";
    }
    if (!study.meta.complete) {
        std::cerr << "povsim: interrupted; " << out << " holds the " << study.scenarios.front().runs.runs.size()
                  << " finished replications and is marked incomplete\n";
        return exit_interrupted;
    }
    return exit_ok;
}

int cmd_validate(const std::vector<std::string>& files, const std::vector<std::string>& sets, std::optional<int> runs,
                 std::optional<std::uint64_t> seed, std::optional<int> threads, const std::string& out, bool strict,
                 const std::string& command_line)
{
    scenarios::StudyRequest req;
    req.scenarios = load_all(files, sets);
    if (!out.empty()) {
        check_writable(out);
    }
    req.runs         = runs;
    req.seed         = seed;
    req.threads      = threads;
    req.command_line = command_line;
    req.cancel       = &g_interrupted;
    Progress progress;
    req.on_progress = [&](const std::string& s, int d, int t) { progress.update(s, d, t); };
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    // Each scenario is validated on its own horizon, so they need not share one study.
    bool missed = false, checks_failed = false;
    for (auto& loaded : req.scenarios) {
        scenarios::StudyRequest one = req;
        one.scenarios               = {loaded};
        const auto study            = scenarios::run_study(one);
        if (!study.meta.complete) {
            std::cerr << "povsim: interrupted; no verdict\n";
            return exit_interrupted;
        }
        const auto checks = scenarios::check_targets(loaded.params, study.scenarios.front());
        scenarios::print_validation(std::cout, loaded.params.scenario.name, checks);
        missed = scenarios::targets_missed(checks, strict) || missed;
        for (const auto& c : checks) {
            checks_failed = checks_failed || (c.target.role == models::TargetRole::Check && !c.passes);
        }
        if (!out.empty() && req.scenarios.size() == 1) {
            output::write_study_h5(out, study);
            std::cout << "wrote " << out << "\n";
        }
    }
    if (checks_failed && !strict) {
        std::cout << "\nSome checks missed (FAIL above): reported, but without --strict they do not set exit code 3\n";
    }
    return missed ? exit_target_missed : exit_ok;
}

int cmd_calibrate(const std::string& file, const std::vector<std::string>& fit, const std::vector<std::string>& sets,
                  std::optional<int> runs, std::optional<std::uint64_t> seed, std::optional<int> threads, int iterations)
{
    std::vector<scenarios::FitParameter> params;
    for (const auto& f : fit) {
        try {
            params.push_back(scenarios::parse_fit_parameter(f));
        } catch (const std::invalid_argument& e) {
            throw BadInput(e.what());
        }
    }
    scenarios::FitOptions options;
    options.runs           = runs.value_or(16);
    options.seed           = seed;
    options.threads        = threads.value_or(0);
    options.max_iterations = iterations;
    options.overrides      = sets;
    const auto path        = scenarios::resolve_scenario_path(file);
    const auto loaded      = scenarios::load_scenario(path, sets); // bad input fails here, before any run
    const auto result = [&] {
        try {
            return scenarios::calibrate(path, params, options, std::cerr);
        } catch (const std::invalid_argument& e) { // no calibration target, or bounds a distribution cannot reach
            throw BadInput(e.what());
        }
    }();
    // The full table, every group: what was fitted, and how the held-out checks fare at the fit.
    scenarios::print_validation(std::cout, loaded.params.scenario.name, result.checks);
    std::cout << "\nBest values after " << result.evaluations << " evaluations of " << options.runs
              << " replications (cost " << result.cost << "):\n";
    for (const auto& set : result.overrides) {
        // A distribution's inline table has spaces and quotes: quote it for the shell.
        const bool plain = set.find_first_of(" \"{") == std::string::npos;
        std::cout << "  --set " << (plain ? set : "'" + set + "'") << "\n";
    }
    return scenarios::targets_missed(result.checks, false) ? exit_target_missed : exit_ok;
}

int cmd_check(const std::string& file, const std::vector<std::string>& sets)
{
    const auto loaded = scenarios::load_scenario(scenarios::resolve_scenario_path(file), sets);
    std::cout << "# " << loaded.source_file << ": valid\n" << loaded.resolved_toml << "\n";
    return exit_ok;
}

int cmd_list()
{
    std::cout << "Built-in scenarios in " << scenarios::builtin_dir().string() << ":\n";
    for (const auto& e : scenarios::list_builtin()) {
        if (!e.error.empty()) {
            std::cout << "  " << e.name << "  (does not load: " << e.error << ")\n";
            continue;
        }
        std::cout << "  " << e.name << "  " << e.years << "  " << e.region << "\n      " << e.description << "\n";
    }
    return exit_ok;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"povsim: Monte Carlo microsimulation of targeted poverty alleviation (2016-2020) and its "
                 "consolidation (2021-2025)"};
    app.set_version_flag("--version", std::string("povsim ") + sim::engine_version + " (" + sim::git_commit + ")");
    app.require_subcommand(1);

    std::vector<std::string> files, sets;
    std::string              only_province;
    std::string              out, csv, check_file;
    std::optional<int>       runs, threads;
    std::optional<std::uint64_t> seed;
    std::optional<std::uint32_t> replication;
    PanelOptions                 panel;
    bool quiet = false;

    auto* run = app.add_subcommand("run", "Run one or more scenarios (common random numbers) into one HDF5 study file");
    run->add_option("scenarios", files, "Scenario files, or built-in names (see `povsim list`); the first is the baseline")
        ->required();
    run->add_option("--runs,-n", runs, "Replications (overrides [monte_carlo] runs)")->check(CLI::Range(1, 1000000));
    run->add_option("--seed", seed, "Master seed (overrides [monte_carlo] seed)");
    run->add_option("--threads,-j", threads, "Worker threads, 0 = all cores (results do not depend on it)")
        ->check(CLI::Range(0, 1024));
    run->add_option("--replication", replication, "Rerun this single replication index alone");
    auto* households = run->add_option("--households", panel.households,
                                       "Also write the yearly state of N households (a systematic sample; more than "
                                       "the population gives all) to /scenarios/<name>/households")
                           ->check(CLI::Range(1, 100000000));
    run->add_option("--panel-replication", panel.replication,
                    "Replication whose households are written (default: the first one run)")
        ->needs(households);
    run->add_option("--out,-o", out, "Study file to write (default: <scenario name>.h5)");
    run->add_option("--csv", csv, "Also write the summary by year as CSV");
    run->add_option("--set", sets, "Override a scenario key, e.g. --set thresholds.exit_margin=500 (repeatable)");
    run->add_flag("--quiet,-q", quiet, "Do not print the summary table");
    const char* only_help = "Run one province of a national scenario (e.g. 甘肃): its counties, and its registered "
                            "share of every quota, ceiling and registry segment (= --set population.only_province=…)";
    run->add_option("--only-province", only_province, only_help);

    auto* check = app.add_subcommand("check", "Validate a scenario and print it fully resolved (extends and --set applied)");
    check->add_option("scenario", check_file, "Scenario file or built-in name")->required();
    check->add_option("--set", sets, "Override a scenario key (repeatable)");
    check->add_option("--only-province", only_province, only_help);

    auto* validate = app.add_subcommand(
        "validate", "Run scenarios and compare each documented [[targets]] value with the simulation, by role "
                    "(exit 3 if an accounting or calibration target misses; with --strict also a check)");
    validate->add_option("scenarios", files, "Scenario files or built-in names")->required();
    validate->add_option("--runs,-n", runs, "Replications (overrides [monte_carlo] runs)")->check(CLI::Range(1, 1000000));
    validate->add_option("--seed", seed, "Master seed (overrides [monte_carlo] seed)");
    validate->add_option("--threads,-j", threads, "Worker threads, 0 = all cores")->check(CLI::Range(0, 1024));
    validate->add_option("--set", sets, "Override a scenario key (repeatable)");
    validate->add_option("--only-province", only_province, only_help);
    validate->add_option("--out,-o", out, "Also write the study file (one scenario only)");
    bool strict = false;
    validate->add_flag("--strict", strict, "Exit 3 also when a check (held-out target) misses, not only an accounting "
                                           "or calibration target");

    std::vector<std::string> fit;
    int iterations = 12;
    auto* calibrate = app.add_subcommand(
        "calibrate", "Fit scenario parameters to the [[targets]] with role = \"calibration\" (least squares on "
                     "Monte Carlo means, common random numbers), then print the whole validation table");
    calibrate->add_option("scenario", check_file, "Scenario file or built-in name")->required();
    calibrate->add_option("--param,-p", fit, "A parameter to fit: key=lo:hi or key=lo:hi:start (repeatable)")->required();
    calibrate->add_option("--runs,-n", runs, "Replications per evaluation (default 16)")->check(CLI::Range(1, 100000));
    calibrate->add_option("--seed", seed, "Master seed (default: the scenario's)");
    calibrate->add_option("--threads,-j", threads, "Worker threads, 0 = all cores")->check(CLI::Range(0, 1024));
    calibrate->add_option("--iterations", iterations, "Levenberg-Marquardt iterations at most")->check(CLI::Range(1, 200));
    calibrate->add_option("--set", sets, "Override another scenario key (repeatable)");

    auto* bench = app.add_subcommand("bench", "Measure household-years per second (1 thread and all threads) and memory");
    bench->add_option("scenario", check_file, "Scenario file or built-in name")->required();
    bench->add_option("--runs,-n", runs, "Replications per timing (default 4)")->check(CLI::Range(1, 100000));
    bench->add_option("--threads,-j", threads, "Threads for the parallel timing, 0 = all cores")->check(CLI::Range(0, 1024));
    bench->add_option("--set", sets, "Override a scenario key (repeatable)");
    std::vector<double> bench_sizes;
    bench->add_option("--households", bench_sizes,
                      "Also time the scenario scaled to these sizes (same shares; one replication each, all threads inside)")
        ->delimiter(',')
        ->check(CLI::Range(1.0, 2.0e9));

    auto* list = app.add_subcommand("list", "List the built-in scenarios");

    // Subcommands in their own files (scenarios/cli_<name>.cpp) set this when they are parsed.
    cli::Action action;
    add_budget_command(app, action);
    add_report_command(app, action);
    add_compare_command(app, action);
    add_export_command(app, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? exit_ok : exit_bad_input;
    }
    if (!only_province.empty()) { // a TOML string: quotes and backslashes escaped
        std::string quoted;
        for (const char c : only_province) {
            quoted += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
        }
        sets.push_back("population.only_province=\"" + quoted + "\"");
    }
    try {
        if (action) {
            return action();
        }
        if (run->parsed()) {
            return cmd_run(files, sets, runs, seed, threads, replication, panel, out, csv, quiet, joined(argc, argv));
        }
        if (validate->parsed()) {
            return cmd_validate(files, sets, runs, seed, threads, out, strict, joined(argc, argv));
        }
        if (bench->parsed()) {
            const auto loaded = scenarios::load_scenario(scenarios::resolve_scenario_path(check_file), sets);
            scenarios::BenchRequest req;
            req.runs       = runs.value_or(4);
            req.threads    = threads.value_or(0);
            req.households = bench_sizes;
            scenarios::run_benchmark(loaded, req, std::cout);
            return exit_ok;
        }
        if (calibrate->parsed()) {
            return cmd_calibrate(check_file, fit, sets, runs, seed, threads, iterations);
        }
        if (check->parsed()) {
            return cmd_check(check_file, sets);
        }
        if (list->parsed()) {
            return cmd_list();
        }
    } catch (const scenarios::ScenarioError& e) {
        std::cerr << "povsim: invalid scenario; nothing was written\n" << e.what() << "\n";
        return exit_bad_input;
    } catch (const scenarios::StudyRequestError& e) {
        std::cerr << "povsim: " << e.what() << "; nothing was written\n";
        return exit_bad_input;
    } catch (const BadInput& e) {
        std::cerr << "povsim: " << e.what() << "; nothing was written\n";
        return exit_bad_input;
    } catch (const std::exception& e) {
        std::cerr << "povsim: internal error: " << e.what() << "\n";
        return exit_internal;
    }
    return exit_internal;
}
