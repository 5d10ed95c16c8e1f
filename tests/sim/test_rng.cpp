// Random streams: known answers, reproducibility, independence of keys.
#include "sim/rng.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

using namespace povsim::sim;

TEST_CASE("Philox4x32-10 matches the Random123 known-answer vector", "[sim][rng]")
{
    // kat_vectors: philox4x32 10, counter 0, key 0.
    r123::Philox4x32 philox;
    const auto out = philox(r123::Philox4x32::ctr_type{{0, 0, 0, 0}}, r123::Philox4x32::key_type{{0, 0}});
    CHECK(out.v[0] == 0x6627e8d5u);
    CHECK(out.v[1] == 0xe169c58du);
    CHECK(out.v[2] == 0xbc57ac4cu);
    CHECK(out.v[3] == 0x9b00dbd8u);
}

namespace {
std::vector<std::uint32_t> first_words(CounterRng rng, int n)
{
    std::vector<std::uint32_t> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(rng());
    }
    return out;
}
} // namespace

TEST_CASE("A stream is a pure function of its key", "[sim][rng]")
{
    const StreamKey key{7, 3, 2, DrawPurpose::Illness, 12345};
    CHECK(first_words(CounterRng(key), 64) == first_words(CounterRng(key), 64));

    const ReplicationStreams streams(7, 3, 2016);
    // year 2018 = offset 2 + 256 (the base-year region below the horizon)
    const StreamKey same{7, 3, 2 + 256, DrawPurpose::Illness, 12345, 0};
    CHECK(first_words(streams.stream(2018, DrawPurpose::Illness, 12345), 16) == first_words(CounterRng(same), 16));
}

TEST_CASE("Changing any part of the key changes the stream", "[sim][rng]")
{
    const StreamKey base{7, 3, 2, DrawPurpose::Illness, 12345};
    std::set<std::vector<std::uint32_t>> seen{first_words(CounterRng(base), 8)};
    auto variant = [&](auto mutate) {
        StreamKey k = base;
        mutate(k);
        return seen.insert(first_words(CounterRng(k), 8)).second;
    };
    CHECK(variant([](StreamKey& k) { k.seed = 8; }));
    CHECK(variant([](StreamKey& k) { k.seed = 7 + (1ull << 32); })); // high word of the seed matters
    CHECK(variant([](StreamKey& k) { k.replication = 4; }));
    CHECK(variant([](StreamKey& k) { k.year_offset = 3; }));
    CHECK(variant([](StreamKey& k) { k.purpose = DrawPurpose::Disaster; }));
    CHECK(variant([](StreamKey& k) { k.entity = 12346; }));
    CHECK(variant([](StreamKey& k) { k.substream = 1; }));
    CHECK(variant([](StreamKey& k) { k.substream = 0x7FFF; }));
}

TEST_CASE("Uniform draws lie in the unit interval with the right moments and independent streams", "[sim][rng]")
{
    const int n = 200000;
    double sum = 0, sum_sq = 0, cross = 0;
    CounterRng a(StreamKey{1, 0, 0, DrawPurpose::IncomeNoise, 1});
    CounterRng b(StreamKey{1, 0, 0, DrawPurpose::IncomeNoise, 2});
    for (int i = 0; i < n; ++i) {
        const double x = a.uniform(), y = b.uniform();
        REQUIRE(x >= 0.0);
        REQUIRE(x < 1.0);
        sum += x, sum_sq += x * x, cross += (x - 0.5) * (y - 0.5);
    }
    const double mean = sum / n, var = sum_sq / n - mean * mean;
    // Standard errors: mean 0.00065, variance 0.00019, covariance 0.00019; 5 sigma bounds.
    CHECK(std::abs(mean - 0.5) < 0.0033);
    CHECK(std::abs(var - 1.0 / 12.0) < 0.001);
    CHECK(std::abs(cross / n) < 0.001);
}

