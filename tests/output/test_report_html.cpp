// `povsim report` as a planner uses it: a two-scenario study of the tiny region becomes one
// offline HTML page whose chart containers, embedded numbers and tables match the study file,
// and which headless Chromium loads without errors, drawing every chart.
#include "output/hdf5_reader.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {


std::string slurp(const std::filesystem::path& p)
{
    std::ifstream      is(p, std::ios::binary);
    std::ostringstream ss;
    ss << is.rdbuf();
    return ss.str();
}

std::size_t count(const std::string& text, const std::string& needle)
{
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) {
        ++n;
    }
    return n;
}

/// The JSON numbers of the array that starts right after the first @p key found at or after @p from.
std::vector<double> array_after(const std::string& json, const std::string& key, std::size_t from = 0)
{
    const auto at = json.find(key, from);
    REQUIRE(at != std::string::npos);
    std::vector<double> out;
    const char*         p = json.c_str() + at + key.size();
    REQUIRE(*p == '[');
    ++p;
    while (*p != ']') {
        char* end = nullptr;
        out.push_back(std::strtod(p, &end));
        REQUIRE(end != p);
        p = end + (*end == ',' ? 1 : 0);
    }
    return out;
}

/// A study of the tiny region and its budget-cut variant (common random numbers), and its report.
struct TinyReport {
    test::TempDir dir;
    std::filesystem::path study = dir / "tiny.h5", report = dir / "report.html";
    test::CommandResult  run, rep;
    TinyReport()
    {
        run = run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " " +
                          source_file("tests/data/tiny_variant.toml") + " --runs 6 -q --out " + q(study));
        rep = run_command(povsim_command() + " report " + q(study) + " -o " + q(report));
    }
};

int metric_row(const output::ScenarioOutput& sc, const std::string& name)
{
    for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
        if (sc.runs.metrics[m].name == name) {
            return static_cast<int>(m);
        }
    }
    FAIL("no metric " << name);
    return -1;
}

} // namespace

