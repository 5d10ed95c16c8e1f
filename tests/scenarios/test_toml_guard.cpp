// Inputs that reach toml++ 3.3 defects are refused before the parser (scenarios/toml_guard.h), and
// every past fuzzer crasher in fuzz/crashers/ stays a clean "invalid scenario" (exit 2, file and
// line): a crasher added there is a regression case here with no code change.
#include "scenarios/scenario_loader.h"
#include "scenarios/toml_guard.h"
#include "scenarios/toml_limits.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using povsim::scenarios::detail::parser_hazard;
using povsim::scenarios::detail::reaches_toml_unreachable;

namespace {

std::vector<fs::path> crashers()
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(POVSIM_SOURCE_DIR) / "fuzz" / "crashers")) {
        if (entry.is_regular_file())
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

TEST_CASE("Every past fuzzer crasher is a load error naming its file and a line", "[scenarios][guard]")
{
    const auto files = crashers();
    REQUIRE(files.size() >= 10);
    for (const fs::path& file : files) {
        INFO(file.filename().string());
        try {
            (void)povsim::scenarios::load_scenario(file);
            FAIL_CHECK("loaded");
        } catch (const povsim::scenarios::ScenarioError& e) {
            INFO(e.what());
            REQUIRE_FALSE(e.issues().empty());
            CHECK(e.issues().front().file == file.generic_string());
            CHECK(e.issues().front().line > 0);
        }
    }
}

TEST_CASE("povsim check exits 2 on every past fuzzer crasher and says where", "[scenarios][guard][cli]")
{
    for (const fs::path& file : crashers()) {
        const auto r = povsim::test::run_command(povsim::test::povsim_command() + " check -q " + povsim::test::q(file));
        INFO(file.filename().string() << "\n" << r.output);
        CHECK(r.exit_code == 2);
        const std::string where = file.generic_string() + ":";
        const std::size_t at    = r.output.find(where);
        REQUIRE(at != std::string::npos);
        CHECK(r.output.substr(at + where.size(), 1).find_first_of("123456789") == 0); // a line number
    }
}

TEST_CASE("A scenario file over 16 MiB exits 2 without being parsed", "[scenarios][guard][cli]")
{
    // Too big to keep in fuzz/crashers/, so made here.
    povsim::test::TempDir dir;
    const fs::path        big = dir / "big.toml";
    {
        std::ofstream out(big, std::ios::binary);
        out << "[scenario]\nname = \"big\"\n# " << std::string(povsim::scenarios::detail::max_scenario_bytes, 'x') << "\n";
    }
    const auto r = povsim::test::run_command(povsim::test::povsim_command() + " check " + povsim::test::q(big));
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("larger than 16 MiB") != std::string::npos);
}

TEST_CASE("A table header without a key start is refused with its line, column and key", "[scenarios][guard]")
{
    const auto zeta = parser_hazard("[scenario]\nname = \"x\"\n\n[.zeta]\n");
    REQUIRE(zeta);
    CHECK(zeta->line == 4);
    CHECK(zeta->column == 2);
    CHECK(zeta->key == ".zeta");
    CHECK(zeta->message.find("not '.'") != std::string::npos);
    CHECK(parser_hazard("[[ .a]]\n"));
    CHECK(parser_hazard("[[[a]]]\n"));
    CHECK(parser_hazard("[=]\n"));
    CHECK(parser_hazard("[\n"));
    CHECK(parser_hazard("[\r\n"));
    CHECK(parser_hazard("x = [\n  1,\n]\n[#]\n"));
    try {
        povsim::scenarios::load_scenario_text("[scenario]\nname = \"x\"\n[.zeta]\n", "zeta.toml");
        FAIL("loaded");
    } catch (const povsim::scenarios::ScenarioError& e) {
        CHECK(std::string(e.what()).find("zeta.toml:3:2: key '.zeta': a table header starts with a key") != std::string::npos);
    }
}

TEST_CASE("A '}' in an array and a date-time without time digits are refused", "[scenarios][guard]")
{
    const auto brace = parser_hazard("x = [\n  1,\n}\n");
    REQUIRE(brace);
    CHECK(brace->line == 3);
    CHECK(brace->column == 1);
    CHECK(parser_hazard("x = { a = [[}]] }\n"));
    const auto date = parser_hazard("a = 1\nx = 1979-05-27T:32:00\n");
    REQUIRE(date);
    CHECK(date->line == 2);
    CHECK(date->column == 5);
    CHECK(parser_hazard("x = [1979-05-27t_07:32:00]\n"));
    CHECK(parser_hazard("x = [2020-01-01 2, 3]\n"));
    CHECK(parser_hazard("x = 2020-01-0\" 2 \n"));
    CHECK_FALSE(parser_hazard("x = [1979-05-27T07:32:00Z, 1979-05-27 07:32:00, 1979-05-27, {}]\n"));
}

