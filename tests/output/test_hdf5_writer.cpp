// Study file: write → read back bit-exactly, layout a researcher can rely on (labels,
// chunking, h5py view), and the failure modes of SPEC §15 (atomic writes, clear errors on
// missing, foreign, damaged files).
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"

#include "output/h5_handles.h"

#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace povsim;
using povsim::output::Study;

using povsim::test::TempDir;

namespace {


std::string slurp(const fs::path& p)
{
    std::ifstream is(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(is), std::istreambuf_iterator<char>()};
}

// Values chosen to catch lossy round trips: thirds, 0.1+0.2, a subnormal, negative zero.
double cell(int scenario, int run, int metric, int year)
{
    if (scenario == 0 && run == 1 && metric == 0 && year == 2) {
        return -0.0;
    }
    if (scenario == 1 && run == 3 && metric == 2 && year == 1) {
        return 4.9e-320;
    }
    return (run + 1) * 1000.0 + metric * 100.0 + year + 1.0 / (3.0 + run + scenario) + (0.1 + 0.2) * metric;
}

output::ScenarioOutput make_scenario(int index, std::string name, int n_runs, std::vector<int> ids,
                                     const std::vector<int>& years)
{
    output::ScenarioOutput sc;
    sc.name        = std::move(name);
    sc.source_file = index == 0 ? "scenarios/jinghe.toml" : "scenarios/variants/精河-relocation.toml";
    sc.description = index == 0 ? "Jinghe baseline" : "精河县 2016 年易地扶贫搬迁, \"relocation\" variant";
    // A resolved scenario is ~20 KB; long enough to exercise the variable-length string heap.
    for (int i = 0; sc.scenario_text.size() < 20000; ++i) {
        sc.scenario_text += "[programmes.relocation.target]  # 易地搬迁 目标 " + std::to_string(i) + "\n" +
                            std::to_string(2016 + i % 4) + " = " + std::to_string(575 + i) + "\n";
    }
    auto& set   = sc.runs;
    set.metrics = {
        {"n_registered_poor", "households", "Registered poor households at year end"},
        {"new_exits", "households", "Households leaving the register during the year"},
        {"mean_income_pc", "yuan/person/yr", "Mean per-capita income of all rural households (人均收入)"},
    };
    set.years           = years;
    set.replication_ids = std::move(ids);
    for (int r = 0; r < n_runs; ++r) {
        sim::ResultCube cube(3, static_cast<Eigen::Index>(years.size()));
        for (int m = 0; m < 3; ++m) {
            for (int y = 0; y < static_cast<int>(years.size()); ++y) {
                cube(m, y) = cell(index, r, m, y);
            }
        }
        set.runs.push_back(cube);
    }
    sc.summary = sim::summarise(set);
    return sc;
}

Study make_study(int n_runs = 5)
{
    Study s;
    s.years               = {2016, 2017, 2018, 2019};
    s.meta.engine_version = "0.1.0";
    s.meta.git_commit     = "abc1234";
    s.meta.seed           = 0xFFFF'FFFF'FFFF'FFF1ULL; // above INT64_MAX: must survive as unsigned
    s.meta.runs_requested = 8;
    s.meta.first_year     = 2016;
    s.meta.last_year      = 2019;
    s.meta.created_utc    = "2026-11-24T10:00:00Z";
    s.meta.command_line   = "povsim run scenarios/jinghe.toml --runs 8 --out \"精河 study.h5\"";
    s.meta.complete       = false;
    std::vector<int> ids_a, ids_b;
    for (int r = 0; r < n_runs; ++r) {
        ids_a.push_back(r);
        ids_b.push_back(r * 2 + 1);
    }
    s.scenarios.push_back(make_scenario(0, "baseline", n_runs, ids_a, s.years));
    s.scenarios.push_back(make_scenario(1, "精河_relocation", n_runs, ids_b, s.years));
    return s;
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

bool same_bits(const Eigen::ArrayXXd& a, const Eigen::ArrayXXd& b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
        return false;
    }
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        if (!same_bits(a.data()[i], b.data()[i])) {
            return false;
        }
    }
    return true;
}