TEST_CASE("Batched Philox blocks are the words each stream's CounterRng returns", "[sim][rng]")
{
    const ReplicationStreams streams(0x123456789abcdefull, 5, 2016);
    for (const std::size_t count : {1u, 7u, 8u, 9u, 1000u}) { // both the vector body and the scalar tail
        for (const std::uint32_t block : {0u, 1u}) {
            std::vector<std::uint32_t> out(4 * count);
            streams.blocks(2019, DrawPurpose::Illness, 40, count, out.data(), 99, block);
            for (std::size_t k = 0; k < count; ++k) {
                auto rng = streams.stream(2019, DrawPurpose::Illness, static_cast<std::uint32_t>(40 + k), 99);
                for (std::uint32_t skip = 0; skip < 4 * block; ++skip) {
                    rng();
                }
                for (int j = 0; j < 4; ++j) {
                    REQUIRE(out[4 * k + j] == rng());
                }
            }
        }
    }
    // Each vector kernel this CPU runs agrees with the scalar path word for word (the dispatcher
    // takes the widest, so the narrower ones are tried here by name), body and tail.
    for (const std::size_t count : {1u, 8u, 15u, 16u, 17u, 33u, 64u, 1000u}) {
        std::vector<std::uint32_t> plain(4 * count), fast(4 * count, 0);
        detail::philox_blocks_scalar(1, 2, 0xFFFFFFF0u, 7, 4, 5, count, plain.data()); // entities wrap past 2^32
        philox_blocks(1, 2, 0xFFFFFFF0u, 7, 4, 5, count, fast.data());
        CHECK(fast == plain);
#if defined(__x86_64__) && defined(__GNUC__)
        if (detail::avx2_available()) {
            std::fill(fast.begin(), fast.end(), 0u);
            detail::philox_blocks_avx2(1, 2, 0xFFFFFFF0u, 7, 4, 5, count, fast.data());
            CHECK(fast == plain);
        }
        if (detail::avx512_available()) {
            std::fill(fast.begin(), fast.end(), 0u);
            detail::philox_blocks_avx512(1, 2, 0xFFFFFFF0u, 7, 4, 5, count, fast.data());
            CHECK(fast == plain);
        }
#endif
        // Scattered streams: the same words as the contiguous ones for the same entities.
        std::vector<std::uint32_t> entities(count);
        for (std::size_t k = 0; k < count; ++k) {
            entities[k] = 0xFFFFFFF0u + static_cast<std::uint32_t>(k);
        }
        std::reverse(entities.begin(), entities.end());
        std::vector<std::uint32_t> reversed(4 * count);
        for (std::size_t k = 0; k < count; ++k) {
            std::copy_n(plain.begin() + 4 * static_cast<std::ptrdiff_t>(count - 1 - k), 4, reversed.begin() + 4 * static_cast<std::ptrdiff_t>(k));
        }
        std::fill(fast.begin(), fast.end(), 0u);
        philox_blocks_of(1, 2, entities.data(), 7, 4, 5, count, fast.data());
        CHECK(fast == reversed);
        std::fill(fast.begin(), fast.end(), 0u);
        detail::philox_blocks_scalar(1, 2, 0, 7, 4, 5, count, fast.data(), entities.data());
        CHECK(fast == reversed);
#if defined(__x86_64__) && defined(__GNUC__)
        if (detail::avx2_available()) {
            std::fill(fast.begin(), fast.end(), 0u);
            detail::philox_blocks_avx2(1, 2, 0, 7, 4, 5, count, fast.data(), entities.data());
            CHECK(fast == reversed);
        }
        if (detail::avx512_available()) {
            std::fill(fast.begin(), fast.end(), 0u);
            detail::philox_blocks_avx512(1, 2, 0, 7, 4, 5, count, fast.data(), entities.data());
            CHECK(fast == reversed);
        }
#endif
    }
}

TEST_CASE("Batched first words of scattered streams are the first word each stream's CounterRng returns", "[sim][rng]")
{
    const ReplicationStreams streams(0xfeedfacecafebeefull, 3, 2016);
    for (const std::size_t count : {0u, 1u, 7u, 8u, 9u, 1001u}) { // both the vector body and the scalar tail
        std::vector<std::uint32_t> entities(count), words(count, 0);
        for (std::size_t k = 0; k < count; ++k) { // scattered, unsorted, with repeats and the largest entity
            entities[k] = k % 5 == 4 ? 0xFFFFFFFFu : static_cast<std::uint32_t>((k * 2654435761u) % 400000u);
        }
        streams.first_words(2021, DrawPurpose::Programme, entities.data(), count, words.data(), 0x1234);
        for (std::size_t k = 0; k < count; ++k) {
            REQUIRE(words[k] == streams.stream(2021, DrawPurpose::Programme, entities[k], 0x1234)());
        }
    }
    // The first words are word 0 of the scattered blocks, on every kernel (the blocks' kernels are
    // tested by name above).
    std::vector<std::uint32_t> entities(67), fast(67), blocks(4 * 67);
    for (std::size_t k = 0; k < entities.size(); ++k) {
        entities[k] = static_cast<std::uint32_t>(97 * k + 11);
    }
    detail::philox_blocks_scalar(1, 2, 0, 0, 4, 5, entities.size(), blocks.data(), entities.data());
    philox_first_words(1, 2, entities.data(), 0, 4, 5, entities.size(), fast.data());
    for (std::size_t k = 0; k < entities.size(); ++k) {
        REQUIRE(fast[k] == blocks[4 * k]);
    }
}

TEST_CASE("Batched blocks of scattered streams are the words each stream's CounterRng returns, and uniform53 its uniform", "[sim][rng]")
{
    const ReplicationStreams streams(0xabad1deaull, 9, 2016);
    for (const std::size_t count : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 1001u}) { // vector bodies and scalar tails
        std::vector<std::uint32_t> entities(count);
        for (std::size_t k = 0; k < count; ++k) { // scattered, unsorted, with repeats and the largest entity
            entities[k] = k % 5 == 4 ? 0xFFFFFFFFu : static_cast<std::uint32_t>((k * 2654435761u) % 400000u);
        }
        for (const std::uint32_t block : {0u, 1u}) {
            std::vector<std::uint32_t> out(4 * count);
            streams.blocks_of(2020, DrawPurpose::BasicNeeds, entities.data(), count, out.data(), 0, block);
            for (std::size_t k = 0; k < count; ++k) {
                auto rng = streams.stream(2020, DrawPurpose::BasicNeeds, entities[k]);
                for (std::uint32_t skip = 0; skip < 4 * block; ++skip) {
                    rng();
                }
                for (int j = 0; j < 4; ++j) {
                    REQUIRE(out[4 * k + j] == rng());
                }
            }
        }
    }
    auto a = streams.stream(2020, DrawPurpose::BasicNeeds, 77), b = a;
    for (int draw = 0; draw < 100; ++draw) {
        const std::uint32_t first = b();
        REQUIRE(a.uniform() == uniform53(first, b()));
    }
}
