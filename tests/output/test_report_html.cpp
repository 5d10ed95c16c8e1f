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
        rep = run_command(povsim_command() + " report " + q(study) + " -o " + q(report) + " --ceiling 50");
    }
};

/// tests/output/check_report.py on @p report against @p study: its own computation from the raw
/// replications (h5py), without a browser unless @p browser.
test::CommandResult check_against_study(const std::filesystem::path& report, const std::filesystem::path& study,
                                        const std::string& extra = "")
{
    return run_command(std::string(POVSIM_PYTHON) + " " + source_file("tests/output/check_report.py") + " " +
                       q(report) + " --study " + q(study) + " --no-browser " + extra);
}

std::string sections_of(const std::string& html)
{
    std::string out;
    for (auto pos = html.find("<section id=\""); pos != std::string::npos; pos = html.find("<section id=\"", pos + 1)) {
        const auto begin = pos + 13;
        out += html.substr(begin, html.find('"', begin) - begin) + " ";
    }
    return out;
}

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

    // 10 trajectories, 10 paired differences, the baseline's 2 budget stacks, the variant's spending
    // difference and change by programme, villages and counties.
    CHECK(count(html, "<figure class=\"chart-box\"") == 26);
    CHECK(count(html, "<canvas id=\"chart-") == 26);
    CHECK(html.find("data-charts-expected=\"26\"") != std::string::npos);
    // The answer first, provenance last.
    CHECK(sections_of(html) ==
          "summary scenarios trajectories differences budget budget-differences timelines validation studies ");

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

    // Budget by programme, of the baseline only: mean over runs of the spending summed over sources, in 万元.
    CHECK(json.find("\"kind\":\"stack\",\"units\":\"万元\",\"scenario\":\"tiny_budget_cut\"") == std::string::npos);
    {
        const auto& sc = study.scenarios[0];
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
    CHECK(json.find("\"ceiling\":50,\"share_above\":[") != std::string::npos);

    // The variant's total spending minus the baseline's, run by run (same replication ids), in 万元.
    {
        auto totals = [&](const output::ScenarioOutput& sc, std::size_t r, std::size_t y) {
            std::size_t a = 0;
            while (sc.runs.arrays[a].path != "budget/spending") {
                ++a;
            }
            const auto cells = sc.runs.arrays[a].dim_labels[0].size() * sc.runs.arrays[a].dim_labels[1].size();
            double     sum   = 0;
            for (std::size_t c = 0; c < cells; ++c) {
                sum += sc.runs.array_runs[a][r][y * cells + c];
            }
            return sum / 1e4;
        };
        const auto chart = json.find("\"metric\":\"budget_total\",\"units\":\"万元\",\"difference\":true,"
                                     "\"variant\":\"tiny_budget_cut\"");
        REQUIRE(chart != std::string::npos);
        const auto got = array_after(json, "\"name\":\"tiny_budget_cut − tiny\",\"mean\":", chart);
        REQUIRE(got.size() == study.years.size());
        const auto n = study.scenarios[0].runs.runs.size();
        double     cut_2018 = 0;
        for (std::size_t y = 0; y < got.size(); ++y) {
            double sum = 0;
            for (std::size_t r = 0; r < n; ++r) {
                sum += totals(study.scenarios[1], r, y) - totals(study.scenarios[0], r, y);
            }
            CHECK(got[y] == Approx(sum / static_cast<double>(n)).margin(1e-9));
            cut_2018 = study.years[y] == 2018 ? got[y] : cut_2018;
        }
        CHECK(cut_2018 < 0); // budgets halved from 2018: the variant spends less
        CHECK(json.find("\"kind\":\"delta_stack\",\"units\":\"万元\",\"variant\":\"tiny_budget_cut\"") !=
              std::string::npos);
    }

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
    CHECK(html.find("No [[targets]] stated: tiny</p>") != std::string::npos);

    // And independently of povsim's code, from the raw replications with h5py.
    const auto checked = check_against_study(t.report, t.study, "--ceiling 50");
    INFO(checked.output);
    CHECK(checked.exit_code == 0);
    CHECK(checked.output.find("series checked") != std::string::npos);
}

