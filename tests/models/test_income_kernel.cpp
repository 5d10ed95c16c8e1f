// The income kernel (models/income_kernel.h): its normals are standard normals, its two copies
// (portable and AVX2) give the same bits for every block size, and a row's value does not
// depend on where the block ends, except for the last (n mod 4) rows, which take the scalar path.
#include "models/income_kernel.h"
#include "models/status.h"
#include "sim/rng.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

using namespace povsim;
using namespace povsim::models;

namespace {

std::vector<std::uint32_t> random_words(std::size_t n, std::uint32_t seed)
{
    std::mt19937 gen(seed);
    std::vector<std::uint32_t> w(4 * n);
    for (auto& x : w) {
        x = static_cast<std::uint32_t>(gen());
    }
    w[0] = 0xFFFFFFFFu, w[1] = 0; // the extreme words: u just below 1, angle 0
    return w;
}

struct Normals {
    std::vector<float> a_cos, a_sin, b_cos, b_sin;
    explicit Normals(std::size_t n) : a_cos(n), a_sin(n), b_cos(n), b_sin(n) {}
    BlockNormals view() { return {a_cos.data(), a_sin.data(), b_cos.data(), b_sin.data()}; }
    bool operator==(const Normals& o) const
    {
        const auto same = [](const std::vector<float>& x, const std::vector<float>& y) {
            return x.size() == y.size() && std::memcmp(x.data(), y.data(), 4 * x.size()) == 0;
        };
        return same(a_cos, o.a_cos) && same(a_sin, o.a_sin) && same(b_cos, o.b_cos) && same(b_sin, o.b_sin);
    }
};

/// A block of households with varied columns (dissolved, ill, segments, villages), as its own table.
struct Rows {
    std::size_t                n;
    std::vector<std::int32_t>  village;
    std::vector<std::uint8_t>  size, employed, elderly, flags, segment, status, risk;
    std::vector<float>         base, farm_base, wage_worker, transfer, farm, wage, income, programme, topup;
    std::vector<std::uint16_t> prog_wage, prog_farm;

    explicit Rows(std::size_t rows) : n(rows)
    {
        std::mt19937 gen(7);
        const auto   pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
        const auto   yuan = [&](double lo, double hi) { return static_cast<float>(std::uniform_real_distribution<double>(lo, hi)(gen)); };
        for (std::size_t i = 0; i < n; ++i) {
            village.push_back(pick(0, 2));
            size.push_back(static_cast<std::uint8_t>(pick(1, 6)));
            employed.push_back(static_cast<std::uint8_t>(pick(0, size.back())));
            elderly.push_back(static_cast<std::uint8_t>(pick(0, 2)));
            flags.push_back(static_cast<std::uint8_t>(pick(0, 3) == 0 ? flag::IllThisYear : 0));
            segment.push_back(static_cast<std::uint8_t>(pick(0, 2)));
            status.push_back(static_cast<std::uint8_t>(pick(0, 9) == 0 ? Status::Dissolved : Status::RegisteredPoor));
            risk.push_back(0);
            base.push_back(yuan(2000, 9000)), farm_base.push_back(yuan(500, 4000)), wage_worker.push_back(yuan(0, 30000));
            transfer.push_back(yuan(0, 800)), farm.push_back(yuan(0, 4000)), wage.push_back(yuan(0, 9000));
            programme.push_back(yuan(0, 1500)), income.push_back(programme.back() + yuan(1000, 12000));
            topup.push_back(yuan(0, 300)), prog_wage.push_back(static_cast<std::uint16_t>(pick(0, 900)));
            prog_farm.push_back(static_cast<std::uint16_t>(pick(0, 900)));
        }
    }
    IncomeColumns columns()
    {
        return {village.data(), size.data(), employed.data(), elderly.data(), flags.data(), segment.data(),
                status.data(), base.data(), farm_base.data(), wage_worker.data(), transfer.data(), farm.data(),
                wage.data(), income.data(), programme.data(), topup.data(), risk.data(), prog_wage.data(),
                prog_farm.data()};
    }
    bool operator==(const Rows& o) const
    {
        const auto f = [](const std::vector<float>& x, const std::vector<float>& y) {
            return std::memcmp(x.data(), y.data(), 4 * x.size()) == 0;
        };
        return f(farm_base, o.farm_base) && f(wage_worker, o.wage_worker) && f(transfer, o.transfer) && f(farm, o.farm) &&
               f(wage, o.wage) && f(income, o.income) && f(programme, o.programme) && f(topup, o.topup) &&
               risk == o.risk && prog_wage == o.prog_wage && prog_farm == o.prog_farm;
    }
};

IncomeConstants constants(const std::vector<float>& shares, const std::vector<float>& village_farm)
{
    IncomeConstants y{};
    y.farm_drift = 0.03f, y.farm_sigma = 0.25f, y.wage_drift = 0.05f, y.wage_sigma = 0.2f;
    y.farm_shock_mean = -0.02f, y.farm_shock_sigma = 0.2f, y.wage_shock_mean = -0.01f, y.wage_shock_sigma = 0.15f;
    y.transfer_growth = 1.04f, y.wage_factor = 0.97f, y.pension = 1300.0f, y.ill_loss = 0.4f;
    y.monitoring_line = 6000.0f, y.fell = 0.7f, y.large_drop = 0.5f, y.drop_on = true;
    y.business_growth = 1.06f, y.property_growth = 1.03f;
    y.business_share = shares.data(), y.property_share = shares.data(), y.village_farm = village_farm.data();
    return y;
}

} // namespace

