// Labelled per-replication arrays in the study file (e.g. budget/spending [run × year ×
// programme × source]): bit-exact round trip, the layout a researcher reads with h5py or the
// C API (labels, dims, chunking, filters), zero runs, and clear errors for inconsistent arrays.
#include "output/csv_writer.h"
#include "output/h5_handles.h"
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"

#include "tests/support/file_checks.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace povsim;
using povsim::output::Study;
using povsim::test::TempDir;
using povsim::test::read_lines;
using povsim::test::has_filter;

namespace {

const std::vector<std::string> programmes{"dibao", "relocation", "低保, \"兜底\"", "易地搬迁"};
const std::vector<std::string> sources{"central", "provincial", "县级"};
const std::vector<std::string> counties{"精河县", "博乐市"};

std::vector<sim::ArrayInfo> array_infos()
{
    return {
        {"budget/spending", "yuan", "Spending by programme and funding source (支出)", {"year", "programme", "source"},
         {programmes, sources}},
        {"budget/served", "households", "Households served by each programme", {"year", "programme"}, {programmes}},
        {"labour/migrants", "persons", "Labour migrants by county of origin", {"year", "county"}, {counties}},
    };
}

// Distinct, lossy-looking values: thirds, 0.1+0.2 sums, a subnormal and a negative zero.
double array_value(int scenario, int array, int run, std::size_t i)
{
    if (scenario == 0 && array == 0 && run == 1 && i == 7) {
        return -0.0;
    }
    if (scenario == 1 && array == 2 && run == 0 && i == 3) {
        return 4.9e-321;
    }
    return 1e5 * (array + 1) + 1000.0 * run + static_cast<double>(i) / 3.0 + (0.1 + 0.2) * scenario;
}

output::ScenarioOutput make_scenario(int index, std::string name, int n_runs, const std::vector<int>& years)
{
    output::ScenarioOutput sc;
    sc.name          = std::move(name);
    sc.description   = "scenario " + std::to_string(index);
    sc.source_file   = "scenarios/s" + std::to_string(index) + ".toml";
    sc.scenario_text = "[scenario]\nname = \"" + sc.name + "\"\n";
    auto& set        = sc.runs;
    set.metrics      = {{"n_registered_poor", "households", "Registered poor households at year end"}};
    set.years        = years;
    set.arrays       = array_infos();
    set.array_runs.resize(set.arrays.size());
    for (int r = 0; r < n_runs; ++r) {
        set.replication_ids.push_back(r * (index + 1));
        sim::ResultCube cube(1, static_cast<Eigen::Index>(years.size()));
        for (Eigen::Index y = 0; y < cube.cols(); ++y) {
            cube(0, y) = 100.0 * r + static_cast<double>(y);
        }
        set.runs.push_back(cube);
        for (std::size_t a = 0; a < set.arrays.size(); ++a) {
            std::vector<double> values(set.arrays[a].size(years.size()));
            for (std::size_t i = 0; i < values.size(); ++i) {
                values[i] = array_value(index, static_cast<int>(a), r, i);
            }
            set.array_runs[a].push_back(std::move(values));
        }
    }
    sc.summary       = sim::summarise(set);
    sc.array_summary = sim::summarise_arrays(set);
    return sc;
}

Study make_study(int n_runs = 5)
{
    Study s;
    s.years               = {2016, 2017, 2018, 2019};
    s.meta.engine_version = "0.1.0";
    s.meta.git_commit     = "abc1234";
    s.meta.seed           = 42;
    s.meta.runs_requested = n_runs;
    s.meta.first_year     = 2016;
    s.meta.last_year      = 2019;
    s.meta.created_utc    = "2026-11-24T10:00:00Z";
    s.meta.command_line   = "povsim run";
    s.scenarios.push_back(make_scenario(0, "baseline", n_runs, s.years));
    s.scenarios.push_back(make_scenario(1, "精河_relocation", n_runs, s.years));
    return s;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) {
            return false;
        }
    }
    return true;
}