TEST_CASE("The report hides what a study does not have: variants, targets, poor villages and counties", "[report]")
{
    test::TempDir dir;
    SECTION("one scenario without targets: no comparison and no validation") {
        const auto study = dir / "tiny.h5", report = dir / "r.html";
        REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " --runs 4 -q --out " +
                            q(study)).exit_code == 0);
        const auto rep = run_command(povsim_command() + " report " + q(study) + " -o " + q(report));
        INFO(rep.output);
        REQUIRE(rep.exit_code == 0);
        const auto html = slurp(report);
        CHECK(sections_of(html) == "scenarios trajectories budget timelines studies ");
        CHECK(html.find("\"difference\":true") == std::string::npos);
        CHECK(html.find("\"kind\":\"delta_stack\"") == std::string::npos);
        CHECK(html.find("class=\"validation\"") == std::string::npos);
        CHECK(html.find("\"ceiling\"") == std::string::npos); // none given
        CHECK(html.find("data-charts-expected=\"14\"") != std::string::npos);
        const auto checked = check_against_study(report, study);
        INFO(checked.output);
        CHECK(checked.exit_code == 0);
    }
    SECTION("a county without poor villages or poor counties: no village or county chart") {
        const auto study = dir / "jinghe.h5", report = dir / "r.html";
        REQUIRE(run_command(povsim_command() + " run " + source_file("scenarios/jinghe.toml") + " --runs 3 -q --out " +
                            q(study)).exit_code == 0);
        const auto rep = run_command(povsim_command() + " report " + q(study) + " -o " + q(report));
        INFO(rep.output);
        REQUIRE(rep.exit_code == 0);
        const auto html = slurp(report);
        CHECK(sections_of(html) == "scenarios trajectories budget validation studies ");
        CHECK(html.find("n_poor_villages") == std::string::npos);
        CHECK(html.find("n_poor_counties") == std::string::npos);
        const auto checked = check_against_study(report, study);
        INFO(checked.output);
        CHECK(checked.exit_code == 0);
    }
}

TEST_CASE("The report's checker fails when the page and the study disagree", "[report]")
{
    TinyReport t;
    REQUIRE(t.rep.exit_code == 0);
    // The page was drawn with a ceiling of 50; a checker told 60 must notice.
    const auto wrong = check_against_study(t.report, t.study, "--ceiling 60");
    INFO(wrong.output);
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.output.find("FAIL: ceiling 50") != std::string::npos);
    // A page of the baseline alone against the study of two scenarios.
    const auto alone = t.dir / "alone.h5", page = t.dir / "alone.html";
    REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " --runs 6 -q --out " +
                        q(alone)).exit_code == 0);
    REQUIRE(run_command(povsim_command() + " report " + q(alone) + " -o " + q(page)).exit_code == 0);
    const auto mixed = check_against_study(page, t.study);
    INFO(mixed.output);
    CHECK(mixed.exit_code == 1);
}

TEST_CASE("Scenarios with the same targets and the same results share one validation table", "[report]")
{
    test::TempDir dir;
    const auto    a = dir / "a.h5", b = dir / "b.h5", report = dir / "r.html";
    // The same scenario twice on the same seed: equal tables, and a paired spending difference of 0.
    for (const auto& f : {a, b}) {
        REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny_variant.toml") +
                            " --runs 4 -q --out " + q(f)).exit_code == 0);
    }
    const auto rep = run_command(povsim_command() + " report " + q(a) + " " + q(b) + " -o " + q(report));
    INFO(rep.output);
    REQUIRE(rep.exit_code == 0);
    const auto html = slurp(report);
    CHECK(count(html, "<table class=\"validation\"") == 1);
    CHECK(html.find("<h3>tiny_budget_cut, tiny_budget_cut (b.h5)</h3>") != std::string::npos);
    const auto chart = html.find("\"variant\":\"tiny_budget_cut (b.h5)\"");
    REQUIRE(chart != std::string::npos);
    for (const double d : array_after(html, "\"mean\":", chart)) {
        CHECK(d == 0);
    }
}

TEST_CASE("povsim report refuses a negative ceiling", "[report]")
{
    TinyReport t;
    REQUIRE(t.run.exit_code == 0);
    const auto out = t.dir / "r2.html";
    const auto res = run_command(povsim_command() + " report " + q(t.study) + " -o " + q(out) + " --ceiling -1");
    INFO(res.output);
    CHECK(res.exit_code == 2);
    CHECK(res.output.find("--ceiling must be >= 0") != std::string::npos);
    CHECK(!std::filesystem::exists(out));
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
                                 q(t.report) + " --screenshot " + q(shot) + " --study " + q(t.study) +
                                 " --ceiling 50");
    INFO(res.output);
    if (res.exit_code == 2) {
        FAIL("Chromium is needed for this test: run `bash scripts/install-deps.sh` (Debian package chromium)");
    }
    CHECK(res.exit_code == 0);
    CHECK(res.output.find("26 charts checked") != std::string::npos);
    CHECK(std::filesystem::file_size(shot) > 50000);
}
