#include "models/registry.h"

#include "models/household_loop.h"
#include "models/thresholds.h"

#include <algorithm>
#include <vector>

namespace povsim::models {

MonitorKind monitoring_kind(Status status, double income_pc, double monitoring_line, RiskSignals risks)
{
    if (status != Status::NonPoor && status != Status::Exited) {
        return MonitorKind::None; // registered poor are helped as such, dissolved are gone
    }
    if (risks.hardship) {
        return MonitorKind::SuddenHardship;
    }
    // A never-poor household far above the line is no edge household, whatever its housing.
    const bool below  = income_pc < monitoring_line;
    const bool needs  = risks.needs_unmet && (status == Status::Exited || below);
    if (!needs && (!below || !risks.income_fell)) {
        return MonitorKind::None;
    }
    return status == Status::Exited ? MonitorKind::UnstableExited : MonitorKind::Edge;
}

Pathway exit_pathway(const HouseholdTable& hh, std::size_t i, double exit_line)
{
    const double wages = static_cast<double>(hh.wage_pc[i]) + hh.programme_wage_pc[i];
    const double farm  = static_cast<double>(hh.farm_pc[i]) + hh.business_pc(i) + hh.programme_farm_pc[i];
    const double topup = hh.topup_pc[i];
    if (wages + farm >= exit_line) {
        return wages >= farm ? Pathway::Wages : Pathway::FarmBusiness;
    }
    return hh.income_pc[i] - topup >= exit_line ? Pathway::Transfers : Pathway::SafetyNet;
}

void identify(World& w, const sim::StageContext& ctx)
{
    auto&       hh    = w.households;
    const auto& id    = w.params->identification;
    const auto& rules = w.rules;
    const double new_poor_before = w.flows.new_poor;
    for_households(w, [&](std::size_t i, ChunkFlows& chunk) {
        auto&      flows  = chunk.flows;
        const auto entity = static_cast<std::uint32_t>(i);
        if (hh.status[i] == Status::NonPoor && rules.registration_open && hh.income_pc[i] < rules.poverty_line) {
            auto rng = ctx.streams.stream(ctx.year, sim::DrawPurpose::Identification, entity);
            if (rng.bernoulli(id.p_detect.value())) {
                hh.status[i]           = Status::NewPoor;
                hh.years_above_line[i] = 0;
                hh.monitor[i]          = MonitorKind::None;
                hh.monitor_since[i]    = 0;
                hh.cause[i]            = hh.has(i, flag::IllThisYear) ? Cause::Illness : Cause::Other;
                flows.new_poor += 1.0;
                flows.new_poor_persons += hh.size[i];
                return;
            }
        }
        if (!rules.monitoring_on || hh.monitor[i] != MonitorKind::None) {
            return;
        }
        const RiskSignals risks{hh.has(i, flag::Hardship) || (hh.risk[i] & risk::LargeDrop) != 0,
                                !id.monitor_only_falling || (hh.risk[i] & risk::IncomeFell) != 0,
                                id.monitor_basic_needs && (hh.flags[i] & flag::BasicNeedsUnmet) != 0};
        const auto kind = monitoring_kind(hh.status[i], hh.income_pc[i], rules.monitoring_line, risks);
        if (kind == MonitorKind::None) {
            return;
        }
        auto rng = ctx.streams.stream(ctx.year, sim::DrawPurpose::Monitoring, entity);
        if (rng.bernoulli(id.p_detect_monitoring.value())) {
            hh.monitor[i]                = kind;
            hh.monitor_since[i]          = ctx.year;
            hh.years_above_monitoring[i] = 0;
            flows.new_monitored += 1.0;
            flows.monitor_flagged += 1.0;
        }
    });
    w.cum_new_poor += w.flows.new_poor - new_poor_before;
    w.monitoring.flagged[static_cast<std::size_t>(ctx.year - w.params->scenario.base_year)] += w.flows.monitor_flagged;
}

namespace {

void certify_exit(World& w, std::size_t i, int year, YearFlows& flows)
{
    auto& hh        = w.households;
    const auto path = static_cast<std::size_t>(exit_pathway(hh, i, w.rules.exit_line));
    flows.exits_by_pathway[path] += 1.0;
    flows.exit_persons_by_pathway[path] += hh.size[i];
    hh.status[i]    = Status::Exited;
    hh.exit_year[i] = year;
    flows.exits += 1.0;
    flows.exit_persons += hh.size[i];
    flows.exits_labour += hh.labour[i] > 0 ? 1.0 : 0.0;
    if (hh.segment[i] > 0) {
        flows.exits_by_segment[hh.segment[i] - 1] += 1.0;
        flows.exits_by_segment_pathway[(hh.segment[i] - 1) * pathway_count + path] += 1.0;
        flows.exit_persons_by_segment[hh.segment[i] - 1] += hh.size[i];
    }
    flows.exit_persons_labour += hh.labour[i] > 0 ? hh.size[i] : 0.0;
}

/// Income the exit rule judges: with exit_topup_no_labour_only, a household with labour must reach
/// the exit line without its safety-net top-up (its exit ends the top-up; 兜底 is for those who cannot work).
double exit_test_income(const HouseholdTable& hh, std::size_t i, const Thresholds& th)
{
    const bool own = th.exit_topup_no_labour_only && hh.labour[i] > 0;
    return own ? static_cast<double>(hh.income_pc[i]) - hh.topup_pc[i] : static_cast<double>(hh.income_pc[i]);
}

/// 风险消除: income stably above the removal line with no risk open; a one-off hardship ends at once
/// when its year has passed and income is above the poverty line.
void assess_risk_removal(World& w, std::size_t i, int year, YearFlows& flows)
{
    auto&       hh    = w.households;
    const auto& th    = w.params->thresholds;
    const auto& rules = w.rules;
    const bool  open_risk = hh.has(i, flag::Hardship) || (hh.risk[i] & risk::LargeDrop) != 0 ||
                           (w.params->identification.monitor_basic_needs && (hh.flags[i] & flag::BasicNeedsUnmet) != 0);
    const double removal_line =
        th.risk_removal_factor > 0 ? th.risk_removal_factor * rules.poverty_line : rules.monitoring_line;
    const bool safe = !open_risk && hh.income_pc[i] >= removal_line;
    hh.years_above_monitoring[i] = safe ? static_cast<std::uint8_t>(hh.years_above_monitoring[i] + 1) : 0;
    const bool one_off_over = hh.monitor[i] == MonitorKind::SuddenHardship && !open_risk &&
                              hh.income_pc[i] >= rules.poverty_line;
    if (!one_off_over && hh.years_above_monitoring[i] < th.monitoring_exit_years) {
        return;
    }
    if (year - hh.monitor_since[i] <= 2) {
        flows.monitor_removed_by_cohort[static_cast<std::size_t>(hh.monitor_since[i] - w.params->scenario.base_year)] += 1.0;
    }
    hh.monitor[i]       = MonitorKind::None;
    hh.monitor_since[i] = 0;
    flows.monitoring_exits += 1.0;
}

/// A yearly exit plan certifies the households furthest above the line first, up to the plan's
/// persons; the others keep meeting the rule and wait for a later year's plan.
void certify_within_plan(World& w, std::vector<std::uint32_t>& candidates, double plan_persons, int year)
{
    const auto& hh = w.households;
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return hh.income_pc[a] > hh.income_pc[b]; });
    double certified = 0;
    for (const auto i : candidates) {
        if (certified >= plan_persons) {
            break;
        }
        certified += hh.size[i];
        certify_exit(w, i, year, w.flows);
    }
}

