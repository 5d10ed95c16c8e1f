#include "app/run_control.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace povsim::app {

namespace {
// Set from the signal handler; a handler can reach nothing but a global.
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted = true; }
} // namespace

const std::atomic<bool>* cancel_on_signals()
{
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
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
