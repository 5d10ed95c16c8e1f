#pragma once
// Writing primitives shared by every part of the study file (scenarios, comparisons, …), so
// each group is created, labelled, chunked and compressed the same way (SPEC §11): UTF-8 link
// names, creation order tracked, `units` and `description` on every dataset.
#include "output/h5_handles.h"

#include <filesystem>
#include <string>
#include <vector>

namespace povsim::output {

/// Per-run datasets (runs/<metric>, parameters/<key>) are chunked along replications so a reader
/// can pull a few runs without decompressing all; 256 rows of ten years is ~20 KB, near HDF5's
/// sweet spot.
inline constexpr hsize_t max_chunk_runs = 256;

/// @brief File-access properties for writing a study: format bounds 1.8 … latest (checksummed
/// headers, still readable by any HDF5 ≥ 1.8), and the file built in memory only: HDF5 writes
/// nothing to disk, finish_file() does, in one go. Why: HDF5 1.10 crashes (SIGSEGV in H5Ocopy's
/// cleanup, or at exit closing the file it could not flush) when a disk write fails, e.g. on a
/// full disk; a write of our own fails with a plain errno. Costs memory of the file's
/// (compressed) size, twice while it is written out, well below the study's own.
H5Plist make_study_file_access();

/// @brief Ends a file opened with make_study_file_access(): flushes and closes it (in memory,
/// which cannot fail for want of disk) and writes its image to @p path (created or truncated).
/// Every object of the file must be closed before (else HDF5 keeps the file open).
/// @throws WriteError "<what>: write failed: <reason>" (disk full, file size limit); the HDF5
///         file is closed either way, and @p path may then hold part of the image.
void finish_file(H5File& file, const std::filesystem::path& path, const std::string& what);

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
