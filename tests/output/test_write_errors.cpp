// A full disk or the file size limit is exit 1 with a message naming the file, never a crash,
// and leaves neither the file nor its temporary (issue 13: "No space left on device", then
// SIGSEGV in HDF5). Reproduced without root by the file size limit: povsim ignores SIGXFSZ, so
// a write past `ulimit -f` fails with EFBIG like a write onto a full disk fails with ENOSPC.
#include "output/atomic_file.h"
#include "output/h5_handles.h"
#include "output/h5_write.h"

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace povsim;
using test::povsim_command;
using test::q;
using test::run_command;
using test::source_file;

namespace {

/// The file size limit of this process lowered to @p bytes, and SIGXFSZ ignored, until scope exit.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        REQUIRE(::getrlimit(RLIMIT_FSIZE, &m_old) == 0);
        m_signal       = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_old;
        lowered.rlim_cur = bytes;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &lowered) == 0);
    }
    ~FileSizeLimit()
    {
        (void)::setrlimit(RLIMIT_FSIZE, &m_old);
        (void)std::signal(SIGXFSZ, m_signal);
    }
    FileSizeLimit(const FileSizeLimit&)            = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_old{};
    void (*m_signal)(int) = SIG_DFL;
};

std::string slurp(const fs::path& p)
{
    std::ifstream is(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(is), std::istreambuf_iterator<char>()};
}

/// Uniform doubles: random mantissas, so compression leaves them near their 8 bytes.
std::vector<double> random_values(std::size_t n)
{
    std::mt19937_64                        gen(13);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<double>                    v(n);
    for (auto& x : v) {
        x = u(gen);
    }
    return v;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// A povsim command run under `ulimit -f` (1024-byte blocks), in the shell that runs it only.
test::CommandResult run_limited(int kib, const std::string& args)
{
    return run_command("ulimit -f " + std::to_string(kib) + "; exec " + povsim_command() + " " + args);
}

} // namespace

TEST_CASE("A text file that cannot be written whole throws a WriteError naming the cause and leaves no file",
          "[output][write-errors]")
{
    test::TempDir dir;
    const auto    path = dir / "big.csv";
    {
        std::ofstream(path) << "the old content\n";
    }
    const std::string line(1000, 'x');
    {
        const FileSizeLimit limit(4096);
        try {
            output::write_text_file(path, [&](std::ostream& os) {
                for (int i = 0; i < 100; ++i) {
                    os << line << "\n";
                }
            });
            FAIL("the write past the file size limit succeeded");
        } catch (const output::WriteError& e) {
            CHECK(contains(e.what(), path.string() + ": cannot write the file: File too large"));
            CHECK(contains(e.what(), "file size limit"));
        }
    }
    CHECK(slurp(path) == "the old content\n"); // all or nothing: the old file stays
    CHECK(dir.entries() == std::vector<std::string>{"big.csv"});
    CHECK(contains(output::write_failure(path, ENOSPC), "No space left on device (disk full)"));
}

TEST_CASE("remove_temporaries_now unlinks the temporaries of live AtomicFiles only", "[output][write-errors]")
{
    test::TempDir dir;
    {
        output::AtomicFile done(dir / "done.txt");
        std::ofstream(done.temp_path()) << "finished";
        done.commit();
    }
    output::AtomicFile open(dir / "open.txt");
    std::ofstream(open.temp_path()) << "half";
    REQUIRE(fs::exists(open.temp_path()));
    output::remove_temporaries_now(); // what a second Ctrl-C does before _exit
    CHECK_FALSE(fs::exists(open.temp_path()));
    CHECK(slurp(dir / "done.txt") == "finished");
}

