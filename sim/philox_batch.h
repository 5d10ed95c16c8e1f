#pragma once
// Philox4x32-10 for many streams at once: the same words as Random123's philox4x32 (and so as
// CounterRng), computed lane by lane in plain loops the compiler turns into vector multiplies
// (vpmuludq), so a chunk of households gets its first block of a purpose in a few ns each.
// AVX-512 (16 streams a step), AVX2 (8) or scalar, chosen at run time: the same words.
#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

// GCC 12 reports the AVX-512 intrinsics' own undefined pass-through operands as maybe
// uninitialised (GCC bug 105593, fixed in 13), wherever the kernels are inlined: not a fault of
// this code. Off for this header only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace povsim::sim {

namespace detail {

constexpr std::uint32_t philox_m0 = 0xD2511F53u, philox_m1 = 0xCD9E8D57u; // Random123's PHILOX_M4x32_0/1
constexpr std::uint32_t philox_w0 = 0x9E3779B9u, philox_w1 = 0xBB67AE85u; // PHILOX_W32_0/1

/// One block of counter {c0, c1, c2, c3} under key {k0, k1}, in MicroURNG's order (r[3] .. r[0]).
inline void philox_block_scalar(std::uint32_t c0, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3,
                                std::uint32_t k0, std::uint32_t k1, std::uint32_t* o)
{
    std::uint32_t x0 = c0, x1 = c1, x2 = c2, x3 = c3;
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = static_cast<std::uint64_t>(philox_m0) * x0;
        const std::uint64_t p1 = static_cast<std::uint64_t>(philox_m1) * x2;
        x0 = static_cast<std::uint32_t>(p1 >> 32) ^ x1 ^ k0;
        x1 = static_cast<std::uint32_t>(p1);
        x2 = static_cast<std::uint32_t>(p0 >> 32) ^ x3 ^ k1;
        x3 = static_cast<std::uint32_t>(p0);
        k0 += philox_w0, k1 += philox_w1;
    }
    o[0] = x3, o[1] = x2, o[2] = x1, o[3] = x0;
}

/// Stream k's entity is @p first_entity + k, or @p entities[k] where a list is given (and so below).
inline void philox_blocks_scalar(std::uint32_t c0, std::uint32_t c1, std::uint32_t first_entity, std::uint32_t c3,
                                 std::uint32_t k0, std::uint32_t k1, std::size_t count, std::uint32_t* out,
                                 const std::uint32_t* entities = nullptr)
{
    for (std::size_t k = 0; k < count; ++k) {
        const std::uint32_t entity = entities ? entities[k] : first_entity + static_cast<std::uint32_t>(k);
        philox_block_scalar(c0, c1, entity, c3, k0, k1, out + 4 * k);
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
/// The ten rounds on eight streams' counters at once, one stream per 32-bit lane.
__attribute__((target("avx2"))) inline void philox_rounds_avx2(__m256i& x0, __m256i& x1, __m256i& x2, __m256i& x3,
                                                               std::uint32_t key0, std::uint32_t key1)
{
    const __m256i m0 = _mm256_set1_epi64x(philox_m0), m1 = _mm256_set1_epi64x(philox_m1);
    for (int round = 0; round < 10; ++round) {
        // 32×32→64 products of even lanes, then of odd lanes shifted down; hi and lo words re-interleaved.
        const __m256i p0e = _mm256_mul_epu32(x0, m0), p0o = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m0);
        const __m256i p1e = _mm256_mul_epu32(x2, m1), p1o = _mm256_mul_epu32(_mm256_srli_epi64(x2, 32), m1);
        const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(p0e, 32), p0o, 0xAA);
        const __m256i lo0 = _mm256_blend_epi32(p0e, _mm256_slli_epi64(p0o, 32), 0xAA);
        const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(p1e, 32), p1o, 0xAA);
        const __m256i lo1 = _mm256_blend_epi32(p1e, _mm256_slli_epi64(p1o, 32), 0xAA);
        const __m256i y0  = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32(static_cast<int>(key0)));
        const __m256i y2  = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32(static_cast<int>(key1)));
        x0 = y0, x1 = lo1, x2 = y2, x3 = lo0;
        key0 += philox_w0, key1 += philox_w1;
    }
}

