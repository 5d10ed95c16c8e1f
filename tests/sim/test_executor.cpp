// The executor: results by index whatever the thread count; cancellation; errors.
#include "sim/executor.h"
#include "sim/result_cube.h"

#include <catch2/catch.hpp>

#include <numeric>
#include <stdexcept>

using namespace povsim::sim;

namespace {
ResultCube fake_replication(std::uint32_t r)
{
    ResultCube c(1, 3);
    c << r, r * r, 1.0 / (r + 1);
    return c;
}
} // namespace

TEST_CASE("Replication results do not depend on the number of threads", "[sim][executor]")
{
    std::vector<std::uint32_t> reps(37);
    std::iota(reps.begin(), reps.end(), 5u);
    ExecutorOptions one{1, {}, nullptr}, four{4, {}, nullptr};
    const auto a = run_replications<ResultCube>(reps, fake_replication, one);
    const auto b = run_replications<ResultCube>(reps, fake_replication, four);
    REQUIRE(a.size() == reps.size());
    for (std::size_t i = 0; i < reps.size(); ++i) {
        REQUIRE(a[i].has_value());
        REQUIRE(b[i].has_value());
        CHECK((*a[i] == fake_replication(reps[i])).all());
        CHECK((*a[i] == *b[i]).all());
    }
}

TEST_CASE("Progress is reported once per replication", "[sim][executor]")
{
    std::vector<std::uint32_t> reps(10, 0);
    int calls = 0, last = 0;
    ExecutorOptions opts{3, [&](int done, int total) { ++calls, last = done; CHECK(total == 10); }, nullptr};
    run_replications<ResultCube>(reps, fake_replication, opts);
    CHECK(calls == 10);
    CHECK(last == 10);
}

TEST_CASE("Cancellation starts no new replication and an error is rethrown", "[sim][executor]")
{
    std::vector<std::uint32_t> reps(20);
    std::iota(reps.begin(), reps.end(), 0u);
    std::atomic<bool> cancel{false};
    ExecutorOptions   opts{1, {}, &cancel};
    const auto res = run_replications<ResultCube>(
        reps, [&](std::uint32_t r) { if (r == 4) cancel = true; return fake_replication(r); }, opts);
    CHECK(res[4].has_value());
    CHECK_FALSE(res[5].has_value());
    CHECK_FALSE(res[19].has_value());

    ExecutorOptions two{2, {}, nullptr};
    CHECK_THROWS_WITH(run_replications<ResultCube>(
                          reps, [](std::uint32_t r) -> ResultCube { if (r == 7) throw std::runtime_error("boom"); return fake_replication(r); }, two),
                      "boom");
}
