#pragma once
// Checkpoints of a running study are written on a thread of their own, so the replications keep
// running while HDF5 writes (a study file of a few scenarios takes most of a second: thousands of
// labelled datasets). The first checkpoint follows the first finished replication; later ones wait
// at least half a second and ten times as long as the last write took, so the writer thread takes
// at most a tenth of one core. What finished since the last checkpoint is in the study's journal
// (output/study_journal.h), so a SIGKILL loses nothing either; SIGINT and SIGTERM end with a final
// write that holds every finished replication.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace povsim::app {

class CheckpointWriter {
public:
    /// @param write writes one checkpoint of the study as it is now; nothing runs when empty
    explicit CheckpointWriter(std::function<void()> write);
    /// @brief Waits for a checkpoint being written to finish; starts no new one.
    ~CheckpointWriter();
    CheckpointWriter(const CheckpointWriter&)            = delete;
    CheckpointWriter& operator=(const CheckpointWriter&) = delete;

    /// @brief A replication finished: the study has something new to save.
    void notify();

private:
    void loop();

    std::function<void()>   m_write;
    std::mutex              m_mutex;
    std::condition_variable m_wake;
    bool                    m_pending = false;
    bool                    m_stop    = false;
    std::thread             m_thread;
};

} // namespace povsim::app
