// The rows passing a programme's mask tests (models/row_filter.h): every kernel this CPU runs
// gives exactly the rows a plain loop over MaskTest::holds gives, in row order, at any range.
#include "models/row_filter.h"
#include "sim/rng.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace povsim;

TEST_CASE("Every row kernel keeps exactly the rows whose masks hold, in row order, at any range", "[models][eligibility]")
{
    const sim::ReplicationStreams streams(11, 0, 2016);
    auto                          rng = streams.stream(2016, sim::DrawPurpose::Programme, 0);
    constexpr std::size_t         n   = 1000;
    std::vector<std::uint32_t>    stage(n);
    std::vector<std::uint8_t>     flags(n);
    for (std::size_t i = 0; i < n; ++i) {
        stage[i] = rng() & 0x3Fu; // six bits: every combination of the masks below occurs
        flags[i] = static_cast<std::uint8_t>(rng() & 0x0Fu);
    }
    const std::vector<models::MaskTest> tests = {
        {0, 0, 0, 0},             // every row
        {0x1, 0x1, 0, 0},         // one stage bit
        {0x5, 0x4, 0x3, 0x1},     // a bit set, a bit clear, and flags
        {0x3F, 0x3F, 0x0F, 0x0F}, // rare: every bit
        {0x1, 0x2, 0, 0},         // impossible: a bit wanted outside the mask
    };
    int kernels = 0;
    for (const auto kernel : {models::RowKernel::Scalar, models::RowKernel::Avx2, models::RowKernel::Avx512}) {
        if (!models::row_kernel_available(kernel)) {
            continue;
        }
        ++kernels;
        for (const auto& t : tests) {
            // Ranges that start and end inside a vector's width, and empty and short ones.
            for (const auto& [begin, end] : {std::pair<std::size_t, std::size_t>{0, n}, {3, 997}, {17, 18}, {5, 5}, {0, 15}, {1, 40}}) {
                std::vector<std::uint32_t> expected;
                for (std::size_t r = begin; r < end; ++r) {
                    if (t.holds(stage[r], flags[r])) {
                        expected.push_back(static_cast<std::uint32_t>(r));
                    }
                }
                std::vector<std::uint32_t> got(end - begin + models::rows_passing_slack, 0xFFFFFFFFu);
                const std::size_t count = models::rows_passing_with(kernel, t, stage.data(), flags.data(), begin, end, got.data());
                got.resize(count);
                CHECK(got == expected);
            }
        }
        std::vector<std::uint32_t> all(n + models::rows_passing_slack);
        CHECK(models::rows_passing_with(kernel, tests[0], stage.data(), flags.data(), 0, n, all.data()) == n);
        CHECK(models::rows_passing_with(kernel, tests[4], stage.data(), flags.data(), 0, n, all.data()) == 0);
    }
    CHECK(kernels >= 1);
    // The dispatched kernel is one of them.
    std::vector<std::uint32_t> a(n + models::rows_passing_slack), b(n + models::rows_passing_slack);
    const auto                 ka = models::rows_passing(tests[2], stage.data(), flags.data(), 0, n, a.data());
    const auto kb = models::rows_passing_with(models::RowKernel::Scalar, tests[2], stage.data(), flags.data(), 0, n, b.data());
    REQUIRE(ka == kb);
    a.resize(ka), b.resize(kb);
    CHECK(a == b);
}
