// Console text by display width: Chinese characters take two columns, tables and sentences
// wrap to fit the console.
#include "app/console_table.h"
#include "app/console_text.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace povsim::app;

namespace {
std::size_t widest(const std::string& text)
{
    std::istringstream in(text);
    std::size_t        w = 0;
    for (std::string line; std::getline(in, line);) {
        w = std::max(w, display_width(line));
    }
    return w;
}
} // namespace

TEST_CASE("Display width counts Chinese characters twice and Greek once", "[app][console]")
{
    CHECK(display_width("abc") == 3);
    CHECK(display_width("万元") == 4);
    CHECK(display_width("Δ returns") == 9);
    CHECK(padded("万元", 6) == "万元  ");
}

TEST_CASE("Wrapped text fits its columns, breaking English at spaces and Chinese anywhere", "[app][console]")
{
    const std::string en = "one two three four five six seven eight nine ten eleven twelve";
    const auto        w  = wrapped(en, 20, "  ");
    CHECK(widest(w) <= 20);
    CHECK(w == "  one two three four\n  five six seven\n  eight nine ten\n  eleven twelve\n");
    const std::string zh = "返贫户增加四点一五户，新致贫户不变，支出减少两万一千六百四十四万元";
    const auto        z  = wrapped(zh, 20, "  ");
    CHECK(widest(z) <= 20);
    std::string joined;
    std::istringstream in(z);
    for (std::string line; std::getline(in, line);) {
        joined += line.substr(2); // nothing lost or doubled
    }
    CHECK(joined == zh);
}

TEST_CASE("A console table wider than its columns wraps into blocks that repeat the labels", "[app][console]")
{
    ConsoleTable t{"year", {"2016", "2017"}, {}, {{}, {}}};
    for (int c = 0; c < 12; ++c) {
        t.column_titles.push_back("metric_" + std::to_string(c));
        t.cells[0].push_back("1234 [1000-2000]");
        t.cells[1].push_back("5678 [5000-6000]");
    }
    std::ostringstream os;
    print_table(os, t, 120);
    CHECK(widest(os.str()) <= 120);
    const auto text = os.str();
    CHECK(text.find("metric_0") < text.find("metric_11"));
    std::size_t blocks = 0;
    for (auto at = text.find("year "); at != std::string::npos; at = text.find("year ", at + 1)) {
        ++blocks;
    }
    CHECK(blocks >= 2); // 12 columns of 16 do not fit 120 in one block
}
