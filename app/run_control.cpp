#include "app/run_control.h"

#include "app/cli_common.h"
#include "output/atomic_file.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace povsim::app {

namespace {
// Set from the signal handler; a handler can reach nothing but a global.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free); // lock-free: safe to touch in a handler

extern "C" void on_signal(int)
{
    if (!g_interrupted.exchange(true)) {
        return; // the first signal: finish the running replications, start none
    }
    // The second: the user will not wait. Only async-signal-safe calls from here on: unlink(2),
    // write(2), _exit(2) (no atexit handlers, so no HDF5 close of a half-written file either).
    output::remove_temporaries_now();
    static const char msg[] = "\npovsim: stopped at once by a second signal; unfinished files removed\n";
    (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(cli::exit_interrupted);
}
} // namespace

const std::atomic<bool>* cancel_on_signals()
{
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; // a slow read or write carries on after the first signal
    (void)::sigaction(SIGINT, &sa, nullptr);
    (void)::sigaction(SIGTERM, &sa, nullptr);
    return &g_interrupted;
}

Progress::Progress() : m_tty(isatty(STDERR_FILENO) != 0), m_start(std::chrono::steady_clock::now()) {}

void Progress::update(const std::string& scenario, int done, int total)
{
    if (!m_tty) {
        return;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    if (secs < 1.0 && done < total) {
        return;
    }
    const double rate = done / std::max(secs, 1e-9);
    std::fprintf(stderr, "\r[%s] %d/%d replications, %.1f/s, ETA %.0fs   ", scenario.c_str(), done, total, rate,
                 (total - done) / std::max(rate, 1e-9));
    m_shown = true;
    if (done == total) {
        m_start = std::chrono::steady_clock::now();
    }
}

Progress::~Progress()
{
    if (m_shown) {
        std::fputc('\n', stderr);
    }
}

} // namespace povsim::app
