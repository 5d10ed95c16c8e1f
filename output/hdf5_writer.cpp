#include "output/hdf5_writer.h"

#include "output/array_layout.h"
#include "output/atomic_file.h"
#include "output/h5_dimensions.h"
#include "output/hdf5_comparisons.h"
#include "output/hdf5_panel.h"
#include "output/hdf5_parameters.h"
#include "output/h5_handles.h"
#include "output/h5_read.h"
#include "output/h5_write.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace povsim::output {

namespace {

/// @brief The six summary statistics: dataset name, member of MetricSummary and of ArraySummary,
/// description prefix.
struct StatSpec {
    const char*                               name;
    Eigen::ArrayXd sim::MetricSummary::*      member;
    std::vector<double> sim::ArraySummary::*  array_member;
    const char*                               description;
};

const std::array<StatSpec, 6> stat_specs{{
    {"mean", &sim::MetricSummary::mean, &sim::ArraySummary::mean, "Mean across replications of: "},
    {"sd", &sim::MetricSummary::sd, &sim::ArraySummary::sd,
     "Standard deviation across replications (n-1 denominator) of: "},
    {"se", &sim::MetricSummary::se, &sim::ArraySummary::se,
     "Monte Carlo standard error of the mean (sd / sqrt(n)) of: "},
    {"p05", &sim::MetricSummary::p05, &sim::ArraySummary::p05,
     "5th percentile across replications (type-7 interpolation) of: "},
    {"p50", &sim::MetricSummary::p50, &sim::ArraySummary::p50,
     "Median across replications (type-7 interpolation) of: "},
    {"p95", &sim::MetricSummary::p95, &sim::ArraySummary::p95,
     "95th percentile across replications (type-7 interpolation) of: "},
}};

// Labelled arrays hold years × every label per run (e.g. 10 × 8 programmes × 5 sources), so
// fewer runs per chunk keep chunks near the same size.
constexpr hsize_t max_chunk_array_runs = 64;

/// @brief What a path inside a scenario group will hold, to find collisions before writing.
enum class Node { group, dataset, labels };

/// @brief Records that @p owner needs @p path to be a @p kind; groups and label lists may be shared.
void plan(std::map<std::string, std::pair<Node, std::string>>& tree, const std::string& path, Node kind,
          const std::string& owner, const std::string& where)
{
    const auto [it, inserted] = tree.emplace(path, std::pair{kind, owner});
    if (!inserted && (kind != it->second.first || kind == Node::dataset)) {
        throw std::runtime_error(where + owner + " needs '" + path + "', which " + it->second.second +
                                 " already uses");
    }
}

/// @brief Checks the labelled arrays of one scenario: shapes, names, summaries, and that no two
/// objects of the layout (array_layout.h) land on the same HDF5 path.
void validate_arrays(const ScenarioOutput& sc, std::size_t n_years, const std::string& where)
{
    namespace al  = array_layout;
    const auto& set = sc.runs;
    if (set.arrays.empty() && set.array_runs.empty() && sc.array_summary.empty()) {
        return;
    }
    if (set.array_runs.size() != set.arrays.size() && !(set.array_runs.empty() && set.runs.empty())) {
        throw std::runtime_error(where + std::to_string(set.array_runs.size()) + " array run lists for " +
                                 std::to_string(set.arrays.size()) + " arrays");
    }
    if (sc.array_summary.size() != set.arrays.size()) {
        throw std::runtime_error(where + std::to_string(sc.array_summary.size()) + " array summaries for " +
                                 std::to_string(set.arrays.size()) +
                                 " arrays (fill ScenarioOutput::array_summary with sim::summarise_arrays)");
    }

    std::map<std::string, std::pair<Node, std::string>> tree;
    const std::string                                   engine = "the metric layout";
    for (const char* name : {"replication", "metrics", al::list_name}) {
        plan(tree, name, Node::dataset, engine, where);
    }
    plan(tree, "runs", Node::group, engine, where);
    plan(tree, al::summary_name, Node::group, engine, where);
    for (const auto& m : set.metrics) {
        plan(tree, "runs/" + m.name, Node::dataset, engine, where);
        plan(tree, std::string(al::summary_name) + "/" + m.name, Node::group, engine, where);
        for (const auto& stat : stat_specs) {
            plan(tree, std::string(al::summary_name) + "/" + m.name + "/" + stat.name, Node::dataset, engine, where);
        }
    }

    // label list path → (labels, array that first defined them)
    std::map<std::string, std::pair<const std::vector<std::string>*, std::string>> labels_at;
    for (std::size_t a = 0; a < set.arrays.size(); ++a) {
        const auto&       info  = set.arrays[a];
        const std::string what  = "array '" + info.path + "'";
        const std::string where_a = where + what + ": ";
        for (const auto& part : al::split(info.path, '/')) {
            require_link_name(part, where + what + " path component");
        }
        if (info.dim_names.empty() || info.dim_names.front() != "year") {
            throw std::runtime_error(where_a + "its first dimension must be 'year'");
        }
        if (info.dim_names.size() != info.dim_labels.size() + 1) {
            throw std::runtime_error(where_a + std::to_string(info.dim_names.size()) + " dimension names but " +
                                     std::to_string(info.dim_labels.size()) +
                                     " label lists (one per dimension after 'year')");
        }
        std::set<std::string> dims{"run", "year"};
        for (std::size_t k = 0; k < info.dim_labels.size(); ++k) {
            const std::string& dim = info.dim_names[k + 1];
            require_link_name(dim, where_a + "dimension");
            if (dim.find(',') != std::string::npos) {
                throw std::runtime_error(where_a + "dimension name '" + dim + "' contains a comma");
            }
            if (!dims.insert(dim).second) {
                throw std::runtime_error(where_a + "dimension '" + dim + "' appears twice (or is 'run'/'year')");
            }
        }

        const std::size_t size = info.size(n_years);
        if (!set.array_runs.empty()) {
            if (set.array_runs[a].size() != set.runs.size()) {
                throw std::runtime_error(where_a + std::to_string(set.array_runs[a].size()) + " runs, but there are " +
                                         std::to_string(set.runs.size()) + " metric runs");
            }
            for (std::size_t r = 0; r < set.array_runs[a].size(); ++r) {
                if (set.array_runs[a][r].size() != size) {
                    throw std::runtime_error(where_a + "run " + std::to_string(r) + " has " +
                                             std::to_string(set.array_runs[a][r].size()) + " values, expected " +
                                             std::to_string(size) + " (years x labels of each dimension)");
                }
            }
        }
        for (const auto& stat : stat_specs) {
            if ((sc.array_summary[a].*stat.array_member).size() != size) {
                throw std::runtime_error(where_a + "summary '" + stat.name + "' has " +
                                         std::to_string((sc.array_summary[a].*stat.array_member).size()) +
                                         " values, expected " + std::to_string(size));
            }
        }

        const std::string dir  = al::dirname(info.path);
        const std::string base = al::basename(info.path);
        std::string       prefix;
        if (!dir.empty()) {
            for (const auto& part : al::split(dir, '/')) {
                prefix = al::child(prefix, part);
                plan(tree, prefix, Node::group, what, where);
            }
        }
        plan(tree, info.path, Node::dataset, what, where);
        for (std::size_t k = 0; k < info.dim_labels.size(); ++k) {
            const std::string lpath = al::child(dir, info.dim_names[k + 1]);
            plan(tree, lpath, Node::labels, what, where);
            const auto [it, inserted] = labels_at.emplace(lpath, std::pair{&info.dim_labels[k], info.path});
            if (!inserted && *it->second.first != info.dim_labels[k]) {
                throw std::runtime_error(where + "arrays '" + it->second.second + "' and '" + info.path +
                                         "' disagree on the labels of dimension '" + info.dim_names[k + 1] +
                                         "' (they share the label list " + lpath + ")");
            }
        }
        const std::string sdir = al::child(dir, al::summary_name);
        plan(tree, sdir, Node::group, what, where);
        plan(tree, sdir + "/" + base, Node::group, what, where);
        for (const auto& stat : stat_specs) {
            plan(tree, sdir + "/" + base + "/" + stat.name, Node::dataset, what, where);
        }
    }
}

// Everything is checked before the temporary file is created, so a malformed study never
// costs a half-written file and the message names the scenario and metric at fault.
void validate(const Study& study)
{
    if (study.years.empty()) {
        throw std::runtime_error("the study has no years");
    }
    const auto n_years = static_cast<Eigen::Index>(study.years.size());
    std::set<std::string> scenario_names;
    for (const auto& sc : study.scenarios) {
        require_link_name(sc.name, "scenario");
        if (!scenario_names.insert(sc.name).second) {
            throw std::runtime_error("scenario '" + sc.name + "' appears twice");
        }
        const std::string where = "scenario '" + sc.name + "': ";
        const auto&       set   = sc.runs;
        const auto        n_met = static_cast<Eigen::Index>(set.metrics.size());
        std::set<std::string> metric_names;
        for (const auto& m : set.metrics) {
            require_link_name(m.name, where + "metric");
            if (!metric_names.insert(m.name).second) {
                throw std::runtime_error(where + "metric '" + m.name + "' appears twice");
            }
        }
        if (!set.years.empty() && set.years != study.years) {
            throw std::runtime_error(where + "its years differ from the study's years");
        }
        if (set.replication_ids.size() != set.runs.size()) {
            throw std::runtime_error(where + std::to_string(set.runs.size()) + " runs but " +
                                     std::to_string(set.replication_ids.size()) + " replication ids");
        }
        for (std::size_t r = 0; r < set.runs.size(); ++r) {
            const auto& cube = set.runs[r];
            if (cube.rows() != n_met || cube.cols() != n_years) {
                throw std::runtime_error(where + "run " + std::to_string(r) + " is " + std::to_string(cube.rows()) +
                                         " x " + std::to_string(cube.cols()) + ", expected metrics x years = " +
                                         std::to_string(n_met) + " x " + std::to_string(n_years));
            }
        }
        if (sc.summary.size() != set.metrics.size()) {
            throw std::runtime_error(where + std::to_string(sc.summary.size()) + " summaries for " +
                                     std::to_string(set.metrics.size()) + " metrics");
        }
        for (std::size_t m = 0; m < sc.summary.size(); ++m) {
            for (const auto& stat : stat_specs) {
                if ((sc.summary[m].*stat.member).size() != n_years) {
                    throw std::runtime_error(where + "summary '" + stat.name + "' of metric '" + set.metrics[m].name +
                                             "' does not have one value per year");
                }
            }
        }
        validate_arrays(sc, study.years.size(), where);
        validate_panel(sc, where);
        validate_parameters(sc, where);
    }
    validate_comparisons(study);
}

/// @brief Writes runs[r](metric, y) as a chunked, shuffled, deflated [run × year] dataset.
void write_runs_dataset(hid_t parent, const sim::ReplicationSet& set, std::size_t metric, hsize_t n_years,
                        const std::string& path)
{
    const hsize_t       n_runs = set.runs.size();
    std::vector<double> values(n_runs * n_years);
    for (hsize_t r = 0; r < n_runs; ++r) {
        for (hsize_t y = 0; y < n_years; ++y) {
            values[r * n_years + y] = set.runs[r](static_cast<Eigen::Index>(metric), static_cast<Eigen::Index>(y));
        }
    }
    // Unlimited along runs: chunked layout then also accepts a study with zero finished
    // runs (an interrupt before the first replication ended), where a fixed 0-row extent
    // could not hold a 1-row chunk.
    const std::array<hsize_t, 2> dims{n_runs, n_years};
    const std::array<hsize_t, 2> max_dims{H5S_UNLIMITED, n_years};
    const std::array<hsize_t, 2> chunk{std::clamp<hsize_t>(n_runs, 1, max_chunk_runs), n_years};

    const H5Plist dcpl = make_dataset_plist(2, chunk.data(), path);

    const H5Plist   lcpl = make_link_plist();
    const H5Space   space(H5Screate_simple(2, dims.data(), max_dims.data()), "cannot create dataspace for " + path);
    const H5Dataset ds(H5Dcreate2(parent, set.metrics[metric].name.c_str(), H5T_IEEE_F64LE, space.get(), lcpl.get(),
                                  dcpl.get(), H5P_DEFAULT),
                       "cannot create dataset " + path);
    if (!values.empty()) {
        check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              "cannot write dataset " + path);
    }
    label(ds.get(), set.metrics[metric].units, set.metrics[metric].description, path);
    write_string_attr(ds.get(), array_layout::dims_attr, "run,year", path);
}

