#pragma once
// Summaries across replications, per metric and year. Quantiles use linear interpolation
// between order statistics (Hyndman & Fan type 7, the default of R and NumPy), so a
// researcher recomputing them from runs/<metric> gets the same numbers.
#include "sim/result_cube.h"

#include <Eigen/Core>

#include <vector>

namespace povsim::sim {

/// @brief Summary statistics of one metric across replications, each indexed by year.
struct MetricSummary {
    Eigen::ArrayXd mean, sd, se, p05, p50, p95;
};

/// @brief Summary statistics of one labelled array across replications, each laid out like one
/// run's flattened array (row-major over [year × dims...], see ArrayInfo).
struct ArraySummary {
    std::vector<double> mean, sd, se, p05, p50, p95;
};

/// @brief Type-7 quantile of @p values (copied, then partially sorted); NaN if empty.
double quantile(std::vector<double> values, double q);

/// @brief Mean and standard deviation of a sample.
struct MeanSd {
    double mean, sd;
};

/// @brief Mean and sd (n−1 denominator, 0 for one value) of @p values; both NaN if empty.
MeanSd mean_sd(const std::vector<double>& values);

/// @brief Summaries for every metric of @p set; sd uses n−1; se = sd / sqrt(n).
std::vector<MetricSummary> summarise(const ReplicationSet& set);

/// @brief Summaries for every labelled array of @p set, element by element, with the conventions of
/// summarise(): sd uses n−1 (0 for one run), se = sd / sqrt(n), type-7 percentiles, NaN when there are no runs.
/// @return one per set.arrays, each vector of size ArrayInfo::size(set.years.size()).
/// @throws std::invalid_argument naming the array if array_runs is not [array][run] of that size.
std::vector<ArraySummary> summarise_arrays(const ReplicationSet& set);

/// @brief Values of @p metric in @p year across all replications of @p set.
std::vector<double> across_runs(const ReplicationSet& set, int metric, int year_index);

} // namespace povsim::sim