/// Eight streams per AVX2 register; chosen at run time, so the portable build uses it too.
__attribute__((target("avx2"))) inline void philox_blocks_avx2(std::uint32_t c0, std::uint32_t c1,
                                                               std::uint32_t first_entity, std::uint32_t c3,
                                                               std::uint32_t k0, std::uint32_t k1, std::size_t count,
                                                               std::uint32_t* out, const std::uint32_t* entities = nullptr)
{
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    std::size_t k = 0;
    for (; k + 8 <= count; k += 8) {
        __m256i x0 = _mm256_set1_epi32(static_cast<int>(c0)), x1 = _mm256_set1_epi32(static_cast<int>(c1));
        __m256i x2 = entities ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(entities + k))
                              : _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first_entity + k)), lane);
        __m256i x3 = _mm256_set1_epi32(static_cast<int>(c3));
        philox_rounds_avx2(x0, x1, x2, x3, k0, k1);
        // Transpose to per-stream order r[3], r[2], r[1], r[0]: sNM holds streams N (low half) and M (high half).
        const __m256i a = _mm256_unpacklo_epi32(x3, x2), b = _mm256_unpackhi_epi32(x3, x2);
        const __m256i c = _mm256_unpacklo_epi32(x1, x0), d = _mm256_unpackhi_epi32(x1, x0);
        const __m256i s04 = _mm256_unpacklo_epi64(a, c), s15 = _mm256_unpackhi_epi64(a, c);
        const __m256i s26 = _mm256_unpacklo_epi64(b, d), s37 = _mm256_unpackhi_epi64(b, d);
        auto* o = reinterpret_cast<__m256i*>(out + 4 * k);
        _mm256_storeu_si256(o + 0, _mm256_permute2x128_si256(s04, s15, 0x20));
        _mm256_storeu_si256(o + 1, _mm256_permute2x128_si256(s26, s37, 0x20));
        _mm256_storeu_si256(o + 2, _mm256_permute2x128_si256(s04, s15, 0x31));
        _mm256_storeu_si256(o + 3, _mm256_permute2x128_si256(s26, s37, 0x31));
    }
    philox_blocks_scalar(c0, c1, first_entity + static_cast<std::uint32_t>(k), c3, k0, k1, count - k, out + 4 * k,
                         entities ? entities + k : nullptr);
}

/// The entities of streams at, …, at + 7 in the low halves of 64-bit lanes.
__attribute__((target("avx512f"))) inline __m512i entity_lanes_avx512(const std::uint32_t* entities,
                                                                     std::uint32_t first_entity, std::size_t at)
{
    if (entities) {
        return _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(entities + at)));
    }
    return _mm512_add_epi64(_mm512_set1_epi64(static_cast<std::uint32_t>(first_entity + at)),
                            _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Eight streams' blocks from their words in 64-bit lanes, in MicroURNG's order: stream j's 128
/// bits are (x3 | x2 << 32, x1 | x0 << 32), the two halves' vectors interleaved.
__attribute__((target("avx512f"))) inline void store_blocks_avx512(std::uint32_t* o, __m512i x0, __m512i x1, __m512i x2,
                                                                  __m512i x3)
{
    const __m512i low  = _mm512_mask_blend_epi32(0xAAAA, x3, _mm512_slli_epi64(x2, 32));
    const __m512i high = _mm512_mask_blend_epi32(0xAAAA, x1, _mm512_slli_epi64(x0, 32));
    _mm512_storeu_si512(o, _mm512_permutex2var_epi64(low, _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11), high));
    _mm512_storeu_si512(o + 16, _mm512_permutex2var_epi64(low, _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15), high));
}

/// Sixteen streams a step on AVX-512, chosen at run time where the CPU has AVX-512F. A stream is
/// a 64-bit lane, its 32-bit word in the lane's low half (the high half is ignored): vpmuludq
/// multiplies those halves into the whole product, so the high word is one shift away and the low
/// word already in place. Six instructions a round for eight streams and no permute (a 32-bit
/// layout needs four two-source permutes a round to re-interleave the products); two groups of
/// eight (a and b), written out, so that their multiplies overlap and all stay in registers.
__attribute__((target("avx512f"))) inline void philox_blocks_avx512(std::uint32_t c0, std::uint32_t c1,
                                                                   std::uint32_t first_entity, std::uint32_t c3,
                                                                   std::uint32_t k0, std::uint32_t k1,
                                                                   std::size_t count, std::uint32_t* out,
                                                                   const std::uint32_t* entities = nullptr)
{
    const __m512i m0 = _mm512_set1_epi64(philox_m0), m1 = _mm512_set1_epi64(philox_m1);
    std::size_t k = 0;
    for (; k + 16 <= count; k += 16) {
        __m512i a0 = _mm512_set1_epi64(c0), a1 = _mm512_set1_epi64(c1), a3 = _mm512_set1_epi64(c3);
        __m512i a2 = entity_lanes_avx512(entities, first_entity, k), b2 = entity_lanes_avx512(entities, first_entity, k + 8);
        __m512i b0 = a0, b1 = a1, b3 = a3;
        std::uint32_t key0 = k0, key1 = k1;
        for (int round = 0; round < 10; ++round) {
            const __m512i w0 = _mm512_set1_epi32(static_cast<int>(key0)), w1 = _mm512_set1_epi32(static_cast<int>(key1));
            const __m512i pa0 = _mm512_mul_epu32(a0, m0), pa1 = _mm512_mul_epu32(a2, m1);
            const __m512i pb0 = _mm512_mul_epu32(b0, m0), pb1 = _mm512_mul_epu32(b2, m1);
            // ternary logic 0x96: a ^ b ^ c
            a0 = _mm512_ternarylogic_epi32(_mm512_srli_epi64(pa1, 32), a1, w0, 0x96), a1 = pa1;
            a2 = _mm512_ternarylogic_epi32(_mm512_srli_epi64(pa0, 32), a3, w1, 0x96), a3 = pa0;
            b0 = _mm512_ternarylogic_epi32(_mm512_srli_epi64(pb1, 32), b1, w0, 0x96), b1 = pb1;
            b2 = _mm512_ternarylogic_epi32(_mm512_srli_epi64(pb0, 32), b3, w1, 0x96), b3 = pb0;
            key0 += philox_w0, key1 += philox_w1;
        }
        store_blocks_avx512(out + 4 * k, a0, a1, a2, a3);
        store_blocks_avx512(out + 4 * (k + 8), b0, b1, b2, b3);
    }
    philox_blocks_scalar(c0, c1, first_entity + static_cast<std::uint32_t>(k), c3, k0, k1, count - k, out + 4 * k,
                         entities ? entities + k : nullptr);
}

