#pragma once
// Output files are written whole or not at all (SPEC §11, §15): a writer fills a temporary
// file in the destination directory and renames it over the final name only once everything
// succeeded. rename(2) within one directory is atomic, so a reader sees either the old file,
// no file, or the complete new one — never a half-written one. Kept format-agnostic so the
// HDF5, CSV, Excel and HTML writers all share it.
#include <filesystem>
#include <functional>
#include <iosfwd>

namespace povsim::output {

/// @brief A temporary sibling of a final path, renamed onto it by commit() or removed on scope exit.
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
    /// @throws std::runtime_error naming the final path if the rename fails (the temporary is then removed).
    void commit();

private:
    std::filesystem::path m_final; ///< destination
    std::filesystem::path m_temp;  ///< sibling written first
    bool                  m_committed = false; ///< true once renamed; the destructor then leaves it alone
};

/// @brief Writes a text file whole or not at all: @p fill writes the content into a stream on a
/// temporary sibling, which is checked and renamed onto @p path.
/// @throws std::runtime_error "<path>: cannot create the file" / "cannot write the file (disk full?)",
///         or whatever @p fill throws (the temporary is then removed).
void write_text_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill);

} // namespace povsim::output
