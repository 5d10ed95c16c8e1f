#include "output/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <system_error>
#include <utility>

namespace povsim::output {

namespace {

// Temporaries alive now, in plain char buffers, because a signal handler may read nothing
// else: no std::string, no allocation, no lock. A slot is free (0), being filled (1) or
// holds a path (2). Few files are ever open at once (the study, a CSV, a checkpoint).
constexpr int slot_count = 8;
struct TempSlot {
    std::atomic<int> state{0};
    char             path[PATH_MAX] = {};
};
std::array<TempSlot, slot_count> g_slots;

int register_temp(const std::filesystem::path& p) noexcept
{
    const std::string& text = p.native();
    if (text.size() >= PATH_MAX) {
        return -1; // cannot be unlinked by name anyway
    }
    for (int i = 0; i < slot_count; ++i) {
        int expected = 0;
        if (g_slots[i].state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
            std::memcpy(g_slots[i].path, text.c_str(), text.size() + 1);
            g_slots[i].state.store(2, std::memory_order_release);
            return i;
        }
    }
    return -1; // more than slot_count at once: only the abrupt-exit cleanup misses it
}

void unregister_temp(int slot) noexcept
{
    if (slot >= 0) {
        g_slots[slot].state.store(0, std::memory_order_release);
    }
}

/// fsync so that a crash right after the rename cannot expose a renamed-but-empty file (ext4 and
/// xfs may otherwise commit the rename before the data). For the data file it is also the last
/// chance to hear of a failed write (delayed allocation, NFS, quota), so its error is returned;
/// EINVAL/EROFS mean a file system without fsync, which is no failure of ours.
int sync_path(const std::filesystem::path& p, int flags)
{
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) {
        return 0; // the rename below reports a missing file
    }
    const int rc  = ::fsync(fd);
    const int err = rc == 0 || errno == EINVAL || errno == EROFS ? 0 : errno;
    return ::close(fd) != 0 && err == 0 && errno != EINTR ? errno : err;
}

/// A stream buffer on a file descriptor that remembers the errno of the first failed write,
/// which std::ofstream loses (it only sets badbit).
class FdBuf : public std::streambuf {
public:
    explicit FdBuf(int fd) : m_fd(fd) { setp(m_buf.data(), m_buf.data() + m_buf.size()); }
    ~FdBuf() override
    {
        if (m_fd >= 0) {
            (void)::close(m_fd);
        }
    }
    FdBuf(const FdBuf&)            = delete;
    FdBuf& operator=(const FdBuf&) = delete;

    /// @return 0, or the errno of the first write or close that failed
    int finish()
    {
        (void)drain();
        const int fd = std::exchange(m_fd, -1);
        if (::close(fd) != 0 && m_error == 0 && errno != EINTR) {
            m_error = errno;
        }
        return m_error;
    }

protected:
    int_type overflow(int_type ch) override
    {
        if (!drain()) {
            return traits_type::eof();
        }
        if (!traits_type::eq_int_type(ch, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(ch);
            pbump(1);
        }
        return traits_type::not_eof(ch);
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain()
    {
        const char* p = pbase();
        while (m_error == 0 && p < pptr()) {
            const ssize_t n = ::write(m_fd, p, static_cast<std::size_t>(pptr() - p));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                m_error = n < 0 ? errno : EIO;
                break;
            }
            p += n;
        }
        setp(m_buf.data(), m_buf.data() + m_buf.size());
        return m_error == 0;
    }

    int                     m_fd;
    int                     m_error = 0;
    std::array<char, 65536> m_buf{};
};

} // namespace

AtomicFile::AtomicFile(std::filesystem::path final_path)
    : m_final(std::move(final_path))
{
    // The pid keeps two processes writing the same destination from trampling each other's temp.
    const std::string name = "." + m_final.filename().string() + ".tmp-" + std::to_string(::getpid());
    m_temp                 = m_final.parent_path() / name;
    // Checked here because the writer's own error for this case names the temporary file,
    // which would puzzle a user who never asked for it.
    const auto      dir = m_final.parent_path();
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
        throw std::runtime_error(m_final.string() + ": directory '" + dir.string() + "' does not exist");
    }
    m_slot = register_temp(m_temp);
}

AtomicFile::~AtomicFile()
{
    if (!m_committed) {
        std::error_code ec;
        std::filesystem::remove(m_temp, ec);
    }
    unregister_temp(m_slot); // after the removal: a signal in between finds nothing to unlink
}

void AtomicFile::commit()
{
    std::error_code ec;
    if (const int err = sync_path(m_temp, O_RDONLY); err != 0) {
        std::filesystem::remove(m_temp, ec);
        throw WriteError(write_failure(m_final, err));
    }
    std::filesystem::rename(m_temp, m_final, ec);
    if (ec) {
        const std::string why = ec.message();
        std::filesystem::remove(m_temp, ec);
        throw WriteError(m_final.string() + ": cannot move the finished file into place (" + why + ")");
    }
    m_committed = true;
    unregister_temp(std::exchange(m_slot, -1)); // after the rename: the temp name is gone now
    const auto dir = m_final.parent_path();
    (void)sync_path(dir.empty() ? std::filesystem::path(".") : dir, O_RDONLY | O_DIRECTORY);
}

void remove_temporaries_now() noexcept
{
    for (auto& slot : g_slots) {
        if (slot.state.load(std::memory_order_acquire) == 2) {
            (void)::unlink(slot.path);
        }
    }
}

RemoveOnAbruptExit::RemoveOnAbruptExit(const std::filesystem::path& path) : m_slot(register_temp(path)) {}

RemoveOnAbruptExit::~RemoveOnAbruptExit() { unregister_temp(m_slot); }

std::string failure_reason(int error)
{
    std::string why = error != 0 ? std::strerror(error) : "write error";
    if (error == ENOSPC || error == EDQUOT) {
        why += " (disk full)";
    } else if (error == EFBIG) {
        why += " (the file size limit, ulimit -f, was reached)";
    }
    return why;
}

std::string write_failure(const std::filesystem::path& path, int error)
{
    return path.string() + ": cannot write the file: " + failure_reason(error);
}

void rethrow_naming(const std::filesystem::path& path)
{
    const auto named = [&](const std::exception& e) {
        const std::string msg = e.what();
        return msg.rfind(path.string() + ":", 0) == 0 ? msg : path.string() + ": " + msg;
    };
    try {
        throw;
    } catch (const WriteError& e) {
        throw WriteError(named(e));
    } catch (const std::exception& e) {
        throw std::runtime_error(named(e));
    }
}

void write_text_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill)
{
    AtomicFile out(path);
    const int  fd = ::open(out.temp_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::runtime_error(path.string() + ": cannot create the file (" + std::strerror(errno) + ")");
    }
    FdBuf        buf(fd);
    std::ostream os(&buf);
    fill(os);
    os.flush();
    if (const int err = buf.finish(); err != 0 || !os) {
        throw WriteError(write_failure(path, err));
    }
    out.commit();
}

} // namespace povsim::output
