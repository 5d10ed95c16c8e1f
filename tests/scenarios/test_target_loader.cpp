// [[targets]] in scenario files: every target states its role, and compare defaults to "about".
#include "scenarios/scenario_loader.h"
#include "tests/support/loader_issues.h"

#include <catch2/catch.hpp>

#include <string>

using namespace povsim;
using models::TargetCompare;
using models::TargetRole;

namespace {

const std::string inline_file = std::string(POVSIM_SOURCE_DIR) + "/tests/data/loader/inline.toml"; // finds minimal.toml

} // namespace

TEST_CASE("targets load with their role and comparison", "[scenarios][targets]")
{
    const auto p = scenarios::load_scenario_text(R"(extends = "minimal.toml"
[[targets]]
metric = "n_registered_poor"
year = 2020
value = 0
role = "accounting"
[[targets]]
metric = "new_exits"
year = 2016
value = 120
role = "calibration"
[[targets]]
metric = "new_exits"
year = 2017
value = 120
role = "check"
compare = "at_least"
[[targets]]
metric = "new_exits"
year = 2018
value = 120
role = "check"
compare = "at_most"
)",
                                                 inline_file)
                       .params;
    REQUIRE(p.targets.size() == 4);
    CHECK(p.targets[0].role == TargetRole::Accounting);
    CHECK(p.targets[0].compare == TargetCompare::About); // the default
    CHECK(p.targets[1].role == TargetRole::Calibration);
    CHECK(p.targets[2].role == TargetRole::Check);
    CHECK(p.targets[2].compare == TargetCompare::AtLeast);
    CHECK(p.targets[3].compare == TargetCompare::AtMost);
}

TEST_CASE("a target without a role, or with an unknown role or comparison, does not load", "[scenarios][targets]")
{
    const auto issues = test::issues_of_text(R"(extends = "minimal.toml"
[[targets]]
metric = "new_exits"
year = 2016
value = 100
[[targets]]
metric = "new_exits"
year = 2017
value = 100
role = "evidence"
compare = "above"
)",
                                             inline_file);
    INFO(test::all_issues(issues));
    REQUIRE(issues.size() == 3);
    // No default: the missing key is reported at the entry's header, like any missing required key.
    const auto* missing = test::find_issue(issues, "targets[0].role");
    REQUIRE(missing != nullptr);
    CHECK(missing->to_string() == inline_file + ":2:1: key 'targets[0].role': missing required key: every target "
                                                "states its role (accounting, calibration or check)");
    const auto* unknown = test::find_issue(issues, "targets[1].role");
    REQUIRE(unknown != nullptr);
    CHECK(unknown->line == 10);
    CHECK(unknown->message.find("'evidence' is not one of accounting, calibration, check") != std::string::npos);
    const auto* compare = test::find_issue(issues, "targets[1].compare");
    REQUIRE(compare != nullptr);
    CHECK(compare->line == 11);
    CHECK(compare->message.find("'above' is not one of about, at_least, at_most") != std::string::npos);
}