void require_same_arrays(const Study& got, const Study& want)
{
    REQUIRE(got.scenarios.size() == want.scenarios.size());
    for (std::size_t s = 0; s < want.scenarios.size(); ++s) {
        const auto& g = got.scenarios[s];
        const auto& w = want.scenarios[s];
        INFO("scenario " << w.name);
        CHECK(g.name == w.name);
        CHECK(g.runs.replication_ids == w.runs.replication_ids);
        REQUIRE(g.runs.arrays.size() == w.runs.arrays.size());
        REQUIRE(g.runs.array_runs.size() == w.runs.arrays.size());
        REQUIRE(g.array_summary.size() == w.runs.arrays.size());
        for (std::size_t a = 0; a < w.runs.arrays.size(); ++a) {
            const auto& gi = g.runs.arrays[a];
            const auto& wi = w.runs.arrays[a];
            INFO("array " << wi.path);
            CHECK(gi.path == wi.path);
            CHECK(gi.units == wi.units);
            CHECK(gi.description == wi.description);
            CHECK(gi.dim_names == wi.dim_names);
            CHECK(gi.dim_labels == wi.dim_labels);
            REQUIRE(g.runs.array_runs[a].size() == w.runs.array_runs[a].size());
            for (std::size_t r = 0; r < w.runs.array_runs[a].size(); ++r) {
                CHECK(same_bits(g.runs.array_runs[a][r], w.runs.array_runs[a][r]));
            }
            const auto& gs = g.array_summary[a];
            const auto& ws = w.array_summary[a];
            CHECK(same_bits(gs.mean, ws.mean));
            CHECK(same_bits(gs.sd, ws.sd));
            CHECK(same_bits(gs.se, ws.se));
            CHECK(same_bits(gs.p05, ws.p05));
            CHECK(same_bits(gs.p50, ws.p50));
            CHECK(same_bits(gs.p95, ws.p95));
        }
    }
}

std::string slurp(const fs::path& p)
{
    std::ifstream is(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(is), std::istreambuf_iterator<char>()};
}

std::string string_attr(hid_t obj, const char* name)
{
    const output::H5Attr attr(H5Aopen(obj, name, H5P_DEFAULT), std::string("open attribute ") + name);
    const output::H5Type type(H5Aget_type(attr.get()), "attribute type");
    REQUIRE(H5Tget_class(type.get()) == H5T_STRING);
    REQUIRE(H5Tis_variable_str(type.get()) > 0);
    CHECK(H5Tget_cset(type.get()) == H5T_CSET_UTF8);
    char* text = nullptr;
    REQUIRE(H5Aread(attr.get(), type.get(), &text) >= 0);
    std::string out = text;
    H5free_memory(text);
    return out;
}

std::vector<hsize_t> shape_of(hid_t ds, std::vector<hsize_t>* max_dims = nullptr)
{
    const output::H5Space space(H5Dget_space(ds), "space");
    const int             rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t>  dims(static_cast<std::size_t>(rank)), maxd(static_cast<std::size_t>(rank));
    REQUIRE(H5Sget_simple_extent_dims(space.get(), dims.data(), maxd.data()) == rank);
    if (max_dims != nullptr) {
        *max_dims = maxd;
    }
    return dims;
}

double parse(const std::string& text)
{
    double v = std::numeric_limits<double>::quiet_NaN();
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

std::string py_check(const fs::path& p)
{
    return std::string(POVSIM_PYTHON " " POVSIM_SOURCE_DIR "/tests/output/read_study.py ") + p.string() +
           " > /dev/null";
}

} // namespace

