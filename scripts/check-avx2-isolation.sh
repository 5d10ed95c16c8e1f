#!/usr/bin/env bash
# Checks that an object compiled for AVX2 (models/income_kernel_avx2.cpp) defines no shared
# inline code outside its own copy of Eigen: the linker keeps one copy of each weak symbol for
# the whole program, so a std:: or other shared inline function compiled here could replace the
# portable one and run AVX2 instructions on a CPU without them.
set -euo pipefail
object=$1
[[ -f $object ]] || { echo "no object file: $object" >&2; exit 2; }
weak=$(nm --defined-only "$object" | awk '$2 ~ /^[WVuv]$/ {print $3}')
# DW.ref.__gxx_personality_v0: the one pointer to the C++ personality routine, data, not code.
leaks=$(grep -Ev '^(_Z(GV)?Z?N[rVKRO]*17povsim_avx2_Eigen|DW\.ref\.__gxx_personality_v0$)' <<<"$weak" || true)
if [[ -n $leaks ]]; then
    echo "shared inline code compiled for AVX2 in $object:" >&2
    c++filt <<<"$leaks" >&2
    exit 1
fi
echo "$object: $(wc -l <<<"$weak") weak symbols, all in povsim_avx2_Eigen"
