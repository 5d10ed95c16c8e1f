#include "models/poverty_model.h"

#include "models/income_process.h"
#include "models/metrics.h"
#include "models/population.h"
#include "models/programmes.h"
#include "models/registry.h"
#include "models/shocks.h"
#include "models/thresholds.h"
#include "models/uncertain_keys.h"

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

World make_world(const Parameters& p, const sim::ReplicationStreams& streams)
{
    auto resolved = resolve_parameters(p, streams);
    World w;
    w.resolved = std::make_shared<const Parameters>(std::move(resolved.params));
    w.params   = w.resolved.get();
    w.drawn    = std::move(resolved.draws);
    generate_population(w, streams);
    init_programmes(w);
    w.rules = rules_for_year(*w.params, p.scenario.base_year);
    return w;
}

std::vector<sim::ArrayInfo> result_arrays(const Parameters& p)
{
    std::vector<sim::ArrayInfo> out;
    if (!p.programmes.empty()) { // no budget, no empty datasets in the study file
        std::vector<std::string> programmes;
        for (const auto& prog : p.programmes) {
            programmes.push_back(prog.id);
        }
        const std::vector<std::string> dims{"year", "programme", "source"};
        out.push_back({"budget/spending", "yuan",
                       "Money paid by each programme from each funding source in the year (ceilings applied)", dims,
                       {programmes, funding_sources()}});
        out.push_back({"budget/need", "yuan",
                       "What each programme's plan would cost in the year without ceilings (budget need)", dims,
                       {programmes, funding_sources()}});
        out.push_back({"budget/served", "units",
                       "Units (households or villages) each programme paid for or whose effect continued in the year",
                       {"year", "programme"}, {programmes}});
    }
    if (!p.population.segments.empty()) {
        const auto segments = segment_names(p);
        out.push_back({"registry/exits", "households",
                       "Exits during the year by the registry segment the household belonged to at the base year",
                       {"year", "segment"}, {segments}});
        out.push_back({"registry/exit_persons", "persons",
                       "Persons in households exiting during the year, by base-year registry segment",
                       {"year", "segment"}, {segments}});
    }
    return out;
}

int result_array_index(const Parameters& p, const std::string& path)
{
    const auto infos = result_arrays(p);
    for (std::size_t a = 0; a < infos.size(); ++a) {
        if (infos[a].path == path) {
            return static_cast<int>(a);
        }
    }
    return -1;
}

sim::ReplicationResult run_replication(const Parameters& p, std::uint64_t seed, std::uint32_t replication,
                                       const YearObserver& observer)
{
    const sim::ReplicationStreams streams(seed, replication, p.scenario.start_year);
    World      world  = make_world(p, streams);
    const auto pipe   = make_yearly_pipeline();
    const int  years  = p.scenario.end_year - p.scenario.start_year + 1;
    const auto infos  = result_arrays(p);
    const auto n_prog = p.programmes.size(), n_src = funding_sources().size(), n_seg = p.population.segments.size();
    const int  spend = result_array_index(p, "budget/spending"), need = result_array_index(p, "budget/need");
    const int  served = result_array_index(p, "budget/served"), exits = result_array_index(p, "registry/exits");
    const int  exit_persons = result_array_index(p, "registry/exit_persons");
    sim::ReplicationResult out;
    out.parameters = world.drawn;
    out.metrics.resize(static_cast<Eigen::Index>(metric_infos().size()), years);
    for (const auto& info : infos) {
        out.arrays.emplace_back(info.size(static_cast<std::size_t>(years)), 0.0);
    }
    if (observer) {
        observer(world, p.scenario.base_year);
    }
    for (int y = 0; y < years; ++y) {
        const sim::StageContext ctx{p.scenario.start_year + y, y, streams};
        pipe.run(world, ctx);
        record_metrics(world, out.metrics, y);
        const auto& ledger = world.programmes.ledger;
        for (std::size_t k = 0; k < n_prog; ++k) {
            for (std::size_t s = 0; s < n_src; ++s) {
                const auto cell = (y * n_prog + k) * n_src + s;
                out.arrays[spend][cell] = ledger.spending()(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(s));
                out.arrays[need][cell]  = ledger.need()(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(s));
            }
            out.arrays[served][y * n_prog + k] = world.programmes.states[k].served;
        }
        for (std::size_t g = 0; g < n_seg; ++g) {
            out.arrays[exits][y * n_seg + g]        = world.flows.exits_by_segment[g];
            out.arrays[exit_persons][y * n_seg + g] = world.flows.exit_persons_by_segment[g];
        }
        if (observer) {
            observer(world, ctx.year);
        }
    }
    return out;
}

} // namespace povsim::models
