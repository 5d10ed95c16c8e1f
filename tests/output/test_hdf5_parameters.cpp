// The parameter draws of a study file (output/hdf5_parameters.h): written per run and read back
// bit-exactly in their order, nothing for a scenario without them, malformed ones refused
// before anything is written.
#include "output/hdf5_reader.h"
#include "output/hdf5_writer.h"

#include "tests/support/small_study.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace povsim;

namespace {

/// One scenario of @p ids.size() runs (metric cubes of zeros) with two drawn parameters.
output::Study study_with(const std::vector<int>& ids)
{
    auto  study             = test::small_study();
    auto& sc                = study.scenarios[0];
    sc.runs.replication_ids = ids;
    sc.runs.runs.assign(ids.size(), sim::ResultCube::Zero(0, 2));
    sc.runs.parameters = {
        {"income.farm_growth", "1/yr", "trend; drawn once per replication from uniform(0.04, 0.08)"},
        {"programmes.industry.effect.income", "yuan/person/yr", "gain; lognormal(median 600, sigma 0.2)"}};
    sc.runs.parameter_runs.resize(2);
    for (int id : ids) {
        sc.runs.parameter_runs[0].push_back(0.04 + 0.001 * id + 1e-17 * id);
        sc.runs.parameter_runs[1].push_back(600.0 / (id + 3));
    }
    return study;
}

} // namespace

TEST_CASE("Parameter draws round-trip bit-exactly, in order, aligned with the replications",
          "[output][hdf5][uncertain]")
{
    test::TempDir dir;
    const auto    path = dir / "p.h5";
    const auto    study = study_with({4, 0, 9});
    output::write_study_h5(path, study);
    const auto  back = output::read_study_h5(path);
    const auto& got  = back.scenarios[0].runs;
    const auto& want = study.scenarios[0].runs;
    CHECK(got.replication_ids == want.replication_ids);
    REQUIRE(got.parameters.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK(got.parameters[k].name == want.parameters[k].name);
        CHECK(got.parameters[k].units == want.parameters[k].units);
        CHECK(got.parameters[k].description == want.parameters[k].description);
        CHECK(got.parameter_runs[k] == want.parameter_runs[k]); // == on doubles: bit-exact
    }
}

TEST_CASE("A study without runs or without uncertain parameters reads back empty", "[output][hdf5][uncertain]")
{
    test::TempDir dir;
    output::write_study_h5(dir / "none.h5", study_with({}));
    const auto none = output::read_study_h5(dir / "none.h5").scenarios[0].runs;
    CHECK(none.parameters.size() == 2);
    CHECK(none.parameter_runs == std::vector<std::vector<double>>{{}, {}});

    auto fixed = study_with({0, 1});
    fixed.scenarios[0].runs.parameters.clear();
    fixed.scenarios[0].runs.parameter_runs.clear();
    output::write_study_h5(dir / "fixed.h5", fixed);
    CHECK(output::read_study_h5(dir / "fixed.h5").scenarios[0].runs.parameters.empty());
}

TEST_CASE("Malformed parameter draws are refused and nothing is written", "[output][hdf5][uncertain]")
{
    test::TempDir dir;
    const auto    path   = dir / "bad.h5";
    const auto    refuse = [&](const output::Study& study, const std::string& fragment) {
        INFO(fragment);
        CHECK_THROWS_WITH(output::write_study_h5(path, study), Catch::Contains(fragment));
        CHECK_FALSE(std::filesystem::exists(path));
    };
    auto short_runs = study_with({0, 1, 2});
    short_runs.scenarios[0].runs.parameter_runs[1].pop_back();
    refuse(short_runs, "parameter 'programmes.industry.effect.income' has 2 runs, but there are 3 metric runs");

    auto twice = study_with({0});
    twice.scenarios[0].runs.parameters[1].name = "income.farm_growth";
    refuse(twice, "parameter 'income.farm_growth' appears twice");

    auto slash = study_with({0});
    slash.scenarios[0].runs.parameters[0].name = "income/farm_growth";
    refuse(slash, "income/farm_growth");

    auto lists = study_with({0});
    lists.scenarios[0].runs.parameter_runs.pop_back();
    refuse(lists, "1 run lists for 2 parameters");
}
