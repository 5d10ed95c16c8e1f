#include "output/hdf5_panel.h"

#include "output/array_layout.h"
#include "output/h5_write.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <type_traits>

namespace povsim::output {
namespace {

// The axis of every column; its coordinate is a 0..n-1 index (h5_dimensions.h).
constexpr const char* panel_row_axis = "row";

// 64 Ki rows of 4 bytes: 256 KB chunks, large enough for deflate, small enough that a reader
// slicing a few periods does not decompress the whole column.
constexpr hsize_t max_chunk_rows = 65536;

template <class T>
void write_column(hid_t group, const sim::PanelColumn& col, const std::vector<T>& values, const std::string& path)
{
    constexpr bool is_float = std::is_same_v<T, float>;
    const hid_t    file_type = is_float ? H5T_IEEE_F32LE : H5T_STD_I32LE;
    const hid_t    mem_type  = is_float ? H5T_NATIVE_FLOAT : H5T_NATIVE_INT32;
    const auto ds = write_vector(group, col.name, file_type, mem_type, values.data(), values.size(), col.units,
                                 col.description, path, max_chunk_rows);
    write_string_attr(ds.get(), array_layout::dims_attr, panel_row_axis, path);
    if (!col.labels.empty()) {
        write_string_attr(ds.get(), "labels", col.labels, path);
    }
}

} // namespace

void validate_panel(const ScenarioOutput& sc, const std::string& where)
{
    if (!sc.panel) {
        return;
    }
    const std::string w = where + "panel: ";
    require_link_name(sc.panel->name, w + "group");
    for (const auto& info : sc.runs.arrays) {
        if (array_layout::split(info.path, '/').front() == sc.panel->name) {
            throw std::runtime_error(w + "array '" + info.path + "' would land in the panel group '" +
                                     sc.panel->name + "'");
        }
    }
    const auto& columns = sc.panel->columns;
    if (columns.empty()) {
        throw std::runtime_error(w + "it has no columns");
    }
    std::set<std::string> names;
    for (const auto& col : columns) {
        require_link_name(col.name, w + "column");
        if (col.name.find(',') != std::string::npos) {
            throw std::runtime_error(w + "column name '" + col.name + "' contains a comma");
        }
        if (col.name == panel_row_axis) {
            throw std::runtime_error(w + "column name '" + col.name + "' is the name of the panel's row axis");
        }
        if (!names.insert(col.name).second) {
            throw std::runtime_error(w + "column '" + col.name + "' appears twice");
        }
        if (col.size() != columns.front().size()) {
            throw std::runtime_error(w + "column '" + col.name + "' has " + std::to_string(col.size()) +
                                     " rows, but '" + columns.front().name + "' has " +
                                     std::to_string(columns.front().size()));
        }
    }
}

void write_panel(hid_t scenario_group, const ScenarioOutput& sc, const std::string& root)
{
    if (!sc.panel) {
        return;
    }
    const auto&       table = *sc.panel;
    const std::string gpath = root + "/" + table.name;
    const H5Group     group = make_group(scenario_group, table.name, gpath);
    write_string_attr(group.get(), "description", table.description, gpath);
    std::vector<std::string> names;
    for (const auto& col : table.columns) {
        names.push_back(col.name);
    }
    write_string_attr(group.get(), "columns", array_layout::join(names, ','), gpath);
    for (const auto& [key, value] : table.attributes) {
        write_number_attr(group.get(), key.c_str(), H5T_STD_I64LE, H5T_NATIVE_INT64, value, gpath);
    }
    for (const auto& col : table.columns) {
        std::visit([&](const auto& values) { write_column(group.get(), col, values, gpath + "/" + col.name); },
                   col.values);
    }
}

} // namespace povsim::output
