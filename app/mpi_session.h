#pragma once
// Replications over MPI (`mpirun -n K povsim run …`, build with -DPOVSIM_ENABLE_MPI=ON). Rank 0
// is the study's process as without MPI: it loads the scenarios, checks the outputs, takes the lock,
// checkpoints, writes. It sends the resolved scenario texts, the seed and each rank's share of the
// replications to the others; they run their share on their own threads and send each finished
// replication back as it ends. Results depend only on (seed, replication), so the study is the
// same as a single process's, bit for bit. Without MPI (the default build) all of this is absent:
// the session is one process and workers() is null.
#include "app/study_runner.h"

#include <atomic>

namespace povsim::app::mpi {

/// @brief MPI_Init / MPI_Finalize around main(); releases waiting ranks if rank 0 never started a study.
class Session {
public:
    Session(int& argc, char**& argv);
    ~Session();
    Session(const Session&)            = delete;
    Session& operator=(const Session&) = delete;
    int rank() const { return m_rank; }
    int size() const { return m_size; }

private:
    int m_rank = 0;
    int m_size = 1;
};

/// @return the other ranks as RemoteWorkers on rank 0 of a run over several ranks; null otherwise
RemoteWorkers* workers();

/// @brief On ranks ≥ 1 of `run`: waits for rank 0's study, runs this rank's share, sends the results.
/// @return the process exit code (0; 1 when a replication failed, after telling rank 0)
int serve_replications(const std::atomic<bool>* cancel);

/// @brief Whether this build can run over MPI.
bool available();

} // namespace povsim::app::mpi
