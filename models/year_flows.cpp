#include "models/world.h"

#include <cstddef>

namespace povsim::models {
namespace {

void add_into(std::vector<double>& to, const std::vector<double>& from)
{
    for (std::size_t k = 0; k < to.size() && k < from.size(); ++k) {
        to[k] += from[k];
    }
}

} // namespace

YearFlows& YearFlows::operator+=(const YearFlows& o)
{
    for (auto [to, from] : {std::pair{&exits, &o.exits}, {&exit_persons, &o.exit_persons},
                            {&exits_labour, &o.exits_labour}, {&exit_persons_labour, &o.exit_persons_labour},
                            {&returns, &o.returns}, {&return_persons, &o.return_persons},
                            {&new_poor, &o.new_poor}, {&new_poor_persons, &o.new_poor_persons},
                            {&new_monitored, &o.new_monitored}, {&monitoring_exits, &o.monitoring_exits},
                            {&illness, &o.illness}, {&medical_oop, &o.medical_oop}, {&hardship, &o.hardship},
                            {&disability, &o.disability}, {&disaster_villages, &o.disaster_villages},
                            {&job_losses, &o.job_losses}, {&village_exits, &o.village_exits},
                            {&county_exits, &o.county_exits}, {&dissolved, &o.dissolved},
                            {&spending, &o.spending}, {&need, &o.need},
                            {&exited_stock_at_start, &o.exited_stock_at_start},
                            {&monitor_flagged, &o.monitor_flagged}}) {
        *to += *from;
    }
    for (int k = 0; k < pathway_count; ++k) {
        exits_by_pathway[k] += o.exits_by_pathway[k];
        exit_persons_by_pathway[k] += o.exit_persons_by_pathway[k];
    }
    add_into(exits_by_segment, o.exits_by_segment);
    add_into(exit_persons_by_segment, o.exit_persons_by_segment);
    add_into(exits_by_segment_pathway, o.exits_by_segment_pathway);
    add_into(monitor_removed_by_cohort, o.monitor_removed_by_cohort);
    return *this;
}

} // namespace povsim::models
