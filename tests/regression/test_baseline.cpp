// Golden regression: a small fixed study (tests/support/builders.h tiny region, 6
// replications, seed 42) compared with tests/regression/baseline_summary.csv to 6
// significant digits. After an intended change to the model, refresh the baseline with
//   POVSIM_UPDATE_BASELINE=1 build/tests/povsim_tests "[regression]"
// and commit the new CSV with a message that says why the numbers moved.
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "sim/ensemble_stats.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

using namespace povsim;

namespace {

const std::string baseline_path = std::string(POVSIM_SOURCE_DIR) + "/tests/regression/baseline_summary.csv";

sim::ReplicationSet tiny_study()
{
    const auto p = test::make_tiny_params();
    sim::ReplicationSet set;
    set.metrics = models::metric_infos();
    for (std::uint32_t r = 0; r < 6; ++r) {
        set.runs.push_back(models::run_replication(p, 42, r).metrics);
        set.replication_ids.push_back(static_cast<int>(r));
    }
    for (int y = p.scenario.start_year; y <= p.scenario.end_year; ++y) {
        set.years.push_back(y);
    }
    return set;
}

bool same_to_digits(double a, double b, int digits)
{
    if (a == b) {
        return true;
    }
    const double scale = std::max(std::abs(a), std::abs(b));
    return std::abs(a - b) <= scale * std::pow(10.0, -digits) + 1e-12;
}

} // namespace

TEST_CASE("Small fixed study matches the committed baseline", "[regression]")
{
    const auto set     = tiny_study();
    const auto summary = sim::summarise(set);
    std::map<std::string, double> now;
    std::ostringstream csv;
    csv << "metric,year,stat,value\n";
    for (std::size_t m = 0; m < set.metrics.size(); ++m) {
        for (std::size_t y = 0; y < set.years.size(); ++y) {
            for (auto [stat, arr] : {std::pair{"mean", &summary[m].mean}, {"p05", &summary[m].p05}, {"p95", &summary[m].p95}}) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "%.10g", (*arr)(y));
                const std::string key = set.metrics[m].name + "," + std::to_string(set.years[y]) + "," + stat;
                csv << key << "," << buf << "\n";
                now[key] = (*arr)(y);
            }
        }
    }
    if (std::getenv("POVSIM_UPDATE_BASELINE")) {
        std::ofstream(baseline_path) << csv.str();
        WARN("baseline refreshed: " << baseline_path);
        return;
    }
    std::ifstream in(baseline_path);
    REQUIRE(in.good());
    std::string line;
    std::getline(in, line); // header
    std::size_t compared = 0;
    while (std::getline(in, line)) {
        const auto cut = line.rfind(',');
        const std::string key = line.substr(0, cut);
        const double expected = std::stod(line.substr(cut + 1));
        INFO(key << ": baseline " << expected << ", now " << (now.count(key) ? now[key] : NAN));
        REQUIRE(now.count(key) == 1);
        CHECK(same_to_digits(now[key], expected, 6));
        ++compared;
    }
    CHECK(compared == now.size()); // a metric added or removed also needs a refresh
}
