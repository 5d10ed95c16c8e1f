#include "output/h5_write.h"

#include <algorithm>
#include <stdexcept>

namespace povsim::output {

namespace {
constexpr unsigned deflate_level = 4;
} // namespace

void require_link_name(const std::string& name, const std::string& what)
{
    if (name.empty() || name == "." || name.find('/') != std::string::npos ||
        name.find('\0') != std::string::npos) {
        throw std::runtime_error(what + " name '" + name + "' cannot be an HDF5 name (empty, '.', or contains '/')");
    }
}

// UTF-8 link names, so h5py shows 精河 as 精河 and not as escaped bytes.
H5Plist make_link_plist()
{
    H5Plist lcpl(H5Pcreate(H5P_LINK_CREATE), "cannot create a link property list");
    check(H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8), "cannot set UTF-8 link names");
    return lcpl;
}

/// @brief Creates @p parent/@p name, tracking creation order so the reader returns scenarios as given.
H5Group make_group(hid_t parent, const std::string& name, const std::string& path)
{
    const H5Plist lcpl = make_link_plist();
    H5Plist       gcpl(H5Pcreate(H5P_GROUP_CREATE), "cannot create a group property list");
    check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "cannot track link creation order");
    return H5Group(H5Gcreate2(parent, name.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT),
                   "cannot create group " + path);
}

void write_string_attr(hid_t obj, const char* name, const std::string& value, const std::string& path)
{
    const H5Type  type = make_utf8_string_type();
    const H5Space space(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace");
    const H5Attr  attr(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       "cannot create attribute '" + std::string(name) + "' of " + path);
    const char* text = value.c_str();
    check(H5Awrite(attr.get(), type.get(), &text), "cannot write attribute '" + std::string(name) + "' of " + path);
}

void label(hid_t obj, const std::string& units, const std::string& description, const std::string& path)
{
    write_string_attr(obj, "units", units, path);
    write_string_attr(obj, "description", description, path);
}

/// @brief Creation properties shared by every dataset (SPEC §11: chunked and compressed):
/// shuffle + deflate, and a Fletcher-32 checksum per chunk so silent bit rot becomes a read
/// error the reader can report. HDF5 refuses filters on variable-length strings, so those
/// (@p numeric false) are chunked only.
H5Plist make_dataset_plist(int rank, const hsize_t* chunk, const std::string& path, bool numeric)
{
    H5Plist dcpl(H5Pcreate(H5P_DATASET_CREATE), "cannot create a dataset property list");
    check(H5Pset_chunk(dcpl.get(), rank, chunk), "cannot set chunking for " + path);
    if (!numeric) {
        return dcpl;
    }
    check(H5Pset_shuffle(dcpl.get()), "cannot set the shuffle filter for " + path);
    check(H5Pset_deflate(dcpl.get(), deflate_level), "cannot set deflate compression for " + path);
    check(H5Pset_fletcher32(dcpl.get()), "cannot set the Fletcher-32 checksum for " + path);
    return dcpl;
}

/// @brief Writes a 1-D dataset of @p n elements (one chunk, unlimited so n may be 0) and labels it.
H5Dataset write_vector(hid_t parent, const std::string& name, hid_t file_type, hid_t mem_type, const void* data,
                       hsize_t n, const std::string& units, const std::string& description, const std::string& path,
                       hsize_t max_chunk)
{
    const hsize_t   max_dim = H5S_UNLIMITED;
    const hsize_t   chunk   = std::clamp<hsize_t>(n, 1, max_chunk > 0 ? max_chunk : std::max<hsize_t>(n, 1));
    const H5Plist   dcpl = make_dataset_plist(1, &chunk, path, H5Tget_class(file_type) != H5T_STRING);
    const H5Plist   lcpl = make_link_plist();
    const H5Space   space(H5Screate_simple(1, &n, &max_dim), "cannot create dataspace for " + path);
    H5Dataset ds(H5Dcreate2(parent, name.c_str(), file_type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
                       "cannot create dataset " + path);
    if (n > 0) {
        check(H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "cannot write dataset " + path);
    }
    label(ds.get(), units, description, path);
    return ds;
}

void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                   const std::string& units, const std::string& description, const std::string& path)
{
    std::vector<const char*> ptrs;
    ptrs.reserve(values.size());
    for (const auto& v : values) {
        ptrs.push_back(v.c_str());
    }
    const H5Type type = make_utf8_string_type();
    write_vector(parent, name, type.get(), type.get(), ptrs.data(), ptrs.size(), units, description, path);
}


} // namespace povsim::output
