// The command line for people who do not write TOML daily: suggestions for a mistyped scenario,
// option or programme; `extends` by built-in name; a display title stored in the study; run and
// validate refuse to replace a study without --force; "wrote" on stderr; -q everywhere.
#include "output/hdf5_reader.h"
#include "tests/support/file_bytes.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {
const std::string tiny = source_file("tests/data/tiny.toml");

void write_text(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream(file) << text;
}


/// Standard output alone: stderr discarded.
test::CommandResult stdout_of(const std::string& command) { return run_command("(" + command + " 2>/dev/null)"); }
} // namespace

TEST_CASE("A mistyped scenario name, option or programme id gets a suggestion and exit 2", "[cli][usability]")
{
    const auto name = run_command(povsim_command() + " run jingh -q");
    CHECK(name.exit_code == 2);
    CHECK(name.output.find("jingh: no such scenario file or built-in scenario (did you mean 'jinghe'?)") !=
          std::string::npos);
    const auto option = run_command(povsim_command() + " run " + tiny + " --rnus 3");
    CHECK(option.exit_code == 2);
    CHECK(option.output.find("--rnus (did you mean '--runs'?)") != std::string::npos);
    const auto programme = run_command(povsim_command() + " check " + tiny + " --set programmes.industri.unit_cost=5");
    CHECK(programme.exit_code == 2);
    CHECK(programme.output.find("no programme 'industri' in the scenario (did you mean 'industry'?)") !=
          std::string::npos);
    // Far from every id: a new programme is allowed to start (and then fails for its missing keys).
    const auto other = run_command(povsim_command() + " check " + tiny + " --set programmes.solar_pv.unit_cost=5");
    CHECK(other.exit_code == 2);
    CHECK(other.output.find("did you mean") == std::string::npos);
}

TEST_CASE("extends takes a built-in name, and a title is the file's own and reaches the study", "[cli][usability]")
{
    test::TempDir dir;
    write_text(dir / "v.toml", "extends = \"baiyin\"\n[scenario]\nname = \"mine\"\n");
    const auto checked = run_command(povsim_command() + " check " + q(dir / "v.toml"));
    INFO(checked.output);
    REQUIRE(checked.exit_code == 0);
    CHECK(checked.output.find("name = 'mine'") != std::string::npos);
    CHECK(checked.output.find("白银市 基线") == std::string::npos); // the base's title is not inherited

    write_text(dir / "typo.toml", "extends = \"baiyn\"\n[scenario]\nname = \"mine\"\n");
    const auto typo = run_command(povsim_command() + " check " + q(dir / "typo.toml"));
    CHECK(typo.exit_code == 2);
    CHECK(typo.output.find("typo.toml:1:11: key 'extends'") != std::string::npos);
    CHECK(typo.output.find("(did you mean 'baiyin'?)") != std::string::npos);

    write_text(dir / "titled.toml", "extends = \"" + (std::filesystem::path(POVSIM_SOURCE_DIR) / "tests/data/tiny.toml").string() +
                                        "\"\n[scenario]\nname = \"titled\"\ntitle = \"精河 监测2倍\"\n");
    const auto study = dir / "t.h5";
    REQUIRE(run_command(povsim_command() + " run " + q(dir / "titled.toml") + " --runs 2 -q -o " + q(study)).exit_code == 0);
    CHECK(output::read_study_h5(study).scenarios.front().title == "精河 监测2倍");
}

TEST_CASE("run and validate refuse to replace a file without --force, and wrote goes to stderr", "[cli][usability]")
{
    test::TempDir dir;
    const auto    study = dir / "s.h5";
    const auto    first = stdout_of(povsim_command() + " run " + tiny + " --runs 2 -o " + q(study));
    REQUIRE(first.exit_code == 0);
    CHECK(first.output.find("wrote") == std::string::npos); // data on stdout, messages on stderr
    CHECK(first.output.find("n_registered_poor") != std::string::npos);
    const auto before = test::file_bytes(study);

    const auto again = run_command(povsim_command() + " run " + tiny + " --runs 3 -q -o " + q(study));
    CHECK(again.exit_code == 2);
    CHECK(again.output.find("exists; add --force to replace it") != std::string::npos);
    CHECK(test::file_bytes(study) == before);
    const auto validate = run_command(povsim_command() + " validate " + tiny + " --runs 2 -q -o " + q(study));
    CHECK(validate.exit_code == 2);
    CHECK(test::file_bytes(study) == before);

    REQUIRE(run_command(povsim_command() + " run " + tiny + " --runs 3 -q --force -o " + q(study)).exit_code == 0);
    CHECK(output::read_study_h5(study).scenarios.front().runs.runs.size() == 3);
}

