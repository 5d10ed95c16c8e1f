#pragma once
// Writing primitives shared by every part of the study file (scenarios, comparisons, …), so
// each group is created, labelled, chunked and compressed the same way (SPEC §11): UTF-8 link
// names, creation order tracked, `units` and `description` on every dataset.
#include "output/h5_handles.h"

#include <string>
#include <vector>

namespace povsim::output {

/// Per-run datasets (runs/<metric>, parameters/<key>) are chunked along replications so a reader
/// can pull a few runs without decompressing all; 256 rows of ten years is ~20 KB, near HDF5's
/// sweet spot.
inline constexpr hsize_t max_chunk_runs = 256;

/// @brief Throws std::runtime_error unless @p name can be one HDF5 link name ('/' would create a
/// path, "." is the group itself); @p what says whose name it is, e.g. "scenario".
void require_link_name(const std::string& name, const std::string& what);

/// @brief A link-creation property list with UTF-8 names, so h5py shows 精河 and not escaped bytes.
H5Plist make_link_plist();

/// @brief Creates @p parent/@p name, tracking creation order so readers list children as written.
/// @param[in] path full path of the new group, for error messages.
H5Group make_group(hid_t parent, const std::string& name, const std::string& path);

/// @brief Writes the scalar UTF-8 string attribute @p name on @p obj.
void write_string_attr(hid_t obj, const char* name, const std::string& value, const std::string& path);

/// @brief Writes the scalar numeric attribute @p name on @p obj.
template <typename T>
void write_number_attr(hid_t obj, const char* name, hid_t file_type, hid_t mem_type, T value, const std::string& path)
{
    const H5Space space(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace");
    const H5Attr  attr(H5Acreate2(obj, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       "cannot create attribute '" + std::string(name) + "' of " + path);
    check(H5Awrite(attr.get(), mem_type, &value), "cannot write attribute '" + std::string(name) + "' of " + path);
}

/// @brief Writes the `units` and `description` attributes every dataset carries.
void label(hid_t obj, const std::string& units, const std::string& description, const std::string& path);

/// @brief Creation properties shared by every dataset: chunked with @p chunk, and for numeric data
/// shuffle + deflate + a Fletcher-32 checksum per chunk (HDF5 refuses filters on variable-length strings).
H5Plist make_dataset_plist(int rank, const hsize_t* chunk, const std::string& path, bool numeric = true);

/// @brief Writes a labelled 1-D dataset of @p n elements (unlimited so n may be 0), in chunks of at
/// most @p max_chunk elements (0: one chunk); returns it open, for further attributes.
H5Dataset write_vector(hid_t parent, const std::string& name, hid_t file_type, hid_t mem_type, const void* data,
                       hsize_t n, const std::string& units, const std::string& description, const std::string& path,
                       hsize_t max_chunk = 0);

/// @brief Writes a labelled 1-D dataset of UTF-8 strings.
void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                   const std::string& units, const std::string& description, const std::string& path);

} // namespace povsim::output
