#include "models/shocks.h"

#include "models/draws.h"
#include "models/household_loop.h"
#include "models/word_draws.h"

#include <algorithm>
#include <cmath>

namespace povsim::models {

double out_of_pocket(double cost, const std::vector<ReimbursementLayer>& layers, bool poor, bool insured,
                     double extra_multiplier)
{
    double remaining = cost;
    for (const auto& layer : layers) {
        if ((layer.poor_only && !poor) || (!layer.poor_only && !insured)) {
            continue;
        }
        const double ratio = std::min(1.0, layer.ratio + (poor ? layer.poor_extra_ratio * extra_multiplier : 0.0));
        const double paid  = std::min(layer.cap, ratio * std::max(0.0, remaining - layer.deductible));
        remaining -= paid;
    }
    return remaining;
}

namespace {

void price_and_disaster(World& w, const sim::StageContext& ctx)
{
    const auto& s = w.params->shocks;
    auto region   = ctx.streams.stream(ctx.year, sim::DrawPurpose::MarketPrice, 0);
    w.log_price   = s.price_autocorrelation.value() * w.log_price + s.price_sigma.value() * draw_normal(region);
    const double p_disaster = s.disaster_prob.value(), loss_a = s.disaster_loss_a.value();
    const double loss_b     = s.disaster_loss_b.value();
    for (std::size_t v = 0; v < w.villages.count(); ++v) {
        auto rng = ctx.streams.stream(ctx.year, sim::DrawPurpose::Disaster, static_cast<std::uint32_t>(v));
        const bool hit = rng.bernoulli(p_disaster);
        w.villages.disaster_loss[v] = hit ? static_cast<float>(draw_beta(rng, loss_a, loss_b)) : 0.0f;
        w.flows.disaster_villages += hit ? 1.0 : 0.0;
    }
}

/// The columns the household shocks write, as local pointers (a byte store may alias anything,
/// so through the table every row would reload every column's address).
struct ShockRows {
    std::uint8_t *flags, *labour, *employed;
    float*       medical_oop;
    explicit ShockRows(HouseholdTable& hh)
        : flags(hh.flags.data()), labour(hh.labour.data()), employed(hh.employed.data()), medical_oop(hh.medical_oop.data())
    {
    }
};

/// The year's illness constants, read once; the chances as counts of words (words_below).
struct IllnessDraws {
    std::uint64_t ill_below, ill_below_chronic;
    double        cost_median, cost_sigma;
    explicit IllnessDraws(const Shocks& s)
        : ill_below(words_below(s.illness_prob.value())), ill_below_chronic(words_below(s.illness_prob_chronic.value())),
          cost_median(s.illness_cost_median.value()), cost_sigma(s.illness_cost_sigma.value())
    {
    }
};

/// @p words: block 0 of the household's Illness stream (word 0: the event, words 1–2: its cost).
void illness(World& w, const ShockRows& rows, std::size_t i, int year, const IllnessDraws& d, const std::uint32_t* words,
             YearFlows& flows)
{
    auto&      hh    = w.households;
    const auto flags = rows.flags[i];
    const bool ill   = words[0] < ((flags & flag::Chronic) != 0 ? d.ill_below_chronic : d.ill_below);
    rows.flags[i]    = static_cast<std::uint8_t>(ill ? (flags | flag::IllThisYear) & ~flag::Hardship
                                                     : flags & ~(flag::IllThisYear | flag::Hardship));
    rows.medical_oop[i] = 0.0f;
    if (!ill) {
        return;
    }
    const double cost = d.cost_median * std::exp(d.cost_sigma * normal_of(words[1], words[2]));
    const double oop  = out_of_pocket(cost, w.params->shocks.reimbursement, policy_applies(w, i, year),
                                      (flags & flag::Uninsured) == 0, w.rules.poor_extra_multiplier);
    rows.medical_oop[i] = static_cast<float>(oop);
    // Baiyin's sudden-hardship rule: out-of-pocket medical cost above last year's household
    // income (income_pc still holds last year's value: income is updated after shocks).
    const bool hardship = oop > static_cast<double>(hh.income_pc[i]) * hh.size[i];
    if (hardship) {
        rows.flags[i] |= flag::Hardship;
    }
    flows.illness += 1.0;
    flows.medical_oop += oop;
    flows.hardship += hardship ? 1.0 : 0.0;
}

/// The year's labour-market probabilities, each with its binomial constants computed once.
struct LabourDraws {
    BinomialInverse onset, hired, lost;
    LabourDraws(const Shocks& s, const CrisisYear& crisis)
        : onset(s.disability_prob.value()), hired(s.reemployment_prob.value()),
          lost(std::min(1.0, s.job_loss_prob.value() * crisis.job_loss_factor))
    {
    }
};

/// @p words: block 0 of the household's Disability stream (onsets, then hiring, then job losses).
void labour_shocks(const ShockRows& hh, std::size_t i, const LabourDraws& draws, const std::uint32_t* words,
                   YearFlows& flows)
{
    int labour = hh.labour[i], employed = hh.employed[i];
    // Most years nothing happens to a household's workers: three table tests, one branch.
    if (draws.onset.none(words[0], labour) & draws.hired.none(words[1], labour - employed) &
        draws.lost.none(words[2], employed)) {
        return;
    }
    const int onsets = draws.onset(uniform_of(words[0]), labour);
    if (onsets > 0) {
        labour -= onsets;
        employed = std::min(employed, labour);
        hh.labour[i] = static_cast<std::uint8_t>(labour);
        hh.flags[i] |= flag::Disabled;
        flows.disability += onsets;
    }
    const int hired = draws.hired(uniform_of(words[1]), labour - employed);
    const int lost  = draws.lost(uniform_of(words[2]), employed);
    hh.employed[i]  = static_cast<std::uint8_t>(employed - lost + hired);
    flows.job_losses += lost;
}

} // namespace

void apply_shocks(World& w, const sim::StageContext& ctx)
{
    price_and_disaster(w, ctx);
    auto& hh = w.households;
    const LabourDraws  draws(w.params->shocks, w.rules.crisis);
    const IllnessDraws sick(w.params->shocks);
    for_household_chunks(w, [&](std::size_t begin, std::size_t end, ChunkFlows& chunk) {
        const auto ill    = chunk_block(ctx.streams, ctx.year, sim::DrawPurpose::Illness, begin, end - begin);
        const auto labour = chunk_block(ctx.streams, ctx.year, sim::DrawPurpose::Disability, begin, end - begin);
        const ShockRows rows(hh);
        const Status* status = hh.status.data();
        for (std::size_t i = begin; i < end; ++i) {
            if (status[i] == Status::Dissolved) {
                continue;
            }
            illness(w, rows, i, ctx.year, sick, ill.data() + 4 * (i - begin), chunk.flows);
            labour_shocks(rows, i, draws, labour.data() + 4 * (i - begin), chunk.flows);
        }
    });
}

} // namespace povsim::models
