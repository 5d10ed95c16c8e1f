#pragma once
// One writer per output file (issue: two runs onto one --out both said "ok" and one result was
// lost). A run takes `.<name>.lock`, holding its process id, before it simulates and removes it
// when done; a second run onto the same file finds the lock of a live process and stops at
// once. The lock or temporaries (`.<name>.tmp-<pid>`) of a process that died (SIGKILL, power
// loss) are removed, and said so, by the next run onto that file.
#include "output/atomic_file.h"

#include <filesystem>
#include <optional>
#include <iosfwd>

namespace povsim::app {

class OutputLock {
public:
    /// @brief Takes the lock of @p file; reports cleaned leftovers of dead processes on @p notes.
    /// @throws cli::BadInput when a live process holds it, or the lock cannot be created.
    OutputLock(const std::filesystem::path& file, std::ostream& notes);
    ~OutputLock();
    OutputLock(const OutputLock&)            = delete;
    OutputLock& operator=(const OutputLock&) = delete;

private:
    std::filesystem::path                     m_lock;
    std::optional<output::RemoveOnAbruptExit> m_cleanup; ///< set once the lock is ours
};

} // namespace povsim::app
