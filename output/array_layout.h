#pragma once
// Where a labelled per-replication array (sim::ArrayInfo) lives in a study file, shared by the
// HDF5 writer and reader so both agree on one layout. For an array with path "budget/spending"
// and dims {year, programme, source} in scenario x:
//   /scenarios/x/arrays                         list of array paths (only when there are arrays)
//   /scenarios/x/budget/spending                [run × year × programme × source], attribute dims
//   /scenarios/x/budget/programme, .../source   labels of each axis, shared by the group's arrays
//   /scenarios/x/budget/summary/spending/<stat> [year × programme × source]
#include <string>
#include <vector>

namespace povsim::output::array_layout {

/// @brief Name of the string dataset listing every array path of a scenario.
inline constexpr const char* list_name = "arrays";

/// @brief Name of the group, beside the arrays, that holds their summaries.
inline constexpr const char* summary_name = "summary";

/// @brief Attribute naming the axes of an array or summary dataset, e.g. "run,year,programme,source".
inline constexpr const char* dims_attr = "dims";

/// @brief Splits @p text at every @p sep; "a//b" gives {"a", "", "b"} and "" gives {""}.
inline std::vector<std::string> split(const std::string& text, char sep)
{
    std::vector<std::string> parts;
    std::string::size_type   start = 0;
    for (;;) {
        const auto end = text.find(sep, start);
        parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) {
            return parts;
        }
        start = end + 1;
    }
}

/// @brief Joins @p parts with @p sep (the inverse of split).
inline std::string join(const std::vector<std::string>& parts, char sep)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            out += sep;
        }
        out += parts[i];
    }
    return out;
}

/// @brief Directory part of an array path: "budget/spending" → "budget", "spending" → "".
inline std::string dirname(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

/// @brief Last component of an array path: "budget/spending" → "spending".
inline std::string basename(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// @brief @p dir + "/" + @p name, or @p name alone when @p dir is empty.
inline std::string child(const std::string& dir, const std::string& name)
{
    return dir.empty() ? name : dir + "/" + name;
}

} // namespace povsim::output::array_layout
