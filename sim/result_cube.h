#pragma once
// Results of one replication, reduced at the source: a [metric × year] cube of doubles plus
// a few labelled arrays (e.g. spending [year × programme × source]). Workers return only
// this, never household state, so result memory is independent of the number of households.
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

/// @brief A scenario parameter drawn once per replication: name is its dotted scenario key
/// (e.g. "income.farm_growth"), description says what it is and its distribution.
using ParameterInfo = MetricInfo;

/// @brief One replication's metrics; rows = metrics, columns = years of the horizon.
using ResultCube = Eigen::ArrayXXd;

/// @brief A labelled array each replication returns besides the metric cube.
struct ArrayInfo {
    std::string              path;        ///< where it goes under the scenario group, e.g. "budget/spending"
    std::string              units;
    std::string              description;
    std::vector<std::string> dim_names;   ///< e.g. {"year", "programme", "source"}; the first is always "year"
    std::vector<std::vector<std::string>> dim_labels; ///< labels of each dimension after the first
    /// @return number of values per replication (years × every labelled dimension)
    std::size_t size(std::size_t n_years) const
    {
        std::size_t n = n_years;
        for (const auto& labels : dim_labels) {
            n *= labels.size();
        }
        return n;
    }
};

/// @return position of the array at @p path in @p arrays, or −1
inline int array_index(const std::vector<ArrayInfo>& arrays, const std::string& path)
{
    for (std::size_t a = 0; a < arrays.size(); ++a) {
        if (arrays[a].path == path) {
            return static_cast<int>(a);
        }
    }
    return -1;
}

/// @brief What one replication returns.
struct ReplicationResult {
    ResultCube                       metrics; ///< [metric × year]
    std::vector<std::vector<double>> arrays;  ///< one per ArrayInfo, row-major over its dimensions
    std::vector<double>              parameters; ///< the draw of each uncertain parameter (ReplicationSet::parameters)
};

/// @brief Every replication of one scenario: runs[r](metric, year) and array_runs[a][r].
struct ReplicationSet {
    std::vector<MetricInfo> metrics;         ///< row labels of each cube
    std::vector<int>        years;           ///< column labels of each cube
    std::vector<int>        replication_ids; ///< which replications are in @ref runs (in order)
    std::vector<ResultCube> runs;            ///< one cube per finished replication
    std::vector<ArrayInfo>  arrays;          ///< labelled arrays, same for every replication
    std::vector<std::vector<std::vector<double>>> array_runs; ///< [array][run] flattened values
    std::vector<ParameterInfo>       parameters;     ///< the scenario's uncertain (non-fixed) parameters
    std::vector<std::vector<double>> parameter_runs; ///< [parameter][run]: each replication's draw
};

} // namespace povsim::sim
