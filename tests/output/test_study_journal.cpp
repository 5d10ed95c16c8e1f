// The study journal (output/study_journal.h): every appended replication reads back exactly; a
// record cut short or damaged by a crash ends the journal there and loses only itself; a damaged
// header is refused naming the file.
#include "output/study_journal.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace povsim;

namespace {

sim::ReplicationResult result(double base)
{
    sim::ReplicationResult r;
    r.metrics.resize(3, 4);
    for (Eigen::Index i = 0; i < r.metrics.size(); ++i) {
        r.metrics.data()[i] = base + 0.1 * static_cast<double>(i);
    }
    r.arrays     = {{base, base + 1}, {}, {base * 3}};
    r.parameters = {base / 7};
    return r;
}

output::FinishedReplication replication(std::uint32_t id)
{
    return {id, {result(id + 0.5), result(-1.0 * id)}};
}

output::JournalHeader header()
{
    output::JournalHeader h;
    h.meta.engine_version = "1.2.3";
    h.meta.git_commit     = "abc";
    h.meta.seed           = 0xFFFFFFFFFFFFFFFFULL;
    h.meta.runs_requested = 9;
    h.meta.first_year     = 2015;
    h.meta.last_year      = 2025;
    h.meta.command_line   = "povsim run a b";
    h.meta.panel_households  = 20;
    h.meta.panel_replication = 4;
    h.scenarios = {{"基线", "a.toml", "[scenario]\nname = \"基线\"\n"}, {"b", "b.toml", ""}};
    return h;
}

void require_equal(const output::FinishedReplication& a, const output::FinishedReplication& b)
{
    REQUIRE(a.id == b.id);
    REQUIRE(a.per_scenario.size() == b.per_scenario.size());
    for (std::size_t s = 0; s < a.per_scenario.size(); ++s) {
        REQUIRE(a.per_scenario[s].metrics.rows() == b.per_scenario[s].metrics.rows());
        REQUIRE((a.per_scenario[s].metrics.array() == b.per_scenario[s].metrics.array()).all());
        REQUIRE(a.per_scenario[s].arrays == b.per_scenario[s].arrays);
        REQUIRE(a.per_scenario[s].parameters == b.per_scenario[s].parameters);
    }
}

std::string bytes_of(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void put(const std::filesystem::path& p, const std::string& bytes)
{
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

} // namespace

TEST_CASE("A journal reads back its header, the carried replications and the appended ones exactly", "[journal]")
{
    test::TempDir dir;
    const auto    study = dir / "s.h5";
    {
        output::StudyJournal journal(study, header(), {replication(7)}, {});
        journal.append(2, replication(2).per_scenario);
        journal.append(5, replication(5).per_scenario);
    } // closed without remove(): as a crash leaves it
    REQUIRE(output::journal_path(study) == dir / ".s.h5.journal");
    const auto back = output::read_journal(output::journal_path(study));
    const auto& m   = back.header.meta;
    CHECK(m.engine_version == "1.2.3");
    CHECK(m.git_commit == "abc");
    CHECK(m.seed == 0xFFFFFFFFFFFFFFFFULL);
    CHECK(m.runs_requested == 9);
    CHECK(m.first_year == 2015);
    CHECK(m.last_year == 2025);
    CHECK(m.command_line == "povsim run a b");
    CHECK_FALSE(m.only_replication);
    CHECK(m.panel_households == 20);
    CHECK(m.panel_replication == 4);
    CHECK_FALSE(m.complete);
    REQUIRE(back.header.scenarios.size() == 2);
    CHECK(back.header.scenarios[0].name == "基线");
    CHECK(back.header.scenarios[0].scenario_text == "[scenario]\nname = \"基线\"\n");
    CHECK(back.header.scenarios[1].source_file == "b.toml");
    REQUIRE(back.records.size() == 3);
    require_equal(back.records[0], replication(7));
    require_equal(back.records[1], replication(2));
    require_equal(back.records[2], replication(5));
    CHECK(back.dropped_bytes == 0);
    CHECK(dir.entries() == std::vector<std::string>{".s.h5.journal"}); // no temporary left

    SECTION("remove() takes it away")
    {
        output::StudyJournal again(study, header(), {}, {});
        again.remove();
        CHECK(dir.entries().empty());
    }
}

TEST_CASE("A journal cut at any byte keeps every whole record before the cut", "[journal]")
{
    test::TempDir dir;
    const auto    study = dir / "s.h5";
    {
        output::StudyJournal journal(study, header(), {}, {});
    }
    const auto empty_size = bytes_of(output::journal_path(study)).size();
    {
        output::StudyJournal journal(study, header(), {replication(0), replication(1)}, {});
    }
    const auto whole  = bytes_of(output::journal_path(study));
    const auto record = (whole.size() - empty_size) / 2;
    const auto cut    = dir / "cut.journal";
    for (std::size_t n = empty_size; n < whole.size(); ++n) {
        put(cut, whole.substr(0, n));
        const auto back = output::read_journal(cut);
        const auto kept = (n - empty_size) / record;
        REQUIRE(back.records.size() == kept);
        REQUIRE(back.dropped_bytes == n - empty_size - kept * record);
    }
    // A header cut short is no journal at all.
    put(cut, whole.substr(0, empty_size - 1));
    REQUIRE_THROWS_WITH(output::read_journal(cut), Catch::Contains("cut.journal") && Catch::Contains("header"));
}

TEST_CASE("A damaged journal record ends the journal and a damaged header is refused", "[journal]")
{
    test::TempDir dir;
    const auto    study = dir / "s.h5";
    {
        output::StudyJournal journal(study, header(), {}, {});
    }
    const auto head = bytes_of(output::journal_path(study)).size();
    {
        output::StudyJournal journal(study, header(), {replication(0), replication(1), replication(2)}, {});
    }
    const auto whole  = bytes_of(output::journal_path(study));
    const auto record = (whole.size() - head) / 3;
    const auto bad    = dir / "bad.journal";
    // A payload byte of the second record: its checksum fails, so it and the third are dropped.
    auto damaged = whole;
    damaged[head + record + 40] ^= 0x10;
    put(bad, damaged);
    auto back = output::read_journal(bad);
    REQUIRE(back.records.size() == 1);
    require_equal(back.records[0], replication(0));
    REQUIRE(back.dropped_bytes == 2 * record);
    // A record that claims more values than the file has.
    damaged = whole;
    damaged[head + record + 8 + 6] = '\x7f';
    put(bad, damaged);
    REQUIRE(output::read_journal(bad).records.size() == 1);
    // The header's text.
    damaged = whole;
    damaged[30] ^= 0x01;
    put(bad, damaged);
    REQUIRE_THROWS_WITH(output::read_journal(bad), Catch::Contains("bad.journal") && Catch::Contains("not a povsim study journal"));
    put(bad, "HDF5 or anything else");
    REQUIRE_THROWS_WITH(output::read_journal(bad), Catch::Contains("not a povsim study journal"));
}

TEST_CASE("Packed results with a damaged count are refused without allocating it", "[journal][mpi]")
{
    auto values = output::pack_results(3, replication(3).per_scenario);
    const auto back = output::unpack_results(values.data(), values.size(), "here");
    require_equal({back.first, back.second}, replication(3));
    values[1] = 1e18; // scenarios
    REQUIRE_THROWS_WITH(output::unpack_results(values.data(), values.size(), "here"), Catch::Contains("here"));
    values[1] = 2;
    values[2] = 4e9; // rows of the first cube
    REQUIRE_THROWS(output::unpack_results(values.data(), values.size(), "here"));
    values[2] = 3.5;
    REQUIRE_THROWS(output::unpack_results(values.data(), values.size(), "here"));
    REQUIRE_THROWS(output::unpack_results(values.data(), values.size() - 1, "here"));
}