void require_same(const Study& got, const Study& want)
{
    CHECK(got.meta.engine_version == want.meta.engine_version);
    CHECK(got.meta.git_commit == want.meta.git_commit);
    CHECK(got.meta.seed == want.meta.seed);
    CHECK(got.meta.runs_requested == want.meta.runs_requested);
    CHECK(got.meta.first_year == want.meta.first_year);
    CHECK(got.meta.last_year == want.meta.last_year);
    CHECK(got.meta.created_utc == want.meta.created_utc);
    CHECK(got.meta.command_line == want.meta.command_line);
    CHECK(got.meta.complete == want.meta.complete);
    CHECK(got.years == want.years);
    REQUIRE(got.scenarios.size() == want.scenarios.size());
    for (std::size_t s = 0; s < want.scenarios.size(); ++s) {
        const auto& g = got.scenarios[s];
        const auto& w = want.scenarios[s];
        INFO("scenario " << w.name);
        CHECK(g.name == w.name); // order preserved, not alphabetical
        CHECK(g.description == w.description);
        CHECK(g.source_file == w.source_file);
        CHECK(g.scenario_text == w.scenario_text);
        CHECK(g.runs.years == want.years);
        CHECK(g.runs.replication_ids == w.runs.replication_ids);
        REQUIRE(g.runs.metrics.size() == w.runs.metrics.size());
        for (std::size_t m = 0; m < w.runs.metrics.size(); ++m) {
            CHECK(g.runs.metrics[m].name == w.runs.metrics[m].name);
            CHECK(g.runs.metrics[m].units == w.runs.metrics[m].units);
            CHECK(g.runs.metrics[m].description == w.runs.metrics[m].description);
        }
        REQUIRE(g.runs.runs.size() == w.runs.runs.size());
        for (std::size_t r = 0; r < w.runs.runs.size(); ++r) {
            CHECK(same_bits(g.runs.runs[r], w.runs.runs[r]));
        }
        REQUIRE(g.summary.size() == w.summary.size());
        for (std::size_t m = 0; m < w.summary.size(); ++m) {
            const auto& gs = g.summary[m];
            const auto& ws = w.summary[m];
            CHECK(same_bits(gs.mean, ws.mean));
            CHECK(same_bits(gs.sd, ws.sd));
            CHECK(same_bits(gs.se, ws.se));
            CHECK(same_bits(gs.p05, ws.p05));
            CHECK(same_bits(gs.p50, ws.p50));
            CHECK(same_bits(gs.p95, ws.p95));
        }
    }
}

/// Every dataset in a file, by full path (H5Lvisit: no version-specific H5O_info structs).
std::vector<std::string> dataset_paths(hid_t file)
{
    std::vector<std::string> paths;
    auto visit = [](hid_t group, const char* name, const H5L_info_t*, void* out) -> herr_t {
        const hid_t obj = H5Oopen(group, name, H5P_DEFAULT);
        if (obj < 0) {
            return -1;
        }
        if (H5Iget_type(obj) == H5I_DATASET) {
            static_cast<std::vector<std::string>*>(out)->push_back(name);
        }
        H5Oclose(obj);
        return 0;
    };
    REQUIRE(H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &paths) >= 0);
    return paths;
}

bool has_utf8_string_attr(hid_t obj, const char* name)
{
    if (H5Aexists(obj, name) <= 0) {
        return false;
    }
    const output::H5Attr attr(H5Aopen(obj, name, H5P_DEFAULT), "open attribute");
    const output::H5Type type(H5Aget_type(attr.get()), "attribute type");
    return H5Tget_class(type.get()) == H5T_STRING && H5Tis_variable_str(type.get()) > 0 &&
           H5Tget_cset(type.get()) == H5T_CSET_UTF8;
}

void require_read_fails(const fs::path& p, const std::string& why)
{
    INFO("reading " << p << " should fail: " << why);
    try {
        (void)output::read_study_h5(p);
        FAIL("no exception");
    } catch (const std::runtime_error& e) {
        const std::string msg = e.what();
        INFO("message: " << msg);
        CHECK(msg.find(p.string()) != std::string::npos);
        CHECK(msg.find(why) != std::string::npos);
    }
}

} // namespace

TEST_CASE("study file round-trips every value bit-exactly", "[output][hdf5]")
{
    TempDir dir;
    const auto study = make_study();
    const auto path  = dir.path / "study.h5";
    output::write_study_h5(path, study);
    CHECK(dir.entries() == std::vector<std::string>{"study.h5"});
    require_same(output::read_study_h5(path), study);

    SECTION("scenarios come back in the order written, not alphabetically")
    {
        auto swapped = study;
        std::swap(swapped.scenarios[0], swapped.scenarios[1]);
        output::write_study_h5(path, swapped);
        require_same(output::read_study_h5(path), swapped);
    }
    SECTION("overwriting an existing study replaces it")
    {
        auto other               = make_study(2);
        other.meta.complete      = true;
        other.scenarios[0].name  = "only";
        other.scenarios.resize(1);
        output::write_study_h5(path, other);
        require_same(output::read_study_h5(path), other);
        CHECK(dir.entries() == std::vector<std::string>{"study.h5"});
    }
}

