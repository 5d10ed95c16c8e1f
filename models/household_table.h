#pragma once
// Household state as a structure of arrays (SPEC §3): one contiguous column per field, so
// each yearly stage is a pass over arrays. Row i is household id i for the whole run
// (rows are never reordered or removed; a dissolved household keeps its row), which
// also makes the row the random-stream entity key. 72 bytes per household, plus two bits per programme.
#include "models/status.h"

#include <cstdint>
#include <vector>

namespace povsim::models {

template <class T>
using Column = std::vector<T>;

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
    Column<std::int16_t> exit_year;              ///< last exit year, 0 if never exited
    Column<std::int16_t> monitor_since;          ///< year the current monitoring flag was raised, 0 if none
    Column<std::uint8_t> risk;                   ///< risk:: bits of this year (income fell, large drop)
    // income potentials (yuan/yr), carried from year to year
    Column<float> farm_base_pc;    ///< farm income per person before price and disaster
    Column<float> wage_per_worker; ///< yearly wage of one employed member
    Column<float> business_pc;     ///< business income per person
    Column<float> property_pc;     ///< property and dividend income per person
    Column<float> transfer_pc;     ///< transfers other than pension per person
    // realised this year
    Column<float> farm_pc;         ///< farm income per person after price and disaster
    Column<float> wage_pc;         ///< wage income per person
    Column<float> income_pc;       ///< per-capita net income (all components, programmes included)
    Column<float> programme_pc;    ///< of which income from programmes this year (transfers, posts, effects)
    Column<float> programme_wage_pc; ///< of programme_pc: posts and jobs (exit pathway "wages")
    Column<float> programme_farm_pc; ///< of programme_pc: industry, credit and relocation income ("farm_business")
    Column<float> topup_pc;          ///< of programme_pc: safety-net top-up (pathway "safety_net")
    Column<float> medical_oop;     ///< out-of-pocket medical cost of the household (rigid expenditure)

    std::size_t count() const { return size.size(); }

    /// @brief Resize every column to @p n rows, zero-initialised.
    void resize(std::size_t n);
    /// @brief Bytes of state per household (for the memory benchmark).
    static constexpr std::size_t bytes_per_household()
    {
        return sizeof(std::int32_t) + 14 * sizeof(std::uint8_t) + 2 * sizeof(std::int16_t) + 13 * sizeof(float);
    }

    bool has(std::size_t i, std::uint8_t bit) const { return (flags[i] & bit) != 0; }
    void set(std::size_t i, std::uint8_t bit, bool on) { flags[i] = on ? (flags[i] | bit) : (flags[i] & ~bit); }
};

} // namespace povsim::models
