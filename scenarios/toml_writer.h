#pragma once
// resolved_toml is read by people (`povsim check`, the HDF5 scenario text), so floats must
// read as written: toml::toml_formatter, built with GCC, prints every double with 17
// significant digits (0.06 becomes 0.059999999999999998). This writer lays out tables the way
// the formatter does and delegates every other value to it, but prints floats in the shortest
// form that reads back to the same double. Internal to the loader (namespace detail).
#include <toml++/toml.h>

#include <string>

namespace povsim::scenarios::detail {

/// @brief Serialises @p root as TOML that parses back to an equal table.
/// @param[in] root the merged scenario table
/// @return the TOML text; keys in the table's (sorted) order
std::string write_toml(const toml::table& root);

} // namespace povsim::scenarios::detail