TEST_CASE("a study with no finished run is still a valid file", "[output][hdf5]")
{
    TempDir dir;
    const auto study = make_study(0);
    const auto path  = dir.path / "empty.h5";
    output::write_study_h5(path, study);
    require_same(output::read_study_h5(path), study);
    const std::string cmd = std::string(POVSIM_PYTHON " " POVSIM_SOURCE_DIR "/tests/output/read_study.py ") +
                            path.string() + " > /dev/null";
    CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("every dataset is labelled and runs datasets are chunked and compressed", "[output][hdf5]")
{
    TempDir dir;
    const auto path = dir.path / "study.h5";
    output::write_study_h5(path, make_study());

    const output::H5File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const auto           paths = dataset_paths(file.get());
    // /years + per scenario: replication, metrics, 3 runs, 3 × 6 summaries, and the coordinates
    // (dimension scales) beside them: runs/run, runs/year and summary/<metric>/year.
    CHECK(paths.size() == 1 + 2 * (2 + 3 + 3 * 6 + 2 + 3));
    int n_runs_datasets = 0, n_scales = 0;
    for (const auto& p : paths) {
        INFO(p);
        const output::H5Dataset ds(H5Dopen2(file.get(), p.c_str(), H5P_DEFAULT), "open " + p);
        CHECK(has_utf8_string_attr(ds.get(), "units"));
        CHECK(has_utf8_string_attr(ds.get(), "description"));
        if (H5DSis_scale(ds.get()) > 0) {
            ++n_scales;
            continue;
        }
        // Every other dataset has a scale on each axis.
        const output::H5Space space(H5Dget_space(ds.get()), "space");
        for (int k = 0; k < H5Sget_simple_extent_ndims(space.get()); ++k) {
            CHECK(H5DSget_num_scales(ds.get(), static_cast<unsigned>(k)) == 1);
        }
        if (p.find("/runs/") == std::string::npos) {
            continue;
        }
        ++n_runs_datasets;
        const output::H5Plist dcpl(H5Dget_create_plist(ds.get()), "dcpl");
        CHECK(H5Pget_layout(dcpl.get()) == H5D_CHUNKED);
        hsize_t chunk[2] = {0, 0};
        CHECK(H5Pget_chunk(dcpl.get(), 2, chunk) == 2);
        CHECK(chunk[0] == 5);
        CHECK(chunk[1] == 4);
        unsigned flags = 0, level = 0;
        std::size_t n_values = 1;
        CHECK(H5Pget_filter_by_id2(dcpl.get(), H5Z_FILTER_DEFLATE, &flags, &n_values, &level, 0, nullptr, nullptr) >=
              0);
        CHECK(level == 4);
        n_values = 0;
        CHECK(H5Pget_filter_by_id2(dcpl.get(), H5Z_FILTER_SHUFFLE, &flags, &n_values, nullptr, 0, nullptr, nullptr) >=
              0);
    }
    CHECK(n_runs_datasets == 6);
    CHECK(n_scales == 1 + 2 * (2 + 2 + 3)); // years, replication, metrics, run, year, 3 summary years

    const output::H5Group meta(H5Gopen2(file.get(), "meta", H5P_DEFAULT), "meta");
    for (const char* name : {"format", "engine_version", "git_commit", "created_utc", "command_line"}) {
        INFO(name);
        CHECK(has_utf8_string_attr(meta.get(), name));
    }
    for (const char* name : {"format_version", "seed", "runs", "runs_requested", "start_year", "end_year", "complete"}) {
        INFO(name);
        CHECK(H5Aexists(meta.get(), name) > 0);
    }
    int runs = -1;
    const output::H5Attr runs_attr(H5Aopen(meta.get(), "runs", H5P_DEFAULT), "runs");
    REQUIRE(H5Aread(runs_attr.get(), H5T_NATIVE_INT, &runs) >= 0);
    CHECK(runs == 5);
}

TEST_CASE("h5py and NumPy read the study as documented", "[output][hdf5][python]")
{
    TempDir dir;
    const auto path = dir.path / "study.h5";
    output::write_study_h5(path, make_study());
    const std::string cmd =
        std::string(POVSIM_PYTHON " " POVSIM_SOURCE_DIR "/tests/output/read_study.py ") + path.string();
    CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("a failed write leaves the destination untouched and no temporary file", "[output][hdf5]")
{
    TempDir dir;
    const auto study = make_study();

    SECTION("missing directory")
    {
        const auto path = dir.path / "no-such-dir" / "study.h5";
        CHECK_THROWS_WITH(output::write_study_h5(path, study),
                          Catch::Contains(path.string()) && Catch::Contains("does not exist"));
        CHECK_FALSE(fs::exists(dir.path / "no-such-dir"));
        CHECK(dir.entries().empty());
    }
    SECTION("inconsistent study over an existing file")
    {
        const auto path = dir.path / "study.h5";
        output::write_study_h5(path, study);
        const auto before = slurp(path);
        auto       bad    = study;
        bad.scenarios[1].runs.runs[2].resize(3, 2); // a cube with two years instead of four
        CHECK_THROWS_WITH(output::write_study_h5(path, bad),
                          Catch::Contains(path.string()) && Catch::Contains("精河_relocation") &&
                              Catch::Contains("run 2"));
        bad = study;
        bad.scenarios[0].runs.metrics[1].name = "a/b";
        CHECK_THROWS_WITH(output::write_study_h5(path, bad), Catch::Contains("a/b"));
        bad = study;
        bad.scenarios[0].summary.pop_back();
        CHECK_THROWS_WITH(output::write_study_h5(path, bad), Catch::Contains("summaries"));
        CHECK(slurp(path) == before);
        CHECK(dir.entries() == std::vector<std::string>{"study.h5"});
    }
    SECTION("rename fails after the file was written")
    {
        // A non-empty directory at the destination: everything succeeds up to the rename.
        const auto path = dir.path / "study.h5";
        fs::create_directories(path / "occupied");
        CHECK_THROWS_WITH(output::write_study_h5(path, study), Catch::Contains(path.string()));
        CHECK(fs::is_directory(path / "occupied"));
        CHECK(dir.entries() == std::vector<std::string>{"study.h5"});
    }
}

TEST_CASE("reading anything but an intact study file gives a clear error", "[output][hdf5]")
{
    TempDir    dir;
    const auto good = dir.path / "good.h5";
    output::write_study_h5(good, make_study());
    const auto bytes = slurp(good);

    require_read_fails(dir.path / "missing.h5", "no such file");

    const auto text = dir.path / "notes.h5";
    std::ofstream(text) << "scenario,metric\nbaseline,n_registered_poor\n";
    require_read_fails(text, "not an HDF5 file");

    // Cut at several points: inside the superblock, in the metadata, near the end.
    for (const std::size_t keep : {std::size_t{40}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 16}) {
        const auto cut = dir.path / ("cut-" + std::to_string(keep) + ".h5");
        std::ofstream(cut, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(keep));
        INFO("kept " << keep << " of " << bytes.size() << " bytes");
        CHECK_THROWS_WITH(output::read_study_h5(cut), Catch::Contains(cut.string()));
    }

    // Someone else's HDF5 file: a lone dataset, no /meta.
    const auto foreign = dir.path / "foreign.h5";
    {
        const output::H5File  f(H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create");
        const hsize_t         n = 3;
        const output::H5Space space(H5Screate_simple(1, &n, nullptr), "space");
        const output::H5Dataset ds(
            H5Dcreate2(f.get(), "temperature", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            "dataset");
        const double values[3] = {1.0, 2.0, 3.0};
        REQUIRE(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0);
    }
    require_read_fails(foreign, "not a povsim study file (no /meta group)");

    // A /meta group without the format stamp, and one with a stranger's stamp.
    {
        const output::H5File  f(H5Fopen(foreign.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open");
        const output::H5Group g(H5Gcreate2(f.get(), "meta", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "meta");
    }
    require_read_fails(foreign, "not a povsim study file (no /meta attribute 'format')");
    {
        const output::H5File  f(H5Fopen(foreign.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open");
        const output::H5Group g(H5Gopen2(f.get(), "meta", H5P_DEFAULT), "meta");
        const output::H5Type  type = output::make_utf8_string_type();
        const output::H5Space space(H5Screate(H5S_SCALAR), "space");
        const output::H5Attr  a(H5Acreate2(g.get(), "format", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                "attr");
        const char* stamp = "netcdf-ish";
        REQUIRE(H5Awrite(a.get(), type.get(), &stamp) >= 0);
    }
    require_read_fails(foreign, "/meta format is 'netcdf-ish'");

    require_read_fails(dir.path, "not a regular file");
}
