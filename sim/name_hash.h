#pragma once
// FNV-1a over a name, for random-stream keys derived from names (programme ids, parameter
// keys): a name's stream then depends on the name alone, so adding or removing another name
// never shifts its draws.
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace povsim::sim {

/// @return the 32- or 64-bit FNV-1a hash of @p text (U = std::uint32_t or std::uint64_t)
template <class U> constexpr U fnv1a(std::string_view text)
{
    static_assert(std::is_same_v<U, std::uint32_t> || std::is_same_v<U, std::uint64_t>);
    constexpr bool wide   = std::is_same_v<U, std::uint64_t>;
    U              h      = wide ? U(14695981039346656037ull) : U(2166136261u);
    constexpr U    prime  = wide ? U(1099511628211ull) : U(16777619u);
    for (const unsigned char c : text) {
        h = (h ^ c) * prime;
    }
    return h;
}

} // namespace povsim::sim
