#include "app/commands.h"
#include "app/summarise_variants.h"

#include "models/metric_direction.h"
#include "output/comparison_csv.h"
#include "output/display_units.h"
#include "output/hdf5_reader.h"
#include "sim/ensemble_stats.h"
#include "sim/paired_stats.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using povsim::cli::BadInput;
namespace output = povsim::output;
namespace sim    = povsim::sim;
using povsim::app::LabelledRuns, povsim::app::print_variant_summaries, povsim::app::summarise_variants;

namespace {

struct CompareOptions {
    std::vector<std::string> studies;
    std::vector<std::string> metrics;  ///< empty: the headline set
    std::string              baseline; ///< empty: the first scenario of the first file
    std::string              csv;
    bool                     quiet = false; ///< the summary alone
};

// What a planner looks at first; new_spending stands for the budget.
const std::vector<std::string> headline_metrics{"n_registered_poor", "new_exits", "new_returns",
                                                "new_poor",          "n_monitored", "new_spending"};

/// @brief One scenario of one file, with the label it is shown under.
struct Candidate {
    std::string                   label; ///< its name, or name@file when several files hold that name
    const output::ScenarioOutput* scenario;
};

std::string describe_ids(const std::vector<int>& ids)
{
    if (ids.empty()) {
        return "no replications";
    }
    const auto [lo, hi] = std::minmax_element(ids.begin(), ids.end());
    return std::to_string(ids.size()) + " replications (" + std::to_string(*lo) + "-" + std::to_string(*hi) + ")";
}

std::string describe_years(const std::vector<int>& years)
{
    return years.empty() ? "no years" : std::to_string(years.front()) + "-" + std::to_string(years.back());
}

/// @brief Replication ids in ascending order: pairing is by id, so the row order does not matter.
std::vector<int> sorted_ids(const output::ScenarioOutput& sc)
{
    auto ids = sc.runs.replication_ids;
    std::sort(ids.begin(), ids.end());
    return ids;
}

/// @brief Runs of different files can be paired only if they drew the same random numbers.
void check_pairable(const std::vector<output::Study>& studies, const std::vector<std::string>& files)
{
    const auto& first = studies.front();
    for (std::size_t f = 0; f < studies.size(); ++f) {
        const auto& s = studies[f];
        if (s.scenarios.empty()) {
            throw BadInput(files[f] + ": the study holds no scenario");
        }
        const std::string pair = files[f] + " and " + files.front() + " cannot be paired: ";
        if (s.meta.seed != first.meta.seed) {
            throw BadInput(pair + "seed " + std::to_string(s.meta.seed) + " vs " + std::to_string(first.meta.seed) +
                           " (common random numbers need one seed)");
        }
        if (s.years != first.years) {
            throw BadInput(pair + "years " + describe_years(s.years) + " vs " + describe_years(first.years));
        }
        const auto ref = sorted_ids(first.scenarios.front());
        for (const auto& sc : s.scenarios) {
            if (sorted_ids(sc) != ref) {
                throw BadInput(pair + "scenario '" + sc.name + "' holds " + describe_ids(sc.runs.replication_ids) +
                               ", '" + first.scenarios.front().name + "' " +
                               describe_ids(first.scenarios.front().runs.replication_ids) +
                               " (rerun both with the same --runs)");
            }
        }
    }
}

std::vector<Candidate> candidates(const std::vector<output::Study>& studies, const std::vector<std::string>& files)
{
    std::map<std::string, int> count;
    for (const auto& s : studies) {
        for (const auto& sc : s.scenarios) {
            ++count[sc.name];
        }
    }
    std::vector<Candidate> out;
    for (std::size_t f = 0; f < studies.size(); ++f) {
        for (const auto& sc : studies[f].scenarios) {
            const bool clash = count[sc.name] > 1;
            out.push_back({clash ? sc.name + "@" + std::filesystem::path(files[f]).filename().string() : sc.name, &sc});
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (out[i].label == out[j].label) {
                throw BadInput("scenario '" + out[i].label + "' appears twice; give each file a different name");
            }
        }
    }
    return out;
}

std::size_t pick_baseline(const std::vector<Candidate>& all, const std::string& wanted)
{
    if (wanted.empty()) {
        return 0;
    }
    std::string names;
    std::vector<std::size_t> by_name;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i].label == wanted) {
            return i;
        }
        if (all[i].scenario->name == wanted) {
            by_name.push_back(i);
        }
        names += (names.empty() ? "" : ", ") + all[i].label;
    }
    if (by_name.size() == 1) {
        return by_name.front();
    }
    throw BadInput("--baseline " + wanted + ": " + (by_name.empty() ? "no such scenario" : "ambiguous") +
                   " (the files hold: " + names + ")");
}

