#pragma once
// Results of one replication, reduced at the source: [metric × year] doubles. Workers
// return only this, never household state, so result memory is independent of the
// number of households.
#include <Eigen/Core>

#include <string>
#include <vector>

namespace povsim::sim {

/// @brief Name, unit and meaning of one metric (written as HDF5 attributes).
struct MetricInfo {
    std::string name;        ///< new_* flow in the year, n_* stock at year end, cum_* cumulative
    std::string units;       ///< e.g. "households", "persons", "yuan/person/yr", "share"
    std::string description; ///< one sentence for a researcher who has not read the code
};

/// @brief One replication's metrics; rows = metrics, columns = years of the horizon.
using ResultCube = Eigen::ArrayXXd;

/// @brief Every replication of one scenario: runs[r](metric, year).
struct ReplicationSet {
    std::vector<MetricInfo> metrics;  ///< row labels of each cube
    std::vector<int>        years;    ///< column labels of each cube
    std::vector<int>        replication_ids; ///< which replications are in @ref runs (in order)
    std::vector<ResultCube> runs;     ///< one cube per finished replication
};

} // namespace povsim::sim
