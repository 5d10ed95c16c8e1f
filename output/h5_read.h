#pragma once
// Reading primitives shared by the study reader and the dimension-scale pass: link lookups and
// string attributes, with messages that name the object.
#include "output/h5_handles.h"

#include <string>

namespace povsim::output {

/// A damaged header can claim any extent; readers refuse absurd ones instead of allocating them.
inline constexpr hsize_t max_h5_elements = hsize_t{1} << 28;

/// @brief Whether @p parent has a link @p name; @p path names it in messages.
bool has_link(hid_t parent, const std::string& name, const std::string& path);

/// @brief Opens attribute @p name of @p obj; throws "missing attribute 'name' of path" if absent.
H5Attr open_attr(hid_t obj, const char* name, const std::string& path);

/// @brief Reads a scalar string attribute, variable- or fixed-length (other tools write either).
std::string read_string_attr(hid_t obj, const char* name, const std::string& path);

} // namespace povsim::output
