#include "output/hdf5_reader.h"

#include "output/array_layout.h"
#include "output/h5_handles.h"
#include "output/h5_read.h"
#include "output/hdf5_parameters.h"
#include "output/hdf5_writer.h"

#include <hdf5_hl.h>

#include <array>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace povsim::output {

namespace {

constexpr hsize_t max_elements = max_h5_elements;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

H5Group open_group(hid_t parent, const std::string& name, const std::string& path)
{
    if (!has_link(parent, name, path)) {
        fail("missing group " + path);
    }
    return H5Group(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), "cannot open group " + path);
}

H5Dataset open_dataset(hid_t parent, const std::string& name, const std::string& path)
{
    if (!has_link(parent, name, path)) {
        fail("missing dataset " + path);
    }
    return H5Dataset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), "cannot open dataset " + path);
}

/// @brief Reads a scalar integer attribute, converting from whatever integer width was stored.
template <typename T>
T read_int_attr(hid_t obj, const char* name, hid_t mem_type, const std::string& path)
{
    const std::string what = "attribute '" + std::string(name) + "' of " + path;
    const H5Attr      attr = open_attr(obj, name, path);
    const H5Type      ftype(H5Aget_type(attr.get()), "cannot get the type of " + what);
    const H5Space     space(H5Aget_space(attr.get()), "cannot get the dataspace of " + what);
    if (H5Tget_class(ftype.get()) != H5T_INTEGER) {
        fail(what + " is not an integer");
    }
    if (check_count(H5Sget_simple_extent_npoints(space.get()), "cannot size " + what) != 1) {
        fail(what + " is not a single value");
    }
    T value{};
    check(H5Aread(attr.get(), mem_type, &value), "cannot read " + what);
    return value;
}

std::vector<hsize_t> extent(hid_t ds, const std::string& path)
{
    return checked_extent(ds, path); // bounded by the file's size, before anything is allocated
}

std::string shape_text(const std::vector<hsize_t>& dims)
{
    std::string s = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        s += (i ? ", " : "") + std::to_string(dims[i]);
    }
    return s + (dims.size() == 1 ? ",)" : ")");
}

/// @brief Reads a numeric dataset of class @p cls; if @p expected is not empty the shape must equal it.
template <typename T>
std::vector<T> read_numbers(hid_t parent, const std::string& name, const std::string& path, hid_t mem_type,
                            H5T_class_t cls, int rank, const std::vector<hsize_t>& expected)
{
    const H5Dataset ds = open_dataset(parent, name, path);
    const H5Type    ftype(H5Dget_type(ds.get()), "cannot get the type of " + path);
    if (H5Tget_class(ftype.get()) != cls) {
        fail(path + (cls == H5T_FLOAT ? " is not floating-point" : " is not integer"));
    }
    const auto dims = extent(ds.get(), path);
    if (static_cast<int>(dims.size()) != rank || (!expected.empty() && dims != expected)) {
        fail(path + " has shape " + shape_text(dims) +
             (expected.empty() ? ", expected rank " + std::to_string(rank) : ", expected " + shape_text(expected)));
    }
    hsize_t n = 1;
    for (const hsize_t d : dims) {
        n *= d;
    }
    std::vector<T> values(n);
    if (n > 0) {
        check(H5Dread(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "cannot read " + path);
    }
    return values;
}

std::vector<std::string> read_strings(hid_t parent, const std::string& name, const std::string& path)
{
    const H5Dataset ds = open_dataset(parent, name, path);
    const H5Type    ftype(H5Dget_type(ds.get()), "cannot get the type of " + path);
    if (H5Tget_class(ftype.get()) != H5T_STRING || H5Tis_variable_str(ftype.get()) <= 0) {
        fail(path + " is not a list of variable-length strings");
    }
    const auto dims = extent(ds.get(), path);
    if (dims.size() != 1) {
        fail(path + " has shape " + shape_text(dims) + ", expected a 1-D list");
    }
    const H5Type       mtype = make_utf8_string_type();
    const H5Space      space(H5Dget_space(ds.get()), "cannot get the dataspace of " + path);
    std::vector<char*> ptrs(dims[0], nullptr);
    if (!ptrs.empty()) {
        check(H5Dread(ds.get(), mtype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "cannot read " + path);
    }
    std::vector<std::string> out;
    out.reserve(ptrs.size());
    for (const char* p : ptrs) {
        out.emplace_back(p != nullptr ? p : "");
    }
    if (!ptrs.empty()) {
        (void)H5Dvlen_reclaim(mtype.get(), space.get(), H5P_DEFAULT, ptrs.data());
    }
    return out;
}

/// @brief Names of the links in @p group, in creation order when the writer tracked it.
std::vector<std::string> child_names(hid_t group, const std::string& path)
{
    const H5Plist gcpl(H5Gget_create_plist(group), "cannot inspect group " + path);
    unsigned      order_flags = 0;
    check(H5Pget_link_creation_order(gcpl.get(), &order_flags), "cannot inspect group " + path);
    const H5_index_t index = (order_flags & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;

    H5G_info_t info{};
    check(H5Gget_info(group, &info), "cannot list group " + path);
    if (info.nlinks > max_elements) {
        fail(path + " lists an implausible number of members (damaged file?)");
    }
    std::vector<std::string> names;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const auto size = check_count(H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT),
                                      "cannot list group " + path);
        std::string name(static_cast<std::size_t>(size) + 1, '\0');
        check_count(H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT),
                    "cannot list group " + path);
        name.resize(static_cast<std::size_t>(size));
        names.push_back(std::move(name));
    }
    return names;
}