TEST_CASE("Block normals have mean 0, variance 1 and uncorrelated pairs", "[models][income]")
{
    const sim::ReplicationStreams streams(11, 0, 2016);
    constexpr std::size_t n = 200000;
    std::vector<std::uint32_t> words(4 * n);
    streams.blocks(2017, sim::DrawPurpose::IncomeNoise, 0, n, words.data(), 0, 0);
    Normals z(n);
    for (std::size_t begin = 0; begin < n; begin += income_block_rows) {
        const std::size_t m = std::min(income_block_rows, n - begin);
        block_normals(words.data() + 4 * begin, m,
                      {z.a_cos.data() + begin, z.a_sin.data() + begin, z.b_cos.data() + begin, z.b_sin.data() + begin});
    }
    const auto mean = [](const std::vector<float>& a, const std::vector<float>& b) {
        double s = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            s += static_cast<double>(a[i]) * b[i];
        }
        return s / static_cast<double>(a.size());
    };
    for (const auto* a : {&z.a_cos, &z.a_sin, &z.b_cos, &z.b_sin}) {
        const std::vector<float> one(n, 1.0f);
        const double m = mean(*a, one), var = mean(*a, *a) - m * m;
        CHECK(std::abs(m) < 0.01);
        CHECK(std::abs(var - 1.0) < 0.015);
        double above = 0;
        for (float x : *a) {
            above += x > 3.0f ? 1.0 : 0.0;
        }
        CHECK(above / n == Approx(0.00135).margin(0.0003));
    }
    CHECK(std::abs(mean(z.a_cos, z.a_sin)) < 0.01);
    CHECK(std::abs(mean(z.a_cos, z.b_cos)) < 0.01);
}

TEST_CASE("A row's normal depends on the block's end only in the last n mod 4 rows", "[models][income]")
{
    const auto words = random_words(40, 3);
    Normals    whole(40);
    income_kernel_portable::normals(words.data(), 40, whole.view());
    for (std::size_t n : {1u, 3u, 4u, 5u, 11u, 12u, 13u, 20u, 23u, 39u}) {
        Normals part(n);
        income_kernel_portable::normals(words.data(), n, part.view());
        for (std::size_t k = 0; k < n; ++k) {
            if (k < n - n % 4) { // whole packets, as in the full block
                CHECK(part.a_cos[k] == whole.a_cos[k]);
                CHECK(part.b_sin[k] == whole.b_sin[k]);
            } else { // the scalar path: Box–Muller with the C functions, as Eigen's scalar path computes it
                const auto  unit = [](std::uint32_t w) { return std::fmin((static_cast<float>(w >> 8) + 0.5f) * 0x1p-24f, 1.0f - 0x1p-24f); };
                const float r    = sqrtf(-2.0f * logf(unit(words[4 * k])));
                CHECK(part.a_cos[k] == r * cosf(6.2831853f * unit(words[4 * k + 1])));
                CHECK(part.a_sin[k] == r * sinf(6.2831853f * unit(words[4 * k + 1])));
            }
        }
    }
}

TEST_CASE("The AVX2 and portable income kernels give the same bits", "[models][income]")
{
    if (!income_kernel_avx2::available()) {
        WARN("this CPU or build has no AVX2 copy of the income kernel: only the portable copy runs");
        return;
    }
    for (std::size_t n : {1u, 2u, 3u, 4u, 5u, 7u, 8u, 9u, 12u, 13u, 15u, 16u, 17u, 21u, 100u, 1021u, 1023u, 1024u}) {
        const auto words = random_words(n, static_cast<std::uint32_t>(n));
        Normals    sse(n), avx(n);
        income_kernel_portable::normals(words.data(), n, sse.view());
        income_kernel_avx2::normals(words.data(), n, avx.view());
        CHECK(sse == avx);

        // The whole step on rows [5, 5 + n) of a table of n + 9 rows: the rows outside stay untouched.
        std::vector<float> shares(256, 0.0f), village_farm = {0.9f, 1.0f, 1.1f};
        shares[1] = 0.1f, shares[2] = 0.25f;
        const auto y = constants(shares, village_farm);
        Rows       a(n + 9), b(n + 9);
        const Rows before = a;
        income_kernel_portable::income_rows(a.columns(), y, words.data(), 5, n);
        income_kernel_avx2::income_rows(b.columns(), y, words.data(), 5, n);
        CHECK(a == b);
        CHECK_FALSE(a == before);
        CHECK(a.farm_base[4] == before.farm_base[4]);
        CHECK(a.income[n + 5] == before.income[n + 5]);
    }
}
