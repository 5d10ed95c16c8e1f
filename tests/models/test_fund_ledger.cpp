// The fund ledger: shares, conservation (money in = money out), ceilings and rationing.
#include "models/fund_ledger.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace povsim;
using namespace povsim::models;

namespace {
Parameters two_programmes()
{
    Parameters p = test::make_tiny_params();
    Programme a;
    a.id      = "a";
    a.sources = {{"central", 0.6}, {"county", 0.4}};
    Programme b;
    b.id      = "b";
    b.sources = {{"provincial", 1.0}};
    b.ceiling.values = {{2016, 1000.0}};
    p.programmes = {a, b};
    p.budget.source_ceilings["county"].values = {{2017, 100.0}};
    return p;
}
} // namespace

TEST_CASE("Charges split by source shares and conserve money", "[models][ledger]")
{
    const auto p = two_programmes();
    FundLedger ledger(p);
    ledger.start_year(2016);
    CHECK(ledger.charge(0, 1000.0));
    CHECK(ledger.charge_source(0, source_index("credit"), 50000.0));
    CHECK(ledger.spending()(0, source_index("central")) == Approx(600));
    CHECK(ledger.spending()(0, source_index("county")) == Approx(400));
    CHECK(ledger.spending()(0, source_index("credit")) == 50000);
    // Money in = money out: what was charged is what the sources paid, to the cent.
    CHECK(ledger.spending().sum() == Approx(51000).epsilon(1e-15));
    CHECK((ledger.need() == ledger.spending()).all());
}

TEST_CASE("A programme ceiling rations whole units and records the shortfall", "[models][ledger]")
{
    const auto p = two_programmes();
    FundLedger ledger(p);
    ledger.start_year(2016);
    CHECK(ledger.charge(1, 600.0));
    CHECK_FALSE(ledger.charge(1, 600.0)); // would exceed 1000
    CHECK(ledger.charge(1, 400.0));       // a smaller unit still fits
    CHECK(ledger.spending().row(1).sum() == Approx(1000));
    CHECK(ledger.need().row(1).sum() == Approx(1600));
    ledger.start_year(2017); // the ceiling table holds its last value; accounts reset
    CHECK(ledger.spending().sum() == 0);
    CHECK(ledger.charge(1, 1000.0));
}

TEST_CASE("A source ceiling binds every programme that draws on it", "[models][ledger]")
{
    const auto p = two_programmes();
    FundLedger ledger(p);
    ledger.start_year(2016); // the county ceiling starts in 2017: none before it
    CHECK(ledger.charge(0, 1000.0));
    ledger.start_year(2017);
    CHECK_FALSE(ledger.charge(0, 1000.0)); // 400 from county > 100
    CHECK(ledger.charge(0, 250.0));        // 100 from county
    CHECK_FALSE(ledger.charge(0, 10.0));
    CHECK(ledger.spending()(0, source_index("county")) == Approx(100));
    CHECK(ledger.need().row(0).sum() == Approx(1260));
    ledger.start_year(2025); // the ceiling holds after its last entry
    CHECK_FALSE(ledger.charge(0, 1000.0));
}

TEST_CASE("Only a programme's own sources pay, each the exact sum of its shares of the charges", "[models][ledger]")
{
    auto p = two_programmes();
    p.budget.source_ceilings["social"].values = {{2016, 0.0}}; // a source programme a never draws on
    FundLedger ledger(p);
    ledger.start_year(2016);
    const double charges[] = {1000.0, 0.1, 333.3, 1e-3, 7.0};
    double central = 0, county = 0;
    for (const double c : charges) {
        CHECK(ledger.charge(0, c)); // a ceiling of 0 on an unused source refuses nothing
        central += 0.6 * c;
        county += 0.4 * c;
    }
    // The same additions in the same order: equal to the last bit, not approximately.
    CHECK(ledger.spending()(0, source_index("central")) == central);
    CHECK(ledger.spending()(0, source_index("county")) == county);
    for (const char* unused : {"provincial", "municipal", "east_west", "credit", "social", "household"}) {
        CHECK(ledger.spending()(0, source_index(unused)) == 0.0);
        CHECK(ledger.need()(0, source_index(unused)) == 0.0);
        CHECK_FALSE(std::signbit(ledger.need()(0, source_index(unused))));
    }
    CHECK(ledger.spending().row(1).sum() == 0.0); // programme b was not charged
}
