#pragma once
// Draws from random words computed a chunk at a time (ReplicationStreams::blocks): one word per
// uniform, and binomials by inversion from one uniform with their constants computed once.
// (The income step's float normals, a block at a time, are in models/income_kernel.h.)
#include "sim/rng.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

namespace povsim::models {

/// @return a uniform on (0, 1), never 0 or 1, from one 32-bit word
inline double uniform_of(std::uint32_t w) { return (static_cast<double>(w) + 0.5) * 0x1p-32; }

/// @return how many 32-bit words w have @p holds(uniform_of(w)), for a test that holds for the
/// words below some count and for none above (monotone in w, as uniform_of is): so that a hot
/// loop can compare the word itself, with the same answer for every word, instead of converting
/// it. @p guess is the count by arithmetic (its rounding may be a word off): the answer is the
/// word where the test itself changes, found by stepping from the guess, or by bisection if that
/// does not find it within a few words, so no rounding argument is needed.
template <class Test>
std::uint64_t words_where(Test holds, double guess = 0)
{
    constexpr std::uint64_t all = std::uint64_t{1} << 32;
    const auto holds_at = [&](std::uint64_t w) { return holds(uniform_of(static_cast<std::uint32_t>(w))); };
    std::uint64_t c = guess >= 1 ? (guess < static_cast<double>(all) ? static_cast<std::uint64_t>(guess) : all) : 0;
    for (int step = 0; step < 4; ++step) {
        const bool below = c == 0 || holds_at(c - 1); // the test holds below c ...
        if (below && (c == all || !holds_at(c))) {    // ... and fails at c
            return c;
        }
        c = below ? c + 1 : c - 1;
    }
    std::uint64_t low = 0, high = all; // holds for every w < low; fails at high
    while (low < high) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (holds_at(mid)) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    return low;
}

/// @return the count c with uniform_of(w) < @p p exactly for the words w < c
inline std::uint64_t words_below(double p)
{
    // uniform_of(w) < p ⟺ w + 0.5 < p·2³²: about p·2³² + 0.5 words
    return words_where([p](double u) { return u < p; }, p * 0x1p32 + 0.5);
}

/// @return a standard normal from two words (Box–Muller, the cosine branch), double precision
inline double normal_of(std::uint32_t a, std::uint32_t b)
{
    constexpr double two_pi = 6.283185307179586;
    return std::sqrt(-2.0 * std::log(uniform_of(a))) * std::cos(two_pi * uniform_of(b));
}

/// @brief The random words of a chunk of rows. Not zeroed first (a vector would be): the
/// Philox batch writes every word, and a chunk's half megabyte of zeros cost as much as a stage.
class ChunkWords {
public:
    explicit ChunkWords(std::size_t count) : m_words(std::make_unique_for_overwrite<std::uint32_t[]>(count)) {}
    std::uint32_t*       data() { return m_words.get(); }
    const std::uint32_t* data() const { return m_words.get(); }
    std::uint32_t        operator[](std::size_t k) const { return m_words[k]; }

private:
    std::unique_ptr<std::uint32_t[]> m_words;
};

/// @return block @p block (four words per row) of the @p purpose streams of rows [first, first + n)
inline ChunkWords chunk_block(const sim::ReplicationStreams& streams, int year, sim::DrawPurpose purpose,
                              std::size_t first, std::size_t n, std::uint32_t block = 0)
{
    ChunkWords words(4 * n);
    streams.blocks(year, purpose, static_cast<std::uint32_t>(first), n, words.data(), 0, block);
    return words;
}

/// @brief Binomial(n, p) for n ≤ 255 (household member counts) by inversion from one uniform
/// u in (0, 1); pow(1 − p, n) is tabulated once per p, so a draw costs a few multiplications.
class BinomialInverse {
public:
    explicit BinomialInverse(double p) : m_flip(p > 0.5)
    {
        const double q = m_flip ? 1.0 - p : p; // invert the smaller tail
        m_ratio        = q < 1.0 ? q / (1.0 - q) : 0.0;
        for (std::size_t n = 0; n < m_q_n.size(); ++n) {
            m_q_n[n] = std::pow(1.0 - q, static_cast<double>(n));
            const double zero = m_q_n[n];
            // !(uniform_of(w) > zero) ⟺ w + 0.5 ≤ zero·2³²: about zero·2³² + 0.5 words
            m_none_below[n] = m_flip ? 0 : words_where([zero](double u) { return !(u > zero); }, zero * 0x1p32 + 0.5);
        }
    }

    int operator()(double u, int n) const
    {
        // No branch for the edge cases, which household counts hit at random (n = 0 often): with
        // n = 0 the loop cannot start, and p ≤ 0 or p ≥ 1 leave P(X = 0) of the smaller tail at
        // 1 (or above) with u < 1, so the answer is 0, or n where the tail is flipped.
        n         = table_n(n);
        double r  = m_q_n[static_cast<std::size_t>(n)]; // P(X = 0)
        int    x  = 0;
        while (u > r && x < n) {
            u -= r;
            ++x;
            r *= m_ratio * static_cast<double>(n - x + 1) / x; // P(x) from P(x − 1)
        }
        return m_flip ? n - x : x;
    }

    /// @return whether the draw from the uniform of the word @p w (uniform_of) is 0 because the
    /// inversion stops at once: true for most draws of a small p, which then need no update of
    /// what they count. The word is compared with a count tabulated per n, not converted.
    bool none(std::uint32_t w, int n) const { return w < m_none_below[static_cast<std::size_t>(table_n(n))]; }
    bool none(double u, int n) const = delete; ///< a uniform would convert to a word silently

private:
    static constexpr int max_n = 255; ///< larger counts are capped (household counts are bytes)
    /// @return @p n within the table: below 0 is no one, above max_n is capped
    static int table_n(int n) { return std::clamp(n, 0, max_n); }

    bool                    m_flip;
    double                  m_ratio = 0;
    std::array<double, max_n + 1> m_q_n{};
    std::array<std::uint64_t, max_n + 1> m_none_below{}; ///< none() holds for the words below (0 if flipped)
};

} // namespace povsim::models
