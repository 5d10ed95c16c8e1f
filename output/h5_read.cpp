#include "output/h5_read.h"

#include <stdexcept>

namespace povsim::output {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

constexpr hsize_t max_elements = max_h5_elements;

} // namespace

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