TEST_CASE("labelled arrays round-trip bit-exactly with their labels and summaries", "[output][hdf5][arrays]")
{
    TempDir    dir;
    const auto path = dir.path / "study.h5";

    SECTION("five runs")
    {
        const auto study = make_study();
        output::write_study_h5(path, study);
        CHECK(dir.entries() == std::vector<std::string>{"study.h5"});
        const auto got = output::read_study_h5(path);
        require_same_arrays(got, study);
        // The metric part is unaffected by the arrays beside it.
        REQUIRE(got.scenarios[1].runs.runs.size() == 5);
        CHECK((got.scenarios[1].runs.runs[4] == study.scenarios[1].runs.runs[4]).all());
        CHECK(got.scenarios[1].runs.metrics[0].name == "n_registered_poor");
    }
    SECTION("zero runs: empty run axis, NaN summaries, labels intact")
    {
        const auto study = make_study(0);
        output::write_study_h5(path, study);
        const auto got = output::read_study_h5(path);
        require_same_arrays(got, study);
        REQUIRE(got.scenarios[0].array_summary.size() == 3);
        CHECK(got.scenarios[0].array_summary[0].mean.size() == 4 * 4 * 3);
        CHECK(std::isnan(got.scenarios[0].array_summary[0].mean[0]));
        CHECK(std::system(py_check(path).c_str()) == 0);
    }
    SECTION("one run: sd is zero, every percentile is the run itself")
    {
        const auto study = make_study(1);
        output::write_study_h5(path, study);
        require_same_arrays(output::read_study_h5(path), study);
        CHECK(std::system(py_check(path).c_str()) == 0);
    }
    SECTION("an array directly under the scenario group shares its summary group with the metrics")
    {
        auto study = make_study(3);
        for (auto& sc : study.scenarios) {
            sc.runs.arrays[2].path = "migrants";
            sc.array_summary       = sim::summarise_arrays(sc.runs);
        }
        output::write_study_h5(path, study);
        require_same_arrays(output::read_study_h5(path), study);
        CHECK(std::system(py_check(path).c_str()) == 0);
    }
    SECTION("an axis without labels (no programme configured) is an empty axis")
    {
        auto study = make_study(3);
        for (auto& sc : study.scenarios) {
            sc.runs.arrays[0].dim_labels[0].clear();
            sc.runs.arrays[1].dim_labels[0].clear();
            for (auto* runs : {&sc.runs.array_runs[0], &sc.runs.array_runs[1]}) {
                for (auto& run : *runs) {
                    run.clear();
                }
            }
            sc.array_summary = sim::summarise_arrays(sc.runs);
        }
        output::write_study_h5(path, study);
        const auto got = output::read_study_h5(path);
        require_same_arrays(got, study);
        CHECK(got.scenarios[0].runs.arrays[0].dim_labels[0].empty());
        CHECK(got.scenarios[0].runs.arrays[0].dim_labels[1] == sources);
        CHECK(std::system(py_check(path).c_str()) == 0);
        output::write_array_summary_csv(dir.path / "spending.csv", study, "budget/spending");
        CHECK(read_lines(dir.path / "spending.csv") ==
              std::vector<std::string>{"scenario,year,programme,source,units,mean,sd,se,p05,p50,p95"});
    }
    SECTION("a study without arrays writes no array list")
    {
        auto study = make_study(2);
        for (auto& sc : study.scenarios) {
            sc.runs.arrays.clear();
            sc.runs.array_runs.clear();
            sc.array_summary.clear();
        }
        output::write_study_h5(path, study);
        const auto got = output::read_study_h5(path);
        CHECK(got.scenarios[0].runs.arrays.empty());
        CHECK(got.scenarios[0].runs.array_runs.empty());
        CHECK(got.scenarios[0].array_summary.empty());
        const output::H5File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
        CHECK(H5Lexists(file.get(), "/scenarios/baseline/arrays", H5P_DEFAULT) == 0);
    }
}