TEST_CASE("An HDF5 file built in memory reports a failed write as a WriteError and closes", "[output][write-errors][hdf5]")
{
    test::TempDir                 dir;
    const auto                    path = dir / "x.h5";
    const output::H5ErrorSilencer quiet;
    const FileSizeLimit           limit(64 * 1024);
    const output::H5Plist         fapl = output::make_study_file_access();
    output::H5File file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), "cannot create the file");
    const std::vector<double> noise = random_values(500000); // 4 MB that deflate cannot shrink much
    // Every call succeeds while the file lives in memory; the limit is met when it is written out.
    output::write_vector(file.get(), "noise", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, noise.data(), noise.size(), "1",
                         "test data", "/noise");
    try {
        CHECK_FALSE(fs::exists(path)); // built in memory: nothing on disk yet
        output::finish_file(file, path, "cannot finish writing the file");
        FAIL("the write past the file size limit succeeded");
    } catch (const output::WriteError& e) {
        CHECK(contains(e.what(), "cannot finish writing the file: write failed: File too large"));
    }
    CHECK_FALSE(file.valid());
}

namespace {

/// After a run that could not write @p out: nothing is left but, when the simulation had begun,
/// the study's journal; resumed without the limit (if @p resume) it gives the whole study.
void require_only_journal_left(const test::TempDir& dir, const fs::path& out, const std::string& output, bool resume)
{
    const auto entries = dir.entries();
    if (entries.empty()) {
        CHECK(contains(output, "cannot create the study's journal")); // failed before any replication
        return;
    }
    REQUIRE(entries == std::vector<std::string>{"." + out.filename().string() + ".journal"}); // no study, temporary or lock
    CHECK((contains(output, "finished replications are kept in") && contains(output, "povsim run --resume")));
    if (!resume) {
        fs::remove(dir / entries.front());
        return;
    }
    const auto resumed = run_command(povsim_command() + " run --resume " + q(out) + " -q");
    INFO(resumed.output);
    REQUIRE(resumed.exit_code == 0);
    CHECK(dir.entries() == std::vector<std::string>{out.filename().string()});
    fs::remove(out);
}

} // namespace

TEST_CASE("run onto a file it cannot write exits 1 naming the file and keeps the finished replications in its "
          "journal",
          "[cli][write-errors]")
{
    test::TempDir dir;
    // Limits met at different points: the journal's first record, a dataset's close, the final
    // flush (the study is about 2.5 MB). Before the fix these ended in SIGXFSZ or SIGSEGV.
    for (const int kib : {4, 400, 1000}) {
        const auto res = run_limited(kib, "run jinghe --runs 2 -q --out " + q(dir / "x.h5"));
        INFO("ulimit -f " << kib << "\n" << res.output);
        CHECK(res.exit_code == 1); // -1 would be a death by signal
        CHECK(contains(res.output, (dir / "x.h5").string() + ": "));
        CHECK(contains(res.output, "File too large (the file size limit, ulimit -f, was reached)"));
        require_only_journal_left(dir, dir / "x.h5", res.output, true);
    }
}

TEST_CASE("An HDF5 file built in memory is written whole and reads back", "[output][hdf5]")
{
    test::TempDir                 dir;
    const auto                    path   = dir / "x.h5";
    const std::vector<double>     values = random_values(300000);
    {
        const output::H5ErrorSilencer quiet;
        const output::H5Plist         fapl = output::make_study_file_access();
        output::H5File file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), "cannot create the file");
        {
            const output::H5Group g = output::make_group(file.get(), "g", "/g");
            output::write_vector(g.get(), "v", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size(), "1",
                                 "test data", "/g/v", 4096);
            output::check(H5Ocopy(g.get(), "v", file.get(), "copy", H5P_DEFAULT, H5P_DEFAULT), "cannot copy");
        } // every object closed, so closing the file really closes it
        output::finish_file(file, path, "cannot finish writing the file");
    }
    const output::H5File    file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open");
    const output::H5Dataset ds(H5Dopen2(file.get(), "copy", H5P_DEFAULT), "cannot open the copy");
    std::vector<double>     back(values.size());
    REQUIRE(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()) >= 0);
    CHECK(back == values);
    CHECK(fs::file_size(path) % (1 << 20) != 0); // the image's end, not its whole buffer (MB steps)
}

