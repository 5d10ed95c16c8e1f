#include "output/atomic_file.h"

#include <fstream>

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <system_error>

namespace povsim::output {

namespace {

// fsync so that a crash right after the rename cannot expose a renamed-but-empty file
// (ext4 and xfs may otherwise commit the rename before the data). Best effort: a failure
// here does not make the file any less complete than a plain close would.
void sync_path(const std::filesystem::path& p, int flags)
{
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd >= 0) {
        (void)::fsync(fd);
        (void)::close(fd);
    }
}

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
}

AtomicFile::~AtomicFile()
{
    if (!m_committed) {
        std::error_code ec;
        std::filesystem::remove(m_temp, ec);
    }
}

void AtomicFile::commit()
{
    sync_path(m_temp, O_RDONLY);
    std::error_code ec;
    std::filesystem::rename(m_temp, m_final, ec);
    if (ec) {
        const std::string why = ec.message();
        std::filesystem::remove(m_temp, ec);
        throw std::runtime_error(m_final.string() + ": cannot move the finished file into place (" + why + ")");
    }
    m_committed = true;
    const auto dir = m_final.parent_path();
    sync_path(dir.empty() ? std::filesystem::path(".") : dir, O_RDONLY | O_DIRECTORY);
}

void write_text_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill)
{
    AtomicFile out(path);
    {
        std::ofstream os(out.temp_path(), std::ios::binary | std::ios::trunc);
        if (!os) {
            throw std::runtime_error(path.string() + ": cannot create the file");
        }
        fill(os);
        os.close();
        if (!os) {
            throw std::runtime_error(path.string() + ": cannot write the file (disk full?)");
        }
    }
    out.commit();
}

} // namespace povsim::output