TEST_CASE("array datasets have the documented layout, labels, chunking and filters", "[output][hdf5][arrays]")
{
    TempDir    dir;
    const auto path = dir.path / "study.h5";
    const int  n_runs = GENERATE(5, 100); // 100 > the 64-run chunk
    output::write_study_h5(path, make_study(n_runs));
    INFO(n_runs << " runs");

    const output::H5File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const std::string    root = "/scenarios/精河_relocation";

    {
        const output::H5Dataset ds(H5Dopen2(file.get(), (root + "/arrays").c_str(), H5P_DEFAULT), "arrays");
        CHECK(shape_of(ds.get()) == std::vector<hsize_t>{3});
        CHECK(string_attr(ds.get(), "units") == "path");
        CHECK_FALSE(string_attr(ds.get(), "description").empty());
    }
    {
        const output::H5Dataset ds(H5Dopen2(file.get(), (root + "/budget/spending").c_str(), H5P_DEFAULT),
                                   "spending");
        std::vector<hsize_t> max_dims;
        CHECK(shape_of(ds.get(), &max_dims) == std::vector<hsize_t>{hsize_t(n_runs), 4, 4, 3});
        CHECK(max_dims == std::vector<hsize_t>{H5S_UNLIMITED, 4, 4, 3});
        const output::H5Type type(H5Dget_type(ds.get()), "type");
        CHECK(H5Tequal(type.get(), H5T_IEEE_F64LE) > 0);
        CHECK(string_attr(ds.get(), "units") == "yuan");
        CHECK(string_attr(ds.get(), "description") == "Spending by programme and funding source (支出)");
        CHECK(string_attr(ds.get(), "dims") == "run,year,programme,source");

        const output::H5Plist dcpl(H5Dget_create_plist(ds.get()), "dcpl");
        REQUIRE(H5Pget_layout(dcpl.get()) == H5D_CHUNKED);
        std::vector<hsize_t> chunk(4);
        REQUIRE(H5Pget_chunk(dcpl.get(), 4, chunk.data()) == 4);
        CHECK(chunk == std::vector<hsize_t>{hsize_t(std::min(n_runs, 64)), 4, 4, 3});
        CHECK(has_filter(dcpl.get(), H5Z_FILTER_SHUFFLE));
        CHECK(has_filter(dcpl.get(), H5Z_FILTER_DEFLATE));
        CHECK(has_filter(dcpl.get(), H5Z_FILTER_FLETCHER32));

        // One element through the C API: run 1, year 2017, programme 易地搬迁 (3), source 县级 (2).
        const std::vector<hsize_t> start{1, 1, 3, 2}, count{1, 1, 1, 1};
        const output::H5Space      fspace(H5Dget_space(ds.get()), "space");
        REQUIRE(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) >= 0);
        const hsize_t         one = 1;
        const output::H5Space mspace(H5Screate_simple(1, &one, nullptr), "mspace");
        double                v = 0;
        REQUIRE(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, mspace.get(), fspace.get(), H5P_DEFAULT, &v) >= 0);
        CHECK(v == array_value(1, 0, 1, (1 * 4 + 3) * 3 + 2));
    }
    // Label lists: one per axis and group, shared by spending and served.
    for (const auto& [name, want] : std::vector<std::pair<std::string, std::size_t>>{
             {"/budget/programme", 4}, {"/budget/source", 3}, {"/labour/county", 2}}) {
        INFO(name);
        const output::H5Dataset ds(H5Dopen2(file.get(), (root + name).c_str(), H5P_DEFAULT), "labels");
        CHECK(shape_of(ds.get()) == std::vector<hsize_t>{want});
        CHECK(string_attr(ds.get(), "units") == "label");
        CHECK(string_attr(ds.get(), "description").find("axis of the arrays in this group") != std::string::npos);
        const output::H5Type type(H5Dget_type(ds.get()), "type");
        CHECK(H5Tget_cset(type.get()) == H5T_CSET_UTF8);
    }
    CHECK(H5Lexists(file.get(), (root + "/labour/programme").c_str(), H5P_DEFAULT) == 0);
    for (const char* stat : {"mean", "sd", "se", "p05", "p50", "p95"}) {
        INFO(stat);
        const std::string       spath = root + "/budget/summary/served/" + stat;
        const output::H5Dataset ds(H5Dopen2(file.get(), spath.c_str(), H5P_DEFAULT), spath);
        CHECK(shape_of(ds.get()) == std::vector<hsize_t>{4, 4});
        CHECK(string_attr(ds.get(), "units") == "households");
        CHECK(string_attr(ds.get(), "description").find("Households served by each programme") != std::string::npos);
        CHECK(string_attr(ds.get(), "dims") == "year,programme");
        const output::H5Plist dcpl(H5Dget_create_plist(ds.get()), "dcpl");
        CHECK(has_filter(dcpl.get(), H5Z_FILTER_FLETCHER32));
    }
    CHECK(std::system(py_check(path).c_str()) == 0);
}

