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

/// @p words: block 0 of the household's Demography stream (one word per transition).
void age_household(const AgeingRows& hh, std::size_t i, const sim::StageContext& ctx, const AgeingDraws& draws,
                   double dissolution, const std::uint32_t* words, YearFlows& flows)
{
    const int labour = hh.labour[i], school = hh.school[i], senior = hh.senior[i];
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
    if (hh.size[i] == 1 && hh.elderly[i] == 1 && dissolution > 0) {
        std::uint32_t next[4]; // block 1 of the same stream: only these few households need it
        ctx.streams.blocks(ctx.year, sim::DrawPurpose::Demography, static_cast<std::uint32_t>(i), 1, next, 0, 1);
        if (uniform_of(next[0]) < dissolution) {
            hh.status[i]  = Status::Dissolved;
            hh.monitor[i] = MonitorKind::None;
            flows.dissolved += 1.0;
        }
    }
}

void repair_basic_needs(World& w, std::size_t i, const sim::StageContext& ctx)
{
    auto& hh = w.households; // the caller visits only households with a need unmet
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
    const double dissolution = w.params->demography.dissolution;
    for_household_chunks(w, [&](std::size_t begin, std::size_t end, ChunkFlows& chunk) {
        const auto words = chunk_block(ctx.streams, ctx.year, sim::DrawPurpose::Demography, begin, end - begin);
        const AgeingRows rows(hh);
        const std::uint8_t* flags = hh.flags.data();
        for (std::size_t i = begin; i < end; ++i) {
            if (rows.status[i] == Status::Dissolved) {
                continue;
            }
            age_household(rows, i, ctx, draws, dissolution, words.data() + 4 * (i - begin), chunk.flows);
            if ((flags[i] & flag::BasicNeedsUnmet) != 0) {
                repair_basic_needs(w, i, ctx);
            }
        }
    });
    update_villages(w, ctx);
}

namespace {

/// Rows per vectorised block of the income step, and a float array of at most that many on the stack.
constexpr std::size_t income_block = 1024;
using Block = Eigen::Array<float, Eigen::Dynamic, 1, 0, static_cast<int>(income_block), 1>;

/// The year's income constants in float, read once (uncertain keys hold this replication's draws).
struct IncomeYear {
    // Mean-preserving lognormal noise: E[exp(g − σ²/2 + σZ)] = exp(g). The persistent level is a
    // random walk; the year's transitory deviation from it (σ_shock) is drawn afresh every year.
    float farm_drift, farm_sigma, wage_drift, wage_sigma, farm_shock_mean, farm_shock_sigma, wage_shock_mean,
        wage_shock_sigma;
    float transfer_growth, wage_factor, pension, ill_loss, monitoring_line, fell, large_drop;
    bool  drop_on;
    std::vector<float> village_farm; ///< each village's farm factor this year (price, disaster, crisis)

