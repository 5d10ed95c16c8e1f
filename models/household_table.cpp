#include "models/household_table.h"

#include <type_traits>

namespace povsim::models {

void HouseholdTable::resize(std::size_t n)
{
    for_each_column([n](auto& col) { col.assign(n, {}); });
}

std::size_t HouseholdTable::bytes_per_household()
{
    HouseholdTable table;
    std::size_t    bytes = 0;
    table.for_each_column([&bytes](auto& col) { bytes += sizeof(typename std::decay_t<decltype(col)>::value_type); });
    return bytes;
}

} // namespace povsim::models
