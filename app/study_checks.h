#pragma once
// What every reader of a study file (compare, report, budget, export, run --resume) checks beyond
// what HDF5 can tell: the file is read by a watchdog, since HDF5 1.10 loops for ever on some damaged
// global heaps (a corpus case: bytes 4096-8191 zeroed); and a file that reads may still not be a
// study povsim could have written (negative or unpaired replication ids, years out of order,
// scenarios with different metrics), which would give wrong tables without a word.
#include "output/study.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace povsim::app {

/// @brief While alive, ends the process with exit 2 and a message naming @p file if it lasts longer
/// than @p limit (a read that HDF5 never finishes); the destructor stops it.
class ReadWatchdog {
public:
    ReadWatchdog(std::filesystem::path file, std::chrono::seconds limit);
    ~ReadWatchdog();
    ReadWatchdog(const ReadWatchdog&)            = delete;
    ReadWatchdog& operator=(const ReadWatchdog&) = delete;

private:
    std::filesystem::path   m_file;
    std::mutex              m_mutex;
    std::condition_variable m_wake;
    bool                    m_done = false;
    std::thread             m_thread;
};

/// @brief Throws cli::BadInput naming @p file when @p study is not one povsim could have written:
/// replication ids negative, repeated, or not the same in every scenario; years not consecutive or not
/// those of /meta; a scenario without metrics, or with other metrics than the baseline.
void check_study_consistency(const output::Study& study, const std::filesystem::path& file);

} // namespace povsim::app
