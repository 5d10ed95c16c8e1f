#pragma once
// The rows of a range that pass a programme's two mask tests (models/eligibility.h), found 16 or
// 8 rows at a time where the CPU has AVX-512 or AVX2: the first, and usually only, cut of a
// candidate scan, so that the per-row work (enrolment bits, income keys) is done for the rows
// that pass and not for every household.
#include "models/eligibility.h"

#include <cstddef>
#include <cstdint>

namespace povsim::models {

/// @brief Writes to @p out, in row order, the rows r of [@p begin, @p end) whose stage bits and
/// flags pass @p t (MaskTest::holds(stage[r], flags[r])), and returns how many. Writes no more
/// than end − begin words (a vector store at row r, with r + width ≤ end, starts at most at
/// r − begin), and reads stage and flags within [begin, end). Every kernel gives the same rows.
std::size_t rows_passing(const MaskTest& t, const std::uint32_t* stage, const std::uint8_t* flags, std::size_t begin,
                         std::size_t end, std::uint32_t* out);

/// The kernels, for the tests that compare them: rows_passing runs the widest this CPU has.
enum class RowKernel { Scalar, Avx2, Avx512 };
bool        row_kernel_available(RowKernel k);
/// @brief rows_passing with kernel @p k (which must be available)
std::size_t rows_passing_with(RowKernel k, const MaskTest& t, const std::uint32_t* stage, const std::uint8_t* flags,
                              std::size_t begin, std::size_t end, std::uint32_t* out);

} // namespace povsim::models