/// @brief Opens @p parent/@p name, creating the group if it does not exist yet.
H5Group open_or_make_group(hid_t parent, const std::string& name, const std::string& path)
{
    if (has_link(parent, name, path)) {
        return H5Group(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), "cannot open group " + path);
    }
    return make_group(parent, name, path);
}

/// @brief Opens (creating as needed) every group of @p rel ("a/b", or "" for @p parent itself).
H5Group open_or_make_groups(hid_t parent, const std::string& rel, const std::string& parent_path)
{
    H5Group     g(H5Gopen2(parent, ".", H5P_DEFAULT), "cannot open group " + parent_path);
    std::string path = parent_path;
    if (!rel.empty()) {
        for (const auto& part : array_layout::split(rel, '/')) {
            path += "/" + part;
            g = open_or_make_group(g.get(), part, path);
        }
    }
    return g;
}

/// @brief Writes an N-D float64 dataset with the common filters, `units`, `description` and `dims`.
/// @param[in] unlimited_first whether the first axis (runs) may grow.
/// @param[in] chunk chunk extent per axis; 0 is raised to 1.
/// An axis of length 0 (no runs yet, or a dimension with no labels, e.g. no programme configured)
/// is declared unlimited: HDF5 requires chunk ≥ 1 and, on fixed axes, chunk ≤ extent.
void write_nd(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims, bool unlimited_first,
              std::vector<hsize_t> chunk, const double* data, const std::string& units,
              const std::string& description, const std::string& dims_text, const std::string& path)
{
    std::vector<hsize_t> max_dims = dims;
    for (std::size_t k = 0; k < dims.size(); ++k) {
        if ((k == 0 && unlimited_first) || dims[k] == 0) {
            max_dims[k] = H5S_UNLIMITED;
        }
        chunk[k] = std::max<hsize_t>(chunk[k], 1);
    }
    const int       rank = static_cast<int>(dims.size());
    const H5Plist   dcpl = make_dataset_plist(rank, chunk.data(), path);
    const H5Plist   lcpl = make_link_plist();
    const H5Space   space(H5Screate_simple(rank, dims.data(), max_dims.data()), "cannot create dataspace for " + path);
    const H5Dataset ds(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.get(), lcpl.get(), dcpl.get(),
                                  H5P_DEFAULT),
                       "cannot create dataset " + path);
    if (std::find(dims.begin(), dims.end(), hsize_t{0}) == dims.end()) {
        check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
              "cannot write dataset " + path);
    }
    label(ds.get(), units, description, path);
    write_string_attr(ds.get(), array_layout::dims_attr, dims_text, path);
}

