// Summary CSV: long format a spreadsheet or pandas reads directly, numbers that parse back
// to the same double, RFC 4180 quoting, atomic replacement.
#include "output/csv_writer.h"

#include "tests/support/file_checks.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace povsim;

using povsim::test::TempDir;
using povsim::test::read_lines;

namespace {


// from_chars, not stod: strtod reports ERANGE (stod throws) for subnormals, which are valid doubles.
double parse(const std::string& text)
{
    double v = std::numeric_limits<double>::quiet_NaN();
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

output::Study make_study()
{
    output::Study s;
    s.years = {2016, 2017, 2018};
    for (const char* name : {"baseline", "精河, \"budget cut\""}) {
        output::ScenarioOutput sc;
        sc.name         = name;
        sc.runs.years   = s.years;
        sc.runs.metrics = {{"n_registered_poor", "households", "Registered poor households"},
                           {"mean_income_pc", "yuan/person/yr", "Mean per-capita income"}};
        for (int r = 0; r < 4; ++r) {
            sc.runs.replication_ids.push_back(r);
            sim::ResultCube cube(2, 3);
            for (int y = 0; y < 3; ++y) {
                cube(0, y) = 1000.0 / (r + 3) + y;
                cube(1, y) = 3316.0 * (1 + 0.1 * r) + 0.1 * y;
            }
            sc.runs.runs.push_back(cube);
        }
        sc.summary = sim::summarise(sc.runs);
        s.scenarios.push_back(sc);
    }
    return s;
}

} // namespace

TEST_CASE("summary CSV has a header and one row per scenario, metric and year", "[output][csv]")
{
    TempDir    dir;
    const auto study = make_study();
    const auto path  = dir.path / "summary.csv";
    output::write_summary_csv(path, study);
    const auto lines = read_lines(path);

    REQUIRE(lines.size() == 1 + 2 * 2 * 3);
    CHECK(lines[0] == "scenario,metric,units,year,mean,sd,se,p05,p50,p95");
    CHECK(lines[1].rfind("baseline,n_registered_poor,households,2016,", 0) == 0);
    CHECK(lines[7].rfind("\"精河, \"\"budget cut\"\"\",n_registered_poor,households,2016,", 0) == 0);
    CHECK(lines[12].rfind("\"精河, \"\"budget cut\"\"\",mean_income_pc,yuan/person/yr,2018,", 0) == 0);
    CHECK(fs::directory_iterator(dir.path)->path() == path); // no temporary left
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);

    // Parse the mean of row 2 (baseline, n_registered_poor, 2017) back: the same bits.
    std::istringstream row(lines[2]);
    std::string        field;
    for (int i = 0; i < 5; ++i) {
        std::getline(row, field, ',');
    }
    const double parsed = parse(field);
    CHECK(std::bit_cast<std::uint64_t>(parsed) == std::bit_cast<std::uint64_t>(study.scenarios[0].summary[0].mean(1)));
}

TEST_CASE("CSV fields and numbers", "[output][csv]")
{
    CHECK(output::csv_field("plain") == "plain");
    CHECK(output::csv_field("a,b") == "\"a,b\"");
    CHECK(output::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(output::csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(output::csv_number(0.1) == "0.1");
    CHECK(output::csv_number(-0.0) == "-0");
    CHECK(output::csv_number(std::numeric_limits<double>::quiet_NaN()) == "NaN");
    CHECK(output::csv_number(-std::numeric_limits<double>::infinity()) == "-Inf");
    for (const double v : {1.0 / 3.0, 0.1 + 0.2, 4.9e-324, 1.7976931348623157e308, 123456789.123456789}) {
        CHECK(std::bit_cast<std::uint64_t>(parse(output::csv_number(v))) == std::bit_cast<std::uint64_t>(v));
    }
}

TEST_CASE("a failed CSV write leaves nothing behind", "[output][csv]")
{
    TempDir    dir;
    auto       study = make_study();
    const auto path  = dir.path / "summary.csv";
    std::ofstream(path) << "old contents\n";
    study.scenarios[1].summary.pop_back();
    CHECK_THROWS_WITH(output::write_summary_csv(path, study), Catch::Contains(path.string()));
    CHECK(read_lines(path) == std::vector<std::string>{"old contents"});
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
    CHECK_THROWS_WITH(output::write_summary_csv(dir.path / "nope" / "s.csv", make_study()),
                      Catch::Contains("does not exist"));
}
