#pragma once
// What a long command (run, validate) needs while it simulates: a progress line on a terminal,
// and SIGINT / SIGTERM turned into a polite cancel that the study runner checks between
// replications (finished replications are kept; the study is marked incomplete). A second
// signal means "stop now": the temporaries being written are removed and the process exits 130
// at once, even in the middle of a long replication or of the final write.
#include <atomic>
#include <chrono>
#include <string>

namespace povsim::app {

/// @brief Installs the SIGINT and SIGTERM handlers; returns the flag the first signal sets.
const std::atomic<bool>* cancel_on_signals();

/// @brief "[scenario] 3/10 replications, 1.2/s, ETA 6s" on stderr, on a terminal only, and only
/// once a run has lasted a second.
class Progress {
public:
    Progress();
    Progress(const Progress&)            = delete;
    Progress& operator=(const Progress&) = delete;
    ~Progress();
    void update(const std::string& scenario, int done, int total);

private:
    bool                                  m_tty;
    bool                                  m_shown = false;
    std::chrono::steady_clock::time_point m_start;
};

} // namespace povsim::app
