// The AVX2 copy of the income kernel (compiled with -mavx2, without FMA: see models/CMakeLists.txt).
// Eigen's templates compiled here for AVX2 must not be merged by the linker with the portable
// copies of the same instantiations (a portable CPU could then run AVX2 code, or this file
// SSE code), so this file's Eigen lives in a namespace of its own.
#define Eigen povsim_avx2_Eigen
#define POVSIM_INCOME_KERNEL income_kernel_avx2
#include "models/income_kernel.inc"

#if !defined(__AVX2__) || defined(__FMA__)
#error "income_kernel_avx2.cpp needs -mavx2 and no FMA (fused operations would change the bits)"
#endif
