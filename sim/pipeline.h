#pragma once
// The ordered, named stages run once per simulated year (STYLE rule 2). The order is
// declared in exactly one place (models/poverty_model.cpp); this class only runs it.
#include "sim/rng.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace povsim::sim {

/// @brief What every stage gets besides the world: the year and the replication's streams.
struct StageContext {
    int                       year;       ///< calendar year being simulated
    int                       year_index; ///< position of year in the horizon
    const ReplicationStreams& streams;    ///< keyed random streams of this replication
};

/// @brief An ordered list of named stages over a World type.
template <class World>
class Pipeline {
public:
    using Stage = std::function<void(World&, const StageContext&)>;

    /// @brief Append stage @p fn under @p name.
    void add(std::string name, Stage fn) { m_stages.emplace_back(std::move(name), std::move(fn)); }
    /// @brief Run every stage in order for one year.
    void run(World& world, const StageContext& ctx) const
    {
        for (const auto& [name, fn] : m_stages) {
            fn(world, ctx);
        }
    }
    /// @brief Run every stage in order, calling @p after(k) when stage k has run (e.g. to time it).
    template <class After>
    void run(World& world, const StageContext& ctx, After&& after) const
    {
        for (std::size_t k = 0; k < m_stages.size(); ++k) {
            m_stages[k].second(world, ctx);
            after(k);
        }
    }
    /// @return the stage names in order
    std::vector<std::string> names() const
    {
        std::vector<std::string> out;
        for (const auto& s : m_stages) {
            out.push_back(s.first);
        }
        return out;
    }

private:
    std::vector<std::pair<std::string, Stage>> m_stages;
};

} // namespace povsim::sim
