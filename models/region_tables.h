#pragma once
// Villages and counties as small structures of arrays; row = id, fixed at generation.
#include <cstdint>
#include <string>
#include <vector>

namespace povsim::models {

/// @brief All villages of one replication.
struct VillageTable {
    std::vector<std::int32_t> county;            ///< index into CountyTable
    std::vector<std::int32_t> unit;              ///< index into Population::units
    std::vector<std::uint8_t> poor;              ///< on the poor-village list at the base year
    std::vector<std::int16_t> exit_year;         ///< year the village left the list, 0 if not (yet)
    std::vector<double>       collective_income; ///< yuan/yr
    std::vector<std::uint8_t> infrastructure_ok; ///< road, power, water and clinic all in place
    std::vector<float>        disaster_loss;     ///< share of farm income lost this year
    std::size_t count() const { return county.size(); }
};

/// @brief All counties of the region.
struct CountyTable {
    std::vector<std::string>  name;
    std::vector<std::uint8_t> western;   ///< 3 % exit incidence instead of 2 %
    std::vector<std::uint8_t> poor;      ///< on the poor-county list at the base year
    std::vector<std::int16_t> exit_year; ///< year of 摘帽, 0 if not (yet)
    std::size_t count() const { return name.size(); }
};

} // namespace povsim::models