    explicit IncomeYear(const World& w)
    {
        const auto&  in = w.params->income;
        const auto&  id = w.params->identification;
        const double fs = in.farm_sigma.value(), ws = in.wage_sigma.value();
        const double fss = in.farm_shock_sigma.value(), wss = in.wage_shock_sigma.value();
        const auto   f  = [](double x) { return static_cast<float>(x); };
        farm_drift = f(in.farm_growth.value() - 0.5 * fs * fs), farm_sigma = f(fs);
        wage_drift = f(in.wage_growth.value() - 0.5 * ws * ws), wage_sigma = f(ws);
        farm_shock_mean = f(-0.5 * fss * fss), farm_shock_sigma = f(fss);
        wage_shock_mean = f(-0.5 * wss * wss), wage_shock_sigma = f(wss);
        transfer_growth = f(1.0 + in.transfer_growth.value());
        wage_factor = f(w.rules.crisis.wage_factor), pension = f(w.rules.pension);
        ill_loss = f(w.params->shocks.illness_labour_loss.value()), monitoring_line = f(w.rules.monitoring_line);
        fell = f(1.0 - id.income_fall_share), large_drop = f(1.0 - id.hardship_income_drop);
        drop_on = id.hardship_income_drop > 0;
        const double price = std::exp(w.log_price);
        village_farm.resize(w.villages.count());
        for (std::size_t v = 0; v < village_farm.size(); ++v) {
            village_farm[v] = f(price * (1.0 - w.villages.disaster_loss[v]) * w.rules.crisis.farm_factor);
        }
    }
};

/// The income step of rows [begin, end), at most income_block of them, as vectorised passes over
/// float arrays that stay in the core's own cache (a whole chunk's would not).
void update_income_block(HouseholdTable& hh, const IncomeYear& y, const sim::StageContext& ctx, std::size_t begin,
                         std::size_t end)
{
    using Col    = Eigen::Map<Eigen::ArrayXf>;
    const auto n = static_cast<Eigen::Index>(end - begin);
    const auto col = [&](Column<float>& c) { return Col(c.data() + begin, n); };
    // The block's noise in one vectorised pass: persistent steps from the first normal pair, the
    // year's transitory deviations from the second.
    const ChunkNormals z(ctx.streams, ctx.year, sim::DrawPurpose::IncomeNoise, begin, end - begin);
    // Byte columns and the village factor as float arrays. A dissolved household keeps its
    // values: its growth is 1 and its realised components are left as they were.
    Block alive(n), members(n), workers(n), elders(n), farm_factor(n), business(n), property(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        const std::size_t i = begin + static_cast<std::size_t>(k);
        const bool ill = (hh.flags[i] & flag::IllThisYear) != 0 && hh.employed[i] > 0;
        business[k] = hh.business_pc(i);
        property[k] = hh.property_pc(i);
        alive[k]    = hh.status[i] == Status::Dissolved ? 0.0f : 1.0f;
        members[k]  = hh.size[i];
        // An ill worker loses part of a year's wage (one worker per illness event).
        workers[k]  = static_cast<float>(hh.employed[i]) - (ill ? y.ill_loss : 0.0f);
        elders[k]   = hh.elderly[i];
        farm_factor[k] = y.village_farm[static_cast<std::size_t>(hh.village[i])];
    }
    const auto live = alive > 0.5f;
    const auto grow = [&](const Block& step) { return live.select(step, 1.0f); };
    col(hh.farm_base_pc) *= grow((y.farm_drift + y.farm_sigma * z.a_cos).exp());
    col(hh.wage_per_worker) *= grow((y.wage_drift + y.wage_sigma * z.a_sin).exp());
    col(hh.transfer_pc) *= live.select(Block::Constant(n, y.transfer_growth), 1.0f);
    const Block farm_dev = (y.farm_shock_mean + y.farm_shock_sigma * z.b_cos).exp();
    const Block wage_dev = (y.wage_shock_mean + y.wage_shock_sigma * z.b_sin).exp();
    const Block farm     = col(hh.farm_base_pc) * farm_dev * farm_factor;
    const Block wage     = workers * col(hh.wage_per_worker) * wage_dev * y.wage_factor / members;
    // Last year's own income is what remains of income_pc without last year's programmes. A large
    // drop is hardship only where it leaves the household in the monitoring range (基本生活困难).
    const Block own_before = col(hh.income_pc) - col(hh.programme_pc);
    const Block own = farm + wage + business + property + col(hh.transfer_pc) + y.pension * elders / members;
    for (Eigen::Index k = 0; k < n; ++k) {
        const std::size_t i = begin + static_cast<std::size_t>(k);
        if (alive[k] == 0.0f) {
            continue;
        }
        hh.risk[i] = static_cast<std::uint8_t>(
            (own[k] < y.fell * own_before[k] ? risk::IncomeFell : 0) |
            (y.drop_on && own[k] < y.large_drop * own_before[k] && own[k] < y.monitoring_line ? risk::LargeDrop : 0));
        hh.programme_wage_pc[i] = hh.programme_farm_pc[i] = 0; // the programme stage adds this year's
    }
    col(hh.farm_pc)      = live.select(farm, col(hh.farm_pc));
    col(hh.wage_pc)      = live.select(wage, col(hh.wage_pc));
    col(hh.income_pc)    = live.select(own, col(hh.income_pc));
    col(hh.programme_pc) = live.select(0.0f, col(hh.programme_pc));
    col(hh.topup_pc)     = live.select(0.0f, col(hh.topup_pc));
}

} // namespace

void update_income(World& w, const sim::StageContext& ctx)
{
    const IncomeYear y(w);
    auto&            hh = w.households;
    // Business and property income grow at region-wide rates: two factors, not two columns.
    hh.business_growth *= static_cast<float>(1.0 + w.params->income.business_growth.value());
    hh.property_growth *= static_cast<float>(1.0 + w.params->income.property_growth.value());
    for_household_chunks(w, [&](std::size_t chunk_begin, std::size_t chunk_end, ChunkFlows&) {
        for (std::size_t begin = chunk_begin; begin < chunk_end; begin += income_block) {
            update_income_block(hh, y, ctx, begin, std::min(chunk_end, begin + income_block));
        }
    });
}

} // namespace povsim::models
