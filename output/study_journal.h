#pragma once
// The journal of a running study, `.<name>.journal` beside its file: every finished replication
// is appended to it as it ends and made durable by a thread of its own (fdatasync), so a SIGKILL
// or a power cut loses no finished replication, even between two checkpoints of the study file
// (which are whole HDF5 files, written every few seconds: app/checkpoint_writer.h). The journal
// describes its study too (the metadata and resolved scenario texts), so `run --resume` works
// from it when the process died before the first checkpoint. It is removed once the study file
// holds everything. A record cut short by the crash, or damaged, ends the journal there: what
// came before it is kept.
#include "output/result_packing.h"
#include "output/study.h"

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace povsim::output {

/// @brief What the journal says about its study: enough to resume it without the study file.
struct JournalHeader {
    struct Scenario {
        std::string name, source_file, scenario_text; ///< the resolved text, as in the study file
    };
    StudyMeta             meta; ///< complete = false
    std::vector<Scenario> scenarios;
};

/// @brief `.<name>.journal` beside @p study_file.
std::filesystem::path journal_path(const std::filesystem::path& study_file);

/// @brief An open journal, appended to by any thread.
class StudyJournal {
public:
    /// @brief Creates the journal of @p study_file whole (temporary, fsync, rename) with @p header
    /// and the replications @p carried over from an earlier run of the study, replacing any journal
    /// there, and starts the thread that makes appended records durable.
    /// @param on_failure told once, from the appending thread, when a record cannot be written
    ///        (later records are then dropped: the journal ends at its last whole record)
    /// @throws WriteError naming the journal when it cannot be created
    StudyJournal(const std::filesystem::path& study_file, const JournalHeader& header,
                 const std::vector<FinishedReplication>& carried, std::function<void(const std::string&)> on_failure);
    /// @brief Syncs what was appended and closes the file, which stays (see remove()).
    ~StudyJournal();
    StudyJournal(const StudyJournal&)            = delete;
    StudyJournal& operator=(const StudyJournal&) = delete;

    /// @brief Appends replication @p id (one result per scenario); never throws.
    void append(std::uint32_t id, const std::vector<sim::ReplicationResult>& per_scenario);
    /// @brief Whether every replication appended so far is in the journal (no write failed).
    bool whole();
    /// @brief The study file now holds every replication: the journal goes.
    void remove();

private:
    void sync_loop();
    void stop_syncing();

    std::filesystem::path                   m_path;
    int                                     m_fd = -1;
    std::function<void(const std::string&)> m_on_failure;
    std::mutex                              m_write_mutex; ///< one record at a time, whole
    bool                                    m_failed = false;
    std::mutex                              m_sync_mutex;
    std::condition_variable                 m_wake;
    bool                                    m_dirty = false, m_stop = false;
    std::thread                             m_syncer;
};

/// @brief A journal read back.
struct JournalContents {
    JournalHeader                    header;
    std::vector<FinishedReplication> records;          ///< in the order appended; an id may repeat
    std::uint64_t                    dropped_bytes = 0; ///< a cut-short or damaged tail that was ignored
};

/// @brief Reads @p journal (a path from journal_path()).
/// @throws std::runtime_error naming the file when it is not a povsim journal or its header is damaged
JournalContents read_journal(const std::filesystem::path& journal);

} // namespace povsim::output
