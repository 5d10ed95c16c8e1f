#include "models/income_process.h"

#include "models/draws.h"
#include "models/household_loop.h"
#include "models/income_kernel.h"
#include "models/word_draws.h"

#include <algorithm>
#include <bit>
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

/// The columns ageing reads and writes, as local pointers (a byte store may alias anything, so
/// through the table every row would reload every column's address).
struct AgeingRows {
    std::uint8_t *size, *labour, *elderly, *school, *senior, *employed;
    Status*      status;
    MonitorKind* monitor;
    explicit AgeingRows(HouseholdTable& hh)
        : size(hh.size.data()), labour(hh.labour.data()), elderly(hh.elderly.data()), school(hh.school_children.data()),
          senior(hh.senior_students.data()), employed(hh.employed.data()), status(hh.status.data()),
          monitor(hh.monitor.data())
    {
    }
};

/// @p words: block 0 of the household's Demography stream (one word per transition). @return
/// whether the household may dissolve this year (one person, elderly): its draw is block 1.
bool age_household(const AgeingRows& hh, std::size_t i, const AgeingDraws& draws, const std::uint32_t* words)
{
    const int labour = hh.labour[i], school = hh.school[i], senior = hh.senior[i];
    // Most years nobody moves (small rates): four table tests and one branch, and of the columns
    // only employed written (capped at labour, as the full step caps it).
    const bool still = draws.retiring.none(words[0], labour) & draws.to_senior.none(words[1], school) &
                       draws.child_worker.none(words[2], school) & draws.senior_work.none(words[3], senior);
    if (still) {
        hh.employed[i] = static_cast<std::uint8_t>(std::min<int>(hh.employed[i], labour));
        return hh.size[i] == 1 && hh.elderly[i] == 1;
    }
    const int retiring     = draws.retiring(uniform_of(words[0]), labour);
    const int to_senior    = draws.to_senior(uniform_of(words[1]), school);
    const int child_worker = draws.child_worker(uniform_of(words[2]), school - to_senior);
    const int senior_work  = draws.senior_work(uniform_of(words[3]), senior);
    const int labour_now   = labour - retiring + child_worker + senior_work;
    hh.labour[i]   = static_cast<std::uint8_t>(labour_now);
    hh.elderly[i]  = static_cast<std::uint8_t>(hh.elderly[i] + retiring);
    hh.school[i]   = static_cast<std::uint8_t>(school - to_senior - child_worker);
    hh.senior[i]   = static_cast<std::uint8_t>(senior + to_senior - senior_work);
    hh.employed[i] = static_cast<std::uint8_t>(std::min<int>(hh.employed[i], labour_now));
    return hh.size[i] == 1 && hh.elderly[i] == 1;
}

/// Dissolution of the one-person elderly households @p rows, each from the first word of block 1
/// of its Demography stream (block 0 aged it), drawn for all of them in one batch.
void dissolve(const AgeingRows& hh, const sim::StageContext& ctx, const std::vector<std::uint32_t>& rows,
              double dissolution, YearFlows& flows)
{
    std::vector<std::uint32_t> words(4 * rows.size());
    ctx.streams.blocks_of(ctx.year, sim::DrawPurpose::Demography, rows.data(), rows.size(), words.data(), 0, 1);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        if (uniform_of(words[4 * k]) < dissolution) {
            hh.status[rows[k]]  = Status::Dissolved;
            hh.monitor[rows[k]] = MonitorKind::None;
            flows.dissolved += 1.0;
        }
    }
}

/// Background repair of the basic needs of @p rows (households with a need unmet): each unmet
/// need in turn is met with the yearly rate, by a uniform from the next two words of the row's
/// BasicNeeds stream. Block 0 of every row in one batch; block 1 only for a row with three or
/// four needs unmet (eight words).
void repair_basic_needs(World& w, const sim::StageContext& ctx, const std::vector<std::uint32_t>& rows)
{
    auto&        hh   = w.households;
    const double rate = w.params->population.basic_needs.yearly_repair_rate;
    std::vector<std::uint32_t> first(4 * rows.size());
    ctx.streams.blocks_of(ctx.year, sim::DrawPurpose::BasicNeeds, rows.data(), rows.size(), first.data());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::size_t i = rows[k];
        std::uint32_t     words[8];
        std::copy_n(first.data() + 4 * k, 4, words);
        if (std::popcount(static_cast<unsigned>(hh.flags[i] & flag::BasicNeedsUnmet)) > 2) {
            ctx.streams.blocks(ctx.year, sim::DrawPurpose::BasicNeeds, rows[k], 1, words + 4, 0, 1);
        }
        int used = 0;
        for (auto bit : {flag::HousingUnsafe, flag::WaterUnsafe, flag::Dropout, flag::Uninsured}) {
            if (hh.has(i, bit)) {
                const bool repaired = sim::uniform53(words[used], words[used + 1]) < rate;
                used += 2;
                if (repaired) {
                    hh.set(i, bit, false);
                }
            }
        }
        if (hh.school_children[i] == 0) {
            hh.set(i, flag::Dropout, false);
        }
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
    const double dissolution = w.params->demography.dissolution;
    for_household_chunks(w, [&](std::size_t begin, std::size_t end, ChunkFlows& chunk) {
        const auto words = chunk_block(ctx.streams, ctx.year, sim::DrawPurpose::Demography, begin, end - begin);
        const AgeingRows rows(hh);
        const std::uint8_t* flags = hh.flags.data();
        // The few rows that draw more go to batches after the pass: a row's draws are its own,
        // so the order of the rows' steps changes nothing.
        // Rows with a need unmet are kept without a branch (a row is written, and kept by
        // advancing the end by 0 or 1): a fifth of rows or so, at random.
        std::vector<std::uint32_t> may_dissolve, unmet(end - begin);
        std::size_t                unmet_rows = 0;
        for (std::size_t i = begin; i < end; ++i) {
            if (rows.status[i] == Status::Dissolved) {
                continue;
            }
            if (age_household(rows, i, draws, words.data() + 4 * (i - begin)) && dissolution > 0) {
                may_dissolve.push_back(static_cast<std::uint32_t>(i));
            }
            unmet[unmet_rows] = static_cast<std::uint32_t>(i);
            unmet_rows += (flags[i] & flag::BasicNeedsUnmet) != 0 ? 1 : 0;
        }
        unmet.resize(unmet_rows);
        dissolve(rows, ctx, may_dissolve, dissolution, chunk.flows);
        repair_basic_needs(w, ctx, unmet);
    });
    update_villages(w, ctx);
}

