#pragma once
// Collect the issues a scenario raises, for loader tests (fails the test if it loads).
#include "scenarios/scenario_loader.h"

#include <catch2/catch.hpp>

#include <ostream>
#include <string>
#include <type_traits>
#include <string_view>
#include <vector>

namespace povsim::test {

/// @brief Writes one field of Parameters for a describe() comparing two loads: an Uncertain as
/// its kind, parameters and clamp bounds, anything else as streamed.
template <class T> void write_field(std::ostream& o, const T& v)
{
    if constexpr (std::is_same_v<T, models::Uncertain>)
        o << static_cast<int>(v.dist) << ',' << v.a << ',' << v.b << ',' << v.c << ',' << v.lo << ',' << v.hi;
    else
        o << v;
}

/// @brief All issues, one per line (for INFO messages).
inline std::string all_issues(const std::vector<scenarios::ScenarioIssue>& issues)
{
    std::string text;
    for (const auto& issue : issues) {
        text += issue.to_string() + "\n";
    }
    return text;
}

/// @brief Issues of scenario @p text, named @p virtual_file (its folder resolves `extends`).
inline std::vector<scenarios::ScenarioIssue> issues_of_text(std::string_view text, const std::string& virtual_file,
                                                            const std::vector<std::string>& overrides = {})
{
    try {
        scenarios::load_scenario_text(text, virtual_file, overrides);
    } catch (const scenarios::ScenarioError& error) {
        return error.issues();
    }
    FAIL("expected a ScenarioError");
    return {};
}

/// @brief The issue about @p key, or nullptr.
inline const scenarios::ScenarioIssue* find_issue(const std::vector<scenarios::ScenarioIssue>& issues,
                                                  const std::string& key)
{
    for (const auto& issue : issues) {
        if (issue.key == key) {
            return &issue;
        }
    }
    return nullptr;
}

/// @brief Issues of the scenario file @p file.
inline std::vector<scenarios::ScenarioIssue> file_issues(const std::string& file,
                                                         const std::vector<std::string>& overrides = {})
{
    try {
        scenarios::load_scenario(file, overrides);
    } catch (const scenarios::ScenarioError& error) {
        return error.issues();
    }
    FAIL("expected a ScenarioError");
    return {};
}

} // namespace povsim::test
