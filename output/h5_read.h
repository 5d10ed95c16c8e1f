#pragma once
// Reading primitives shared by the study reader and the dimension-scale pass: link lookups and
// string attributes, with messages that name the object.
#include "output/h5_handles.h"

#include <string>
#include <vector>

namespace povsim::output {

/// A damaged header can claim any extent; readers refuse absurd ones instead of allocating them.
inline constexpr hsize_t max_h5_elements = hsize_t{1} << 28;

/// @brief The extent of dataset @p ds (@p path names it in messages), checked before anything is
/// allocated for it: at most max_h5_elements elements, and no more bytes than the file can hold —
/// the file's size for contiguous or compact data, the bytes its chunks occupy for chunked data
/// (times deflate's largest ratio when compressed). A 3 MB file declaring 2^28 replications in
/// an unwritten chunked dataset is so refused before a terabyte of runs is allocated.
/// @throws std::runtime_error "<path> declares …: damaged file?"
std::vector<hsize_t> checked_extent(hid_t ds, const std::string& path);

/// @brief Whether @p parent has a link @p name; @p path names it in messages.
bool has_link(hid_t parent, const std::string& name, const std::string& path);

/// @brief Opens attribute @p name of @p obj; throws "missing attribute 'name' of path" if absent.
H5Attr open_attr(hid_t obj, const char* name, const std::string& path);

/// @brief Reads a scalar string attribute, variable- or fixed-length (other tools write either).
std::string read_string_attr(hid_t obj, const char* name, const std::string& path);

} // namespace povsim::output
