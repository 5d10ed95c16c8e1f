// The portable copy of the income kernel, and the choice between it and the AVX2 copy.
#define POVSIM_INCOME_KERNEL income_kernel_portable
#include "models/income_kernel.inc"
#include "sim/philox_batch.h" // the CPU check: not in the AVX2 file, whose inline code must stay its own

namespace povsim::models {

#if defined(POVSIM_INCOME_AVX2)
bool income_kernel_avx2::available() { return sim::detail::avx2_available(); }
#else
// Built without the AVX2 copy (not x86-64, a Debug or a native build): the portable one serves.
namespace income_kernel_avx2 {
bool available() { return false; }
void normals(const std::uint32_t* words, std::size_t n, const BlockNormals& out)
{
    income_kernel_portable::normals(words, n, out);
}
void income_rows(const IncomeColumns& hh, const IncomeConstants& y, const std::uint32_t* words, std::size_t begin,
                 std::size_t n)
{
    income_kernel_portable::income_rows(hh, y, words, begin, n);
}
} // namespace income_kernel_avx2
#endif

void block_normals(const std::uint32_t* words, std::size_t n, const BlockNormals& out)
{
    static const bool avx2 = income_kernel_avx2::available();
    avx2 ? income_kernel_avx2::normals(words, n, out) : income_kernel_portable::normals(words, n, out);
}

void income_rows(const IncomeColumns& hh, const IncomeConstants& y, const std::uint32_t* words, std::size_t begin,
                 std::size_t n)
{
    static const bool avx2 = income_kernel_avx2::available();
    avx2 ? income_kernel_avx2::income_rows(hh, y, words, begin, n)
         : income_kernel_portable::income_rows(hh, y, words, begin, n);
}

} // namespace povsim::models