TEST_CASE("Non-ASCII text where the parser asks 'is this whitespace?' is refused with its position", "[scenarios][guard]")
{
    const auto key = parser_hazard("a = 1\ncaf\xc3\xa9 = 1\n");
    REQUIRE(key);
    CHECK(key->line == 2);
    CHECK(key->column == 4);
    CHECK(key->message.find("U+00E9") != std::string::npos);
    CHECK(parser_hazard("x = 2015\xe3\x80\x81\n"));          // U+3001 after a value
    CHECK(parser_hazard("x = -\"\xc3\xa9\"\n"));             // a quote after a sign starts no string
    CHECK(parser_hazard("x = 1=\"\xc3\xa9\"\n"));
    CHECK(parser_hazard("x = 2020-01-01 0\"\xc3\xa9\"\n")); // read on after a date and a space
    CHECK(parser_hazard("x = [1, \xef\xbc\x8c]\n"));        // U+FF0C, any non-ASCII outside quotes
    CHECK(parser_hazard("x = \"\"\"\\\xc3\xa9\"\"\"\n"));   // no escape
    const auto continued = parser_hazard("x = \"\"\"\\\n   \xe3\x80\x8c\xe4\xb8\xad\xe3\x80\x8d\"\"\"\n");
    REQUIRE(continued);
    CHECK(continued->line == 2);
    CHECK(continued->message.find("write it as \\u300C") != std::string::npos);
    CHECK(parser_hazard("x = \"\"\"\\\n\xc2\xa0\xc3\xa9\"\"\"\n")); // U+00A0 is skipped like a space
}

TEST_CASE("What real scenarios hold passes the guard", "[scenarios][guard]")
{
    CHECK_FALSE(parser_hazard("\xef\xbb\xbf# \xe6\xa6\x82\xe8\xa7\x88\xe3\x80\x81\xc3\xa9\r\n[scenario]\r\nname = \"x\"\r\n"));
    CHECK_FALSE(parser_hazard("title = \"\xe6\x99\xaf\xe6\xb3\xb0\xe5\x8e\xbf\xe3\x80\x81" "caf\xc3\xa9\"\ns = '\xc3\xa9'\n"));
    CHECK_FALSE(parser_hazard("\"\xc3\xa9\" = 1\n[a.\"\xe3\x80\x81\"]\n[[ b . 'c' ]]\nd.\"\xc3\xa9\" . e = 2\n"));
    CHECK_FALSE(parser_hazard("p = { dist = \"\xc3\xa9\", low = 0.05, x = [ \"\xe3\x80\x81\" ], t = {} }\n"));
    CHECK_FALSE(parser_hazard("x = [\n  [1, 2], # \xc3\xa9\n  [{ a = 1 }],\n  \"\xc3\xa9\",\n]\n[t]\n"));
    CHECK_FALSE(parser_hazard("d = 1979-05-27 07:32:00\nt = 1979-05-27T07:32:00Z\nb = true\nf = -1.5e+3\nh = 0xff\n"));
    // Multi-line strings: escapes, quotes at the end, and continued lines starting with safe text.
    CHECK_FALSE(parser_hazard("d = \"\"\"\n\xe3\x80\x8c\xe4\xb8\xad\xe3\x80\x8d \\\\ \\\" \\u00E9\n\"\"\"\n"));
    CHECK_FALSE(parser_hazard("d = \"\"\"a\"\"\"\"\ne = '''\\\n\xc3\xa9'''''\n"));
    CHECK_FALSE(parser_hazard("d = \"\"\"\\\n   \xe4\xb8\xad\xe3\x80\x81\\\n   x\xc3\xa9\"\"\"\n"));
    // Every built-in scenario and variant.
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(POVSIM_SOURCE_DIR) / "scenarios")) {
        if (entry.path().extension() != ".toml")
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        INFO(entry.path().string());
        CHECK_FALSE(parser_hazard(text));
    }
}

TEST_CASE("The code points that reach toml++ 3.3's unreachable code", "[scenarios][guard]")
{
    for (const char32_t c : {0xA1u, 0xE9u, 0x499u, 0x2C5Eu, 0x3001u, 0x300Cu, 0x3057u, 0xFB26u, 0xFEFEu}) {
        CHECK(reaches_toml_unreachable(c));
    }
    // Whitespace the parser knows, other blocks, CJK ideographs and full-width forms.
    for (const char32_t c : {0x41u, 0x9Fu, 0xA0u, 0x49Au, 0x1680u, 0x2000u, 0x2C5Du, 0x3000u, 0x3058u, 0x4E2Du,
                             0xFB25u, 0xFEFFu, 0xFF0Cu, 0x1F600u}) {
        CHECK_FALSE(reaches_toml_unreachable(c));
    }
}

TEST_CASE("A --set value the parser cannot read safely is taken as text", "[scenarios][guard]")
{
    const std::string base = std::string(POVSIM_SOURCE_DIR) + "/tests/data/tiny.toml";
    const auto loaded = povsim::scenarios::load_scenario(base, {"scenario.title=caf\xc3\xa9\xe3\x80\x81"});
    CHECK(loaded.resolved_toml.find("caf\xc3\xa9\xe3\x80\x81") != std::string::npos);
}
