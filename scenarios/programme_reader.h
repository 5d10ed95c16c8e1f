#pragma once
// [programmes.<id>] and [budget] (docs/programmes.md): the part of the schema a planner edits
// most, read with the same TableReader as the rest of the scenario. Programme order is the
// funding priority, but toml++ iterates tables sorted by key, so the reader restores the order of
// declaration from the node sources (extends chain position, then line) unless an explicit
// `order` key says otherwise. Internal to the loader (namespace detail).
#include "models/parameters.h"
#include "scenarios/toml_reader.h"

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace povsim::scenarios::detail {

/// @brief The horizon programme keys are checked against.
struct ProgrammeContext {
    YearSpan simulated; ///< start_year..end_year: enrolment years, targets, ceilings, phase-out
    YearSpan tables;    ///< base_year..end_year: levels such as a top-up standard
    std::vector<std::string> segments; ///< registry segment names (for the word segment:NAME)
};

/// @brief Reads every programme of the [programmes] table, in priority order.
/// @param[in]  t      reader over [programmes] (absent: no programmes)
/// @param[out] out    the programmes, sorted by (`order` if given, chain position, line, column)
/// @param[in]  years  the scenario horizon
/// @param[in]  chain  the files of the extends chain, base first (values from `--set` come after)
void read_programmes(TableReader& t, std::vector<models::Programme>& out, const ProgrammeContext& years,
                     const std::vector<std::string>& chain);

/// @brief Reads [budget] (its [budget.source_ceilings]).
void read_budget(TableReader& t, models::Budget& out, const ProgrammeContext& years);

/// @brief Writes `order = <index>` into each programme table of @p root, so that the serialised
/// scenario loads back with the programmes in the same order whatever their ids and lines.
void write_programme_order(toml::table& root, const std::vector<models::Programme>& programmes);

} // namespace povsim::scenarios::detail