void assess_households(World& w, const sim::StageContext& ctx)
{
    auto&       hh    = w.households;
    const auto& th    = w.params->thresholds;
    const auto& rules = w.rules;
    const auto  plan  = th.exit_plan_persons.values.find(ctx.year);
    const bool  planned = plan != th.exit_plan_persons.values.end();
    std::vector<std::uint32_t> candidates;
    // Shaped like the cohorts even in a world whose year was not opened by update_rules (tests).
    w.flows.monitor_removed_by_cohort.resize(w.monitoring.removed_within_2y.size(), 0.0);
    const double exits_before = w.flows.exits, returns_before = w.flows.returns;
    for_households(w, [&](std::size_t i, ChunkFlows& chunk) {
        auto&        flows = chunk.flows;
        const Status s     = hh.status[i];
        flows.exited_stock_at_start += s == Status::Exited ? 1.0 : 0.0;
        if (is_registered_poor(s)) {
            hh.years_above_line[i] = static_cast<std::uint8_t>(
                next_years_above(hh.years_above_line[i], exit_test_income(hh, i, th), rules.exit_line));
            const bool needs_met = (hh.flags[i] & flag::BasicNeedsUnmet) == 0;
            if (!meets_exit_rule(hh.years_above_line[i], th.exit_consecutive_years, needs_met)) {
                return;
            }
            auto rng = ctx.streams.stream(ctx.year, sim::DrawPurpose::ExitVerification, static_cast<std::uint32_t>(i));
            if (rng.bernoulli(th.verification_pass_rate.value())) {
                if (planned) {
                    chunk.rows.push_back(static_cast<std::uint32_t>(i));
                } else {
                    certify_exit(w, i, ctx.year, flows);
                }
            }
        } else if (s == Status::Exited && hh.exit_year[i] != ctx.year &&
                   meets_return_rule(hh.income_pc[i], hh.medical_oop[i] / hh.size[i], rules.poverty_line,
                                     th.return_after_medical)) {
            hh.status[i]           = Status::Returned;
            hh.years_above_line[i] = 0;
            hh.monitor[i]          = MonitorKind::None;
            hh.monitor_since[i]    = 0;
            flows.returns += 1.0;
            flows.return_persons += hh.size[i];
        }
        if (hh.monitor[i] != MonitorKind::None && hh.monitor_since[i] < ctx.year) { // helped for a year first
            assess_risk_removal(w, i, ctx.year, flows);
        }
    }, &candidates);
    if (planned) {
        certify_within_plan(w, candidates, plan->second, ctx.year);
    }
    for (std::size_t c = 0; c < w.flows.monitor_removed_by_cohort.size(); ++c) {
        w.monitoring.removed_within_2y[c] += w.flows.monitor_removed_by_cohort[c];
    }
    w.cum_exits += w.flows.exits - exits_before;
    w.cum_returns += w.flows.returns - returns_before;
}

