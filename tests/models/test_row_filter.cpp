// The rows passing a programme's mask tests (models/row_filter.h): every kernel this CPU runs
// gives exactly the rows a plain loop over MaskTest::holds gives, in row order, at any range,
// and writes nothing past the range's length.
#include "models/eligibility.h"
#include "models/row_filter.h"
#include "sim/rng.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace povsim;

namespace {

/// A few of the masks programmes compile to (the alive bit, the sign bit of a lane, in each).
std::vector<models::MaskTest> compiled_masks()
{
    std::vector<models::MaskTest> out;
    for (const std::vector<std::string>& words :
         {std::vector<std::string>{"supported"}, {"registered_poor", "has_labour"}, {"water_unsafe"},
          {"!non_poor", "no_labour", "!disabled"}, {"monitored", "ill"}}) {
        out.push_back(models::mask_test(models::compile_eligibility(models::parse_eligibility(words, false))));
    }
    return out;
}

} // namespace

TEST_CASE("Every row kernel keeps exactly the rows whose masks hold, in row order, at any range", "[models][eligibility]")
{
    const sim::ReplicationStreams streams(11, 0, 2016);
    auto                          rng = streams.stream(2016, sim::DrawPurpose::Programme, 0);
    constexpr std::size_t         n   = 1000;
    std::vector<std::uint32_t>    stage(n);
    std::vector<std::uint8_t>     flags(n);
    for (std::size_t i = 0; i < n; ++i) {
        // Whole words and bytes, but most rows alive and many with the low bits the masks read,
        // so that every mask below keeps some rows and drops others.
        stage[i] = (rng() & ~0x3Fu & 0x7FFFFFFFu) | (rng() & 0x3Fu) | (rng() % 8 != 0 ? 0x80000000u : 0u);
        flags[i] = static_cast<std::uint8_t>(rng());
    }
    auto tests = compiled_masks();
    tests.insert(tests.end(), {
                                  {0, 0, 0, 0},             // every row
                                  {0x1, 0x1, 0, 0},         // one stage bit
                                  {0x5, 0x4, 0x3, 0x1},     // a bit set, a bit clear, and flags
                                  {0x3F, 0x3F, 0x0F, 0x0F}, // rare: every bit
                                  {0x1, 0x2, 0, 0},         // impossible: a bit wanted outside the mask
                              });
    constexpr std::uint32_t guard = 0xDEADBEEFu;
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
                // Guards after the range's length: a kernel may write no further.
                std::vector<std::uint32_t> got(end - begin + 32, guard);
                const std::size_t count = models::rows_passing_with(kernel, t, stage.data(), flags.data(), begin, end, got.data());
                for (std::size_t k = end - begin; k < got.size(); ++k) {
                    REQUIRE(got[k] == guard);
                }
                got.resize(count);
                CHECK(got == expected);
            }
        }
        std::vector<std::uint32_t> all(n);
        CHECK(models::rows_passing_with(kernel, {0, 0, 0, 0}, stage.data(), flags.data(), 0, n, all.data()) == n);
        CHECK(models::rows_passing_with(kernel, {0x1, 0x2, 0, 0}, stage.data(), flags.data(), 0, n, all.data()) == 0);
    }
#if defined(__x86_64__) && defined(__GNUC__)
    // Where the CPU has them, the vector kernels were among those compared.
    CHECK(models::row_kernel_available(models::RowKernel::Avx2) == (__builtin_cpu_supports("avx2") != 0));
    CHECK(models::row_kernel_available(models::RowKernel::Avx512) == (__builtin_cpu_supports("avx512f") != 0));
    CHECK(kernels == 1 + (__builtin_cpu_supports("avx2") != 0) + (__builtin_cpu_supports("avx512f") != 0));
#endif
    // The dispatched kernel gives the scalar kernel's rows.
    std::vector<std::uint32_t> a(n), b(n);
    const auto ka = models::rows_passing(tests[1], stage.data(), flags.data(), 0, n, a.data());
    const auto kb = models::rows_passing_with(models::RowKernel::Scalar, tests[1], stage.data(), flags.data(), 0, n, b.data());
    REQUIRE(ka == kb);
    a.resize(ka), b.resize(kb);
    CHECK(a == b);
    CHECK(ka > 0);
    CHECK(ka < n);
}
