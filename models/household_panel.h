#pragma once
// The household panel a researcher asks for with `povsim run --households N`: the full state
// of a sample of households, once for the base year and once at the end of every simulated
// year, as a long table (period, household_id, village, county, every field). It only reads
// the world, so the replication it watches gives the same results as without it.
#include "models/world.h"
#include "sim/panel_table.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace povsim::models {

/// @brief Which rows to follow: a systematic sample, rows ⌊k·population/n⌋ for k = 0…n−1.
/// Rows are ordered unit by unit, registered segments before non-poor households, and
/// villages are drawn per household, so the sample keeps the registry mix of every unit and
/// spreads over villages and counties. Deterministic, draws no random number, and the same
/// for every replication and for scenarios sharing a population (common random numbers).
/// n ≥ population gives every row.
std::vector<std::int32_t> panel_sample(std::size_t population, std::size_t n);

/// @brief Collects the panel of one replication; give record() to run_replication as its observer.
class HouseholdPanel {
public:
    /// @brief A field's value for household row, in the period being recorded.
    using Value = std::function<double(const World&, std::size_t row, int period)>;

    /// @param households households requested (≥ 1); clamped to the population on the first record()
    explicit HouseholdPanel(std::size_t households);

    /// @brief Appends one row per sampled household, with @p period as its period.
    void record(const World& w, int period);

    /// @brief Hands over the table recorded so far, labelled for the study file (moved, not
    /// copied: a panel of every household can be large), and starts empty again.
    /// @param replication replication index recorded in the table's attributes
    sim::PanelTable take(std::uint32_t replication);

    /// @return whether anything has been recorded yet
    bool empty() const { return m_periods == 0; }

private:
    /// @brief A column and how to read it from the world.
    struct Field {
        sim::PanelColumn column;
        Value            value;
    };

    /// @brief Names, units, labels and readers of every column (labels need the world's counties and segments).
    void define_fields(const World& w);

    std::size_t               m_requested;
    std::vector<std::int32_t> m_rows;           ///< sampled household rows (fixed on the first record)
    std::size_t               m_population = 0; ///< households in the world
    std::size_t               m_periods    = 0;
    std::vector<Field>        m_fields; ///< defined on the first record, then appended to
};

} // namespace povsim::models