TEST_CASE("povsim report draws every chart of a two-scenario study from the study's numbers", "[report]")
{
    TinyReport t;
    INFO(t.run.output << t.rep.output);
    REQUIRE(t.run.exit_code == 0);
    REQUIRE(t.rep.exit_code == 0);
    CHECK(t.dir.entries() == std::vector<std::string>{"report.html", "tiny.h5"}); // no temporary left behind
    const auto html  = slurp(t.report);
    const auto study = output::read_study_h5(t.study);
    REQUIRE(study.scenarios.size() == 2);

    // Offline: the library and the data are inside the page, nothing is fetched.
    CHECK(html.find("Chart.js v4") != std::string::npos);
    CHECK(html.find("src=\"http") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);

    // 10 trajectories, 10 paired differences, 2 budget charts per scenario, villages and counties.
    CHECK(count(html, "<figure class=\"chart-box\"") == 26);
    CHECK(count(html, "<canvas id=\"chart-") == 26);
    CHECK(html.find("data-charts-expected=\"26\"") != std::string::npos);
    for (const auto* section : {"trajectories", "differences", "budget", "timelines", "validation", "studies"}) {
        CHECK(html.find("<section id=\"" + std::string(section) + "\"") != std::string::npos);
    }

    // Header: the study's meta and each scenario's description.
    CHECK(html.find("<td>42</td>") != std::string::npos); // tiny.toml's seed
    CHECK(html.find(study.meta.created_utc) != std::string::npos);
    CHECK(html.find(study.meta.engine_version) != std::string::npos);
    CHECK(html.find("--runs 6") != std::string::npos); // the command line
    for (const auto& sc : study.scenarios) {
        CHECK(html.find(sc.description) != std::string::npos);
    }

    // The embedded data equal the study file's means, to the last bit.
    const auto open  = std::string("<script type=\"application/json\" id=\"report-data\">");
    const auto begin = html.find(open);
    REQUIRE(begin != std::string::npos);
    const auto json = html.substr(begin + open.size(), html.find("</script>", begin) - begin - open.size());
    for (const auto* metric : {"n_registered_poor", "new_exits", "new_returns", "new_poor", "n_monitored"}) {
        const auto chart = json.find("\"kind\":\"band\",\"metric\":\"" + std::string(metric) + "\"");
        REQUIRE(chart != std::string::npos);
        for (const auto& sc : study.scenarios) {
            const auto& mean = sc.summary[static_cast<std::size_t>(metric_row(sc, metric))].mean;
            const auto  got  = array_after(json, "\"name\":\"" + sc.name + "\",\"mean\":", chart);
            REQUIRE(got.size() == static_cast<std::size_t>(mean.size()));
            for (std::size_t y = 0; y < got.size(); ++y) {
                CHECK(got[y] == mean(static_cast<Eigen::Index>(y)));
            }
        }
    }

    // The paired difference is taken run by run, matched by replication index.
    {
        const auto& base = study.scenarios[0].runs;
        const auto& var  = study.scenarios[1].runs;
        const int   m    = metric_row(study.scenarios[0], "new_returns");
        const auto  chart = json.find("\"metric\":\"new_returns\",\"units\":\"households\",\"difference\":true");
        REQUIRE(chart != std::string::npos);
        const auto got = array_after(json, "\"name\":\"tiny_budget_cut − tiny\",\"mean\":", chart);
        REQUIRE(got.size() == study.years.size());
        REQUIRE(base.replication_ids == var.replication_ids);
        for (std::size_t y = 0; y < got.size(); ++y) {
            double sum = 0;
            for (std::size_t r = 0; r < base.runs.size(); ++r) {
                sum += var.runs[r](m, static_cast<Eigen::Index>(y)) - base.runs[r](m, static_cast<Eigen::Index>(y));
            }
            CHECK(got[y] == Approx(sum / static_cast<double>(base.runs.size())).margin(1e-9));
        }
    }

    // Budget by programme: mean over runs of the spending summed over sources, in 万元.
    for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
        const auto& sc = study.scenarios[s];
        std::size_t a  = 0;
        while (sc.runs.arrays[a].path != "budget/spending") {
            ++a;
        }
        const auto& progs = sc.runs.arrays[a].dim_labels[0];
        const auto  n_src = sc.runs.arrays[a].dim_labels[1].size();
        const auto  chart = json.find("\"kind\":\"stack\",\"units\":\"万元\",\"scenario\":\"" + sc.name + "\"");
        REQUIRE(chart != std::string::npos);
        for (std::size_t k = 0; k < progs.size(); ++k) {
            const auto got = array_after(json, "\"key\":\"" + progs[k] + "\",\"values\":", chart);
            for (std::size_t y = 0; y < study.years.size(); ++y) {
                double sum = 0;
                for (const auto& run : sc.runs.array_runs[a]) {
                    for (std::size_t src = 0; src < n_src; ++src) {
                        sum += run[(y * progs.size() + k) * n_src + src];
                    }
                }
                CHECK(got[y] == Approx(sum / 1e4 / static_cast<double>(sc.runs.array_runs[a].size())));
            }
        }
    }
    CHECK(json.find("\"name\":\"低保兜底 dibao\"") != std::string::npos); // programme labels from the scenario text

    // Validation: the variant's two targets, loaded from the stored scenario text; the baseline states none.
    CHECK(count(html, "<table class=\"validation\"") == 1);
    const auto table = html.find("<table class=\"validation\" data-scenario=\"tiny_budget_cut\"");
    REQUIRE(table != std::string::npos);
    const auto rows = html.substr(table, html.find("</table>", table) - table);
    CHECK(count(rows, "<tr") == 3); // header and two targets
    // Grouped by role as validate prints them: the fitted target (listed second in the file) first.
    const auto fitted = rows.find("<tr class=\"calibration\"><td>calibration</td><td><code>new_village_exits</code>");
    const auto held   = rows.find("<tr class=\"check\"><td>check</td><td><code>n_registered_poor</code>");
    REQUIRE(fitted != std::string::npos);
    REQUIRE(held != std::string::npos);
    CHECK(fitted < held);
    // The evidence line counts the one check.
    CHECK(html.find("<p class=\"tally\">checks 1, inside P5–P95 ") != std::string::npos);
    CHECK(rows.find("n_registered_poor") != std::string::npos);
    CHECK(rows.find("2016-2018") != std::string::npos);
    CHECK(rows.find("illustrative: six poor villages exit 2016-2018") != std::string::npos);
    CHECK(html.find("The scenario states no [[targets]]") != std::string::npos);
}