/// @brief Writes the labelled arrays of one scenario (layout in array_layout.h); nothing if it has none.
void write_arrays(hid_t group, const ScenarioOutput& sc, hsize_t n_years, const std::string& root)
{
    namespace al    = array_layout;
    const auto& set = sc.runs;
    if (set.arrays.empty()) {
        return;
    }
    std::vector<std::string> paths;
    for (const auto& info : set.arrays) {
        paths.push_back(info.path);
    }
    write_strings(group, al::list_name, paths, "path",
                  "Paths, relative to this scenario group, of the labelled arrays each replication returns; "
                  "<dir>/<name> holds [run x year x ...] (axes in its `dims` attribute), <dir>/<axis> the labels "
                  "of each axis after year, <dir>/summary/<name>/* the statistics across runs",
                  root + "/" + al::list_name);

    const hsize_t         n_runs = set.runs.size();
    std::set<std::string> labels_written;
    for (std::size_t a = 0; a < set.arrays.size(); ++a) {
        const auto&       info  = set.arrays[a];
        const std::string dir   = al::dirname(info.path);
        const std::string base  = al::basename(info.path);
        const std::string gpath = dir.empty() ? root : root + "/" + dir;
        const H5Group     g     = open_or_make_groups(group, dir, root);

        std::vector<hsize_t> shape{n_years};
        for (const auto& labels : info.dim_labels) {
            shape.push_back(labels.size());
        }
        std::vector<double> values;
        values.reserve(n_runs * info.size(n_years));
        if (!set.array_runs.empty()) {
            for (const auto& run : set.array_runs[a]) {
                values.insert(values.end(), run.begin(), run.end());
            }
        }
        std::vector<hsize_t> dims{n_runs};
        dims.insert(dims.end(), shape.begin(), shape.end());
        std::vector<hsize_t> chunk = dims;
        chunk[0]                   = std::clamp<hsize_t>(n_runs, 1, max_chunk_array_runs);
        write_nd(g.get(), base, dims, true, chunk, values.data(), info.units, info.description,
                 "run," + al::join(info.dim_names, ','), root + "/" + info.path);

        for (std::size_t k = 0; k < info.dim_labels.size(); ++k) {
            const std::string& dim = info.dim_names[k + 1];
            if (labels_written.insert(al::child(dir, dim)).second) {
                write_strings(g.get(), dim, info.dim_labels[k], "label",
                              "Labels of the " + dim + " axis of the arrays in this group", gpath + "/" + dim);
            }
        }

        const std::string spath = gpath + "/" + al::summary_name + "/" + base;
        const H5Group     sg    = open_or_make_groups(g.get(), std::string(al::summary_name) + "/" + base, gpath);
        for (const auto& stat : stat_specs) {
            write_nd(sg.get(), stat.name, shape, false, shape, (sc.array_summary[a].*stat.array_member).data(),
                     info.units, stat.description + info.description, al::join(info.dim_names, ','),
                     spath + "/" + stat.name);
        }
    }
}

