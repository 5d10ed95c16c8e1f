#include "output/h5_dimensions.h"

#include "output/array_layout.h"
#include "output/h5_read.h"
#include "output/h5_write.h"

#include <hdf5_hl.h>

#include <array>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace povsim::output {

namespace {

using H5Object = H5Handle<&H5Oclose>;

/// Axes whose coordinate is stored higher up under another name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> coordinate_sources{{
    {"run", "replication"},
    {"year", "years"},
}};

std::string source_name(const std::string& axis)
{
    for (const auto& [name, source] : coordinate_sources) {
        if (axis == name) {
            return std::string(source);
        }
    }
    return axis;
}

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* out)
{
    static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    return 0;
}

/// @brief Link names of @p group (by name: the root group does not track creation order).
std::vector<std::string> link_names(hid_t group, const std::string& path)
{
    std::vector<std::string> names;
    hsize_t                  idx = 0;
    check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &idx, &collect_name, &names), "cannot list " + path);
    return names;
}

std::string child_path(const std::string& path, const std::string& name)
{
    return path == "/" ? "/" + name : path + "/" + name;
}

std::vector<hsize_t> shape_of(hid_t ds, const std::string& path)
{
    const H5Space space(H5Dget_space(ds), "cannot get the dataspace of " + path);
    const auto    rank = check_count(H5Sget_simple_extent_ndims(space.get()), "cannot get the rank of " + path);
    std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
    check_count(H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr), "cannot get the extent of " + path);
    return shape;
}

/// @brief The axes named by the `dims` attribute of @p ds, or none; checked against its rank.
std::vector<std::string> axes_of(hid_t ds, const std::string& path)
{
    const auto rank = shape_of(ds, path).size();
    if (check_count(H5Aexists(ds, array_layout::dims_attr), "cannot look up the dims of " + path) <= 0) {
        if (rank != 1) {
            throw std::runtime_error(path + ": a dataset of rank " + std::to_string(rank) +
                                     " needs a 'dims' attribute naming its axes");
        }
        return {};
    }
    auto axes = array_layout::split(read_string_attr(ds, array_layout::dims_attr, path), ',');
    if (axes.size() != rank) {
        throw std::runtime_error(path + ": attribute 'dims' names " + std::to_string(axes.size()) +
                                 " axes for a dataset of rank " + std::to_string(rank));
    }
    return axes;
}

/// @brief Copies the nearest coordinate for @p axis found in @p lookup (innermost first) into
/// @p group; false when there is none.
bool copy_coordinate(hid_t group, const std::vector<hid_t>& lookup, const std::string& axis, const std::string& path)
{
    const std::string source = source_name(axis);
    for (auto it = lookup.rbegin(); it != lookup.rend(); ++it) {
        if (has_link(*it, source, path)) {
            const H5Object obj(H5Oopen(*it, source.c_str(), H5P_DEFAULT), "cannot open " + source);
            if (H5Iget_type(obj.get()) != H5I_DATASET) {
                continue;
            }
            const H5Plist lcpl = make_link_plist();
            check(H5Ocopy(*it, source.c_str(), group, axis.c_str(), H5P_DEFAULT, lcpl.get()),
                  "cannot copy the coordinate " + source + " into " + child_path(path, axis));
            return true;
        }
    }
    return false;
}

void write_index(hid_t group, const std::string& axis, hsize_t n, const std::string& path)
{
    std::vector<long long> index(n);
    std::iota(index.begin(), index.end(), 0LL);
    write_vector(group, axis, H5T_STD_I64LE, H5T_NATIVE_LLONG, index.data(), n, "index",
                 "Position (from 0) along the " + axis + " axis of the datasets in this group",
                 child_path(path, axis));
}

/// @brief Phase 1: every axis a dataset of @p group uses gets a coordinate dataset in @p group.
/// @param[in,out] lookup the groups above, innermost last (@p group is pushed while its children are visited).
void add_coordinates(hid_t group, const std::string& path, std::vector<hid_t>& lookup)
{
    const auto            names = link_names(group, path);
    std::set<std::string> present(names.begin(), names.end());
    lookup.push_back(group);
    for (const auto& name : names) {
        const std::string cpath = child_path(path, name);
        const H5Object    obj(H5Oopen(group, name.c_str(), H5P_DEFAULT), "cannot open " + cpath);
        if (H5Iget_type(obj.get()) == H5I_GROUP) {
            add_coordinates(obj.get(), cpath, lookup);
            continue;
        }
        const auto axes  = axes_of(obj.get(), cpath);
        const auto shape = shape_of(obj.get(), cpath);
        for (std::size_t k = 0; k < axes.size(); ++k) {
            if (present.insert(axes[k]).second && !copy_coordinate(group, lookup, axes[k], path)) {
                write_index(group, axes[k], shape[k], path);
            }
        }
    }
    lookup.pop_back();
}

/// @brief Phase 2: coordinates become dimension scales and are attached to every dataset.
void attach_scales(hid_t group, const std::string& path)
{
    std::map<std::string, std::vector<std::string>> axes_by_dataset;
    std::set<std::string>                            axis_names;
    for (const auto& name : link_names(group, path)) {
        const std::string cpath = child_path(path, name);
        const H5Object    obj(H5Oopen(group, name.c_str(), H5P_DEFAULT), "cannot open " + cpath);
        if (H5Iget_type(obj.get()) == H5I_GROUP) {
            attach_scales(obj.get(), cpath);
            continue;
        }
        auto axes = axes_of(obj.get(), cpath);
        axis_names.insert(axes.begin(), axes.end());
        axes_by_dataset.emplace(name, std::move(axes));
    }
    for (const auto& [name, axes] : axes_by_dataset) {
        if (!axes.empty() && axis_names.count(name) > 0) {
            throw std::runtime_error(child_path(path, name) + " has axes of its own and is also an axis of its group");
        }
        if (axes.empty()) { // a label list or index: its own coordinate
            const H5Dataset ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), "cannot open " + child_path(path, name));
            if (check_count(H5DSis_scale(ds.get()), "cannot inspect " + name) <= 0) {
                check(H5DSset_scale(ds.get(), name.c_str()), "cannot make " + child_path(path, name) + " a dimension scale");
            }
        }
    }
    for (const auto& [name, axes] : axes_by_dataset) {
        const std::string dpath = child_path(path, name);
        const H5Dataset   ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), "cannot open " + dpath);
        const auto        shape = shape_of(ds.get(), dpath);
        for (std::size_t k = 0; k < axes.size(); ++k) {
            const std::string spath = child_path(path, axes[k]);
            const H5Dataset   scale(H5Dopen2(group, axes[k].c_str(), H5P_DEFAULT), "cannot open " + spath);
            const auto        length = shape_of(scale.get(), spath);
            if (length.size() != 1 || length[0] != shape[k]) {
                throw std::runtime_error(dpath + ": axis '" + axes[k] + "' has " + std::to_string(shape[k]) +
                                         " elements but its coordinate " + spath + " has " +
                                         std::to_string(length.empty() ? 0 : length[0]));
            }
            check(H5DSattach_scale(ds.get(), scale.get(), static_cast<unsigned>(k)),
                  "cannot attach " + spath + " to " + dpath);
        }
    }
}

} // namespace

void attach_dimension_scales(hid_t file)
{
    const H5Group        root(H5Gopen2(file, "/", H5P_DEFAULT), "cannot open the root group");
    std::vector<hid_t>   lookup;
    add_coordinates(root.get(), "/", lookup);
    attach_scales(root.get(), "/");
}

} // namespace povsim::output
