#pragma once
// The report's chart data (internal to report_html.cpp): which charts the page has, and their
// numbers as one JSON document that output/report/report.js turns into Chart.js charts.
#include "output/report_html.h"

#include <string>
#include <string_view>
#include <vector>

namespace povsim::output::report {

/// @brief A scenario of the report, whichever file it came from.
struct Entry {
    const ScenarioOutput*      scenario = nullptr;
    const StudyMeta*           meta     = nullptr;
    const ReportScenarioNotes* notes    = nullptr; ///< never null (an empty one when the caller gave none)
    std::string                label;            ///< the scenario name, made unique across files
};

/// @brief Every scenario of @p files in order, the baseline first; labels are unique.
/// @throws std::invalid_argument if there is no scenario or the files cover different years
std::vector<Entry> entries(const std::vector<ReportFile>& files);

/// @brief One chart of the page; its canvas id is @ref id.
struct Slot {
    std::string id;
    std::string section; ///< "trajectories", "differences", "budget", "budget-differences" or "timelines"
    std::string title;
    std::string subtitle;
};

/// @brief The charts and their data.
struct Charts {
    std::vector<Slot> slots; ///< in page order
    std::string       json;  ///< {"years":[..],"charts":[{"id":..,"kind":..,..},..]}, one chart per slot
};

/// @brief Builds every chart @p layout asks for that the data allow (a metric no scenario holds is left out).
Charts charts(const std::vector<Entry>& entries, const std::vector<int>& years, const ReportLayout& layout);

/// @brief A JSON array of numbers (json_number each).
std::string json_array(const std::vector<double>& values);

/// @brief A JSON array of already-encoded items.
std::string json_list(const std::vector<std::string>& items);

/// @brief Builds a JSON object member by member.
class Obj {
public:
    Obj& raw(std::string_view key, const std::string& json);
    Obj& str(std::string_view key, std::string_view value);
    Obj& num(std::string_view key, double value);
    std::string done() const { return m_text + "}"; }

private:
    std::string m_text = "{";
};

/// @brief A chart before it has an id: where it goes and its data object (without "id" and "title").
struct PendingChart {
    Slot slot;
    Obj  data;
};

/// @brief A JSON string literal; also escapes "</" so the text can sit inside a <script> element.
std::string json_string(std::string_view s);

/// @brief The shortest text that reads back to @p v exactly; null for NaN and infinities (JSON has neither).
std::string json_number(double v);

} // namespace povsim::output::report
