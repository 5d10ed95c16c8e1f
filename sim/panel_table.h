#pragma once
// A long table of named, equal-length columns (one row per entity and period), for the
// micro-data a researcher asks for beside the reduced results, e.g. the household panel of
// one replication. Plain labelled data: the model fills it, the writers store it, and neither
// side needs the other's vocabulary (like ArrayInfo in result_cube.h).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace povsim::sim {

/// @brief One column: integers (ids, counts, codes, flags) or single-precision amounts.
struct PanelColumn {
    std::string name;        ///< column (dataset) name
    std::string units;       ///< e.g. "year", "persons", "yuan/person/yr", "code"
    std::string description; ///< one sentence for a researcher who has not read the code
    std::string labels;      ///< meaning of each code, "0=a;1=b;…"; empty for quantities
    std::variant<std::vector<std::int32_t>, std::vector<float>> values;

    std::size_t size() const
    {
        return std::visit([](const auto& v) { return v.size(); }, values);
    }
};

/// @brief The whole table with a description and a few integer facts about it.
struct PanelTable {
    std::string                                        name; ///< group name in the study file, e.g. "households"
    std::string                                        description;
    std::vector<std::pair<std::string, std::int64_t>> attributes; ///< e.g. {"replication", 0}
    std::vector<PanelColumn>                           columns;    ///< in the order a reader should list them

    /// @return the integer attribute @p name, if present
    std::optional<std::int64_t> attribute(std::string_view name) const
    {
        for (const auto& [key, value] : attributes) {
            if (key == name) {
                return value;
            }
        }
        return std::nullopt;
    }
};

} // namespace povsim::sim
