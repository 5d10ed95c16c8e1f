#include "models/row_filter.h"

#include "sim/philox_batch.h" // detail::avx512_available, avx2_available

#include <array>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace povsim::models {

namespace {

std::size_t rows_passing_scalar(const MaskTest& t, const std::uint32_t* stage, const std::uint8_t* flags,
                                std::size_t begin, std::size_t end, std::uint32_t* out)
{
    // Each row is written and kept by advancing the end by the test's 0 or 1: eligibility is
    // close to a coin flip row by row, so a branch on it would be mispredicted often.
    std::size_t kept = 0;
    for (std::size_t r = begin; r < end; ++r) {
        out[kept] = static_cast<std::uint32_t>(r);
        kept += t.holds(stage[r], flags[r]) ? 1 : 0;
    }
    return kept;
}

#if defined(__x86_64__) && defined(__GNUC__)

/// For each 8-bit mask, the positions of its set bits, packed low first (one byte each): AVX2 has
/// no compress instruction, so the kept lanes are moved to the front by a permutation.
constexpr std::array<std::uint64_t, 256> left_pack_table()
{
    std::array<std::uint64_t, 256> table{};
    for (unsigned m = 0; m < 256; ++m) {
        std::uint64_t packed = 0;
        int           k      = 0;
        for (unsigned bit = 0; bit < 8; ++bit) {
            if ((m >> bit) & 1u) {
                packed |= static_cast<std::uint64_t>(bit) << (8 * k++);
            }
        }
        table[m] = packed;
    }
    return table;
}
constexpr auto left_pack = left_pack_table();

// The vector kernels, each compiled for its instruction set by a target attribute and called
// only where the CPU has it (rows_passing). They write whole registers: at a row r with
// r + width ≤ end, at most r − begin rows have been kept, so the store ends within the range.
__attribute__((target("avx512f"))) std::size_t rows_passing_avx512(const MaskTest& t, const std::uint32_t* stage,
                                                                   const std::uint8_t* flags, std::size_t begin,
                                                                   std::size_t end, std::uint32_t* out)
{
    const __m512i stage_mask = _mm512_set1_epi32(static_cast<int>(t.stage_mask));
    const __m512i stage_want = _mm512_set1_epi32(static_cast<int>(t.stage_want));
    const __m512i flag_mask  = _mm512_set1_epi32(t.flag_mask), flag_want = _mm512_set1_epi32(t.flag_want);
    const __m512i lanes      = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    std::size_t   kept       = 0, r = begin;
    for (; r + 16 <= end; r += 16) {
        const __m512i   s    = _mm512_loadu_si512(stage + r);
        // The zero-masking form: GCC 12 warns that the plain one's undefined register is read.
        const __m512i   f    = _mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_loadu_si128(reinterpret_cast<const __m128i*>(flags + r)));
        const __mmask16 pass = _mm512_mask_cmpeq_epi32_mask(_mm512_cmpeq_epi32_mask(_mm512_and_si512(s, stage_mask), stage_want),
                                                            _mm512_and_si512(f, flag_mask), flag_want);
        const __m512i rows = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(r)), lanes);
        // The register form of compress, then a whole store: compress straight to memory is slow
        // on Zen 4.
        _mm512_storeu_si512(out + kept, _mm512_maskz_compress_epi32(pass, rows));
        kept += static_cast<std::size_t>(__builtin_popcount(pass));
    }
    return kept + rows_passing_scalar(t, stage, flags, r, end, out + kept);
}

__attribute__((target("avx2"))) std::size_t rows_passing_avx2(const MaskTest& t, const std::uint32_t* stage,
                                                              const std::uint8_t* flags, std::size_t begin,
                                                              std::size_t end, std::uint32_t* out)
{
    const __m256i stage_mask = _mm256_set1_epi32(static_cast<int>(t.stage_mask));
    const __m256i stage_want = _mm256_set1_epi32(static_cast<int>(t.stage_want));
    const __m256i flag_mask  = _mm256_set1_epi32(t.flag_mask), flag_want = _mm256_set1_epi32(t.flag_want);
    const __m256i lanes      = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    std::size_t   kept       = 0, r = begin;
    for (; r + 8 <= end; r += 8) {
        const __m256i s = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(stage + r));
        const __m256i f = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(flags + r)));
        const __m256i ok = _mm256_and_si256(_mm256_cmpeq_epi32(_mm256_and_si256(s, stage_mask), stage_want),
                                            _mm256_cmpeq_epi32(_mm256_and_si256(f, flag_mask), flag_want));
        const auto    pass = static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(ok)));
        const __m256i order =
            _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<long long>(left_pack[pass])));
        const __m256i rows = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(r)), lanes);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + kept), _mm256_permutevar8x32_epi32(rows, order));
        kept += static_cast<std::size_t>(__builtin_popcount(pass));
    }
    return kept + rows_passing_scalar(t, stage, flags, r, end, out + kept);
}

#endif
} // namespace

bool row_kernel_available(RowKernel k)
{
    switch (k) {
    case RowKernel::Avx512: return sim::detail::avx512_available();
    case RowKernel::Avx2: return sim::detail::avx2_available();
    default: return true;
    }
}

std::size_t rows_passing_with(RowKernel k, const MaskTest& t, const std::uint32_t* stage, const std::uint8_t* flags,
                              std::size_t begin, std::size_t end, std::uint32_t* out)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (k == RowKernel::Avx512) {
        return rows_passing_avx512(t, stage, flags, begin, end, out);
    }
    if (k == RowKernel::Avx2) {
        return rows_passing_avx2(t, stage, flags, begin, end, out);
    }
#endif
    return rows_passing_scalar(t, stage, flags, begin, end, out);
}

std::size_t rows_passing(const MaskTest& t, const std::uint32_t* stage, const std::uint8_t* flags, std::size_t begin,
                         std::size_t end, std::uint32_t* out)
{
    static const RowKernel widest = row_kernel_available(RowKernel::Avx512) ? RowKernel::Avx512
                                    : row_kernel_available(RowKernel::Avx2) ? RowKernel::Avx2
                                                                            : RowKernel::Scalar;
    return rows_passing_with(widest, t, stage, flags, begin, end, out);
}

} // namespace povsim::models
