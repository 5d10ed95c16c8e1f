// The labelled per-replication arrays add up to the metrics they break down (invariants).
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

using namespace povsim;
using namespace povsim::models;

TEST_CASE("Pathway, segment, county and village arrays sum to their metrics", "[models][arrays]")
{
    const auto p   = test::make_tiny_params();
    const auto res = run_replication(p, 7, 3);
    const auto arr = [&](const char* path) { return res.arrays[static_cast<std::size_t>(result_array_index(p, path))]; };
    const auto by_pathway = arr("registry/exits_by_pathway"), persons = arr("registry/exit_persons_by_pathway");
    const auto by_segment = arr("registry/exits"), seg_path = arr("registry/exits_by_segment_pathway");
    const auto counties = arr("counties/poor_villages"), villages = arr("villages/poor");
    const auto income   = arr("villages/collective_income");
    const std::size_t n_seg = p.population.segments.size(), n_county = p.population.counties.size();
    const std::size_t n_village = villages.size() / 7;
    double exits_seen = 0;
    for (int y = 0; y < 7; ++y) {
        const auto yi = static_cast<std::size_t>(y);
        double pathways = 0, pathway_persons = 0;
        for (int k = 0; k < pathway_count; ++k) {
            pathways += by_pathway[yi * pathway_count + k], pathway_persons += persons[yi * pathway_count + k];
        }
        CHECK(pathways == res.metrics(metric_index("new_exits"), y));
        CHECK(pathway_persons == res.metrics(metric_index("new_exit_persons"), y));
        CHECK(pathways == res.metrics(metric_index("new_exits_wages"), y) + res.metrics(metric_index("new_exits_farm_business"), y) +
                              res.metrics(metric_index("new_exits_transfers"), y) + res.metrics(metric_index("new_exits_safety_net"), y));
        for (std::size_t g = 0; g < n_seg; ++g) {
            double sum = 0;
            for (int k = 0; k < pathway_count; ++k) {
                sum += seg_path[(yi * n_seg + g) * pathway_count + k];
            }
            CHECK(sum == by_segment[yi * n_seg + g]);
        }
        double poor_by_county = 0, poor_villages = 0, collective = 0;
        for (std::size_t c = 0; c < n_county; ++c) {
            poor_by_county += counties[yi * n_county + c];
        }
        for (std::size_t v = 0; v < n_village; ++v) {
            poor_villages += villages[yi * n_village + v], collective += income[yi * n_village + v];
        }
        CHECK(poor_by_county == res.metrics(metric_index("n_poor_villages"), y));
        CHECK(poor_villages == res.metrics(metric_index("n_poor_villages"), y));
        CHECK(collective / n_village == Approx(res.metrics(metric_index("mean_village_collective_income"), y)));
        exits_seen += pathways;
    }
    CHECK(exits_seen > 0); // the sums compare something
    CHECK(n_village == 12);
}
