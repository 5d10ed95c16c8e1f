#pragma once
// CPU time, the measure of povsim bench (wall time counts other processes and idle waits).
#include <ctime>

namespace povsim::sim {

/// @return CPU seconds used by the calling thread
inline double thread_cpu_seconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// @return CPU seconds used by all threads of the process
inline double process_cpu_seconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

} // namespace povsim::sim
