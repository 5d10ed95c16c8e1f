#pragma once
// What a study file holds, as plain labelled arrays. output/ knows nothing about
// households: the engine hands it metric cubes, labels and text.
#include "sim/ensemble_stats.h"
#include "sim/paired_stats.h"
#include "sim/panel_table.h"
#include "sim/result_cube.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace povsim::output {

/// @brief Attributes of /meta.
struct StudyMeta {
    std::string   engine_version;           ///< povsim version
    std::string   git_commit;               ///< commit the engine was built from
    std::uint64_t seed          = 0;        ///< master seed (common to every scenario)
    int           runs_requested = 0;       ///< replications asked for
    int           first_year    = 0;        ///< first simulated year
    int           last_year     = 0;        ///< last simulated year
    std::string   created_utc;              ///< ISO 8601, e.g. 2026-11-24T10:00:00Z
    std::string   command_line;             ///< the command that produced the file
    bool          complete      = true;     ///< false when interrupted: only finished runs are stored
    // What `run --resume` needs to finish an interrupted study exactly as it was asked for.
    std::optional<std::uint32_t> only_replication;  ///< `--replication K`: the one replication asked for
    std::uint64_t                panel_households = 0; ///< `--households N` (0: no panel)
    std::uint32_t                panel_replication = 0; ///< whose panel, when panel_households > 0
};

/// @brief One scenario of the study.
struct ScenarioOutput {
    std::string                     name;          ///< group name under /scenarios
    std::string                     description;   ///< one line for planners
    std::string                     title;         ///< display name ([scenario] title), may be empty
    std::string                     source_file;   ///< path of the scenario file as given
    std::string                     scenario_text; ///< the full resolved scenario (TOML)
    sim::ReplicationSet             runs;          ///< per-replication metric cubes and labelled arrays
    std::vector<sim::MetricSummary> summary;       ///< one per metric, same order as runs.metrics
    /// one per labelled array, same order as runs.arrays (fill with sim::summarise_arrays(runs))
    std::vector<sim::ArraySummary>  array_summary;
    /// micro-data of one replication as a long table (layout: hdf5_panel.h); written, not read back
    std::optional<sim::PanelTable>  panel;
};

/// @brief A whole study as read back from a file (for compare, report and tests).
struct Study {
    StudyMeta                   meta;
    std::vector<int>            years;
    std::vector<ScenarioOutput> scenarios;
    /// each variant against the baseline (the first scenario), written to /comparisons; filled by
    /// the study runner, not by read_study_h5 (`compare` recomputes them from the runs)
    std::vector<sim::PairedComparison> comparisons;
};

} // namespace povsim::output
