// A damaged study file may declare any extent: a 3 MB file whose /replication claims 2^28
// elements made compare, report and budget allocate until killed (issue 13). Extents are now
// checked against a sane bound and against what the file can hold before anything is allocated.
#include "output/h5_handles.h"
#include "output/h5_read.h"

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {

/// How a dataset is stored: chunked without data written (only fill values), contiguous
/// with late allocation (nothing allocated), or chunked and deflated with every value written.
enum class Layout { unwritten_chunks, unallocated_contiguous, written_zeros };

/// Creates @p name in @p file with @p n float64 elements laid out as @p layout.
void make_dataset(hid_t file, const char* name, hsize_t n, Layout layout)
{
    const hsize_t     max_dim = layout == Layout::unallocated_contiguous ? n : H5S_UNLIMITED;
    const output::H5Space space(H5Screate_simple(1, &n, &max_dim), "space");
    const output::H5Plist dcpl(H5Pcreate(H5P_DATASET_CREATE), "dcpl");
    if (layout == Layout::unallocated_contiguous) {
        output::check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_LATE), "alloc time");
    } else {
        const hsize_t chunk = std::min<hsize_t>(n, 1 << 16);
        output::check(H5Pset_chunk(dcpl.get(), 1, &chunk), "chunk");
        output::check(H5Pset_shuffle(dcpl.get()), "shuffle");
        output::check(H5Pset_deflate(dcpl.get(), 4), "deflate");
    }
    const output::H5Dataset ds(
        H5Dcreate2(file, name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), "create");
    if (layout == Layout::written_zeros) {
        const std::vector<double> zeros(n, 0.0);
        output::check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data()), "write");
    }
}

/// checked_extent of @p name in @p file: the message of its exception, or "" when accepted.
std::string refusal(const fs::path& file, const char* name)
{
    const output::H5ErrorSilencer quiet;
    const output::H5File          f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const output::H5Dataset       ds(H5Dopen2(f.get(), name, H5P_DEFAULT), "open dataset");
    try {
        (void)output::checked_extent(ds.get(), std::string("/") + name);
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

/// Replaces /scenarios/tiny/replication of the study @p study by a chunked dataset declaring
/// @p n elements with none written: the file stays a few KB larger, the declared data is GBs.
void damage_replication(const fs::path& study, hsize_t n)
{
    const output::H5ErrorSilencer quiet;
    output::H5File                f(H5Fopen(study.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open for writing");
    output::check(H5Ldelete(f.get(), "/scenarios/tiny/replication", H5P_DEFAULT), "unlink replication");
    const hsize_t         max_dim = H5S_UNLIMITED, chunk = 4096;
    const output::H5Space space(H5Screate_simple(1, &n, &max_dim), "space");
    const output::H5Plist dcpl(H5Pcreate(H5P_DATASET_CREATE), "dcpl");
    output::check(H5Pset_chunk(dcpl.get(), 1, &chunk), "chunk");
    output::check(H5Pset_deflate(dcpl.get(), 4), "deflate");
    const output::H5Dataset ds(H5Dcreate2(f.get(), "/scenarios/tiny/replication", H5T_STD_I32LE, space.get(),
                                          H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                               "create replication");
    f.close("close");
}

} // namespace

TEST_CASE("Declared extents are refused when the file cannot hold them, before any allocation",
          "[output][hdf5][damaged]")
{
    test::TempDir dir;
    const auto    file = dir / "sizes.h5";
    {
        const output::H5File f(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create");
        make_dataset(f.get(), "unwritten", hsize_t{1} << 28, Layout::unwritten_chunks);
        make_dataset(f.get(), "huge", (hsize_t{1} << 28) + 1, Layout::unwritten_chunks);
        make_dataset(f.get(), "contiguous", 100'000'000, Layout::unallocated_contiguous);
        make_dataset(f.get(), "zeros", 2'000'000, Layout::written_zeros); // deflates ~1000:1, and is real
        make_dataset(f.get(), "small", 1000, Layout::unwritten_chunks);    // a few KB: harmless either way
    }
    REQUIRE(fs::file_size(file) < 1'000'000);

    const auto unwritten = refusal(file, "unwritten");
    CHECK(unwritten.find("/unwritten declares 268,435,456 elements") != std::string::npos);
    CHECK(unwritten.find("damaged file?") != std::string::npos);
    CHECK(refusal(file, "huge").find("more than the 268,435,456 a study dataset can have") != std::string::npos);
    CHECK(refusal(file, "contiguous").find("more than the whole file") != std::string::npos);
    CHECK(refusal(file, "zeros").empty());
    CHECK(refusal(file, "small").empty());
}

// Without checked_extent each command below allocated 2^28 runs until killed (`ulimit -v` turns
// that into a quick failure here).
TEST_CASE("compare, report, budget and export refuse a study declaring 2^28 replications at once",
          "[cli][damaged]")
{
    test::TempDir dir;
    const auto    study = dir / "damaged.h5";
    REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " --runs 2 -q -o " +
                        q(study))
                .exit_code == 0);
    damage_replication(study, hsize_t{1} << 28);
    REQUIRE(fs::file_size(study) < 10'000'000);

    const std::vector<std::string> commands{
        "compare " + q(study),
        "report " + q(study) + " -o " + q(dir / "r.html"),
        "budget " + q(study) + " -o " + q(dir / "b.xlsx"),
        "export " + q(study) + " -o " + q(dir / "csv"),
    };
    for (const auto& args : commands) {
        const auto start = std::chrono::steady_clock::now();
        const auto res   = run_command("ulimit -v 4000000; " + povsim_command() + " " + args);
        const auto secs  = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        INFO(args << "\n" << res.output);
        CHECK(res.exit_code == 2);
        CHECK(res.output.find(study.string()) != std::string::npos);
        CHECK(res.output.find("/scenarios/tiny/replication declares 268,435,456 elements") != std::string::npos);
        CHECK(secs < 5);
    }
}