/// @brief Whether @p parent/@p name is a dimension scale (a coordinate added by h5_dimensions.h).
bool is_coordinate(hid_t parent, const std::string& name, const std::string& path)
{
    const H5Dataset ds = open_dataset(parent, name, path);
    return check_count(H5DSis_scale(ds.get()), "cannot inspect " + path) > 0;
}

/// @brief Opens every group of @p rel ("a/b", or "" for @p parent itself) one link at a time, so a
/// missing one is named.
H5Group open_groups(hid_t parent, const std::string& rel, const std::string& parent_path)
{
    H5Group     g(H5Gopen2(parent, ".", H5P_DEFAULT), "cannot open group " + parent_path);
    std::string path = parent_path;
    if (!rel.empty()) {
        for (const auto& part : array_layout::split(rel, '/')) {
            if (part.empty() || part == ".") {
                fail(parent_path + " lists an invalid array path '" + rel + "'");
            }
            path += "/" + part;
            g = open_group(g.get(), part, path);
        }
    }
    return g;
}

/// @brief Reads the labelled arrays listed in @p root/arrays (none when that list is absent:
/// files without arrays, including those written before arrays existed).
void read_arrays(hid_t group, const std::string& root, ScenarioOutput& sc)
{
    namespace al = array_layout;
    auto& set    = sc.runs;
    if (!has_link(group, al::list_name, root + "/" + al::list_name)) {
        return;
    }
    const auto    paths   = read_strings(group, al::list_name, root + "/" + al::list_name);
    const hsize_t n_runs  = set.replication_ids.size();
    const hsize_t n_years = set.years.size();
    set.arrays.reserve(paths.size());
    set.array_runs.reserve(paths.size());
    for (const auto& path : paths) {
        const std::string dir   = al::dirname(path);
        const std::string base  = al::basename(path);
        const std::string gpath = dir.empty() ? root : root + "/" + dir;
        const std::string apath = root + "/" + path;
        if (base.empty() || base == ".") {
            fail(root + "/" + al::list_name + " lists an invalid array path '" + path + "'");
        }
        const H5Group g = open_groups(group, dir, root);

        sim::ArrayInfo info;
        info.path = path;
        std::vector<std::string> axes;
        {
            const H5Dataset ds = open_dataset(g.get(), base, apath);
            info.units         = read_string_attr(ds.get(), "units", apath);
            info.description   = read_string_attr(ds.get(), "description", apath);
            axes               = al::split(read_string_attr(ds.get(), al::dims_attr, apath), ',');
        }
        if (axes.size() < 2 || axes[0] != "run" || axes[1] != "year") {
            fail(apath + ": attribute 'dims' must start with 'run,year', found '" + al::join(axes, ',') + "'");
        }
        info.dim_names.assign(axes.begin() + 1, axes.end());
        std::set<std::string> seen{"run", "year"};
        std::vector<hsize_t>  shape{n_years};
        for (std::size_t k = 1; k < info.dim_names.size(); ++k) {
            const std::string& dim = info.dim_names[k];
            if (dim.empty() || dim == "." || dim.find('/') != std::string::npos || !seen.insert(dim).second) {
                fail(apath + ": attribute 'dims' has an invalid or repeated axis '" + dim + "'");
            }
            info.dim_labels.push_back(read_strings(g.get(), dim, gpath + "/" + dim));
            shape.push_back(info.dim_labels.back().size());
        }

        std::vector<hsize_t> dims{n_runs};
        dims.insert(dims.end(), shape.begin(), shape.end());
        const auto values = read_numbers<double>(g.get(), base, apath, H5T_NATIVE_DOUBLE, H5T_FLOAT,
                                                 static_cast<int>(dims.size()), dims);
        const std::size_t per_run = info.size(n_years);
        auto&             runs    = set.array_runs.emplace_back();
        runs.reserve(n_runs);
        for (hsize_t r = 0; r < n_runs; ++r) {
            runs.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(r * per_run),
                              values.begin() + static_cast<std::ptrdiff_t>((r + 1) * per_run));
        }

        const std::string   spath = gpath + "/" + al::summary_name + "/" + base;
        const H5Group       sg    = open_groups(g.get(), std::string(al::summary_name) + "/" + base, gpath);
        sim::ArraySummary   s;
        const std::array<std::pair<const char*, std::vector<double>*>, 6> stats{
            {{"mean", &s.mean}, {"sd", &s.sd}, {"se", &s.se}, {"p05", &s.p05}, {"p50", &s.p50}, {"p95", &s.p95}}};
        for (const auto& [stat, target] : stats) {
            *target = read_numbers<double>(sg.get(), stat, spath + "/" + stat, H5T_NATIVE_DOUBLE, H5T_FLOAT,
                                           static_cast<int>(shape.size()), shape);
        }
        set.arrays.push_back(std::move(info));
        sc.array_summary.push_back(std::move(s));
    }
}