TEST_CASE("inconsistent arrays are refused before anything is written", "[output][hdf5][arrays]")
{
    TempDir    dir;
    const auto path = dir.path / "study.h5";
    const auto good = make_study();
    output::write_study_h5(path, good);
    const auto before = slurp(path);
    auto       bad    = good;

    SECTION("two arrays of one group disagree on the labels of a shared axis")
    {
        bad.scenarios[1].runs.arrays[1].dim_labels[0][2] = "dibao_plus";
        CHECK_THROWS_WITH(output::write_study_h5(path, bad),
                          Catch::Contains(path.string()) && Catch::Contains("精河_relocation") &&
                              Catch::Contains("budget/spending") && Catch::Contains("budget/served") &&
                              Catch::Contains("disagree") && Catch::Contains("programme"));
    }
    SECTION("a run with the wrong number of values")
    {
        bad.scenarios[0].runs.array_runs[2][3].pop_back();
        CHECK_THROWS_WITH(output::write_study_h5(path, bad),
                          Catch::Contains("labour/migrants") && Catch::Contains("run 3"));
    }
    SECTION("summaries missing")
    {
        bad.scenarios[0].array_summary.clear();
        CHECK_THROWS_WITH(output::write_study_h5(path, bad), Catch::Contains("summarise_arrays"));
    }
    SECTION("an array whose name is the label list of another")
    {
        bad.scenarios[0].runs.arrays[2].path = "budget/programme";
        CHECK_THROWS_WITH(output::write_study_h5(path, bad),
                          Catch::Contains("budget/programme") && Catch::Contains("already uses"));
    }
    SECTION("an array that would replace a metric dataset")
    {
        bad.scenarios[0].runs.arrays[2].path = "runs/n_registered_poor";
        CHECK_THROWS_WITH(output::write_study_h5(path, bad), Catch::Contains("already uses"));
    }
    SECTION("malformed dimensions and paths")
    {
        bad.scenarios[0].runs.arrays[2].dim_names[0] = "county";
        CHECK_THROWS_WITH(output::write_study_h5(path, bad), Catch::Contains("'year'"));
        bad = good;
        bad.scenarios[0].runs.arrays[2].dim_names.push_back("extra");
        CHECK_THROWS_WITH(output::write_study_h5(path, bad), Catch::Contains("label lists"));
        bad = good;
        bad.scenarios[0].runs.arrays[2].path = "labour//migrants";
        CHECK_THROWS_WITH(output::write_study_h5(path, bad), Catch::Contains("labour//migrants"));
        bad = good;
        bad.scenarios[0].runs.arrays[0].dim_names[2] = "programme";
        CHECK_THROWS_WITH(output::write_study_h5(path, bad), Catch::Contains("appears twice"));
    }
    CHECK(slurp(path) == before);
    CHECK(dir.entries() == std::vector<std::string>{"study.h5"});
}

