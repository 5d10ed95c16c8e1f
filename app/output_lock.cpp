#include "app/output_lock.h"

#include "app/cli_common.h"
#include "output/study_journal.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <ostream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace povsim::app {

namespace {

/// kill(pid, 0) tells whether a process exists without touching it (EPERM: it does, not ours).
bool alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

long pid_in(const fs::path& lock)
{
    std::ifstream in(lock);
    long          pid = 0;
    in >> pid;
    return pid;
}

/// Temporaries `.<name>.tmp-<pid>` whose writer is gone.
void remove_dead_temporaries(const fs::path& file, std::ostream& notes)
{
    const auto      dir    = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const auto      prefix = "." + file.filename().string() + ".tmp-";
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const auto name = e.path().filename().string();
        if (name.rfind(prefix, 0) != 0) {
            continue;
        }
        const auto digits = name.substr(prefix.size());
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || alive(std::stol(digits))) {
            continue;
        }
        if (fs::remove(e.path(), ec)) {
            notes << "povsim: removed " << e.path().string() << ", left by process " << digits << " that died while writing\n";
        }
    }
}

} // namespace

OutputLock::OutputLock(const fs::path& file, std::ostream& notes)
    : m_lock((file.has_parent_path() ? file.parent_path() : fs::path(".")) / ("." + file.filename().string() + ".lock"))
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::open(m_lock.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) {
            const auto pid = std::to_string(::getpid()) + "\n";
            const bool ok  = ::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size());
            ::close(fd);
            if (!ok) {
                ::unlink(m_lock.c_str());
                throw cli::BadInput(m_lock.string() + ": cannot write the lock (" + std::strerror(errno) + ")");
            }
            remove_dead_temporaries(file, notes);
            remove_dead_temporaries(output::journal_path(file), notes); // a journal being created
            m_cleanup.emplace(m_lock); // a second Ctrl-C (stop now) removes it too
            return;
        }
        if (errno != EEXIST) {
            throw cli::BadInput(m_lock.string() + ": cannot create the lock (" + std::strerror(errno) + ")");
        }
        const long holder = pid_in(m_lock);
        if (alive(holder)) {
            m_lock.clear(); // not ours: the destructor must leave it
            throw cli::BadInput("another povsim (process " + std::to_string(holder) + ") is writing " + file.string() +
                                "; wait for it or choose another --out");
        }
        notes << "povsim: removed the stale lock " << m_lock.string() << " of process " << holder << ", which is gone\n";
        std::error_code ec;
        fs::remove(m_lock, ec);
    }
    throw cli::BadInput(m_lock.string() + ": cannot take the lock (another run took it meanwhile)");
}

OutputLock::~OutputLock()
{
    if (!m_lock.empty()) {
        ::unlink(m_lock.c_str());
    }
}

} // namespace povsim::app
