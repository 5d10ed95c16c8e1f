// povsim: the command line (composition root). Each subcommand is in its own app/cli_<name>.cpp;
// main() builds the parser, runs what the parsed subcommand set, and maps errors to exit codes:
// 0 ok, 2 bad input (scenario, arguments, output path), 1 internal error, 3 validation: an
// accounting or calibration target (with --strict also a check) missed its tolerance, 130
// interrupted (a valid study file marked incomplete may have been written). A failed write (disk
// full, file size limit) is exit 1 with a message naming the file, never a crash.
#include "app/commands.h"
#include "app/mpi_session.h"
#include "app/run_control.h"
#include "app/study_runner.h"
#include "output/atomic_file.h"
#include "output/h5_handles.h"
#include "scenarios/did_you_mean.h"
#include "sim/version.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <iostream>

using namespace povsim;

namespace {

std::string joined(int argc, char** argv)
{
    std::string s;
    for (int i = 0; i < argc; ++i) {
        s += (i ? " " : "") + std::string(argv[i]);
    }
    return s;
}

/// For "argument was not expected: --rnus": the nearest option of the subcommand given.
std::string option_hint(const CLI::App& app, int argc, char** argv)
{
    std::vector<std::string> known;
    for (const auto* sub : app.get_subcommands()) {
        for (const auto* opt : sub->get_options()) {
            for (const auto& name : opt->get_lnames()) {
                known.push_back("--" + name);
            }
        }
    }
    for (int i = 1; i < argc; ++i) {
        const std::string arg = std::string(argv[i]).substr(0, std::string(argv[i]).find('='));
        if (arg.rfind("--", 0) == 0 && std::find(known.begin(), known.end(), arg) == known.end()) {
            const auto hint = scenarios::detail::did_you_mean(arg, known);
            if (!hint.empty()) {
                return arg + hint;
            }
        }
    }
    return "";
}

} // namespace

int main(int argc, char** argv)
{
    const app::mpi::Session mpi(argc, argv); // one process unless built with MPI and started by mpirun
    // A write past the file size limit (ulimit -f) then fails with EFBIG, reported like a full
    // disk, instead of killing the process with SIGXFSZ and leaving its temporary behind.
    std::signal(SIGXFSZ, SIG_IGN);
    output::h5_no_close_at_exit();
    CLI::App app{"povsim: Monte Carlo microsimulation of targeted poverty alleviation (2016-2020) and its "
                 "consolidation (2021-2025)"};
    app.set_version_flag("--version", std::string("povsim ") + sim::engine_version + " (" + sim::git_commit + ")");
    app.require_subcommand(1);
    app.option_defaults()->always_capture_default(); // --help shows each default

    const auto  command_line = joined(argc, argv);
    cli::Action action;
    app::add_run_command(app, action, command_line);
    app::add_check_command(app, action);
    app::add_validate_command(app, action, command_line);
    app::add_calibrate_command(app, action);
    app::add_bench_command(app, action);
    app::add_diff_command(app, action);
    app::add_list_command(app, action);
    app::add_budget_command(app, action);
    app::add_report_command(app, action);
    app::add_compare_command(app, action);
    app::add_export_command(app, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        if (const auto hint = option_hint(app, argc, argv); rc != 0 && !hint.empty()) {
            std::cerr << "povsim: " << hint << "\n";
        }
        return rc == 0 ? cli::exit_ok : cli::exit_bad_input;
    }
    if (mpi.rank() > 0) { // the other ranks of `mpirun … povsim run` work for rank 0; other commands are rank 0's
        return app.got_subcommand("run") ? app::mpi::serve_replications(app::cancel_on_signals()) : cli::exit_ok;
    }
    try {
        return action ? action() : cli::exit_internal;
    } catch (const scenarios::ScenarioError& e) {
        std::cerr << "povsim: invalid scenario; nothing was written\n" << e.what() << "\n";
        return cli::exit_bad_input;
    } catch (const app::StudyRequestError& e) {
        std::cerr << "povsim: " << e.what() << "; nothing was written\n";
        return cli::exit_bad_input;
    } catch (const cli::BadInput& e) {
        std::cerr << "povsim: " << e.what() << "; nothing was written\n";
        return cli::exit_bad_input;
    } catch (const output::WriteError& e) { // the file is as it was: writes are all or nothing
        std::cerr << "povsim: " << e.what() << "\n";
        return cli::exit_internal;
    } catch (const std::exception& e) {
        std::cerr << "povsim: internal error: " << e.what() << "\n";
        return cli::exit_internal;
    }
}