TEST_CASE("Copies and writes past the file size limit end in a WriteError, never a crash",
          "[output][write-errors][hdf5]")
{
    // With HDF5's default (sec2) driver this pattern dies with SIGSEGV inside H5Ocopy once a
    // write fails (HDF5 1.10's cleanup after a failed raw-data write); with the file built in
    // memory only the final flush writes, and fails cleanly. In a child: it may crash.
    test::TempDir dir;
    const auto    path  = dir / "x.h5";
    const pid_t   child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int code = 3; // no error at all: the limit was not met
        try {
            const output::H5ErrorSilencer quiet;
            const FileSizeLimit           limit(3'000'000);
            const output::H5Plist         fapl = output::make_study_file_access();
            output::H5File file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), "create");
            const std::vector<double> values = random_values(20000);
            for (int d = 0; d < 100; ++d) {
                const std::string name = "d" + std::to_string(d), copy = "c" + std::to_string(d);
                output::write_vector(file.get(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size(),
                                     "1", "test data", "/" + name, 4096);
                output::check(H5Ocopy(file.get(), "d0", file.get(), copy.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                              "cannot copy d0 to " + copy);
            }
            output::finish_file(file, path, "cannot finish writing the file");
        } catch (const output::WriteError&) {
            code = 0;
        } catch (...) {
            code = 2;
        }
        ::_exit(code);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    INFO("child status " << status);
    REQUIRE(WIFEXITED(status)); // not killed by a signal
    CHECK(WEXITSTATUS(status) == 0);
}

// `prlimit --fsize=2000000` made this run die with SIGSEGV in H5Ocopy (at commit 827980c: the
// point depends on the file's layout to the byte, so a sweep of limits goes with it).
TEST_CASE("run onto a file it cannot write exits 1 at whatever point the limit is met", "[cli][write-errors]")
{
    test::TempDir dir;
    const auto    args = " run jinghe --runs 2 -q --out " + q(dir / "x.h5");
    std::vector<std::string> limits{"prlimit --fsize=2000000 "};
    for (int kib = 50; kib <= 2500; kib += 50) {
        limits.push_back("ulimit -f " + std::to_string(kib) + "; exec ");
    }
    for (const auto& limit : limits) {
        const auto res = run_command(limit + povsim_command() + args);
        INFO(limit << "\n" << res.output);
        CHECK(res.exit_code == 1);
        CHECK(contains(res.output, "File too large"));
        require_only_journal_left(dir, dir / "x.h5", res.output, false);
    }
}

TEST_CASE("budget, report, compare and export that cannot write exit 1 naming the file, leaving nothing behind",
          "[cli][write-errors]")
{
    test::TempDir dir;
    const auto    study = dir / "s.h5";
    REQUIRE(run_command(povsim_command() + " run " + source_file("tests/data/tiny.toml") + " " +
                        source_file("tests/data/tiny_variant.toml") + " --runs 2 -q -o " + q(study))
                .exit_code == 0);
    struct Case {
        std::string args;
        fs::path    file;
    };
    const std::vector<Case> cases{
        {"budget " + q(study) + " -q -o " + q(dir / "b.xlsx"), dir / "b.xlsx"},
        {"budget " + q(study) + " -q --csv " + q(dir / "b.csv"), dir / "b.csv"},
        {"report " + q(study) + " -q -o " + q(dir / "r.html"), dir / "r.html"},
        {"compare " + q(study) + " -q --csv " + q(dir / "c.csv"), dir / "c.csv"},
    };
    for (const auto& c : cases) {
        const auto res = run_limited(1, c.args);
        INFO(c.args << "\n" << res.output);
        CHECK(res.exit_code == 1);
        CHECK(contains(res.output, c.file.string() + ": cannot write the file: File too large"));
        CHECK(dir.entries() == std::vector<std::string>{"s.h5"});
    }
    const auto exported = run_limited(1, "export " + q(study) + " -q -o " + q(dir / "csv"));
    INFO(exported.output);
    CHECK(exported.exit_code == 1);
    CHECK(contains(exported.output, "cannot write the file: File too large"));
    for (const auto& e : fs::directory_iterator(dir / "csv")) {
        CHECK(e.path().filename().string().rfind(".", 0) != 0); // no temporary left
    }
}