/// @brief Metrics to show: those asked for (each must exist), or the headline metrics the study has.
std::vector<std::string> pick_metrics(const std::vector<std::string>& wanted, const output::ScenarioOutput& baseline)
{
    std::vector<std::string> have;
    for (const auto& m : baseline.runs.metrics) {
        have.push_back(m.name);
    }
    const auto exists = [&](const std::string& m) { return std::find(have.begin(), have.end(), m) != have.end(); };
    if (wanted.empty()) {
        std::vector<std::string> out;
        std::copy_if(headline_metrics.begin(), headline_metrics.end(), std::back_inserter(out), exists);
        return out;
    }
    for (const auto& m : wanted) {
        if (!exists(m)) {
            std::string names;
            for (const auto& h : have) {
                names += (names.empty() ? "" : ", ") + h;
            }
            throw BadInput("--metric " + m + ": no such metric (the study has: " + names + ")");
        }
    }
    return wanted;
}

/// @brief Three significant figures below 100, whole numbers above, "-" for undefined.
std::string num(double x)
{
    if (std::isnan(x)) {
        return "-";
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, std::abs(x) >= 100 ? "%.0f" : "%.3g", x);
    return buf;
}

/// @brief Prints one comparison; appends the narrowing factor of every row with a nonzero paired width.
void print_comparison(const sim::PairedComparison& c, const std::vector<std::string>& metrics,
                      std::vector<double>& narrowings)
{
    std::printf("\n%s vs %s: paired difference variant - baseline over %d replications, mean [P5, P95]\n",
                c.variant.c_str(), c.baseline.c_str(), c.n_pairs);
    std::printf("%-20s %-7s %5s %12s %12s  %-34s %9s %9s\n", "metric", "better", "year", "baseline", "variant",
                "difference mean [P5, P95]", "P(better)", "narrowing");
    for (const auto& name : metrics) {
        const auto it = std::find_if(c.metrics.begin(), c.metrics.end(),
                                     [&](const sim::MetricComparison& m) { return m.metric == name; });
        if (it == c.metrics.end()) {
            std::printf("%-20s (not in %s)\n", name.c_str(), c.variant.c_str());
            continue;
        }
        const char* better = it->better == sim::Better::none ? "-" : sim::to_string(it->better);
        const auto  shown  = output::display_units(it->units); // money in 万元, like run and budget
        const auto  show   = [&](double v) { return num(v / shown.divisor); };
        const std::string label = shown.divisor == 1 ? name : name + " (" + shown.label + ")";
        for (std::size_t y = 0; y < c.years.size(); ++y) {
            const auto&       s    = it->years[y];
            const std::string diff = show(s.mean_diff) + " [" + show(s.p05) + ", " + show(s.p95) + "]";
            const std::string prob = std::isnan(s.prob_better) ? "-"
                                     : s.tied()                ? "same"
                                                               : std::to_string(std::lround(100 * s.prob_better)) + "%";
            const std::string narrowing = std::isnan(s.narrowing) ? "-" : num(s.narrowing) + "x";
            std::printf("%-20s %-7s %5d %12s %12s  %-34s %9s %9s\n", label.c_str(), better, c.years[y],
                        show(s.mean_baseline).c_str(), show(s.mean_variant).c_str(), diff.c_str(), prob.c_str(),
                        narrowing.c_str());
            if (!std::isnan(s.narrowing)) {
                narrowings.push_back(s.narrowing);
            }
        }
    }
}

