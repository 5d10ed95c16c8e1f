#include "output/study_journal.h"

#include "output/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace povsim::output {

namespace {

constexpr char          file_magic[8] = {'P', 'O', 'V', 'S', 'I', 'M', 'J', '1'};
constexpr std::uint64_t record_magic  = 0x3130434552564f50ULL; // "POVREC01" read as little-endian bytes

/// FNV-1a: a cut-short or scrambled record must not be taken for results.
std::uint64_t checksum(const void* data, std::size_t n)
{
    std::uint64_t h = 1469598103934665603ULL;
    for (std::size_t i = 0; i < n; ++i) {
        h = (h ^ static_cast<const unsigned char*>(data)[i]) * 1099511628211ULL;
    }
    return h;
}

/// @return 0, or the errno of the write that failed
int write_all(int fd, const char* data, std::size_t n)
{
    while (n > 0) {
        const auto put = ::write(fd, data, n);
        if (put < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        data += put;
        n -= static_cast<std::size_t>(put);
    }
    return 0;
}

std::string header_bytes(const JournalHeader& h)
{
    BytePacker p;
    const auto& m = h.meta;
    p.str(m.engine_version);
    p.str(m.git_commit);
    p.u64(m.seed);
    p.u64(static_cast<std::uint64_t>(m.runs_requested));
    p.u64(static_cast<std::uint64_t>(m.first_year));
    p.u64(static_cast<std::uint64_t>(m.last_year));
    p.str(m.created_utc);
    p.str(m.command_line);
    p.u64(m.only_replication ? 1 : 0);
    p.u64(m.only_replication.value_or(0));
    p.u64(m.panel_households);
    p.u64(m.panel_replication);
    p.u64(h.scenarios.size());
    for (const auto& s : h.scenarios) {
        p.str(s.name);
        p.str(s.source_file);
        p.str(s.scenario_text);
    }
    std::string out(file_magic, sizeof file_magic);
    BytePacker  frame;
    frame.u64(p.bytes.size());
    frame.u64(checksum(p.bytes.data(), p.bytes.size()));
    return out + frame.bytes + p.bytes;
}

std::string record_bytes(std::uint32_t id, const std::vector<sim::ReplicationResult>& per_scenario)
{
    const auto values = pack_results(id, per_scenario);
    BytePacker frame;
    frame.u64(record_magic);
    frame.u64(values.size());
    frame.u64(checksum(values.data(), values.size() * sizeof(double)));
    frame.bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
    return std::move(frame.bytes);
}

std::string cannot_create(const std::filesystem::path& study, const std::filesystem::path& journal, int error)
{
    return study.string() + ": cannot create the study's journal " + journal.filename().string() + ": " +
           failure_reason(error);
}

} // namespace

std::filesystem::path journal_path(const std::filesystem::path& study_file)
{
    const auto dir = study_file.has_parent_path() ? study_file.parent_path() : std::filesystem::path(".");
    return dir / ("." + study_file.filename().string() + ".journal");
}

StudyJournal::StudyJournal(const std::filesystem::path& study_file, const JournalHeader& header,
                           const std::vector<FinishedReplication>& carried, std::function<void(const std::string&)> on_failure)
    : m_path(journal_path(study_file)), m_on_failure(std::move(on_failure))
{
    {
        AtomicFile file(m_path);
        const int  fd = ::open(file.temp_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            throw WriteError(cannot_create(study_file, m_path, errno));
        }
        const auto head = header_bytes(header);
        int        err  = write_all(fd, head.data(), head.size());
        for (std::size_t i = 0; i < carried.size() && err == 0; ++i) {
            const auto bytes = record_bytes(carried[i].id, carried[i].per_scenario);
            err              = write_all(fd, bytes.data(), bytes.size());
        }
        ::close(fd);
        if (err != 0) {
            throw WriteError(cannot_create(study_file, m_path, err));
        }
        file.commit(); // fsync, rename, fsync the directory
    }
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (m_fd < 0) {
        throw WriteError(cannot_create(study_file, m_path, errno));
    }
    m_syncer = std::thread([this] { sync_loop(); });
}

StudyJournal::~StudyJournal()
{
    stop_syncing();
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void StudyJournal::append(std::uint32_t id, const std::vector<sim::ReplicationResult>& per_scenario)
{
    const auto bytes = record_bytes(id, per_scenario);
    {
        const std::lock_guard lock(m_write_mutex);
        if (m_failed || m_fd < 0) {
            return;
        }
        // One write per record: once write(2) returns, the record survives the process (SIGKILL);
        // the sync thread makes it survive the machine.
        if (const int err = write_all(m_fd, bytes.data(), bytes.size()); err != 0) {
            m_failed = true;
            if (m_on_failure) {
                m_on_failure(write_failure(m_path, err));
            }
            return;
        }
    }
    {
        const std::lock_guard lock(m_sync_mutex);
        m_dirty = true;
    }
    m_wake.notify_one();
}

bool StudyJournal::whole()
{
    const std::lock_guard lock(m_write_mutex);
    return !m_failed && m_fd >= 0;
}

void StudyJournal::remove()
{
    stop_syncing();
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    ::unlink(m_path.c_str());
}

void StudyJournal::stop_syncing()
{
    {
        const std::lock_guard lock(m_sync_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_syncer.joinable()) {
        m_syncer.join();
    }
}

void StudyJournal::sync_loop()
{
    // Records that finish while one fdatasync runs share the next: the cost stays one sync at a
    // time however fast replications finish.
    std::unique_lock lock(m_sync_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stop || m_dirty; });
        if (!m_dirty) {
            return;
        }
        m_dirty = false;
        lock.unlock();
        (void)::fdatasync(m_fd); // a failing disk shows in write(2) or in the study file's own write
        lock.lock();
    }
}

JournalContents read_journal(const std::filesystem::path& journal)
{
    std::ifstream in(journal, std::ios::binary);
    if (!in) {
        throw std::runtime_error(journal.string() + ": cannot open the journal");
    }
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    const std::string not_journal = journal.string() + ": not a povsim study journal, or its header is damaged";
    char              magic[sizeof file_magic] = {};
    std::uint64_t     frame[3]                 = {};
    if (!in.read(magic, sizeof magic) || std::memcmp(magic, file_magic, sizeof magic) != 0 ||
        !in.read(reinterpret_cast<char*>(frame), 2 * sizeof(std::uint64_t)) || frame[0] > size) {
        throw std::runtime_error(not_journal);
    }
    std::string head(frame[0], '\0');
    if (!in.read(head.data(), static_cast<std::streamsize>(head.size())) || checksum(head.data(), head.size()) != frame[1]) {
        throw std::runtime_error(not_journal);
    }
    JournalContents out;
    ByteUnpacker    p{head, not_journal};
    auto&           m = out.header.meta;
    m.engine_version  = p.str();
    m.git_commit      = p.str();
    m.seed            = p.u64();
    m.runs_requested  = static_cast<int>(p.u64());
    m.first_year      = static_cast<int>(p.u64());
    m.last_year       = static_cast<int>(p.u64());
    m.created_utc     = p.str();
    m.command_line    = p.str();
    const bool only   = p.u64() != 0;
    const auto which  = static_cast<std::uint32_t>(p.u64());
    if (only) {
        m.only_replication = which;
    }
    m.panel_households  = p.u64();
    m.panel_replication = static_cast<std::uint32_t>(p.u64());
    m.complete          = false;
    const auto n        = p.u64();
    if (n > head.size()) {
        throw std::runtime_error(not_journal);
    }
    for (std::uint64_t i = 0; i < n; ++i) {
        JournalHeader::Scenario s;
        s.name          = p.str();
        s.source_file   = p.str();
        s.scenario_text = p.str();
        out.header.scenarios.push_back(std::move(s));
    }

    auto at = static_cast<std::uint64_t>(in.tellg());
    std::vector<double> values;
    while (at < size) {
        if (size - at < sizeof frame || !in.read(reinterpret_cast<char*>(frame), sizeof frame) ||
            frame[0] != record_magic || frame[1] > (size - at - sizeof frame) / sizeof(double)) {
            break;
        }
        values.resize(frame[1]);
        if (!in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(double))) ||
            checksum(values.data(), values.size() * sizeof(double)) != frame[2]) {
            break;
        }
        try {
            auto [id, per_scenario] = unpack_results(values.data(), values.size(), journal.string());
            out.records.push_back({id, std::move(per_scenario)});
        } catch (const std::runtime_error&) {
            break;
        }
        at += sizeof frame + values.size() * sizeof(double);
    }
    out.dropped_bytes = size - at;
    return out;
}

} // namespace povsim::output
