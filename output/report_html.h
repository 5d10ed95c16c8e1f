#pragma once
// The planner's report (SPEC §11): one self-contained HTML page that works offline. The data
// go into the page as JSON; a vendored charting library (Chart.js, embedded into the binary at
// build time, see output/CMakeLists.txt) and a small script (output/report/report.js) draw the
// charts in the browser. output/ knows nothing about households: the caller names the metrics
// to chart, their titles, the funding-source labels and the validation rows.
#include "output/study.h"
#include "output/variant_summary.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace povsim::output {

/// @brief One documented target against the simulation, already evaluated by the caller.
struct ReportTargetRow {
    std::string target;   ///< what is measured, e.g. a metric name
    std::string years;    ///< "2016" or "2016-2020"
    std::string role;     ///< "accounting", "calibration" or "check"
    std::string compare;  ///< "about", "at_least" or "at_most"
    double      documented = 0, mean = 0, p05 = 0, p95 = 0;
    bool        inside = false; ///< the band P5–P95 meets the documented value (or bound)
    std::string error;    ///< as the caller prints it, e.g. "+3.2 %"
    bool        passes = false; ///< the mean is within the target's tolerance
    std::string echo;     ///< the input the target restates (an echo: not evidence); empty if none
    std::string source;   ///< where the document says so

    bool operator==(const ReportTargetRow&) const = default; ///< scenarios with equal tables share one
};

/// @brief What the caller knows about a scenario beyond the study file.
struct ReportScenarioNotes {
    std::string                        region;           ///< human name of the region; may be empty
    std::vector<ReportTargetRow>       targets;          ///< the validation table, grouped by role; may be empty
    std::string                        targets_summary;  ///< the line on the evidence, e.g. "checks 4, inside …"
    /// shown below the table or alone, e.g. why the targets could not be checked; leave it empty when
    /// the scenario simply states none (the page then only names it)
    std::string                        targets_note;
    std::map<std::string, std::string> programme_labels; ///< programme id → name for legends
};

/// @brief One study file as given on the command line.
struct ReportFile {
    std::string                      path;  ///< as given, shown in the header
    Study                            study;
    std::vector<ReportScenarioNotes> notes; ///< one per study.scenarios (missing entries mean "nothing known")
};

/// @brief A metric to chart, with its title for planners (Chinese and English welcome).
struct ReportMetric {
    std::string name;
    std::string title;
};

/// @brief A stock still on a list and the yearly flow off it, drawn together.
struct ReportTimeline {
    std::string stock; ///< metric at year end, e.g. units still on a list
    std::string flow;  ///< metric during the year, e.g. units leaving the list
    std::string title;
};

/// @brief What the page shows, chosen by the caller.
struct ReportLayout {
    std::string                        title;         ///< page heading
    std::vector<ReportMetric>          trajectories;  ///< bands per scenario and, with a baseline, paired differences
    std::vector<ReportTimeline>        timelines;
    std::string                        budget_array = "budget/spending"; ///< [year × programme × source], yuan
    std::map<std::string, std::string> source_labels; ///< source id → name for legends
    /// 万元 per year on total spending: a line on the baseline's budget chart and the share of
    /// replications above it; none when not given
    std::optional<double>              ceiling_wan;
    /// the answer first: per variant and window, the paired change of the headline outcomes
    /// (app/summarise_variants); empty: no summary section
    std::vector<VariantSummary>        summaries;
};

/// @brief The page for @p files: the first scenario of the first file is the baseline; every other
/// scenario is drawn over it and, where it shares the baseline's seed and replication indices
/// (common random numbers), as the paired difference per replication.
/// @param[in] files  studies read with read_study_h5, in command-line order (at least one)
/// @param[in] layout what to chart
/// @return the whole HTML document (UTF-8)
/// @throws std::invalid_argument if there is no file, no scenario, or the files cover different years
std::string report_html(const std::vector<ReportFile>& files, const ReportLayout& layout);

/// @brief Writes report_html() to @p path atomically (a temporary sibling renamed when complete).
/// @throws std::invalid_argument as report_html(); std::runtime_error naming @p path if it cannot be written
void write_report_html(const std::filesystem::path& path, const std::vector<ReportFile>& files,
                       const ReportLayout& layout);

} // namespace povsim::output
