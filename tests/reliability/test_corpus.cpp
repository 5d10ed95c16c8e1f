// The hostile-input corpus (issue 13): 271 malformed scenarios and 181 damaged study files, each
// through check / run or compare, report, budget and export. Every one must exit 2 with a message
// naming the file, or give a whole, valid answer; never a crash, a hang, exit 1 or a partial output.
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

using namespace povsim;

TEST_CASE("The hostile-input corpus gives exit 2 or a whole answer, never a crash, hang or partial output",
          "[reliability][slow]")
{
    test::TempDir dir;
    const auto    r = test::run_command(std::string(POVSIM_PYTHON) + " " + test::source_file("tests/reliability/run_corpus.py") +
                                     " " + test::povsim_command() + " " + test::q(dir.path) + " --timeout 60");
    INFO(r.output.substr(r.output.size() > 20000 ? r.output.size() - 20000 : 0));
    REQUIRE(r.exit_code == 0);
    REQUIRE_THAT(r.output, Catch::Contains("0 failures"));
}
