#pragma once
// `povsim run --resume STUDY.h5`: an interrupted study (SIGINT, SIGTERM, SIGKILL, power loss)
// holds every replication finished by its last checkpoint, and its journal (output/study_journal.h)
// every one finished since. This turns both back into the request
// that made it — the scenarios as they were resolved then, the seed, the replications asked for,
// the panel — with the finished replications carried in, so that only the missing ones run and
// the finished study is identical to one never interrupted.
#include "app/study_runner.h"
#include "output/study_journal.h"

#include <filesystem>
#include <string>

namespace povsim::app {

/// @brief What resuming a study file needs.
struct ResumePlan {
    StudyRequest request;          ///< scenarios, seed, replications and the finished ones
    std::string  original_command; ///< the command line that started the study
    int          finished = 0;     ///< replications already finished (study file and journal)
    int          from_journal = 0; ///< of them, those only the journal held
    int          requested = 0;    ///< replications the study asked for
};

/// @brief The journal header of a study with @p meta over @p scenarios (what resuming from the
/// journal alone needs: output/study_journal.h).
output::JournalHeader journal_header(const output::StudyMeta& meta, const std::vector<scenarios::LoadedScenario>& scenarios);

/// @brief Reads @p study_file and its journal (either may be missing, not both) and plans its completion.
/// @throws cli::BadInput when the file is not a povsim study, is already complete, was written by
///         another engine build (results would mix two engines), or its scenarios no longer load.
ResumePlan plan_resume(const std::filesystem::path& study_file);

} // namespace povsim::app
