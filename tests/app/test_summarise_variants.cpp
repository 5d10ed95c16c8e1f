// The answer first: the per-variant summary of compare (and the report) against sums taken by
// hand from the study file, the cost per return avoided as a ratio of those sums, the windows,
// and the sentences carrying the same figures.
#include "app/summarise_variants.h"
#include "output/hdf5_reader.h"
#include "output/html_text.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <numeric>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {

/// Per replication, in ascending id order: the metric summed over the years [first, last].
std::vector<double> window_sums(const sim::ReplicationSet& set, const std::string& metric, int first, int last)
{
    Eigen::Index row = 0;
    while (set.metrics[static_cast<std::size_t>(row)].name != metric) {
        ++row;
    }
    std::vector<std::pair<int, double>> by_id;
    for (std::size_t r = 0; r < set.runs.size(); ++r) {
        double sum = 0;
        for (std::size_t y = 0; y < set.years.size(); ++y) {
            if (set.years[y] >= first && set.years[y] <= last) {
                sum += set.runs[r](row, static_cast<Eigen::Index>(y));
            }
        }
        by_id.emplace_back(set.replication_ids[r], sum);
    }
    std::sort(by_id.begin(), by_id.end());
    std::vector<double> out;
    for (const auto& [id, v] : by_id) {
        out.push_back(v);
    }
    return out;
}

double mean_difference(const std::vector<double>& b, const std::vector<double>& v)
{
    double sum = 0;
    for (std::size_t k = 0; k < b.size(); ++k) {
        sum += v[k] - b[k];
    }
    return sum / static_cast<double>(b.size());
}

} // namespace

TEST_CASE("Summary windows: the horizon, and 2021-2025 when the horizon covers it", "[app][summary]")
{
    using W = std::vector<std::pair<int, int>>;
    CHECK(app::summary_windows({2016, 2017, 2018}) == W{{2016, 2018}});
    CHECK(app::summary_windows({2021, 2022, 2023, 2024, 2025}) == W{{2021, 2025}});
    std::vector<int> long_horizon(11);
    std::iota(long_horizon.begin(), long_horizon.end(), 2015);
    CHECK(app::summary_windows(long_horizon) == W{{2015, 2025}, {2021, 2025}});
    CHECK(app::summary_windows({}).empty());
}

TEST_CASE("The variant summary restates the study's paired sums and the spending per return avoided",
          "[app][summary]")
{
    test::TempDir dir;
    const auto    study = dir / "s.h5";
    // Budget cut against the baseline on tiny: fewer served, so returns and spending differ.
    REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " " +
                        source_file("tests/data/tiny_strict_exit.toml") + " --runs 12 -q --out " + q(study))
                .exit_code == 0);
    const auto s = output::read_study_h5(study);
    REQUIRE(s.scenarios.size() == 2);
    const auto& base = s.scenarios[0].runs;
    const auto& var  = s.scenarios[1].runs;
    const auto  out  = app::summarise_variants({"tiny", &base}, {{"tiny_strict_exit", &var}});
    REQUIRE(out.size() == 1); // 2016-2022 does not cover 2025
    const auto& v = out.front();
    CHECK(v.first_year == s.years.front());
    CHECK(v.last_year == s.years.back());
    CHECK(v.n_pairs == 12);
    for (const char* metric : {"new_returns", "new_exits", "new_poor", "new_spending"}) {
        INFO(metric);
        const auto it = std::find_if(v.items.begin(), v.items.end(), [&](const auto& i) { return i.metric == metric; });
        REQUIRE(it != v.items.end());
        const auto b = window_sums(base, metric, v.first_year, v.last_year);
        const auto w = window_sums(var, metric, v.first_year, v.last_year);
        CHECK(it->stat.mean_diff == Approx(mean_difference(b, w)).margin(1e-9));
    }
    // The monitored stock is read at the window's end, not summed.
    const auto monitored = std::find_if(v.items.begin(), v.items.end(), [](const auto& i) { return i.metric == "n_monitored"; });
    REQUIRE(monitored != v.items.end());
    const auto last_b = window_sums(base, "n_monitored", v.last_year, v.last_year);
    const auto last_v = window_sums(var, "n_monitored", v.last_year, v.last_year);
    CHECK(monitored->stat.mean_diff == Approx(mean_difference(last_b, last_v)).margin(1e-9));
    CHECK(std::isnan(monitored->stat.prob_better)); // monitoring has no better direction

    const double extra   = mean_difference(window_sums(base, "new_spending", v.first_year, v.last_year),
                                           window_sums(var, "new_spending", v.first_year, v.last_year));
    const double avoided = -mean_difference(window_sums(base, "new_returns", v.first_year, v.last_year),
                                            window_sums(var, "new_returns", v.first_year, v.last_year));
    const auto&  cost    = v.cost_per_return_avoided;
    CHECK(cost.defined == (avoided > 0));
    if (cost.defined) {
        CHECK(cost.ratio == Approx(extra / avoided));
        CHECK(cost.p05 <= cost.ratio);
        CHECK(cost.p95 >= cost.ratio);
    }
    CHECK(v.sentence.find("tiny_strict_exit against tiny, " + std::to_string(v.first_year) + "–" + std::to_string(v.last_year)) == 0);
    CHECK(v.sentence_zh.find("tiny_strict_exit与tiny相比") == 0);

    // The report opens with the same numbers.
    const auto html_file = dir / "r.html";
    REQUIRE(run_command(povsim_command() + " report " + q(study) + " -o " + q(html_file)).exit_code == 0);
    std::ifstream in(html_file);
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto summary_at = html.find("<section id=\"summary\">");
    REQUIRE(summary_at != std::string::npos);
    CHECK(summary_at < html.find("<section id=\"scenarios\">"));
    const auto returns = std::find_if(v.items.begin(), v.items.end(), [](const auto& i) { return i.metric == "new_returns"; });
    CHECK(html.find("<tr data-metric=\"new_returns\"><td>Δ returns to poverty 返贫户 (households)</td><td data-mean=\"" +
                    std::to_string(returns->stat.mean_diff) + "\">") != std::string::npos);
    CHECK(html.find(output::esc(v.sentence_zh).substr(0, 20)) != std::string::npos);

    // compare opens with the same summary.
    const auto res = run_command(povsim_command() + " compare " + q(study));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    CHECK(res.output.rfind("Summary: each variant against the baseline tiny", 0) == 0);
    CHECK(res.output.find("tiny_strict_exit against tiny") < res.output.find("Detail by year"));
}
