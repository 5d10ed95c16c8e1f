#pragma once
// The vector arithmetic of the income step (stage 4) on one block of household rows: Box–Muller
// noise from the block's random words, growth of the income potentials, the realised
// components and the year's risk bits. Compiled twice from income_kernel.inc: once for the
// portable target and once for AVX2 (income_kernel_avx2.cpp), chosen at run time. Both give the
// same bits (tests/models/test_income_kernel.cpp): every row is computed by whole vector packets
// except the last (n mod 4) rows of a block, which take the scalar path, as a 4-wide build does.
// No Eigen type crosses this header, so the AVX2 copy of Eigen stays inside its own file.
#include <cstddef>
#include <cstdint>

namespace povsim::models {

/// Rows per block of the income step: a block's float arrays stay in the core's own cache.
inline constexpr std::size_t income_block_rows = 1024;

/// @brief The year's income constants in float (uncertain keys already drawn).
struct IncomeConstants {
    // Mean-preserving lognormal noise: E[exp(g − σ²/2 + σZ)] = exp(g). The persistent level is a
    // random walk; the year's transitory deviation from it (σ_shock) is drawn afresh every year.
    float farm_drift, farm_sigma, wage_drift, wage_sigma, farm_shock_mean, farm_shock_sigma, wage_shock_mean,
        wage_shock_sigma;
    float transfer_growth, wage_factor, pension, ill_loss, monitoring_line, fell, large_drop;
    bool  drop_on;
    float business_growth, property_growth; ///< growth since the base year
    const float* business_share;            ///< by segment byte (256 entries)
    const float* property_share;            ///< by segment byte (256 entries)
    const float* village_farm;              ///< each village's farm factor this year (price, disaster, crisis)
};

/// @brief The household columns the income step reads and writes, as plain pointers (row 0 of the table).
struct IncomeColumns {
    const std::int32_t* village;
    const std::uint8_t *size, *employed, *elderly, *flags, *segment, *status;
    const float*        base_income_pc;
    float *farm_base_pc, *wage_per_worker, *transfer_pc, *farm_pc, *wage_pc, *income_pc, *programme_pc, *topup_pc;
    std::uint8_t*  risk;
    std::uint16_t *programme_wage_pc, *programme_farm_pc;
};

/// @brief Four standard normals per row from block 0 of each row's words (words 0–1: a_cos and
/// a_sin, words 2–3: b_cos and b_sin), for n ≤ income_block_rows rows.
struct BlockNormals {
    float* a_cos;
    float* a_sin;
    float* b_cos;
    float* b_sin;
};

namespace income_kernel_portable {
void normals(const std::uint32_t* words, std::size_t n, const BlockNormals& out);
void income_rows(const IncomeColumns& hh, const IncomeConstants& y, const std::uint32_t* words, std::size_t begin,
                 std::size_t n);
} // namespace income_kernel_portable

namespace income_kernel_avx2 {
/// @return whether this build has the AVX2 copy and this CPU runs it
bool available();
void normals(const std::uint32_t* words, std::size_t n, const BlockNormals& out);
void income_rows(const IncomeColumns& hh, const IncomeConstants& y, const std::uint32_t* words, std::size_t begin,
                 std::size_t n);
} // namespace income_kernel_avx2

/// @brief The normals of rows with words @p words (n ≤ income_block_rows), by the fastest copy this CPU runs.
void block_normals(const std::uint32_t* words, std::size_t n, const BlockNormals& out);

/// @brief The income step of rows [begin, begin + n) (n ≤ income_block_rows; @p words: their
/// IncomeNoise block 0), by the fastest copy this CPU runs. A dissolved household keeps its values.
void income_rows(const IncomeColumns& hh, const IncomeConstants& y, const std::uint32_t* words, std::size_t begin,
                 std::size_t n);

} // namespace povsim::models
