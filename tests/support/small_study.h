#pragma once
// The smallest study the HDF5 writer accepts: seed 1, years 2016–2017 and one scenario "tiny"
// with no runs yet, for tests that add just the part of the file they check.
#include "output/study.h"

namespace povsim::test {

inline output::Study small_study()
{
    output::Study study;
    study.meta.seed = 1;
    study.years     = {2016, 2017};
    output::ScenarioOutput sc;
    sc.name       = "tiny";
    sc.runs.years = study.years;
    study.scenarios.push_back(std::move(sc));
    return study;
}

} // namespace povsim::test
