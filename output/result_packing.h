#pragma once
// One replication of every scenario of a study as a flat run of doubles: exact (every result is a
// double; counts are far below 2^53), and the same layout on every machine. MPI ranks send it to
// rank 0 (app/mpi_session.cpp) and the study journal appends it to disk (output/study_journal.h).
#include "sim/result_cube.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace povsim::output {

/// @brief Bytes of numbers and length-prefixed strings (a study's description sent or stored).
struct BytePacker {
    std::string bytes;
    void        u64(std::uint64_t v);
    void        str(const std::string& s);
};

/// @brief Reads what a BytePacker wrote; @p source names the bytes in the error when they end early.
struct ByteUnpacker {
    const std::string& bytes;
    std::string        source;
    std::size_t        at = 0;
    std::uint64_t      u64();
    std::string        str();
};

/// @brief One replication of every scenario of a study, as it finished.
struct FinishedReplication {
    std::uint32_t                       id = 0;       ///< replication index
    std::vector<sim::ReplicationResult> per_scenario; ///< one per scenario, in the study's order
};

/// @brief Replication @p id's results, one per scenario in study order, as doubles.
std::vector<double> pack_results(std::uint32_t id, const std::vector<sim::ReplicationResult>& per_scenario);

/// @brief The inverse of pack_results over @p n values at @p in.
/// @param[in] source names where the values came from, for the error
/// @throws std::runtime_error "<source>: … truncated" when the values end early or do not end where they should
std::pair<std::uint32_t, std::vector<sim::ReplicationResult>> unpack_results(const double* in, std::size_t n,
                                                                             const std::string& source);

} // namespace povsim::output
