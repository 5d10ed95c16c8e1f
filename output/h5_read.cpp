#include "output/h5_read.h"

#include "output/display_units.h"

#include <algorithm>

#include <cstdio>
#include <stdexcept>

namespace povsim::output {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

constexpr hsize_t max_elements = max_h5_elements;

/// Deflate's output is at least 1/1032 of its input; shuffle and checksums change no size that
/// matters. Rounded up, so no real file is refused.
constexpr double deflate_max_ratio = 1100;
/// Declared data this small is read whatever the storage says: a few KB can never hurt, and
/// unwritten small datasets (fill values) stay readable.
constexpr double small_bytes = 64 * 1024;


/// How many times larger than its stored chunks a chunked dataset may be: 1 without filters,
/// deflate's bound with the filters povsim writes, and 0 (no bound known) with any other.
double expansion_limit(hid_t dcpl)
{
    const int n = H5Pget_nfilters(dcpl);
    if (n <= 0) {
        return 1;
    }
    for (int i = 0; i < n; ++i) {
        unsigned flags = 0, config = 0;
        size_t   nelmts = 0;
        const H5Z_filter_t f = H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &nelmts, nullptr, 0, nullptr,
                                              &config);
        if (f != H5Z_FILTER_DEFLATE && f != H5Z_FILTER_SHUFFLE && f != H5Z_FILTER_FLETCHER32) {
            return 0;
        }
    }
    return deflate_max_ratio;
}

} // namespace

std::vector<hsize_t> checked_extent(hid_t ds, const std::string& path)
{
    const H5Space space(H5Dget_space(ds), "cannot get the dataspace of " + path);
    const int     rank = static_cast<int>(check_count(H5Sget_simple_extent_ndims(space.get()), "cannot inspect " + path));
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "cannot get the extent of " + path);
    double n = 1; // in double: a product of damaged extents may overflow 64 bits
    for (const hsize_t d : dims) {
        n *= static_cast<double>(d);
    }
    if (n > static_cast<double>(max_elements)) {
        fail(path + " declares " + grouped(n) + " elements, more than the " + grouped(max_elements) +
             " a study dataset can have (damaged file?)");
    }
    const H5Type type(H5Dget_type(ds), "cannot get the type of " + path);
    const double bytes = n * static_cast<double>(H5Tget_size(type.get()));
    if (bytes <= small_bytes) {
        return dims;
    }
    const H5Plist dcpl(H5Dget_create_plist(ds), "cannot inspect the storage of " + path);
    hsize_t       file_size = 0;
    {
        const H5File file(H5Iget_file_id(ds), "cannot find the file of " + path);
        check(H5Fget_filesize(file.get(), &file_size), "cannot get the size of the file of " + path);
    }
    const double on_disk = static_cast<double>(file_size);
    if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED) { // contiguous or compact: stored as is, or not at all
        if (bytes > on_disk) {
            fail(path + " declares " + grouped(n) + " elements (" + grouped(bytes) +
                 " bytes), more than the whole file of " + grouped(on_disk) + " bytes (damaged file?)");
        }
        return dims;
    }
    const double limit = expansion_limit(dcpl.get());
    const double stored = std::min(static_cast<double>(H5Dget_storage_size(ds)), on_disk);
    if (limit > 0 && bytes > stored * limit + small_bytes) {
        fail(path + " declares " + grouped(n) + " elements (" + grouped(bytes) + " bytes) but stores " +
             grouped(stored) + " bytes of them (damaged file?)");
    }
    return dims;
}

bool has_link(hid_t parent, const std::string& name, const std::string& path)
{
    return check_count(H5Lexists(parent, name.c_str(), H5P_DEFAULT), "cannot look up " + path) > 0;
}

H5Attr open_attr(hid_t obj, const char* name, const std::string& path)
{
    const std::string what = "attribute '" + std::string(name) + "' of " + path;
    if (check_count(H5Aexists(obj, name), "cannot look up " + what) <= 0) {
        fail("missing " + what);
    }
    return H5Attr(H5Aopen(obj, name, H5P_DEFAULT), "cannot open " + what);
}


std::string read_string_attr(hid_t obj, const char* name, const std::string& path)
{
    const std::string what  = "attribute '" + std::string(name) + "' of " + path;
    const H5Attr      attr  = open_attr(obj, name, path);
    const H5Type      ftype(H5Aget_type(attr.get()), "cannot get the type of " + what);
    const H5Space     space(H5Aget_space(attr.get()), "cannot get the dataspace of " + what);
    if (H5Tget_class(ftype.get()) != H5T_STRING) {
        fail(what + " is not a string");
    }
    if (check_count(H5Sget_simple_extent_npoints(space.get()), "cannot size " + what) != 1) {
        fail(what + " is not a single string");
    }
    const htri_t is_vlen = static_cast<htri_t>(check_count(H5Tis_variable_str(ftype.get()), "cannot inspect " + what));
    if (is_vlen > 0) {
        H5Type mtype(H5Tcopy(H5T_C_S1), "cannot create a string type");
        check(H5Tset_size(mtype.get(), H5T_VARIABLE), "cannot create a string type");
        check(H5Tset_cset(mtype.get(), H5Tget_cset(ftype.get())), "cannot create a string type");
        char* text = nullptr;
        check(H5Aread(attr.get(), mtype.get(), &text), "cannot read " + what);
        std::string out = text != nullptr ? text : "";
        (void)H5Dvlen_reclaim(mtype.get(), space.get(), H5P_DEFAULT, &text);
        return out;
    }
    const std::size_t size = H5Tget_size(ftype.get());
    if (size == 0 || size > max_elements) {
        fail(what + " has an invalid size");
    }
    std::string buf(size, '\0');
    const H5Type mtype(H5Tcopy(ftype.get()), "cannot copy the type of " + what);
    check(H5Aread(attr.get(), mtype.get(), buf.data()), "cannot read " + what);
    buf.resize(buf.find('\0') == std::string::npos ? buf.size() : buf.find('\0'));
    if (H5Tget_strpad(ftype.get()) == H5T_STR_SPACEPAD) {
        buf.erase(buf.find_last_not_of(' ') + 1);
    }
    return buf;
}
} // namespace povsim::output