int run_compare(const CompareOptions& o)
{
    if (!o.csv.empty()) {
        povsim::cli::check_writable(o.csv);
        povsim::cli::check_distinct({o.studies.begin(), o.studies.end()}, {o.csv});
    }
    std::vector<output::Study> studies;
    for (const auto& f : o.studies) {
        studies.push_back(povsim::cli::read_study(f));
    }
    check_pairable(studies, o.studies);
    const auto all = candidates(studies, o.studies);
    if (all.size() < 2) {
        throw BadInput(o.studies.front() + " holds one scenario only; compare needs a baseline and a variant "
                                           "(run several scenarios together, or give several files)");
    }
    const std::size_t b       = pick_baseline(all, o.baseline);
    const auto        metrics = pick_metrics(o.metrics, *all[b].scenario);

    std::vector<sim::PairedComparison> comparisons;
    for (std::size_t v = 0; v < all.size(); ++v) {
        if (v == b) {
            continue;
        }
        try {
            comparisons.push_back(sim::compare_paired(all[b].label, all[b].scenario->runs, all[v].label,
                                                      all[v].scenario->runs, povsim::models::better_direction));
        } catch (const std::invalid_argument& e) {
            throw BadInput(e.what());
        }
    }
    if (!o.csv.empty()) {
        output::write_comparison_csv(o.csv, comparisons, o.metrics);
    }

    // The answer first: what each variant changes over the horizon, then the year-by-year detail.
    std::vector<LabelledRuns> variants;
    for (std::size_t v = 0; v < all.size(); ++v) {
        if (v != b) {
            variants.push_back({all[v].label, &all[v].scenario->runs, all[v].scenario->title});
        }
    }
    std::printf("Summary: each variant against the baseline %s, paired by replication (common random numbers)\n",
                all[b].label.c_str());
    try {
        print_variant_summaries(stdout, summarise_variants({all[b].label, &all[b].scenario->runs, all[b].scenario->title}, variants));
    } catch (const std::invalid_argument& e) {
        throw BadInput(e.what());
    }

    if (o.quiet) {
        std::fflush(stdout);
        return povsim::cli::exit_ok;
    }
    std::printf("\nDetail by year. Baseline %s. Runs are paired by replication index (common random numbers).\n"
                "better: the favourable direction of the metric (- where better has no meaning); P(better): share\n"
                "of replications where the variant is strictly better (same: every pair tied). narrowing: width of\n"
                "the unpaired 90%% interval (normal approximation for independent runs, mean diff +/- %.3f\n"
                "sqrt(sd_b^2 + sd_v^2)) / width of the paired P5-P95; - where the paired width is 0.\n",
                all[b].label.c_str(), sim::z95);
    std::vector<double> narrowings;
    for (const auto& c : comparisons) {
        print_comparison(c, metrics, narrowings);
    }
    if (narrowings.empty()) {
        std::printf("\nNo row has a nonzero paired width: no narrowing factor to report.\n");
    } else {
        std::printf("\nMedian narrowing factor over %zu rows with a nonzero paired width: %.2fx\n", narrowings.size(),
                    sim::quantile(narrowings, 0.5));
    }
    std::fflush(stdout);
    if (!o.csv.empty()) {
        std::fprintf(stderr, "wrote %s\n", o.csv.c_str());
    }
    return povsim::cli::exit_ok;
}

} // namespace

CLI::App* povsim::app::add_compare_command(CLI::App& app, cli::Action& action)
{
    auto  opts = std::make_shared<CompareOptions>();
    auto* sub  = app.add_subcommand(
        "compare", "Paired differences between scenarios run on common random numbers: each variant against the "
                    "baseline, per metric and year, with P(better) and the narrowing over unpaired runs");
    sub->add_option("studies", opts->studies,
                    "Study files written by `povsim run`; one file: its first scenario is the baseline; several "
                    "files: they must share seed, years and replications")
        ->required();
    sub->add_option("--metric,-m", opts->metrics,
                    "Metric to show (repeatable; default: n_registered_poor, new_exits, new_returns, new_poor, "
                    "n_monitored, new_spending); also limits --csv");
    sub->add_option("--baseline,-b", opts->baseline,
                    "Baseline scenario (default: the first scenario of the first file); name@file when several "
                    "files hold the same name");
    sub->add_option("--csv", opts->csv, "Also write every metric x year x variant as CSV");
    sub->add_flag("--quiet,-q", opts->quiet, "Print the summary alone (no yearly detail, no notes)");
    sub->callback([opts, &action] { action = [opts] { return run_compare(*opts); }; });
    return sub;
}
