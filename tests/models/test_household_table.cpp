// The compact household columns: years in one byte, whole-yuan pathway parts, and business and
// property income from one base column with shares by segment and region-wide growth.
#include "models/household_table.h"

#include <catch2/catch.hpp>

using namespace povsim::models;

TEST_CASE("A year in one byte round-trips every year a scenario can name, and 0 for none", "[models][state]")
{
    CHECK(static_cast<int>(YearByte{}) == 0);
    CHECK(static_cast<int>(YearByte(0)) == 0);
    for (int year = 1901; year <= 2155; ++year) {
        REQUIRE(static_cast<int>(YearByte(year)) == year);
    }
    HouseholdTable hh;
    hh.resize(2);
    hh.exit_year[0] = 2018;
    CHECK(2020 - hh.exit_year[0] == 2);
    CHECK(hh.exit_year[1] == 0);
    CHECK(HouseholdTable::bytes_per_household() == 64);
}

TEST_CASE("Whole-yuan parts round to the nearest yuan and stay within 0 and 65,535", "[models][state]")
{
    std::uint16_t part = 0;
    add_whole_yuan(part, 1200.4f);
    CHECK(part == 1200);
    add_whole_yuan(part, 0.6f);
    CHECK(part == 1201);
    add_whole_yuan(part, -5000.0f);
    CHECK(part == 0);
    add_whole_yuan(part, 70000.0f);
    CHECK(part == 65535);
}

TEST_CASE("Business and property income are shares of the base income times their growth", "[models][state]")
{
    HouseholdTable hh;
    hh.resize(3);
    hh.business_share = {0.05f, 0.10f};
    hh.property_share = {0.02f, 0.00f};
    hh.base_income_pc = {10000.0f, 3000.0f, 5000.0f};
    hh.segment        = {0, 1, 7}; // segment 7 has no share (a world built by hand): no such income
    hh.business_growth = 1.5f;
    hh.property_growth = 2.0f;
    CHECK(hh.business_pc(0) == Approx(750.0));
    CHECK(hh.property_pc(0) == Approx(400.0));
    CHECK(hh.business_pc(1) == Approx(450.0));
    CHECK(hh.property_pc(1) == 0.0f);
    CHECK(hh.business_pc(2) == 0.0f);
}