/// @brief Reads /scenarios/<name>/parameters/<key> [run] in the order written (nothing when the
/// group is absent: a scenario without uncertain parameters, or a file from before they were stored).
void read_parameters(hid_t group, const std::string& root, sim::ReplicationSet& set)
{
    const std::string gpath = root + "/" + parameters_group;
    if (!has_link(group, parameters_group, gpath)) {
        return;
    }
    const H5Group g = open_group(group, parameters_group, gpath);
    for (const auto& key : child_names(g.get(), gpath)) {
        const std::string path = gpath + "/" + key;
        if (is_coordinate(g.get(), key, path)) { // the run axis (h5_dimensions.h), not a parameter
            continue;
        }
        set.parameter_runs.push_back(read_numbers<double>(g.get(), key, path, H5T_NATIVE_DOUBLE, H5T_FLOAT, 1,
                                                          {set.replication_ids.size()}));
        const H5Dataset ds = open_dataset(g.get(), key, path);
        set.parameters.push_back(
            {key, read_string_attr(ds.get(), "units", path), read_string_attr(ds.get(), "description", path)});
    }
}

StudyMeta read_meta(hid_t file)
{
    if (!has_link(file, "meta", "/meta")) {
        fail("not a povsim study file (no /meta group)");
    }
    const H5Group meta = open_group(file, "meta", "/meta");
    const hid_t   g    = meta.get();
    if (check_count(H5Aexists(g, "format"), "cannot look up /meta attributes") <= 0) {
        fail("not a povsim study file (no /meta attribute 'format')");
    }
    const std::string format = read_string_attr(g, "format", "/meta");
    if (format != study_format_name) {
        fail("not a povsim study file (/meta format is '" + format + "')");
    }
    const auto version = read_int_attr<long long>(g, "format_version", H5T_NATIVE_LLONG, "/meta");
    if (version < 1 || version > study_format_version) {
        fail("study format_version " + std::to_string(version) + " is not supported (this build reads " +
             std::to_string(study_format_version) + "; written by a newer povsim?)");
    }
    StudyMeta m;
    m.engine_version = read_string_attr(g, "engine_version", "/meta");
    m.git_commit     = read_string_attr(g, "git_commit", "/meta");
    m.seed           = read_int_attr<unsigned long long>(g, "seed", H5T_NATIVE_ULLONG, "/meta");
    m.runs_requested = read_int_attr<int>(g, "runs_requested", H5T_NATIVE_INT, "/meta");
    m.first_year     = read_int_attr<int>(g, "start_year", H5T_NATIVE_INT, "/meta");
    m.last_year      = read_int_attr<int>(g, "end_year", H5T_NATIVE_INT, "/meta");
    m.created_utc    = read_string_attr(g, "created_utc", "/meta");
    m.command_line   = read_string_attr(g, "command_line", "/meta");
    m.complete       = read_int_attr<int>(g, "complete", H5T_NATIVE_INT, "/meta") != 0;
    const auto has = [&](const char* name) {
        return check_count(H5Aexists(g, name), "cannot look up /meta attributes") > 0;
    };
    if (has("only_replication")) {
        m.only_replication = read_int_attr<std::uint32_t>(g, "only_replication", H5T_NATIVE_UINT32, "/meta");
    }
    if (has("panel_households")) {
        m.panel_households  = read_int_attr<std::uint64_t>(g, "panel_households", H5T_NATIVE_UINT64, "/meta");
        m.panel_replication = read_int_attr<std::uint32_t>(g, "panel_replication", H5T_NATIVE_UINT32, "/meta");
    }
    return m;
}

