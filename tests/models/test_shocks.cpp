// The medical reimbursement chain (known answers) and the keep-policy window.
#include "models/shocks.h"
#include "tests/support/builders.h"

#include <catch2/catch.hpp>

using namespace povsim;
using namespace povsim::models;

TEST_CASE("Reimbursement chain gives known out-of-pocket costs", "[models][shocks]")
{
    const std::vector<ReimbursementLayer> chain = {
        {"basic", false, 0.55, 0.05, 500, 150000},
        {"critical", false, 0.5, 0.0, 15000, 300000},
        {"assistance", true, 0.7, 0.0, 0, 20000},
    };
    // Non-poor, 10,000: basic pays 0.55 × 9,500 = 5,225; critical nothing (below 15,000).
    CHECK(out_of_pocket(10000, chain, false, true, 1.0) == Approx(4775));
    // Poor, 10,000: basic 0.60 × 9,500 = 5,700 → 4,300; assistance 0.7 × 4,300 = 3,010 → 1,290.
    CHECK(out_of_pocket(10000, chain, true, true, 1.0) == Approx(1290));
    // Poor with the extra phased to 0.4: basic 0.57 × 9,500 = 5,415 → 4,585; assistance → 1,375.5.
    CHECK(out_of_pocket(10000, chain, true, true, 0.4) == Approx(1375.5));
    // Non-poor, 100,000: basic 0.55 × 99,500 = 54,725 → 45,275; critical 0.5 × 30,275 → 30,137.5.
    CHECK(out_of_pocket(100000, chain, false, true, 1.0) == Approx(30137.5));
    // Uninsured poor: only assistance, capped at 20,000.
    CHECK(out_of_pocket(100000, chain, true, false, 1.0) == Approx(80000));
    CHECK(out_of_pocket(0, chain, true, true, 1.0) == 0.0);
}

TEST_CASE("Poverty-specific policy is kept for keep_policy_years after exit", "[models][shocks]")
{
    auto p = test::make_tiny_params();
    p.transition.keep_policy_years = 3;
    World w;
    w.params = &p;
    w.households.resize(4);
    auto& hh = w.households;
    hh.status[0] = Status::RegisteredPoor;
    hh.status[1] = Status::Exited, hh.exit_year[1] = 2018;
    hh.status[2] = Status::NonPoor, hh.monitor[2] = MonitorKind::Edge;
    hh.status[3] = Status::NonPoor;
    CHECK(policy_applies(w, 0, 2025));
    CHECK(policy_applies(w, 1, 2021));
    CHECK_FALSE(policy_applies(w, 1, 2022));
    CHECK(policy_applies(w, 2, 2022));
    CHECK_FALSE(policy_applies(w, 3, 2022));
}
