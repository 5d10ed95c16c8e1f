#include "models/poverty_model.h"

#include "models/income_process.h"
#include "models/metrics.h"
#include "models/population.h"
#include "models/programmes.h"
#include "models/registry.h"
#include "models/result_arrays.h"
#include "models/shocks.h"
#include "models/thresholds.h"
#include "models/uncertain_keys.h"
#include "sim/cpu_clock.h"

#include <algorithm>

namespace povsim::models {

// The order below is part of the model's contract; changing it changes results, so
// refresh tests/regression/baseline_summary.csv afterwards (see README).
sim::Pipeline<World> make_yearly_pipeline()
{
    sim::Pipeline<World> pipe;
    pipe.add("rules", update_rules);          // 1+8. poverty, exit and monitoring lines; transition phase-out
    pipe.add("demography", apply_demography); // 2. ageing, schooling, dissolution; background repairs
    pipe.add("shocks", apply_shocks);         // 3. price, disaster, illness (reimbursement chain), disability, jobs
    pipe.add("income", update_income);        // 4. components grow by trend + noise; totals per person
    pipe.add("identify", identify);           // 5. registration (动态调整) and monitoring flags
    pipe.add("programmes", apply_programmes); // 6. eligibility, targeting, rationing, payment, effect; fund ledger
    pipe.add("assess", assess);               // 7. household, village and county exit; returns
    return pipe;
}

World make_world(const Parameters& p, const sim::ReplicationStreams& streams, int threads)
{
    auto resolved = resolve_parameters(p, streams);
    World w;
    w.threads  = threads;
    w.resolved = std::make_shared<const Parameters>(std::move(resolved.params));
    w.params   = w.resolved.get();
    w.drawn    = std::move(resolved.draws);
    generate_population(w, streams);
    init_programmes(w);
    w.rules = rules_for_year(*w.params, p.scenario.base_year);
    const auto periods = static_cast<std::size_t>(p.scenario.end_year - p.scenario.base_year + 1);
    w.monitoring.flagged.assign(periods, 0.0);
    w.monitoring.removed_within_2y.assign(periods, 0.0);
    return w;
}

namespace {

/// Results in these units sum over households or villages, so a sampled population reports
/// them × its weight.
bool sums_over_population(const std::string& units)
{
    return units == "households" || units == "persons" || units == "villages" || units == "yuan" || units == "units";
}

/// A sample (population.sample < 1) reported at full scale: counts of villages × the village
/// weight, other sums × the household weight (money and units served too: quotas were cut by the
/// households kept); shares, means and counties unchanged.
void scale_to_population(const Parameters& p, const ArrayRecorder& recorder, sim::ReplicationResult& out)
{
    const double households = p.population.weight, villages = p.population.village_weight;
    if (households == 1.0 && villages == 1.0) {
        return;
    }
    const auto weight_of = [&](const std::string& units) { return units == "villages" ? villages : households; };
    const auto& metrics = metric_infos();
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        if (sums_over_population(metrics[m].units)) {
            out.metrics.row(static_cast<Eigen::Index>(m)) *= weight_of(metrics[m].units);
        }
    }
    for (std::size_t a = 0; a < out.arrays.size(); ++a) {
        if (sums_over_population(recorder.units(a))) {
            for (double& v : out.arrays[a]) {
                v *= weight_of(recorder.units(a));
            }
        }
    }
}

} // namespace

sim::ReplicationResult run_replication(const Parameters& p, std::uint64_t seed, std::uint32_t replication,
                                       const YearObserver& observer, int threads, std::vector<double>* stage_seconds)
{
    const sim::ReplicationStreams streams(seed, replication, p.scenario.start_year);
    const auto pipe   = make_yearly_pipeline();
    const auto stages = pipe.names().size();
    if (stage_seconds) {
        stage_seconds->resize(std::max(stage_seconds->size(), stages + 2), 0.0);
    }
    double     clock  = sim::thread_cpu_seconds();
    const auto lap    = [&](std::size_t slot) {
        if (stage_seconds) {
            const double now = sim::thread_cpu_seconds();
            (*stage_seconds)[slot] += now - clock;
            clock = now;
        }
    };
    World world = make_world(p, streams, threads);
    lap(stages);
    const int  years  = p.scenario.end_year - p.scenario.start_year + 1;
    const ArrayRecorder arrays(p);
    sim::ReplicationResult out;
    out.parameters = world.drawn;
    out.metrics.resize(static_cast<Eigen::Index>(metric_infos().size()), years);
    out.arrays = arrays.zero_arrays(years);
    if (observer) {
        observer(world, p.scenario.base_year);
    }
    for (int y = 0; y < years; ++y) {
        const sim::StageContext ctx{p.scenario.start_year + y, y, streams};
        pipe.run(world, ctx, lap);
        record_metrics(world, out.metrics, y);
        arrays.record(world, out.arrays, y);
        if (observer) {
            observer(world, ctx.year);
        }
        lap(stages + 1);
    }
    scale_to_population(p, arrays, out);
    return out;
}

} // namespace povsim::models
