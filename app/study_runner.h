#pragma once
// Runs one or more loaded scenarios as one study on common random numbers: every
// scenario uses the same seed and replication indices, so replication r of two scenarios
// sees the same shocks and their paired difference measures the policy, not the noise.
#include "output/result_packing.h"
#include "output/study.h"
#include "scenarios/scenario_loader.h"

#include <atomic>
#include <stdexcept>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace povsim::app {

using output::FinishedReplication;

struct StudyRequest;

/// @brief Other processes that run a share of a study's replications (MPI ranks: app/mpi_session.h).
/// This process stays the one that gathers, checkpoints and writes.
class RemoteWorkers {
public:
    virtual ~RemoteWorkers() = default;
    /// @brief Sends the study to the others, each to run its share of @p todo on @p threads threads
    /// (0: all of its cores).
    /// @param[in] keep_here a replication this process must run itself (the panel's), if any
    /// @return the replications this process runs
    virtual std::vector<std::uint32_t> start(const StudyRequest& request, std::uint64_t seed, int threads,
                                             const std::vector<std::uint32_t>& todo,
                                             std::optional<std::uint32_t> keep_here) = 0;
    /// @brief Hands over each replication another process finished, until every one has reported.
    virtual void collect(const std::function<void(std::uint32_t, std::vector<sim::ReplicationResult>&&)>& finished) = 0;
};

/// @brief What `povsim run` asks for.
struct StudyRequest {
    std::vector<scenarios::LoadedScenario> scenarios;        ///< first one is the baseline
    std::optional<int>          runs;             ///< overrides [monte_carlo] runs
    std::optional<std::uint64_t> seed;            ///< overrides [monte_carlo] seed
    std::optional<int>          threads;          ///< overrides [monte_carlo] threads (0 = all cores)
    /// threads inside each replication (sim/chunked.h); default: what is left when there are more
    /// threads than replications (1 replication on 2 threads runs on both). Results never depend on it.
    std::optional<int>          threads_per_run;
    std::optional<std::uint32_t> only_replication; ///< rerun this replication alone
    /// --households: record the state of this many households (≥ 1; more than the population
    /// gives all) each year, in one replication of every scenario (models/household_panel.h)
    std::optional<std::size_t>   panel_households;
    std::optional<std::uint32_t> panel_replication; ///< whose panel; default the first replication run
    std::string                 command_line;     ///< recorded in /meta
    /// replications finished by an earlier, interrupted run of this same study (`run --resume`): kept
    /// as they are and not run again; each holds one result per scenario, in scenario order
    std::vector<FinishedReplication> finished;
    /// called now and then with the study so far (every replication finished by then, marked
    /// incomplete), from a worker thread, one call at a time; `run` writes it as a checkpoint
    std::function<void(const output::Study&)> checkpoint;
    /// called once, before any replication runs, with the study's metadata (`run` starts its journal)
    std::function<void(const output::StudyMeta&)> on_start;
    /// called with each replication as it finishes, from the thread that finished or received it,
    /// possibly several at once; `run` appends it to the study's journal (output/study_journal.h)
    std::function<void(std::uint32_t, const std::vector<sim::ReplicationResult>&)> on_finished;
    std::function<void(const std::string& scenario, int done, int total)> on_progress;
    const std::atomic<bool>*    cancel = nullptr; ///< set by SIGINT/SIGTERM: finish what runs, start nothing new
    RemoteWorkers*              remote = nullptr; ///< other processes sharing the replications (MPI), if any
};

/// @brief A request that cannot be run as asked (e.g. a panel replication that is not run): bad input.
struct StudyRequestError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// @brief Run every scenario of @p request, one replication of all scenarios at a time (so an
/// interrupt keeps every replication that finished, paired across scenarios). When cancelled, the
/// study holds only the replications that finished and meta.complete = false. Replications are stored
/// in index order, whether they ran now or came in through @ref StudyRequest::finished, so a resumed
/// study is identical to one run without interruption.
/// Throws scenarios::ScenarioError if the scenarios do not share one horizon, StudyRequestError if the panel
/// replication is not one of those run.
output::Study run_study(const StudyRequest& request);

/// @brief Worker threads to use: @p requested, or all hardware threads when 0.
int resolve_threads(int requested);

} // namespace povsim::app