TEST_CASE("The report's validation table reads a study file's metrics by name, whatever their order", "[report]")
{
    TinyReport t;
    REQUIRE(t.run.exit_code == 0);
    // A file from another engine version may list its metrics in another order: reverse them.
    const auto reorder = run_command(std::string(POVSIM_PYTHON) + " -c \"import h5py, sys; f = h5py.File(sys.argv[1], 'r+'); "
                                     "d = f['scenarios/tiny_budget_cut/metrics']; d[...] = list(reversed(d.asstr()[:]))\" " + q(t.study));
    INFO(reorder.output);
    REQUIRE(reorder.exit_code == 0);
    const auto study = output::read_study_h5(t.study);
    const auto& sc   = study.scenarios[1];
    REQUIRE(sc.runs.metrics.back().name == "n_registered_poor"); // second in the engine's order
    const auto rep = run_command(povsim_command() + " report " + q(t.study) + " -o " + q(t.report));
    INFO(rep.output);
    REQUIRE(rep.exit_code == 0);
    const auto html  = slurp(t.report);
    const auto table = html.find("<table class=\"validation\" data-scenario=\"tiny_budget_cut\"");
    REQUIRE(table != std::string::npos);
    const auto row = html.substr(html.find("<code>n_registered_poor</code>", table), 400);
    // Target year 2017 is the second year of the horizon; the page prints 4 significant digits.
    char expected[32];
    std::snprintf(expected, sizeof expected, "<td class=\"num\">%.4g</td>",
                  sc.summary[sc.summary.size() - 1].mean(1));
    INFO(row);
    CHECK(row.find(expected) != std::string::npos);
}

TEST_CASE("povsim report refuses bad input with exit 2 and writes nothing", "[report]")
{
    test::TempDir dir;
    const auto    out = dir / "r.html";
    auto expect_bad = [&](const std::string& args, const std::string& message) {
        const auto res = run_command(povsim_command() + " report " + args);
        INFO(res.output);
        CHECK(res.exit_code == 2);
        CHECK(res.output.find(message) != std::string::npos);
        CHECK(!std::filesystem::exists(out));
    };
    expect_bad(q(dir / "missing.h5") + " -o " + q(out), "no such file");
    {
        std::ofstream(dir / "not.h5") << "not an HDF5 file\n";
    }
    expect_bad(q(dir / "not.h5") + " -o " + q(out), "not a readable povsim study file");
    expect_bad(source_file("tests/data/tiny.toml") + " -o " + q(dir / "no_such_dir" / "r.html"), "does not exist");
    expect_bad(q(dir / "not.h5"), "--out is required");
    CHECK(dir.entries() == std::vector<std::string>{"not.h5"});
}

TEST_CASE("The report loads in headless Chromium without errors and draws every chart", "[report][chromium]")
{
    TinyReport t;
    INFO(t.run.output << t.rep.output);
    REQUIRE(t.rep.exit_code == 0);
    const auto shot = t.dir / "report.png";
    const auto res  = run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/check_report.py") + " " +
                                 q(t.report) + " --screenshot " + q(shot));
    INFO(res.output);
    if (res.exit_code == 2) {
        FAIL("Chromium is needed for this test: run `bash scripts/install-deps.sh` (Debian package chromium)");
    }
    CHECK(res.exit_code == 0);
    CHECK(res.output.find("26 charts checked") != std::string::npos);
    CHECK(std::filesystem::file_size(shot) > 50000);
}
