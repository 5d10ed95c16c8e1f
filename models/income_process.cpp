#include "models/income_process.h"

#include "models/draws.h"
#include "models/household_loop.h"
#include "models/word_draws.h"

#include <algorithm>
#include <cmath>

namespace povsim::models {
namespace {

/// The year's transition probabilities, each with its binomial constants computed once.
struct AgeingDraws {
    BinomialInverse retiring, to_senior, child_worker, senior_work;
    explicit AgeingDraws(const Demography& dem)
        : retiring(dem.labour_to_elderly), to_senior(dem.child_to_senior), child_worker(dem.child_to_labour),
          senior_work(dem.senior_to_labour)
    {
    }
};

/// @p words: block 0 of the household's Demography stream (one word per transition).
void age_household(World& w, std::size_t i, const sim::StageContext& ctx, const AgeingDraws& draws,
                   const std::uint32_t* words, YearFlows& flows)
{
    auto&       hh  = w.households;
    const auto& dem = w.params->demography;
    const int retiring     = draws.retiring(uniform_of(words[0]), hh.labour[i]);
    const int to_senior    = draws.to_senior(uniform_of(words[1]), hh.school_children[i]);
    const int child_worker = draws.child_worker(uniform_of(words[2]), hh.school_children[i] - to_senior);
    const int senior_work  = draws.senior_work(uniform_of(words[3]), hh.senior_students[i]);
    hh.labour[i]          = static_cast<std::uint8_t>(hh.labour[i] - retiring + child_worker + senior_work);
    hh.elderly[i]         = static_cast<std::uint8_t>(hh.elderly[i] + retiring);
    hh.school_children[i] = static_cast<std::uint8_t>(hh.school_children[i] - to_senior - child_worker);
    hh.senior_students[i] = static_cast<std::uint8_t>(hh.senior_students[i] + to_senior - senior_work);
    hh.employed[i]        = std::min(hh.employed[i], hh.labour[i]);
    if (hh.size[i] == 1 && hh.elderly[i] == 1 && dem.dissolution > 0) {
        std::uint32_t next[4]; // block 1 of the same stream: only these few households need it
        ctx.streams.blocks(ctx.year, sim::DrawPurpose::Demography, static_cast<std::uint32_t>(i), 1, next, 0, 1);
        if (uniform_of(next[0]) < dem.dissolution) {
            hh.status[i]  = Status::Dissolved;
            hh.monitor[i] = MonitorKind::None;
            flows.dissolved += 1.0;
        }
    }
}

void repair_basic_needs(World& w, std::size_t i, const sim::StageContext& ctx)
{
    auto& hh = w.households;
    if ((hh.flags[i] & flag::BasicNeedsUnmet) == 0) {
        return;
    }
    const double rate = w.params->population.basic_needs.yearly_repair_rate;
    auto rng = ctx.streams.stream(ctx.year, sim::DrawPurpose::BasicNeeds, static_cast<std::uint32_t>(i));
    for (auto bit : {flag::HousingUnsafe, flag::WaterUnsafe, flag::Dropout, flag::Uninsured}) {
        if (hh.has(i, bit) && rng.bernoulli(rate)) {
            hh.set(i, bit, false);
        }
    }
    if (hh.school_children[i] == 0) {
        hh.set(i, flag::Dropout, false);
    }
}

void update_villages(World& w, const sim::StageContext& ctx)
{
    const auto& vs = w.params->population.villages;
    auto&       v  = w.villages;
    for (std::size_t j = 0; j < v.count(); ++j) {
        v.collective_income[j] *= 1.0 + vs.collective_income_growth;
        if (!v.infrastructure_ok[j]) {
            auto rng = ctx.streams.stream(ctx.year, sim::DrawPurpose::VillageDynamics, static_cast<std::uint32_t>(j));
            v.infrastructure_ok[j] = rng.bernoulli(vs.infrastructure_yearly_completion);
        }
    }
}

} // namespace

void apply_demography(World& w, const sim::StageContext& ctx)
{
    auto& hh = w.households;
    const AgeingDraws draws(w.params->demography);
    for_household_chunks(w, [&](std::size_t begin, std::size_t end, ChunkFlows& chunk) {
        const auto words = chunk_block(ctx.streams, ctx.year, sim::DrawPurpose::Demography, begin, end - begin);
        for (std::size_t i = begin; i < end; ++i) {
            if (hh.status[i] == Status::Dissolved) {
                continue;
            }
            age_household(w, i, ctx, draws, words.data() + 4 * (i - begin), chunk.flows);
            repair_basic_needs(w, i, ctx);
        }
    });
    update_villages(w, ctx);
}

void update_income(World& w, const sim::StageContext& ctx)
{
    auto&        hh     = w.households;
    const auto&  in     = w.params->income; // uncertain keys hold this replication's draws
    const auto&  crisis = w.rules.crisis;
    const double price  = std::exp(w.log_price);
    const double transfer_growth = 1.0 + in.transfer_growth.value();
    const double business_growth = 1.0 + in.business_growth.value(), property_growth = 1.0 + in.property_growth.value();
    const double farm_sigma = in.farm_sigma.value(), wage_sigma = in.wage_sigma.value();
    const double illness_labour_loss = w.params->shocks.illness_labour_loss.value();
    const double farm_shock_sigma = in.farm_shock_sigma.value(), wage_shock_sigma = in.wage_shock_sigma.value();
    // Mean-preserving lognormal noise: E[exp(g − σ²/2 + σZ)] = exp(g). The persistent level is a
    // random walk; the year's transitory deviation from it (σ_shock) is drawn afresh every year.
    const double farm_drift = in.farm_growth.value() - 0.5 * farm_sigma * farm_sigma;
    const double wage_drift = in.wage_growth.value() - 0.5 * wage_sigma * wage_sigma;
    const double farm_shock_mean = -0.5 * farm_shock_sigma * farm_shock_sigma;
    const double wage_shock_mean = -0.5 * wage_shock_sigma * wage_shock_sigma;
    const double fell       = 1.0 - w.params->identification.income_fall_share;
    const double large_drop = 1.0 - w.params->identification.hardship_income_drop;
    const bool   drop_on    = w.params->identification.hardship_income_drop > 0;
    for_household_chunks(w, [&](std::size_t begin, std::size_t end, ChunkFlows&) {
        // The chunk's noise in one vectorised pass: persistent steps from the first normal pair,
        // the year's transitory deviations from the second.
        const ChunkNormals z(ctx.streams, ctx.year, sim::DrawPurpose::IncomeNoise, begin, end - begin);
        const Eigen::ArrayXf farm_step  = (static_cast<float>(farm_drift) + static_cast<float>(farm_sigma) * z.a_cos).exp();
        const Eigen::ArrayXf wage_step  = (static_cast<float>(wage_drift) + static_cast<float>(wage_sigma) * z.a_sin).exp();
        const Eigen::ArrayXf farm_dev   = (static_cast<float>(farm_shock_mean) + static_cast<float>(farm_shock_sigma) * z.b_cos).exp();
        const Eigen::ArrayXf wage_dev   = (static_cast<float>(wage_shock_mean) + static_cast<float>(wage_shock_sigma) * z.b_sin).exp();
        for (std::size_t i = begin; i < end; ++i) {
            if (hh.status[i] == Status::Dissolved) {
                continue;
            }
            const auto k = static_cast<Eigen::Index>(i - begin);
            hh.farm_base_pc[i] *= farm_step[k];
            hh.wage_per_worker[i] *= wage_step[k];
            hh.business_pc[i] *= static_cast<float>(business_growth);
            hh.property_pc[i] *= static_cast<float>(property_growth);
            hh.transfer_pc[i] *= static_cast<float>(transfer_growth);

            const double farm_shock = farm_dev[k];
            const double wage_shock = wage_dev[k];

            const double size    = hh.size[i];
            const double disaster = w.villages.disaster_loss[hh.village[i]];
            const double farm    = hh.farm_base_pc[i] * farm_shock * price * (1.0 - disaster) * crisis.farm_factor;
            // An ill worker loses part of a year's wage (one worker per illness event).
            const double lost_work = hh.has(i, flag::IllThisYear) && hh.employed[i] > 0 ? illness_labour_loss : 0.0;
            const double wage = (hh.employed[i] - lost_work) * hh.wage_per_worker[i] * wage_shock * crisis.wage_factor / size;
            const double pension_pc = w.rules.pension * hh.elderly[i] / size;
            // Last year's own income is what remains of income_pc without last year's programmes. A large
            // drop is hardship only where it leaves the household in the monitoring range (基本生活困难).
            const double own_before = static_cast<double>(hh.income_pc[i]) - hh.programme_pc[i];
            const double own = total_income_pc(farm, wage, hh.business_pc[i], hh.property_pc[i], hh.transfer_pc[i], pension_pc);
            hh.risk[i] = static_cast<std::uint8_t>((own < fell * own_before ? risk::IncomeFell : 0) |
                                                   (drop_on && own < large_drop * own_before && own < w.rules.monitoring_line ? risk::LargeDrop : 0));
            hh.farm_pc[i]     = static_cast<float>(farm);
            hh.wage_pc[i]     = static_cast<float>(wage);
            hh.programme_pc[i] = 0.0f; // the programme stage adds this year's programme income
            hh.programme_wage_pc[i] = hh.programme_farm_pc[i] = hh.topup_pc[i] = 0.0f;
            hh.income_pc[i]   = static_cast<float>(own);
        }
    });
}

} // namespace povsim::models
