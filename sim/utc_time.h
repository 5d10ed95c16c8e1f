#pragma once
// ISO 8601 UTC timestamps, as every output file records its creation time.
#include <chrono>
#include <ctime>
#include <string>

namespace povsim::sim {

/// @brief @p t as "2026-11-24T10:00:00Z" (now by default).
inline std::string utc_iso8601(std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()))
{
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace povsim::sim
