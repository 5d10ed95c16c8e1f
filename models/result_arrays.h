#pragma once
// The labelled per-replication arrays of a scenario ([year × label …], row-major), each
// declared once with its units, meaning and how a year's slice is read off the world.
#include "models/parameters.h"
#include "models/world.h"
#include "sim/result_cube.h"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace povsim::models {

/// Villages above this count get no per-village arrays (villages/<metric>): a national run
/// would store hundreds of thousands of columns per year and replication.
inline constexpr std::size_t max_villages_with_arrays = 10000;

/// @brief Labels of the per-replication arrays: with programmes, budget/spending and
/// budget/need [year × programme × source] and budget/served [year × programme]; with
/// registry segments, registry/exits and registry/exit_persons [year × segment];
/// registry/exits_by_pathway and exit_persons_by_pathway [year × pathway];
/// counties/poor_villages [year × county]; for up to max_villages_with_arrays villages (and none in a sample),
/// villages/collective_income and villages/poor [year × village].
std::vector<sim::ArrayInfo> result_arrays(const Parameters& p);

/// @return position of the array at @p path in result_arrays(p), or −1
int result_array_index(const Parameters& p, const std::string& path);

/// @brief Writes one year of every array of result_arrays(p) from the world at year end
/// (built once per replication: the labels are needed only for their sizes).
class ArrayRecorder {
public:
    using Fill = std::function<void(const World&, std::span<double>)>;
    explicit ArrayRecorder(const Parameters& p);
    ~ArrayRecorder();
    /// @return one zeroed array per result array, sized for @p years
    std::vector<std::vector<double>> zero_arrays(int years) const;
    void record(const World& w, std::vector<std::vector<double>>& arrays, int year_index) const;
    /// @return the units of array @p a (what a sample's weight applies to)
    const std::string& units(std::size_t a) const { return m_units[a]; }

private:
    std::vector<std::size_t> m_sizes; ///< values per year of each array
    std::vector<std::string> m_units;
    std::vector<Fill>        m_fill;
};

} // namespace povsim::models
