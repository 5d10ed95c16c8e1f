#include "app/commands.h"

#include "models/metric_direction.h"
#include "output/tidy_export.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

namespace fs = std::filesystem;
using povsim::cli::BadInput;

namespace {

struct ExportOptions {
    std::string study;
    std::string dir;
    bool        force = false;
    bool        quiet = false;
};

/// Nothing is written unless every file can be: the folder exists (or its parent does) and no
/// earlier export would be replaced without --force.
int run_export(const ExportOptions& o)
{
    const fs::path dir(o.dir);
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        throw BadInput(o.dir + ": not a folder (export writes " +
                       std::to_string(povsim::output::export_file_names().size()) + " CSV files into a folder)");
    }
    if (!fs::exists(dir, ec)) {
        povsim::cli::check_writable(dir);
    }
    if (!o.force) {
        for (const auto& name : povsim::output::export_file_names()) {
            if (fs::exists(dir / name, ec)) {
                throw BadInput((dir / name).string() + " exists; add --force to replace it");
            }
        }
    }
    const auto study = povsim::cli::read_study(o.study);
    fs::create_directories(dir, ec);
    if (ec) {
        throw BadInput(o.dir + ": cannot create the folder (" + ec.message() + ")");
    }
    const auto written = povsim::output::write_tidy_export(dir, study, [](const std::string& metric) {
        return std::string(povsim::sim::to_string(povsim::models::better_direction(metric)));
    });
    if (!o.quiet) {
        for (const auto& f : written) {
            std::cerr << "wrote " << (dir / f.name).string() << " (" << f.rows << " rows)\n";
        }
    }
    return povsim::cli::exit_ok;
}

} // namespace

CLI::App* povsim::app::add_export_command(CLI::App& app, cli::Action& action)
{
    auto  opts = std::make_shared<ExportOptions>();
    auto* sub  = app.add_subcommand("export", "A study as tidy CSV files for R, pandas or a database: runs.csv (every "
                                               "metric of every replication), budget.csv (spending and need by "
                                               "programme and source), parameters.csv (the draws), dictionary.csv");
    sub->add_option("study", opts->study, "Study file written by `povsim run`")->required();
    sub->add_option("--out,-o", opts->dir, "Folder to write the CSV files into (created if missing)")->required();
    sub->add_flag("--force", opts->force, "Replace CSV files an earlier export left in the folder");
    sub->add_flag("--quiet,-q", opts->quiet, "Do not list the files written");
    sub->callback([opts, &action] { action = [opts] { return run_export(*opts); }; });
    return sub;
}
