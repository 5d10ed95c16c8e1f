#pragma once
// Calendar years as a closed range. Every year-indexed array in povsim is laid out by
// Horizon::index(year), so the mapping lives in one place.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace povsim::sim {

/// @brief The simulated years [first, last], both inclusive.
struct Horizon {
    int first = 2016; ///< first simulated year
    int last  = 2025; ///< last simulated year

    /// @return number of simulated years
    int size() const { return last - first + 1; }
    /// @return true if @p year lies inside the horizon
    bool contains(int year) const { return year >= first && year <= last; }
    /// @return position of @p year in year-indexed arrays; throws if outside
    int index(int year) const
    {
        if (!contains(year)) {
            throw std::out_of_range("year " + std::to_string(year) + " outside horizon " + std::to_string(first) +
                                    "-" + std::to_string(last));
        }
        return year - first;
    }
};

} // namespace povsim::sim