void assess_villages_and_counties(World& w, const sim::StageContext& ctx)
{
    const auto& hh = w.households;
    const auto& th = w.params->thresholds;
    std::vector<double> v_poor(w.villages.count(), 0.0), v_persons(w.villages.count(), 0.0);
    for (std::size_t i = 0; i < hh.count(); ++i) {
        if (hh.status[i] == Status::Dissolved) {
            continue;
        }
        v_persons[hh.village[i]] += hh.size[i];
        v_poor[hh.village[i]] += is_registered_poor(hh.status[i]) ? hh.size[i] : 0.0;
    }
    auto& v = w.villages;
    std::vector<double> c_poor(w.counties.count(), 0.0), c_persons(w.counties.count(), 0.0);
    for (std::size_t j = 0; j < v.count(); ++j) {
        c_poor[v.county[j]] += v_poor[j];
        c_persons[v.county[j]] += v_persons[j];
        if (v.poor[j] && v.exit_year[j] == 0 &&
            meets_village_exit_rule(v_poor[j], v_persons[j], v.collective_income[j], v.infrastructure_ok[j],
                                    w.counties.western[v.county[j]], th)) {
            v.exit_year[j] = static_cast<std::int16_t>(ctx.year);
            w.flows.village_exits += 1.0;
        }
    }
    auto& c = w.counties;
    for (std::size_t k = 0; k < c.count(); ++k) {
        if (c.poor[k] && c.exit_year[k] == 0 && meets_county_exit_rule(c_poor[k], c_persons[k], c.western[k], th)) {
            c.exit_year[k] = static_cast<std::int16_t>(ctx.year);
            w.flows.county_exits += 1.0;
        }
    }
}

} // namespace

void assess(World& w, const sim::StageContext& ctx)
{
    assess_households(w, ctx);
    assess_villages_and_counties(w, ctx);
}

} // namespace povsim::models