/// Whether this CPU runs the AVX-512 kernels (asked once).
inline bool avx512_available()
{
    static const bool avx512 = __builtin_cpu_supports("avx512f");
    return avx512;
}

/// Whether this CPU runs the AVX2 kernels (asked once; the portable build dispatches at run time).
inline bool avx2_available()
{
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
}
#else
inline bool avx2_available() { return false; }
inline bool avx512_available() { return false; }
#endif

} // namespace detail

/// @brief For k < @p count: the block of counter {c0, c1, @p first_entity + k, c3} under key
/// {k0, k1}, written to out[4k..4k+3] in the order MicroURNG hands them out (r[3], r[2], r[1], r[0]).
inline void philox_blocks(std::uint32_t c0, std::uint32_t c1, std::uint32_t first_entity, std::uint32_t c3,
                          std::uint32_t k0, std::uint32_t k1, std::size_t count, std::uint32_t* out)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (detail::avx512_available()) {
        detail::philox_blocks_avx512(c0, c1, first_entity, c3, k0, k1, count, out);
        return;
    }
    if (detail::avx2_available()) {
        detail::philox_blocks_avx2(c0, c1, first_entity, c3, k0, k1, count, out);
        return;
    }
#endif
    detail::philox_blocks_scalar(c0, c1, first_entity, c3, k0, k1, count, out);
}

/// @brief For k < @p count: the block of counter {c0, c1, @p entities[k], c3} under key {k0, k1},
/// written to out[4k..4k+3] as philox_blocks writes them (scattered streams, e.g. a few rows).
inline void philox_blocks_of(std::uint32_t c0, std::uint32_t c1, const std::uint32_t* entities, std::uint32_t c3,
                             std::uint32_t k0, std::uint32_t k1, std::size_t count, std::uint32_t* out)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (detail::avx512_available()) {
        detail::philox_blocks_avx512(c0, c1, 0, c3, k0, k1, count, out, entities);
        return;
    }
    if (detail::avx2_available()) {
        detail::philox_blocks_avx2(c0, c1, 0, c3, k0, k1, count, out, entities);
        return;
    }
#endif
    detail::philox_blocks_scalar(c0, c1, 0, c3, k0, k1, count, out, entities);
}

/// @brief For k < @p count: the first word of block @p c3 of counter {c0, c1, entities[k], c3}
/// under key {k0, k1} (out[k]), as a stream's CounterRng would hand it out first.
inline void philox_first_words(std::uint32_t c0, std::uint32_t c1, const std::uint32_t* entities, std::uint32_t c3,
                               std::uint32_t k0, std::uint32_t k1, std::size_t count, std::uint32_t* out)
{
    // The whole blocks of the streams, a batch at a time, then their first words: the Philox
    // work is the same as for blocks alone, the words beyond the first cost only stores.
    constexpr std::size_t batch = 256;
    std::uint32_t         blocks[4 * batch];
    for (std::size_t k = 0; k < count; k += batch) {
        const std::size_t n = count - k < batch ? count - k : batch;
        philox_blocks_of(c0, c1, entities + k, c3, k0, k1, n, blocks);
        for (std::size_t j = 0; j < n; ++j) {
            out[k + j] = blocks[4 * j];
        }
    }
}

} // namespace povsim::sim

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
