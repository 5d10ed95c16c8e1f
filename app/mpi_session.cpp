// Replications over MPI: rank 0 broadcasts the study, the other ranks run their share and send each
// finished replication back (app/mpi_session.h). Only rank 0's collector thread and, on the other
// ranks, one worker at a time (a mutex) call MPI, so MPI_THREAD_SERIALIZED is enough.
#include "app/mpi_session.h"

#include "models/poverty_model.h"
#include "output/result_packing.h"
#include "sim/executor.h"

#include <mpi.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace povsim::app::mpi {

namespace {

constexpr int tag_result = 1, tag_done = 2, tag_error = 3;

bool g_started = false; ///< rank 0 has broadcast a study (or the "nothing to do" that releases the others)
int  g_rank = 0, g_size = 1;

void broadcast(std::string& bytes)
{
    unsigned long long n = bytes.size();
    MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    bytes.resize(n);
    if (n > 0) {
        MPI_Bcast(bytes.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
    }
}

class MpiWorkers final : public RemoteWorkers {
public:
    std::vector<std::uint32_t> start(const StudyRequest& request, std::uint64_t seed, int threads,
                                     const std::vector<std::uint32_t>& todo,
                                     std::optional<std::uint32_t> keep_here) override
    {
        // Contiguous blocks in replication order, one per rank; the panel's replication stays here.
        std::vector<std::vector<std::uint32_t>> share(static_cast<std::size_t>(g_size));
        std::vector<std::uint32_t>              spread;
        for (const auto r : todo) {
            (r == keep_here ? share[0] : spread).push_back(r);
        }
        for (std::size_t i = 0; i < spread.size(); ++i) {
            share[i * share.size() / spread.size()].push_back(spread[i]);
        }
        output::BytePacker p;
        p.u64(seed);
        p.u64(static_cast<std::uint64_t>(std::max(0, threads)));
        p.u64(request.scenarios.size());
        for (const auto& s : request.scenarios) {
            p.str(s.source_file);
            p.str(s.resolved_toml);
        }
        for (int rank = 1; rank < g_size; ++rank) {
            p.u64(share[static_cast<std::size_t>(rank)].size());
            for (const auto r : share[static_cast<std::size_t>(rank)]) {
                p.u64(r);
            }
        }
        broadcast(p.bytes);
        g_started = true;
        return share[0];
    }

    void collect(const std::function<void(std::uint32_t, std::vector<sim::ReplicationResult>&&)>& finished) override
    {
        std::string error;
        for (int done = 0; done < g_size - 1;) {
            int        flag = 0;
            MPI_Status status;
            // Polling, not a blocking probe: Open MPI's blocking calls spin and would take a core from
            // this rank's own replications.
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
            if (!flag) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                continue;
            }
            if (status.MPI_TAG == tag_result) {
                int n = 0;
                MPI_Get_count(&status, MPI_DOUBLE, &n);
                std::vector<double> values(static_cast<std::size_t>(n));
                MPI_Recv(values.data(), n, MPI_DOUBLE, status.MPI_SOURCE, tag_result, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                auto [id, results] = output::unpack_results(values.data(), values.size(), "MPI: a result message from rank " + std::to_string(status.MPI_SOURCE));
                finished(id, std::move(results));
            } else {
                int n = 0;
                MPI_Get_count(&status, MPI_CHAR, &n);
                std::string text(static_cast<std::size_t>(n), '\0');
                MPI_Recv(text.data(), n, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                if (status.MPI_TAG == tag_error && error.empty()) {
                    error = "rank " + std::to_string(status.MPI_SOURCE) + ": " + text;
                }
                ++done;
            }
        }
        if (!error.empty()) {
            throw std::runtime_error(error);
        }
    }
};

MpiWorkers g_workers;

} // namespace

Session::Session(int& argc, char**& argv)
{
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m_size);
    g_rank = m_rank;
    g_size = m_size;
    if (provided < MPI_THREAD_SERIALIZED && m_size > 1) {
        if (m_rank == 0) {
            std::cerr << "povsim: this MPI library does not allow threads to call it one at a time "
                         "(MPI_THREAD_SERIALIZED); run with one rank\n";
        }
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
}

Session::~Session()
{
    // Rank 0 stopped before a study (bad input, --help, another command): the empty broadcast
    // releases the ranks waiting for one; ranks that never waited take part in it too.
    if (m_size > 1 && !g_started) {
        std::string nothing;
        broadcast(nothing);
    }
    MPI_Finalize();
}

RemoteWorkers* workers() { return g_rank == 0 && g_size > 1 ? &g_workers : nullptr; }

bool available() { return true; }

int serve_replications(const std::atomic<bool>* cancel)
{
    std::string bytes;
    broadcast(bytes);
    g_started = true;
    if (bytes.empty()) {
        return 0;
    }
    std::mutex send;
    const auto report = [&](int tag, const std::string& text) {
        const std::lock_guard lock(send);
        MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, tag, MPI_COMM_WORLD);
    };
    try {
        output::ByteUnpacker in{bytes, "MPI: the study message from rank 0"};
        const auto seed    = in.u64();
        const auto threads = resolve_threads(static_cast<int>(in.u64())); // 0: every core of this node
        std::vector<scenarios::LoadedScenario> loaded(in.u64());
        for (auto& s : loaded) {
            const auto source = in.str();
            s                 = scenarios::load_scenario_text(in.str(), source);
        }
        std::vector<std::uint32_t> mine;
        for (int rank = 1; rank < g_size; ++rank) {
            const auto n = in.u64();
            for (std::uint64_t i = 0; i < n; ++i) {
                const auto r = static_cast<std::uint32_t>(in.u64());
                if (rank == g_rank) {
                    mine.push_back(r);
                }
            }
        }
        const int reps  = static_cast<int>(mine.size());
        const int inner = threads > reps ? threads / std::max(1, reps) : 1;
        sim::ExecutorOptions opts;
        opts.threads = std::max(1, threads / inner);
        opts.cancel  = cancel;
        sim::run_replications<bool>(
            mine,
            [&](std::uint32_t r) {
                std::vector<sim::ReplicationResult> per_scenario;
                for (const auto& s : loaded) {
                    per_scenario.push_back(models::run_replication(s.params, seed, r, {}, inner));
                    if (cancel && cancel->load() && per_scenario.size() < loaded.size()) {
                        return false; // dropped whole, as on rank 0
                    }
                }
                const auto values = output::pack_results(r, per_scenario);
                const std::lock_guard lock(send);
                MPI_Send(values.data(), static_cast<int>(values.size()), MPI_DOUBLE, 0, tag_result, MPI_COMM_WORLD);
                return true;
            },
            opts);
    } catch (const std::exception& e) {
        report(tag_error, e.what());
        return 1;
    }
    report(tag_done, "");
    return 0;
}

} // namespace povsim::app::mpi
