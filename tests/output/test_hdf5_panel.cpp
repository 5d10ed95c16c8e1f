// The panel part of a study file (output/hdf5_panel.h): named columns written as typed,
// labelled, compressed 1-D datasets, and malformed tables refused before anything is written.
#include "output/h5_handles.h"
#include "output/hdf5_panel.h"
#include "output/hdf5_writer.h"

#include "tests/support/small_study.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace povsim;

namespace {

output::Study study_with(sim::PanelTable table)
{
    auto study               = test::small_study();
    study.scenarios[0].panel = std::move(table);
    return study;
}

sim::PanelTable small_table()
{
    sim::PanelTable t;
    t.name        = "households";
    t.description = "a test panel";
    t.attributes  = {{"replication", 3}, {"households", 2}};
    t.columns.push_back({"period", "year", "calendar year", "", std::vector<std::int32_t>{2016, 2016, 2017, 2017}});
    t.columns.push_back({"status", "code", "a code", "0=a;1=b", std::vector<std::int32_t>{0, 1, 1, 1}});
    t.columns.push_back(
        {"income_pc", "yuan/person/yr", "an amount", "", std::vector<float>{1.5f, 1e-3f, -0.0f, 3e38f}});
    return t;
}

std::string string_attr(hid_t obj, const char* name)
{
    const output::H5Attr attr(H5Aopen(obj, name, H5P_DEFAULT), std::string("attribute ") + name);
    const output::H5Type type = output::make_utf8_string_type();
    char*                text = nullptr;
    output::check(H5Aread(attr.get(), type.get(), &text), "read attribute");
    std::string out(text);
    H5free_memory(text);
    return out;
}

} // namespace

TEST_CASE("panel columns are written as typed, labelled, compressed datasets", "[output][hdf5][panel]")
{
    test::TempDir dir;
    const auto    path = dir / "p.h5";
    output::write_study_h5(path, study_with(small_table()));

    const output::H5File  file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const output::H5Group g(H5Gopen2(file.get(), "scenarios/tiny/households", H5P_DEFAULT), "open group");
    CHECK(string_attr(g.get(), "columns") == "period,status,income_pc");
    CHECK(string_attr(g.get(), "description") == "a test panel");
    std::int64_t rep = 0;
    const output::H5Attr a(H5Aopen(g.get(), "replication", H5P_DEFAULT), "replication");
    output::check(H5Aread(a.get(), H5T_NATIVE_INT64, &rep), "read replication");
    CHECK(rep == 3);

    const output::H5Dataset status(H5Dopen2(g.get(), "status", H5P_DEFAULT), "status");
    CHECK(string_attr(status.get(), "labels") == "0=a;1=b");
    CHECK(string_attr(status.get(), "units") == "code");
    CHECK(H5Aexists(status.get(), "description") > 0);
    const output::H5Dataset period(H5Dopen2(g.get(), "period", H5P_DEFAULT), "period");
    CHECK(H5Aexists(period.get(), "labels") == 0); // quantities carry no labels

    const output::H5Dataset income(H5Dopen2(g.get(), "income_pc", H5P_DEFAULT), "income_pc");
    const output::H5Type    type(H5Dget_type(income.get()), "type");
    CHECK(H5Tequal(type.get(), H5T_IEEE_F32LE) > 0);
    std::vector<float> back(4);
    output::check(H5Dread(income.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()), "read");
    CHECK(back == std::get<std::vector<float>>(small_table().columns[2].values));
    CHECK(std::signbit(back[2]));
    const output::H5Plist dcpl(H5Dget_create_plist(income.get()), "dcpl");
    CHECK(H5Pget_layout(dcpl.get()) == H5D_CHUNKED);
    CHECK(H5Pget_nfilters(dcpl.get()) == 3); // shuffle, deflate, Fletcher-32
}

TEST_CASE("a study without a panel has no panel group", "[output][hdf5][panel]")
{
    test::TempDir dir;
    auto          study = study_with(small_table());
    study.scenarios[0].panel.reset();
    output::write_study_h5(dir / "p.h5", study);
    const output::H5File file(H5Fopen((dir / "p.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    CHECK(H5Lexists(file.get(), "scenarios/tiny/households", H5P_DEFAULT) == 0);
}

TEST_CASE("malformed panels are refused before anything is written", "[output][hdf5][panel]")
{
    struct Case {
        const char*                         what;
        std::function<void(output::Study&)> spoil;
        const char*                         message;
    };
    const auto columns = [](output::Study& s) -> std::vector<sim::PanelColumn>& {
        return s.scenarios[0].panel->columns;
    };
    const std::vector<Case> cases{
        {"unequal", [&](output::Study& s) { std::get<std::vector<float>>(columns(s)[2].values).pop_back(); },
         "column 'income_pc' has 3 rows, but 'period' has 4"},
        {"duplicate", [&](output::Study& s) { columns(s)[1].name = "period"; }, "column 'period' appears twice"},
        {"slash", [&](output::Study& s) { columns(s)[1].name = "a/b"; }, "cannot be an HDF5 name"},
        {"comma", [&](output::Study& s) { columns(s)[1].name = "a,b"; }, "contains a comma"},
        {"empty", [&](output::Study& s) { columns(s).clear(); }, "it has no columns"},
        {"group", [](output::Study& s) { s.scenarios[0].panel->name = ""; }, "group name '' cannot be an HDF5 name"},
        {"collision",
         [](output::Study& s) {
             s.scenarios[0].runs.arrays.push_back({"households/served", "units", "d", {"year"}, {}});
             s.scenarios[0].runs.array_runs.resize(1);
             const std::vector<double> per_year(2, 0.0);
             s.scenarios[0].array_summary.push_back({per_year, per_year, per_year, per_year, per_year, per_year});
         },
         "would land in the panel group"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        test::TempDir dir;
        auto          study = study_with(small_table());
        c.spoil(study);
        try {
            output::write_study_h5(dir / "p.h5", study);
            FAIL("written");
        } catch (const std::runtime_error& e) {
            const std::string msg = e.what();
            INFO(msg);
            CHECK(msg.find("scenario 'tiny': panel: ") != std::string::npos);
            CHECK(msg.find(c.message) != std::string::npos);
        }
        CHECK(dir.entries().empty());
    }
}
