// The ratio of two mean paired differences (spending per return avoided) and its bootstrap band.
#include "sim/ratio_bootstrap.h"

#include <catch2/catch.hpp>

using namespace povsim::sim;

TEST_CASE("A ratio of means is exact when every pair has the same ratio", "[sim][ratio]")
{
    const std::vector<double> avoided{2, 4, 6, 8}, spending{20, 40, 60, 80};
    const auto r = ratio_of_means(spending, avoided);
    REQUIRE(r.defined);
    CHECK(r.ratio == Approx(10.0));
    CHECK(r.p05 == Approx(10.0)); // every resample gives 10 too
    CHECK(r.p95 == Approx(10.0));
    CHECK(r.share_undefined == 0.0);
}

TEST_CASE("The ratio is of the means, not a mean of run ratios, and its band holds it", "[sim][ratio]")
{
    // Run ratios 100, 1, 1, 1 average 25.75; the ratio of means is (100+3+3+3)/(1+3+3+3) = 10.9.
    const std::vector<double> avoided{1, 3, 3, 3}, spending{100, 3, 3, 3};
    const auto r = ratio_of_means(spending, avoided);
    CHECK(r.ratio == Approx(10.9));
    CHECK(r.p05 < r.ratio);
    CHECK(r.p95 > r.ratio);
    CHECK(r.p05 >= 1.0);   // no resample can go below the smallest run ratio
    CHECK(r.p95 <= 100.0); // nor above the largest
    // A fixed seed: the same band every time.
    const auto again = ratio_of_means(spending, avoided);
    CHECK(again.p05 == r.p05);
    CHECK(again.p95 == r.p95);
}

TEST_CASE("Nothing avoided on average leaves the ratio undefined", "[sim][ratio]")
{
    CHECK_FALSE(ratio_of_means({5, 5}, {1, -2}).defined);
    CHECK_FALSE(ratio_of_means({5, 5}, {0, 0}).defined);
    CHECK_FALSE(ratio_of_means({}, {}).defined);
    // Some resamples avoid nothing: reported as a share, not hidden.
    const auto fragile = ratio_of_means({1, 1, 1, 1}, {4, -1, -1, -1});
    REQUIRE(fragile.defined);
    CHECK(fragile.ratio == Approx(4.0));
    CHECK(fragile.share_undefined > 0.2);
    CHECK_THROWS_AS(ratio_of_means({1}, {1, 2}), std::invalid_argument);
}