TEST_CASE("a damaged array layout is reported by path", "[output][hdf5][arrays]")
{
    TempDir    dir;
    const auto path = dir.path / "study.h5";
    output::write_study_h5(path, make_study());
    {
        const output::H5File f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open");
        REQUIRE(H5Ldelete(f.get(), "/scenarios/baseline/budget/source", H5P_DEFAULT) >= 0);
    }
    CHECK_THROWS_WITH(output::read_study_h5(path),
                      Catch::Contains(path.string()) && Catch::Contains("missing dataset /scenarios/baseline/budget/source"));
}

TEST_CASE("array summary CSV: one row per scenario, year and label combination", "[output][csv][arrays]")
{
    TempDir    dir;
    const auto study = make_study();
    const auto path  = dir.path / "spending.csv";
    output::write_array_summary_csv(path, study, "budget/spending");
    const auto lines = read_lines(path);

    REQUIRE(lines.size() == 1 + 2 * 4 * 4 * 3);
    CHECK(lines[0] == "scenario,year,programme,source,units,mean,sd,se,p05,p50,p95");
    CHECK(lines[1].rfind("baseline,2016,dibao,central,yuan,", 0) == 0);
    CHECK(lines[2].rfind("baseline,2016,dibao,provincial,yuan,", 0) == 0);
    CHECK(lines[3].rfind("baseline,2016,dibao,县级,yuan,", 0) == 0);
    CHECK(lines[9].rfind("baseline,2016,\"低保, \"\"兜底\"\"\",县级,yuan,", 0) == 0);
    CHECK(lines[13].rfind("baseline,2017,dibao,central,yuan,", 0) == 0);
    CHECK(lines[49].rfind("精河_relocation,2016,dibao,central,yuan,", 0) == 0);
    CHECK(lines[96].rfind("精河_relocation,2019,易地搬迁,县级,yuan,", 0) == 0);
    CHECK(dir.entries() == std::vector<std::string>{"spending.csv"});

    // Row 96 is the last element: its six statistics parse back to the same bits.
    const auto&              s = study.scenarios[1].array_summary[0];
    std::vector<std::string> fields;
    {
        std::string field;
        for (std::istringstream row(lines[96]); std::getline(row, field, ',');) {
            fields.push_back(field);
        }
    }
    REQUIRE(fields.size() == 11);
    const std::size_t last = 4 * 4 * 3 - 1;
    int               k    = 5;
    for (const auto* v : {&s.mean, &s.sd, &s.se, &s.p05, &s.p50, &s.p95}) {
        CHECK(std::bit_cast<std::uint64_t>(parse(fields[static_cast<std::size_t>(k++)])) ==
              std::bit_cast<std::uint64_t>((*v)[last]));
    }

    SECTION("an array with a single labelled axis")
    {
        output::write_array_summary_csv(path, study, "labour/migrants");
        const auto rows = read_lines(path);
        REQUIRE(rows.size() == 1 + 2 * 4 * 2);
        CHECK(rows[0] == "scenario,year,county,units,mean,sd,se,p05,p50,p95");
        CHECK(rows[2].rfind("baseline,2016,博乐市,persons,", 0) == 0);
    }
    SECTION("errors leave the destination untouched")
    {
        const auto before = slurp(path);
        CHECK_THROWS_WITH(output::write_array_summary_csv(path, study, "budget/nothing"),
                          Catch::Contains(path.string()) && Catch::Contains("no scenario has an array 'budget/nothing'"));
        auto bad = study;
        bad.scenarios[1].array_summary[0].p95.pop_back();
        CHECK_THROWS_WITH(output::write_array_summary_csv(path, bad, "budget/spending"),
                          Catch::Contains("精河_relocation") && Catch::Contains("budget/spending"));
        bad = study;
        bad.scenarios[1].runs.arrays[0].dim_names[2] = "fund";
        CHECK_THROWS_WITH(output::write_array_summary_csv(path, bad, "budget/spending"),
                          Catch::Contains("dimensions differ"));
        CHECK(slurp(path) == before);
        CHECK(dir.entries() == std::vector<std::string>{"spending.csv"});
    }
}