namespace {

/// The year's income constants in float, read once (uncertain keys hold this replication's draws).
struct IncomeYear {
    IncomeConstants    c;
    std::vector<float> village_farm; ///< each village's farm factor this year (price, disaster, crisis)

    explicit IncomeYear(const World& w)
    {
        const auto&  in = w.params->income;
        const auto&  id = w.params->identification;
        const auto&  hh = w.households;
        const double fs = in.farm_sigma.value(), ws = in.wage_sigma.value();
        const double fss = in.farm_shock_sigma.value(), wss = in.wage_shock_sigma.value();
        const auto   f  = [](double x) { return static_cast<float>(x); };
        c.farm_drift = f(in.farm_growth.value() - 0.5 * fs * fs), c.farm_sigma = f(fs);
        c.wage_drift = f(in.wage_growth.value() - 0.5 * ws * ws), c.wage_sigma = f(ws);
        c.farm_shock_mean = f(-0.5 * fss * fss), c.farm_shock_sigma = f(fss);
        c.wage_shock_mean = f(-0.5 * wss * wss), c.wage_shock_sigma = f(wss);
        c.transfer_growth = f(1.0 + in.transfer_growth.value());
        c.wage_factor = f(w.rules.crisis.wage_factor), c.pension = f(w.rules.pension);
        c.ill_loss = f(w.params->shocks.illness_labour_loss.value()), c.monitoring_line = f(w.rules.monitoring_line);
        c.fell = f(1.0 - id.income_fall_share), c.large_drop = f(1.0 - id.hardship_income_drop);
        c.drop_on = id.hardship_income_drop > 0;
        c.business_growth = hh.business_growth, c.property_growth = hh.property_growth;
        c.business_share = hh.business_share.data(), c.property_share = hh.property_share.data();
        const double price = std::exp(w.log_price);
        village_farm.resize(w.villages.count());
        for (std::size_t v = 0; v < village_farm.size(); ++v) {
            village_farm[v] = f(price * (1.0 - w.villages.disaster_loss[v]) * w.rules.crisis.farm_factor);
        }
        c.village_farm = village_farm.data();
    }
};

IncomeColumns income_columns(HouseholdTable& hh)
{
    IncomeColumns c{};
    c.village = hh.village.data(), c.size = hh.size.data(), c.employed = hh.employed.data();
    c.elderly = hh.elderly.data(), c.flags = hh.flags.data(), c.segment = hh.segment.data();
    c.status = reinterpret_cast<const std::uint8_t*>(hh.status.data());
    c.base_income_pc = hh.base_income_pc.data(), c.farm_base_pc = hh.farm_base_pc.data();
    c.wage_per_worker = hh.wage_per_worker.data(), c.transfer_pc = hh.transfer_pc.data(), c.farm_pc = hh.farm_pc.data();
    c.wage_pc = hh.wage_pc.data(), c.income_pc = hh.income_pc.data(), c.programme_pc = hh.programme_pc.data();
    c.topup_pc = hh.topup_pc.data(), c.risk = hh.risk.data();
    c.programme_wage_pc = hh.programme_wage_pc.data(), c.programme_farm_pc = hh.programme_farm_pc.data();
    return c;
}

} // namespace

void update_income(World& w, const sim::StageContext& ctx)
{
    auto& hh = w.households;
    // Business and property income grow at region-wide rates: two factors, not two columns.
    hh.business_growth *= static_cast<float>(1.0 + w.params->income.business_growth.value());
    hh.property_growth *= static_cast<float>(1.0 + w.params->income.property_growth.value());
    const IncomeYear    y(w);
    const IncomeColumns columns = income_columns(hh);
    for_household_chunks(w, [&](std::size_t chunk_begin, std::size_t chunk_end, ChunkFlows&) {
        const auto words = chunk_block(ctx.streams, ctx.year, sim::DrawPurpose::IncomeNoise, chunk_begin,
                                       chunk_end - chunk_begin);
        // Blocks of rows whose float arrays stay in the core's own cache (a whole chunk's would not).
        for (std::size_t begin = chunk_begin; begin < chunk_end; begin += income_block_rows) {
            const std::size_t n = std::min(chunk_end - begin, income_block_rows);
            income_rows(columns, y.c, words.data() + 4 * (begin - chunk_begin), begin, n);
        }
    });
}

} // namespace povsim::models
