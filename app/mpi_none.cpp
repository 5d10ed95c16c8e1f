// The default build: no MPI. One process, which runs every replication itself.
#include "app/mpi_session.h"

namespace povsim::app::mpi {

Session::Session(int&, char**&) {}
Session::~Session() = default;
RemoteWorkers* workers() { return nullptr; }
int            serve_replications(const std::atomic<bool>*) { return 0; }
bool           available() { return false; }

} // namespace povsim::app::mpi
