#include "app/study_checks.h"

#include "app/cli_common.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace povsim::app {

ReadWatchdog::ReadWatchdog(std::filesystem::path file, std::chrono::seconds limit) : m_file(std::move(file))
{
    m_thread = std::thread([this, limit] {
        std::unique_lock lock(m_mutex);
        if (!m_wake.wait_for(lock, limit, [this] { return m_done; })) {
            std::fprintf(stderr, "povsim: %s: reading the study did not finish in %lld s; the file is damaged "
                                 "(the HDF5 library loops on it); nothing was written\n",
                         m_file.c_str(), static_cast<long long>(limit.count()));
            std::_Exit(cli::exit_bad_input); // the reading thread cannot be stopped otherwise
        }
    });
}

ReadWatchdog::~ReadWatchdog()
{
    {
        const std::lock_guard lock(m_mutex);
        m_done = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

namespace {

std::vector<std::string> metric_names(const output::ScenarioOutput& sc)
{
    std::vector<std::string> names;
    for (const auto& m : sc.runs.metrics) {
        names.push_back(m.name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

void check_study_consistency(const output::Study& study, const std::filesystem::path& file)
{
    const std::string name = file.string();
    const auto        bad  = [&](const std::string& what) { throw cli::BadInput(name + ": " + what + " (a damaged or hand-made file)"); };
    const auto& years = study.years;
    for (std::size_t i = 0; i < years.size(); ++i) {
        if (years[i] != years.front() + static_cast<int>(i)) {
            bad("/years is not one year after another");
        }
    }
    if (years.empty() || years.front() != study.meta.first_year || years.back() != study.meta.last_year) {
        bad("/years does not run from /meta start_year " + std::to_string(study.meta.first_year) + " to end_year " +
            std::to_string(study.meta.last_year));
    }
    const auto& baseline = study.scenarios.front();
    auto        base_ids = baseline.runs.replication_ids;
    std::sort(base_ids.begin(), base_ids.end());
    for (const auto& sc : study.scenarios) {
        auto ids = sc.runs.replication_ids;
        std::sort(ids.begin(), ids.end());
        if (!ids.empty() && ids.front() < 0) {
            bad("scenario '" + sc.name + "' holds replication " + std::to_string(ids.front()) +
                "; replication indices start at 0");
        }
        if (const auto dup = std::adjacent_find(ids.begin(), ids.end()); dup != ids.end()) {
            bad("scenario '" + sc.name + "' holds replication " + std::to_string(*dup) +
                " twice; its statistics would count it double");
        }
        if (ids != base_ids) {
            bad("scenario '" + sc.name + "' holds other replications than the baseline '" + baseline.name +
                "' (" + std::to_string(ids.size()) + " and " + std::to_string(base_ids.size()) +
                "); a study's scenarios are paired replication by replication");
        }
        if (sc.runs.metrics.empty()) {
            bad("scenario '" + sc.name + "' has no metrics");
        }
        if (metric_names(sc) != metric_names(baseline)) { // readers take metrics by name, in any order
            bad("scenario '" + sc.name + "' has other metrics than the baseline '" + baseline.name + "'");
        }
    }
}

} // namespace povsim::app
