// Limits checked before the TOML parser: what overflowed toml++'s recursion (a key or header
// 100,000 parts deep, arrays nested as deep) is refused with its line, and what a real scenario
// holds (long strings, comments, dotted floats, bracket characters in text) is not.
#include "scenarios/scenario_loader.h"
#include "scenarios/toml_limits.h"

#include <catch2/catch.hpp>

#include <string>

using povsim::scenarios::detail::exceeds_limits;
using povsim::scenarios::detail::max_key_segments;
using povsim::scenarios::detail::max_nesting;
using povsim::scenarios::detail::max_scenario_bytes;

namespace {
std::string dotted(int parts)
{
    std::string key = "a";
    for (int i = 1; i < parts; ++i) {
        key += ".a";
    }
    return key;
}
} // namespace

TEST_CASE("Keys, headers and nesting beyond the limits are refused with their line", "[scenarios][limits]")
{
    const auto key = exceeds_limits("x = 1\n" + dotted(100000) + " = 1\n");
    REQUIRE(key);
    CHECK(key->line == 2);
    CHECK(key->message == "a key of more than 64 parts");
    const auto header = exceeds_limits("[" + dotted(max_key_segments + 1) + "]\n");
    REQUIRE(header);
    CHECK(header->line == 1);
    const auto arrays = exceeds_limits("\n\nx = " + std::string(100000, '[') + std::string(100000, ']') + "\n");
    REQUIRE(arrays);
    CHECK(arrays->line == 3);
    CHECK(arrays->message == "nested more than 64 levels deep");
    const auto tables = exceeds_limits("x = " + std::string(max_nesting + 3, '{'));
    CHECK(tables);
    const auto big = exceeds_limits(std::string(max_scenario_bytes + 1, ' '));
    REQUIRE(big);
    CHECK(big->line == 0);
}

TEST_CASE("What real scenarios hold stays inside the limits", "[scenarios][limits]")
{
    CHECK_FALSE(exceeds_limits(dotted(max_key_segments) + " = 1\n"));
    CHECK_FALSE(exceeds_limits("[" + dotted(max_key_segments) + "]\n[[a.b]]\n"));
    std::string floats = "x = [";
    for (int i = 0; i < 500; ++i) {
        floats += "0.5, ";
    }
    CHECK_FALSE(exceeds_limits(floats + "1.5]\n"));
    CHECK_FALSE(exceeds_limits("p = { dist = \"uniform\", low = 0.05, high = 0.09 }\n"));
    // Dots and brackets inside strings and comments do not count.
    const std::string noise = std::string(200, '.') + std::string(200, '[');
    CHECK_FALSE(exceeds_limits("d = \"" + noise + "\"  # " + noise + "\n"));
    CHECK_FALSE(exceeds_limits("d = '" + noise + "'\n"));
    CHECK_FALSE(exceeds_limits("d = \"\"\"\n" + noise + "\n\\\"\"\"\n" + noise + "\"\"\"\n"));
    CHECK_FALSE(exceeds_limits("d = \"an escaped \\\" quote " + noise + "\"\n"));
    // The line count goes on through a multi-line string.
    const auto after = exceeds_limits("d = '''\n\n\n'''\n" + dotted(100) + " = 1\n");
    REQUIRE(after);
    CHECK(after->line == 5);
}

TEST_CASE("A scenario text beyond a limit is a load error naming the file and line", "[scenarios][limits]")
{
    try {
        povsim::scenarios::load_scenario_text("[scenario]\nname = \"x\"\n" + dotted(1000) + " = 1\n", "deep.toml");
        FAIL("loaded");
    } catch (const povsim::scenarios::ScenarioError& e) {
        CHECK(std::string(e.what()).find("deep.toml:3:1: a key of more than 64 parts; not parsed") != std::string::npos);
    }
}
