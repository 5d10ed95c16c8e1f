#pragma once
// Output files are written whole or not at all (SPEC §11, §15): a writer fills a temporary
// file in the destination directory and renames it over the final name only once everything
// succeeded. rename(2) within one directory is atomic, so a reader sees either the old file,
// no file, or the complete new one — never a half-written one. Kept format-agnostic so the
// HDF5, CSV, Excel and HTML writers all share it.
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>

namespace povsim::output {

/// @brief A write that failed for a cause outside the program (disk full, file size limit, I/O
/// error): `povsim` exits 1 with this message, which names the file, instead of "internal error".
struct WriteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// @brief Inside a catch block: rethrows the exception in flight as "<path>: <message>" (unless
/// the message already starts with the path), keeping a WriteError a WriteError.
[[noreturn]] void rethrow_naming(const std::filesystem::path& path);

/// @brief A temporary sibling of a final path, renamed onto it by commit() or removed on scope exit.
/// While it exists its path is also registered for remove_temporaries_now(), so a process that
/// must stop at once (a second Ctrl-C) leaves no temporary behind.
class AtomicFile {
public:
    /// @brief Plan to write @p final_path; nothing is created on disk yet.
    /// @param[in] final_path where the finished file must appear.
    /// @throws std::runtime_error naming @p final_path if its directory does not exist.
    explicit AtomicFile(std::filesystem::path final_path);

    /// @brief Removes the temporary file unless commit() succeeded; never throws.
    ~AtomicFile();

    AtomicFile(const AtomicFile&)            = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    AtomicFile(AtomicFile&&)                 = delete;
    AtomicFile& operator=(AtomicFile&&)      = delete;

    /// @brief The path the writer must create and fill: `.<final name>.tmp-<pid>` beside the final file.
    /// @return the temporary path (same directory as the final path).
    const std::filesystem::path& temp_path() const { return m_temp; }

    /// @brief The destination given at construction.
    /// @return the final path.
    const std::filesystem::path& final_path() const { return m_final; }

    /// @brief Flushes the temporary file to disk and renames it onto the final path.
    /// @throws std::runtime_error naming the final path if the data cannot be flushed (disk full,
    ///         I/O error) or the rename fails; the temporary is then removed.
    void commit();

private:
    std::filesystem::path m_final; ///< destination
    std::filesystem::path m_temp;  ///< sibling written first
    int                   m_slot = -1;         ///< registration for remove_temporaries_now(), or -1
    bool                  m_committed = false; ///< true once renamed; the destructor then leaves it alone
};

/// @brief Unlinks the temporary of every AtomicFile alive now, and every path held by a
/// RemoveOnAbruptExit. Async-signal-safe (unlink(2) only, no allocation, no lock), for a signal
/// handler that ends the process with _exit().
void remove_temporaries_now() noexcept;

/// @brief Registers @p path for remove_temporaries_now() while this object lives, for files a
/// process must not leave when stopped at once (e.g. the output lock `.<name>.lock`).
class RemoveOnAbruptExit {
public:
    explicit RemoveOnAbruptExit(const std::filesystem::path& path);
    ~RemoveOnAbruptExit();
    RemoveOnAbruptExit(const RemoveOnAbruptExit&)            = delete;
    RemoveOnAbruptExit& operator=(const RemoveOnAbruptExit&) = delete;

private:
    int m_slot = -1;
};

/// @brief The cause of a failed write with errno @p error, e.g. "No space left on device (disk
/// full)"; EFBIG says the file size limit was reached. Every writer names the cause alike.
std::string failure_reason(int error);

/// @brief "<path>: cannot write the file: <failure_reason(error)>".
std::string write_failure(const std::filesystem::path& path, int error);

/// @brief Writes a text file whole or not at all: @p fill writes the content into a stream on a
/// temporary sibling, which is checked and renamed onto @p path.
/// @throws std::runtime_error "<path>: cannot create the file" / write_failure(), or whatever
///         @p fill throws (the temporary is then removed).
void write_text_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill);

} // namespace povsim::output
