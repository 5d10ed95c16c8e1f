#pragma once
// Household state as a structure of arrays (SPEC §3): one contiguous column per field, so
// each yearly stage is a pass over arrays. Row i is household id i for the whole run
// (rows are never reordered or removed; a dissolved household keeps its row), which
// also makes the row the random-stream entity key. 64 bytes per household (bytes_per_household), plus two bits per programme.
#include "models/status.h"

#include <array>
#include <cstdint>
#include <vector>

namespace povsim::models {

template <class T>
using Column = std::vector<T>;

/// @brief A calendar year in one byte: 1901–2155, or 0 for none. Every year a scenario can name
/// (the loader's calendar, 2000–2100) and its base year fit; reads and writes are plain ints.
class YearByte {
public:
    YearByte() = default;
    YearByte(int year) : m_offset(year == 0 ? 0 : static_cast<std::uint8_t>(year - 1900)) {}
    operator int() const { return m_offset == 0 ? 0 : 1900 + m_offset; }

private:
    std::uint8_t m_offset = 0;
};
static_assert(sizeof(YearByte) == 1);

/// @brief All households of one replication.
struct HouseholdTable {
    // composition
    Column<std::int32_t> village;         ///< index into VillageTable
    Column<std::uint8_t> size;            ///< members
    Column<std::uint8_t> labour;          ///< labour-capable members
    Column<std::uint8_t> employed;        ///< members in wage work (≤ labour)
    Column<std::uint8_t> elderly;         ///< members aged 60+
    Column<std::uint8_t> school_children; ///< members in compulsory school
    Column<std::uint8_t> senior_students; ///< members in senior high, vocational school or university
    Column<std::uint8_t> flags;           ///< flag:: bits
    // registry
    Column<Status>       status;
    Column<Cause>        cause;
    Column<std::uint8_t> segment;                ///< registry segment at the base year + 1 (0: not registered then)
    Column<MonitorKind>  monitor;
    Column<std::uint8_t> years_above_line;       ///< consecutive years at or above line + exit margin
    Column<std::uint8_t> years_above_monitoring; ///< consecutive years at or above the monitoring line
    Column<YearByte>     exit_year;              ///< last exit year, 0 if never exited
    Column<YearByte>     monitor_since;          ///< year the current monitoring flag was raised, 0 if none
    Column<std::uint8_t> risk;                   ///< risk:: bits of this year (income fell, large drop)
    // income potentials (yuan/yr), carried from year to year
    Column<float> farm_base_pc;    ///< farm income per person before price and disaster
    Column<float> wage_per_worker; ///< yearly wage of one employed member
    Column<float> base_income_pc;  ///< base-year income per person, of which business and property are fixed shares
    Column<float> transfer_pc;     ///< transfers other than pension per person
    // realised this year
    Column<float> farm_pc;         ///< farm income per person after price and disaster
    Column<float> wage_pc;         ///< wage income per person
    Column<float> income_pc;       ///< per-capita net income (all components, programmes included)
    Column<float> programme_pc;    ///< of which income from programmes this year (transfers, posts, effects)
    Column<std::uint16_t> programme_wage_pc; ///< of programme_pc, whole yuan: posts and jobs (exit pathway "wages")
    Column<std::uint16_t> programme_farm_pc; ///< of programme_pc, whole yuan: industry, credit and relocation ("farm_business")
    Column<float> topup_pc;          ///< of programme_pc: safety-net top-up (pathway "safety_net")
    Column<float> medical_oop;     ///< out-of-pocket medical cost of the household (rigid expenditure)

    // Business and property income grow at region-wide rates from fixed shares of the base-year
    // income (shares by income class, hence by registry segment): one column instead of two.
    // One entry per value of the segment byte, so a read needs no bounds check; segments a
    // scenario does not have (and worlds built by hand in tests) have share 0.
    using SegmentShares = std::array<float, 256>;
    SegmentShares business_share{}, property_share{}; ///< by segment byte (0: outside the registry)
    float business_growth = 1, property_growth = 1;   ///< growth since the base year

    float business_pc(std::size_t i) const { return base_income_pc[i] * business_share[segment[i]] * business_growth; }
    float property_pc(std::size_t i) const { return base_income_pc[i] * property_share[segment[i]] * property_growth; }

    std::size_t count() const { return size.size(); }

    /// @brief Calls @p f on every column: the one list that resize() and bytes_per_household() read.
    template <class F>
    void for_each_column(F&& f)
    {
        f(village), f(size), f(labour), f(employed), f(elderly), f(school_children), f(senior_students), f(flags);
        f(status), f(cause), f(segment), f(monitor), f(years_above_line), f(years_above_monitoring), f(exit_year);
        f(monitor_since), f(risk), f(farm_base_pc), f(wage_per_worker), f(base_income_pc), f(transfer_pc), f(farm_pc);
        f(wage_pc), f(income_pc), f(programme_pc), f(programme_wage_pc), f(programme_farm_pc), f(topup_pc);
        f(medical_oop);
    }
    /// @brief Resize every column to @p n rows, zero-initialised.
    void resize(std::size_t n);
    /// @brief Bytes of state per household, summed over the columns (for the memory benchmark).
    static std::size_t bytes_per_household();

    bool has(std::size_t i, std::uint8_t bit) const { return (flags[i] & bit) != 0; }
    void set(std::size_t i, std::uint8_t bit, bool on) { flags[i] = with_flag(flags[i], bit, on); }
    /// @return @p flags with @p bit set if @p on, else cleared (set() of a byte held in a register)
    static std::uint8_t with_flag(std::uint8_t flags, std::uint8_t bit, bool on)
    {
        return static_cast<std::uint8_t>(on ? (flags | bit) : (flags & ~bit));
    }
};

/// @brief Adds @p yuan to a whole-yuan column, rounded to the nearest yuan and kept in 0–65,535.
inline void add_whole_yuan(std::uint16_t& part, float yuan)
{
    const float sum = static_cast<float>(part) + yuan;
    part = sum <= 0.0f ? std::uint16_t{0} : sum >= 65535.0f ? std::uint16_t{65535} : static_cast<std::uint16_t>(sum + 0.5f);
}

} // namespace povsim::models
