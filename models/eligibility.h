#pragma once
// The fixed eligibility vocabulary of programmes (docs/programmes.md). Parsed once when the
// scenario loads (the loader reports unknown words with file and line), evaluated per unit
// each year by the programme stage.
#include "models/predicate.h"
#include "models/world.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace povsim::models {

/// @brief Parse @p word ("income_below:1.5", "!monitored"); on failure returns nothing and
/// sets @p error to a message listing what is allowed.
/// @p segments names the registry segments, for the word segment:NAME.
std::optional<Predicate> parse_predicate(std::string_view word, bool village_unit, std::string& error,
                                         const std::vector<std::string>& segments = {});

/// @brief All predicates of a programme, parsed (throws std::invalid_argument on a bad word).
std::vector<Predicate> parse_eligibility(const std::vector<std::string>& words, bool village_unit,
                                         const std::vector<std::string>& segments = {});

/// @brief Whether household @p i satisfies every predicate in year @p year.
bool household_eligible(const World& w, std::size_t i, const std::vector<Predicate>& preds);

/// @brief Compile @p preds (household words only).
CompiledEligibility compile_eligibility(const std::vector<Predicate>& preds);

/// @brief Per household, the stage bits of @ref CompiledEligibility (into @p bits, resized).
void stage_household_bits(const World& w, std::vector<std::uint32_t>& bits);

/// @brief The two mask tests of a compiled list, by value: a scan keeps one in a local, so its
/// four words stay in registers (most programmes need nothing else).
struct MaskTest {
    std::uint32_t stage_mask, stage_want;
    std::uint8_t  flag_mask, flag_want;
    bool          passes(std::uint32_t stage_bits, std::uint8_t flags) const
    {
        return (stage_bits & stage_mask) == stage_want && (flags & flag_mask) == flag_want;
    }
    /// passes() without a branch (both tests always made), for a scan that keeps rows by arithmetic
    bool holds(std::uint32_t stage_bits, std::uint8_t flags) const
    {
        return ((stage_bits & stage_mask) == stage_want) & ((flags & flag_mask) == flag_want);
    }
};

inline MaskTest mask_test(const CompiledEligibility& c) { return {c.stage_mask, c.stage_want, c.flag_mask, c.flag_want}; }

/// @brief The two mask tests of a compiled list, on a household's stage bits and flags.
inline bool passes_masks(const CompiledEligibility& c, std::uint32_t stage_bits, std::uint8_t flags)
{
    return mask_test(c).passes(stage_bits, flags);
}

/// @brief The words of a compiled list that are not masks (income, cause, segment), one by one.
bool holds_rest(const World& w, std::size_t i, const CompiledEligibility& c);

/// @brief household_eligible with a compiled list and this stage's bits: the same answer
/// (not impossible, passes_masks and holds_rest). Inline: a persistent programme asks it of
/// every enrolment every year, and most lists are masks only.
inline bool household_eligible(const World& w, std::size_t i, const CompiledEligibility& c,
                               const std::vector<std::uint32_t>& stage_bits)
{
    return !c.impossible && passes_masks(c, stage_bits[i], w.households.flags[i]) &&
           (c.rest.empty() || holds_rest(w, i, c));
}

/// @brief Whether village @p v satisfies every predicate; @p water_unsafe[v] says whether any
/// household of v lacks safe water.
bool village_eligible(const World& w, std::size_t v, const std::vector<Predicate>& preds,
                      const std::vector<std::uint8_t>& water_unsafe);

} // namespace povsim::models
