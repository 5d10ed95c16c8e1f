#pragma once
// The state one replication evolves: tables, the rules of the current year, the
// replication's parameters (uncertain keys at their draws) and this year's event counters.
#include "models/household_table.h"
#include "models/parameters.h"
#include "models/programme_state.h"
#include "models/region_tables.h"

#include <memory>
#include <vector>

namespace povsim::models {

/// @brief Rules in force in the current year (stage 1: thresholds and transition).
struct YearRules {
    int    year               = 0;   ///< the calendar year these rules are for
    double poverty_line       = 0;   ///< yuan/person/yr
    double exit_line          = 0;   ///< poverty line + exit margin
    double monitoring_line    = 0;   ///< yuan/person/yr
    double pension            = 0;   ///< yuan per elderly member
    double poor_extra_multiplier = 1; ///< phase-out of poverty-specific extras (transition)
    bool   registration_open  = true; ///< new households may enter the registry
    bool   monitoring_on      = false;
    CrisisYear crisis;               ///< factors of a year-specific shock (all 1 if none)
};

/// @brief Events of the current year, reset by stage 1 and read by the metrics observer.
struct YearFlows {
    double exits = 0, exit_persons = 0, exits_labour = 0, exit_persons_labour = 0, returns = 0, return_persons = 0;
    double new_poor = 0, new_poor_persons = 0, new_monitored = 0, monitoring_exits = 0;
    double illness = 0, medical_oop = 0, hardship = 0, disability = 0, disaster_villages = 0, job_losses = 0;
    double village_exits = 0, county_exits = 0, dissolved = 0;
    double spending = 0, need = 0;        ///< programme money this year, all sources (yuan)
    std::vector<double> exits_by_segment, exit_persons_by_segment; ///< registry segment at the base year
    std::vector<double> exits_by_segment_pathway; ///< [segment × pathway], row-major
    double exited_stock_at_start = 0; ///< exited households before this year's assessment (return-rate denominator)
    double exits_by_pathway[pathway_count] = {}, exit_persons_by_pathway[pathway_count] = {};
    double monitor_flagged = 0;                     ///< flags raised this year (MonitoringCohorts::flagged)
    std::vector<double> monitor_removed_by_cohort;  ///< flags removed this year within 2 years, by year raised − base year

    /// @return flows of the same shape, all zero (one chunk's part of a household pass)
    YearFlows zeroed() const
    {
        YearFlows z;
        z.exits_by_segment.assign(exits_by_segment.size(), 0.0);
        z.exit_persons_by_segment.assign(exit_persons_by_segment.size(), 0.0);
        z.exits_by_segment_pathway.assign(exits_by_segment_pathway.size(), 0.0);
        z.monitor_removed_by_cohort.assign(monitor_removed_by_cohort.size(), 0.0);
        return z;
    }
    /// @brief Add a chunk's flows (same shape).
    YearFlows& operator+=(const YearFlows& o);
};

/// @brief Monitoring flags by the year they were raised, for the share removed within two years.
struct MonitoringCohorts {
    std::vector<double> flagged, removed_within_2y; ///< index: year − base year
};

/// @brief Everything a replication's pipeline reads and writes.
struct World {
    /// The scenario as this replication sees it: every uncertain key holds its draw, so stages
    /// read `params->…value()` and never draw a parameter themselves. Immutable.
    const Parameters* params = nullptr;
    /// Owns *params for worlds made by make_world: on the heap, so a moved or copied World keeps
    /// params valid (hand-built test worlds point params at their own Parameters instead).
    std::shared_ptr<const Parameters> resolved;
    std::vector<double> drawn; ///< the draw of each non-fixed key (models/uncertain_keys.h order)
    HouseholdTable    households;
    VillageTable      villages;
    CountyTable       counties;
    YearRules         rules;
    YearFlows         flows;
    ProgrammeRuntime  programmes;
    double log_price = 0;             ///< region-level log farm price index (AR(1))
    MonitoringCohorts monitoring;
    double cum_exits = 0, cum_returns = 0, cum_new_poor = 0, cum_spending = 0;
    /// Threads inside this replication (sim/chunked.h): a run option, never part of the results.
    int threads = 1;
};

} // namespace povsim::models
