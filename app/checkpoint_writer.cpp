#include "app/checkpoint_writer.h"

#include <algorithm>

namespace povsim::app {

CheckpointWriter::CheckpointWriter(std::function<void()> write) : m_write(std::move(write))
{
    if (m_write) {
        m_thread = std::thread([this] { loop(); });
    }
}

CheckpointWriter::~CheckpointWriter()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void CheckpointWriter::notify()
{
    if (!m_write) {
        return;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_pending = true;
    }
    m_wake.notify_all();
}

void CheckpointWriter::loop()
{
    using clock = std::chrono::steady_clock;
    auto             next = clock::time_point{};
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stop || m_pending; });
        if (!m_stop && clock::now() < next) {
            m_wake.wait_until(lock, next, [&] { return m_stop; });
        }
        if (m_stop) {
            return;
        }
        m_pending = false;
        lock.unlock();
        const auto started = clock::now();
        try {
            m_write();
        } catch (...) { // the writer reports its own failures; a checkpoint never stops the study
        }
        const auto took = clock::now() - started;
        next            = clock::now() + std::max<clock::duration>(std::chrono::milliseconds(500), 10 * took);
        lock.lock();
    }
}

} // namespace povsim::app
