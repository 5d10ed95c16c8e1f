// The researcher examples in examples/ run on a real study, and the Python (h5py + pandas) and R
// (rhdf5, axes reversed) readings of the same file agree.
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {

/// @brief The rows "year mean p05 p95" of every band table an example printed, in order.
std::vector<std::vector<double>> band_rows(const std::string& output)
{
    static const std::regex          row(R"(^\s*(\d{4})\s+(-?[0-9.]+)\s+(-?[0-9.]+)\s+(-?[0-9.]+)\s*$)");
    std::vector<std::vector<double>> rows;
    std::istringstream               in(output);
    std::string                      line;
    std::smatch                      m;
    while (std::getline(in, line)) {
        if (std::regex_match(line, m, row)) {
            rows.push_back({std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4])});
        }
    }
    return rows;
}

/// @brief The "parameter coefficient" rows of the regression an example printed.
std::vector<std::pair<std::string, double>> coefficient_rows(const std::string& output)
{
    static const std::regex                     row(R"(^([a-z_]+(\.[a-z_0-9]+)+)\s+(-?[0-9.]+)\s*$)");
    std::vector<std::pair<std::string, double>> rows;
    std::istringstream                          in(output);
    std::string                                 line;
    std::smatch                                 m;
    while (std::getline(in, line)) {
        if (std::regex_match(line, m, row)) {
            rows.emplace_back(m[1], std::stod(m[3]));
        }
    }
    return rows;
}

} // namespace

TEST_CASE("The researcher examples run on a study, and Python and R read the same returns band", "[examples][python]")
{
    test::TempDir dir;
    const auto    study = dir / "jinghe.h5", png = dir / "returns.png";
    // Enough replications for the regression on jinghe's uncertain parameters (more runs than keys + 1).
    REQUIRE(run_command(povsim_command() + " run jinghe --runs 40 -q --out " + q(study)).exit_code == 0);

    const auto py = run_command(std::string(POVSIM_PYTHON) + " " + source_file("examples/returns_and_parameters.py") +
                                " " + q(study) + " " + q(png));
    INFO(py.output);
    REQUIRE(py.exit_code == 0);
    CHECK(py.output.find("jinghe: new_returns (households), 40 replications") != std::string::npos);
    CHECK(py.output.find("on standardised parameter draws (R² = ") != std::string::npos);
    REQUIRE(std::filesystem::exists(png));
    CHECK(std::filesystem::file_size(png) > 10000);
    std::ifstream image(png, std::ios::binary);
    std::string   magic(4, '\0');
    image.read(magic.data(), 4);
    CHECK(magic == "\x89PNG");

    const auto r = run_command("Rscript " + source_file("examples/returns.R") + " " + q(study));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("on standardised parameter draws (R² = ") != std::string::npos);

    const auto from_py = band_rows(py.output), from_r = band_rows(r.output);
    REQUIRE(from_py.size() == 10); // jinghe: 2016-2025
    REQUIRE(from_r.size() == from_py.size());
    double total_returns = 0;
    for (std::size_t i = 0; i < from_py.size(); ++i) {
        INFO("row " << i);
        CHECK(from_r[i][0] == from_py[i][0]);
        for (std::size_t k = 1; k < 4; ++k) { // both print one decimal; rounding may differ by one unit
            CHECK(std::abs(from_r[i][k] - from_py[i][k]) <= 0.1 + 1e-9);
        }
        total_returns += from_py[i][1];
    }
    CHECK(total_returns > 0); // the band is of something: jinghe has returns

    // The same regression from both languages: numpy's least squares and R's lm.
    const auto coef_py = coefficient_rows(py.output), coef_r = coefficient_rows(r.output);
    REQUIRE(coef_py.size() == 8);
    REQUIRE(coef_r.size() == coef_py.size());
    for (std::size_t i = 0; i < coef_py.size(); ++i) {
        INFO(coef_py[i].first);
        CHECK(coef_r[i].first == coef_py[i].first);
        CHECK(std::abs(coef_r[i].second - coef_py[i].second) <= 0.01 + 1e-9);
    }
}