void write_meta(hid_t file, const Study& study)
{
    // `runs` is what every scenario holds in full; scenarios of an interrupted study may differ.
    int runs = 0;
    for (std::size_t i = 0; i < study.scenarios.size(); ++i) {
        const int n = static_cast<int>(study.scenarios[i].runs.runs.size());
        runs        = i == 0 ? n : std::min(runs, n);
    }
    const auto& m    = study.meta;
    const H5Group meta = make_group(file, "meta", "/meta");
    const hid_t   g    = meta.get();
    write_string_attr(g, "format", study_format_name, "/meta");
    write_number_attr(g, "format_version", H5T_STD_I32LE, H5T_NATIVE_INT, study_format_version, "/meta");
    write_string_attr(g, "engine_version", m.engine_version, "/meta");
    write_string_attr(g, "git_commit", m.git_commit, "/meta");
    write_number_attr(g, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, m.seed, "/meta");
    write_number_attr(g, "runs", H5T_STD_I32LE, H5T_NATIVE_INT, runs, "/meta");
    write_number_attr(g, "runs_requested", H5T_STD_I32LE, H5T_NATIVE_INT, m.runs_requested, "/meta");
    write_number_attr(g, "start_year", H5T_STD_I32LE, H5T_NATIVE_INT, m.first_year, "/meta");
    write_number_attr(g, "end_year", H5T_STD_I32LE, H5T_NATIVE_INT, m.last_year, "/meta");
    write_string_attr(g, "created_utc", m.created_utc, "/meta");
    write_string_attr(g, "command_line", m.command_line, "/meta");
    write_number_attr(g, "complete", H5T_STD_I32LE, H5T_NATIVE_INT, m.complete ? 1 : 0, "/meta");
    if (m.only_replication) {
        write_number_attr(g, "only_replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, *m.only_replication, "/meta");
    }
    if (m.panel_households > 0) {
        write_number_attr(g, "panel_households", H5T_STD_U64LE, H5T_NATIVE_UINT64, m.panel_households, "/meta");
        write_number_attr(g, "panel_replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, m.panel_replication, "/meta");
    }
}

void write_scenario(hid_t scenarios, const ScenarioOutput& sc, hsize_t n_years)
{
    const std::string root  = "/scenarios/" + sc.name;
    const H5Group     group = make_group(scenarios, sc.name, root);
    write_string_attr(group.get(), "scenario_text", sc.scenario_text, root);
    write_string_attr(group.get(), "description", sc.description, root);
    write_string_attr(group.get(), "title", sc.title, root);
    write_string_attr(group.get(), "source_file", sc.source_file, root);

    const auto& set = sc.runs;
    write_vector(group.get(), "replication", H5T_STD_I32LE, H5T_NATIVE_INT, set.replication_ids.data(),
                 set.replication_ids.size(), "index",
                 "Replication index of each row of runs/<metric>; its random streams are keyed by this number",
                 root + "/replication");

    std::vector<std::string> names;
    for (const auto& m : set.metrics) {
        names.push_back(m.name);
    }
    write_strings(group.get(), "metrics", names, "name",
                  "Metric names in engine order; each has runs/<name> and summary/<name>", root + "/metrics");

    const H5Group runs = make_group(group.get(), "runs", root + "/runs");
    for (std::size_t m = 0; m < set.metrics.size(); ++m) {
        write_runs_dataset(runs.get(), set, m, n_years, root + "/runs/" + set.metrics[m].name);
    }

    const H5Group summary = make_group(group.get(), "summary", root + "/summary");
    for (std::size_t m = 0; m < set.metrics.size(); ++m) {
        const auto&       info = set.metrics[m];
        const std::string mpath = root + "/summary/" + info.name;
        const H5Group     mg    = make_group(summary.get(), info.name, mpath);
        for (const auto& stat : stat_specs) {
            const Eigen::ArrayXd& v = sc.summary[m].*stat.member;
            const auto ds = write_vector(mg.get(), stat.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v.data(), n_years,
                                         info.units, stat.description + info.description, mpath + "/" + stat.name);
            write_string_attr(ds.get(), array_layout::dims_attr, "year", mpath + "/" + stat.name);
        }
    }

    write_arrays(group.get(), sc, n_years, root);
    write_panel(group.get(), sc, root);
    write_parameters(group.get(), sc, root);
}

void write_file(const std::filesystem::path& file_path, const Study& study)
{
    // Low bound 1.8: object headers with checksums and creation-order tracking, yet still
    // readable by any HDF5 ≥ 1.8 (and so by every h5py a researcher may have).
    const H5Plist fapl = make_study_file_access();
    H5File file(H5Fcreate(file_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), "cannot create the file");
    {
        write_meta(file.get(), study);
        const auto n_years = static_cast<hsize_t>(study.years.size());
        write_vector(file.get(), "years", H5T_STD_I32LE, H5T_NATIVE_INT, study.years.data(), n_years, "year",
                     "Calendar year of each column of runs/<metric> and each element of summary/<metric>/*",
                     "/years");
        const H5Group scenarios = make_group(file.get(), "scenarios", "/scenarios");
        for (const auto& sc : study.scenarios) {
            write_scenario(scenarios.get(), sc, n_years);
        }
        write_comparisons(file.get(), study);
        attach_dimension_scales(file.get());
    }
    // Every object above is closed by now: the file is built in memory and finish_file writes its
    // image with plain writes, so a full disk is an error with its cause, never a crash inside HDF5.
    finish_file(file, file_path, "cannot finish writing the file");
}

} // namespace

void write_study_h5(const std::filesystem::path& path, const Study& study)
{
    const H5ErrorSilencer quiet;
    try {
        validate(study);
        AtomicFile out(path);
        write_file(out.temp_path(), study);
        out.commit();
    } catch (...) {
        rethrow_naming(path); // a WriteError stays one: exit 1 with its message, not "internal error"
    }
}

} // namespace povsim::output