ScenarioOutput read_scenario(hid_t scenarios, const std::string& name, const std::vector<int>& years)
{
    const std::string root  = "/scenarios/" + name;
    const H5Group     group = open_group(scenarios, name, root);
    ScenarioOutput    sc;
    sc.name          = name;
    sc.scenario_text = read_string_attr(group.get(), "scenario_text", root);
    sc.description   = read_string_attr(group.get(), "description", root);
    // Files written before titles existed have none.
    if (check_count(H5Aexists(group.get(), "title"), "cannot look up " + root + " title") > 0) {
        sc.title = read_string_attr(group.get(), "title", root);
    }
    sc.source_file   = read_string_attr(group.get(), "source_file", root);

    auto& set           = sc.runs;
    set.years           = years;
    set.replication_ids = read_numbers<int>(group.get(), "replication", root + "/replication", H5T_NATIVE_INT,
                                            H5T_INTEGER, 1, {});
    const auto names    = read_strings(group.get(), "metrics", root + "/metrics");

    const hsize_t n_runs  = set.replication_ids.size();
    const hsize_t n_years = years.size();
    const auto    n_met   = static_cast<Eigen::Index>(names.size());
    set.runs.assign(n_runs, sim::ResultCube(n_met, static_cast<Eigen::Index>(n_years)));

    const H5Group runs    = open_group(group.get(), "runs", root + "/runs");
    const H5Group summary = open_group(group.get(), "summary", root + "/summary");
    for (Eigen::Index m = 0; m < n_met; ++m) {
        const std::string& metric = names[static_cast<std::size_t>(m)];
        const std::string  rpath  = root + "/runs/" + metric;
        const auto values = read_numbers<double>(runs.get(), metric, rpath, H5T_NATIVE_DOUBLE, H5T_FLOAT, 2,
                                                 {n_runs, n_years});
        for (hsize_t r = 0; r < n_runs; ++r) {
            for (hsize_t y = 0; y < n_years; ++y) {
                set.runs[r](m, static_cast<Eigen::Index>(y)) = values[r * n_years + y];
            }
        }
        {
            const H5Dataset ds = open_dataset(runs.get(), metric, rpath);
            set.metrics.push_back({metric, read_string_attr(ds.get(), "units", rpath),
                                   read_string_attr(ds.get(), "description", rpath)});
        }

        const std::string   spath = root + "/summary/" + metric;
        const H5Group       sg    = open_group(summary.get(), metric, spath);
        sim::MetricSummary  s;
        const std::array<std::pair<const char*, Eigen::ArrayXd*>, 6> stats{
            {{"mean", &s.mean}, {"sd", &s.sd}, {"se", &s.se}, {"p05", &s.p05}, {"p50", &s.p50}, {"p95", &s.p95}}};
        for (const auto& [stat, target] : stats) {
            const auto v = read_numbers<double>(sg.get(), stat, spath + "/" + stat, H5T_NATIVE_DOUBLE, H5T_FLOAT, 1,
                                                {n_years});
            *target      = Eigen::Map<const Eigen::ArrayXd>(v.data(), static_cast<Eigen::Index>(v.size()));
        }
        sc.summary.push_back(std::move(s));
    }
    read_arrays(group.get(), root, sc);
    read_parameters(group.get(), root, set);
    return sc;
}

Study read_file(hid_t file)
{
    Study study;
    study.meta  = read_meta(file);
    study.years = read_numbers<int>(file, "years", "/years", H5T_NATIVE_INT, H5T_INTEGER, 1, {});
    const H5Group scenarios = open_group(file, "scenarios", "/scenarios");
    for (const auto& name : child_names(scenarios.get(), "/scenarios")) {
        study.scenarios.push_back(read_scenario(scenarios.get(), name, study.years));
    }
    return study;
}

} // namespace

Study read_study_h5(const std::filesystem::path& path)
{
    const H5ErrorSilencer quiet;
    const std::string     where = path.string();
    std::error_code       ec;
    const auto            status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) {
        fail(where + ": no such file");
    }
    if (!std::filesystem::is_regular_file(status)) {
        fail(where + ": not a regular file");
    }
    const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
    if (is_hdf5 == 0) {
        fail(where + ": not an HDF5 file");
    }
    try {
        if (is_hdf5 < 0) {
            detail::throw_h5_error("cannot be read");
        }
        const H5File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
                          "cannot open the HDF5 file (damaged or truncated?)");
        return read_file(file.get());
    } catch (const std::exception& e) {
        // bad_alloc included: a damaged file must give a message, not an abort.
        throw std::runtime_error(where + ": " + e.what());
    }
}

} // namespace povsim::output