TEST_CASE("Quiet runs: with -q check, list, run and compare print nothing or only their answer", "[cli][usability]")
{
    test::TempDir dir;
    const auto    check = run_command(povsim_command() + " check -q " + tiny);
    CHECK(check.exit_code == 0);
    CHECK(check.output.empty());
    const auto list = run_command(povsim_command() + " list -q");
    CHECK(list.exit_code == 0);
    CHECK(list.output.find("jinghe\n") != std::string::npos);
    CHECK(list.output.find(' ') == std::string::npos); // names alone, one per line
    const auto study = dir / "s.h5";
    const auto run   = run_command(povsim_command() + " run -q " + tiny + " " +
                                   source_file("tests/data/tiny_strict_exit.toml") + " --runs 2 -o " + q(study));
    CHECK(run.exit_code == 0);
    CHECK(run.output.empty());
    const auto compare = run_command(povsim_command() + " compare -q " + q(study));
    CHECK(compare.exit_code == 0);
    CHECK(compare.output.find("tiny_strict_exit against tiny") != std::string::npos);
    CHECK(compare.output.find("Detail by year") == std::string::npos);
}

TEST_CASE("povsim diff lists the keys a variant changes, with both values", "[cli][usability]")
{
    const auto d = run_command(povsim_command() + " diff baiyin baiyin-monitoring_2x");
    INFO(d.output);
    REQUIRE(d.exit_code == 0);
    CHECK(d.output.find("4 keys differ, baiyin -> baiyin-monitoring_2x") != std::string::npos);
    CHECK(std::regex_search(d.output, std::regex("\n  thresholds.monitoring_factor +1.5  ->  2.0\n")));
    CHECK(std::regex_search(d.output, std::regex("\n  scenario.name +'baiyin'  ->  'baiyin_monitoring_2x'\n")));
    // A key only the variant has is shown as absent in the base; --set applies to B.
    const auto cut = run_command(povsim_command() + " diff baiyin baiyin-budget_cut");
    CHECK(std::regex_search(cut.output, std::regex("\n  budget.scale.2021 +\\(absent\\)  ->  0.8\n")));
    const auto set = run_command(povsim_command() + " diff " + tiny + " " + tiny + " --set thresholds.exit_margin=999");
    CHECK(set.output.find("1 key differs") != std::string::npos);
    CHECK(std::regex_search(set.output, std::regex("thresholds.exit_margin +[0-9]+  ->  999\n")));
    CHECK(run_command(povsim_command() + " diff -q " + tiny + " " + tiny).exit_code == 0);
    CHECK(run_command(povsim_command() + " diff -q baiyin baiyin-monitoring_2x").exit_code == 1);
}

TEST_CASE("run --sweep runs each value as a variant on common random numbers into one study", "[cli][usability]")
{
    test::TempDir dir;
    const auto    study = dir / "sweep.h5";
    const auto    res   = run_command(povsim_command() + " run " + tiny + " --sweep thresholds.exit_margin=0,900 --runs 4 -q -o " +
                                      q(study));
    INFO(res.output);
    REQUIRE(res.exit_code == 0);
    const auto s = output::read_study_h5(study);
    REQUIRE(s.scenarios.size() == 3);
    CHECK(s.scenarios[0].name == "tiny");
    CHECK(s.scenarios[1].name == "tiny_exit_margin_0");
    CHECK(s.scenarios[2].name == "tiny_exit_margin_900");
    CHECK(s.scenarios[2].title == "thresholds.exit_margin = 900");
    CHECK(s.scenarios[2].scenario_text.find("exit_margin = 900") != std::string::npos);
    // The same as running the variant by hand with --set: common random numbers, same seed.
    const auto by_hand = dir / "hand.h5";
    REQUIRE(run_command(povsim_command() + " run " + tiny + " --set thresholds.exit_margin=900 --runs 4 -q -o " +
                        q(by_hand)).exit_code == 0);
    const auto h = output::read_study_h5(by_hand);
    REQUIRE(h.scenarios.front().runs.runs.size() == 4);
    for (std::size_t r = 0; r < 4; ++r) {
        CHECK((h.scenarios.front().runs.runs[r] == s.scenarios[2].runs.runs[r]).all());
    }
    CHECK(run_command(povsim_command() + " run " + tiny + " --sweep thresholds.exit_margin -q -o " + q(dir / "x.h5"))
              .exit_code == 2);
    CHECK(run_command(povsim_command() + " run " + tiny + " --sweep thresholds.exit_margin=5,5 -q -o " + q(dir / "y.h5"))
              .exit_code == 2);
}
