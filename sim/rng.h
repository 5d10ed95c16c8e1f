#pragma once
// Counter-based random streams. A draw is a pure function of
// (master seed, replication, year, purpose, entity, position in the stream), so:
//  - replication r gives the same numbers on any thread or rank, and can be rerun alone;
//  - two scenarios run with the same seed see the same shocks for the same household
//    (common random numbers): the scenario is deliberately NOT part of the key;
//  - adding a new purpose never shifts the draws of an existing one.
// Engine: Random123 Philox4x32-10 (key = 64-bit seed; counter = {replication,
// substream << 17 | year offset << 8 | purpose, entity, 0}); MicroURNG owns the last counter word and turns
// one counter into a stream of up to 2^34 32-bit words that Boost.Random distributions
// consume (Boost's algorithms are fixed by its version, unlike std:: distributions).
// philox.h first: it defines the R123_* feature macros that MicroURNG.hpp relies on.
// clang-format off
#include <Random123/philox.h>
#include <Random123/MicroURNG.hpp>
// clang-format on

#include "sim/name_hash.h"
#include "sim/philox_batch.h"

#include <cstdint>
#include <string_view>

namespace povsim::sim {

/// @brief Every reason the model draws a random number. Append only: the numeric value
/// is part of the stream key, so renumbering would change every result.
enum class DrawPurpose : std::uint32_t {
    PopulationSize        = 1,  ///< household sizes and composition at generation
    PopulationIncome      = 2,  ///< initial incomes at generation
    PopulationPlacement   = 3,  ///< households to villages at generation
    PopulationFlags       = 4,  ///< initial basic-needs and health flags
    VillageSetup          = 5,  ///< village collective income and infrastructure
    ParameterUncertainty  = 6,  ///< scenario parameters drawn once per replication
    Demography            = 10, ///< ageing, labour loss, schooling transitions, dissolution
    Illness               = 11, ///< illness events and medical costs
    Disability            = 12, ///< disability onset, re-employment, job loss (words 0, 1, 2)
    Disaster              = 13, ///< village-level natural disaster
    MarketPrice           = 14, ///< region-level price index
    JobLoss               = 15, ///< unused: hiring and job loss are words 1–2 of the Disability block
    IncomeNoise           = 16, ///< idiosyncratic income growth
    VillageDynamics       = 17, ///< village collective income and infrastructure completion
    BasicNeeds            = 18, ///< background repair of basic-needs shortfalls
    Identification        = 20, ///< registration of the poor (dynamic adjustment)
    Monitoring            = 21, ///< flagging of monitored households
    ExitVerification      = 22, ///< third-party verification of exits
    Programme             = 30, ///< programme targeting and effects (next layer)
};

/// @brief The identity of one random stream.
struct StreamKey {
    std::uint64_t seed        = 0; ///< master seed of the study
    std::uint32_t replication = 0; ///< replication index
    std::uint32_t year_offset = 0; ///< year minus the horizon's first year, + 256 (0..511)
    DrawPurpose   purpose     = DrawPurpose::Demography;
    std::uint32_t entity      = 0; ///< household, village, county or region id
    std::uint32_t substream   = 0; ///< 15 bits separating users of one purpose (e.g. a programme id hash)
};

/// @return a double uniform on [0, 1) from 53 bits of two consecutive words of a stream, as
/// CounterRng::uniform draws it (27 bits of the first, 26 of the second)
inline double uniform53(std::uint32_t first, std::uint32_t second)
{
    const std::uint64_t hi = first >> 5, lo = second >> 6;
    return static_cast<double>((hi << 26) | lo) * (1.0 / 9007199254740992.0);
}

/// @brief A UniformRandomBitGenerator over one keyed stream; cheap to construct (no state
/// beyond the counter), so one is made per (entity, year, purpose) inside hot loops.
class CounterRng {
public:
    using Philox      = r123::Philox4x32;
    using Urng        = r123::MicroURNG<Philox>;
    using result_type = Urng::result_type;

    explicit CounterRng(const StreamKey& key) : m_urng(make_counter(key), make_key(key.seed)) {}

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return 0xFFFFFFFFu; }
    result_type operator()() { return m_urng(); }

    /// @return a double uniform on [0, 1) built from 53 random bits (two words)
    double uniform()
    {
        const std::uint32_t first = m_urng();
        return uniform53(first, m_urng());
    }
    /// @return true with probability @p p
    bool bernoulli(double p) { return uniform() < p; }

    /// @return the first counter of stream @p k (its last word counts the blocks)
    static Philox::ctr_type counter(const StreamKey& k) { return make_counter(k); }
    /// @return the Philox key of master seed @p seed
    static Philox::key_type philox_key(std::uint64_t seed) { return make_key(seed); }

private:
    static Philox::ctr_type make_counter(const StreamKey& k)
    {
        // 15 bits substream | 9 bits year offset | 8 bits purpose.
        return Philox::ctr_type{{k.replication,
                                 ((k.substream & 0x7FFFu) << 17) | ((k.year_offset & 0x1FFu) << 8) |
                                     static_cast<std::uint32_t>(k.purpose),
                                 k.entity, 0u}};
    }
    static Philox::key_type make_key(std::uint64_t seed)
    {
        return Philox::key_type{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    }
    Urng m_urng;
};

/// @brief Streams of one replication: fixes seed and replication, varies the rest.
class ReplicationStreams {
public:
    ReplicationStreams(std::uint64_t seed, std::uint32_t replication, int first_year)
        : m_seed(seed), m_replication(replication), m_first_year(first_year)
    {
    }
    /// @return the stream for (@p year, @p purpose, @p entity, @p substream); @p year may
    /// precede the horizon by up to 256 years (population generation uses the base year)
    CounterRng stream(int year, DrawPurpose purpose, std::uint32_t entity, std::uint32_t substream = 0) const
    {
        return CounterRng(key(year, purpose, entity, substream));
    }
    /// @return the stream of @p purpose named @p name (47 bits of its FNV-1a hash as entity and
    /// substream), for draws keyed by a name rather than a household or village
    CounterRng named_stream(int year, DrawPurpose purpose, std::string_view name) const
    {
        const auto h = fnv1a<std::uint64_t>(name);
        return stream(year, purpose, static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(h >> 32) & 0x7FFFu);
    }
    /// @brief Block @p block (four words) of the streams of entities [@p first, @p first + @p count)
    /// for (@p year, @p purpose, @p substream), into out[4k..4k+3] in the order the stream's
    /// CounterRng returns them: block 0 is its first four words (sim/philox_batch.h).
    void blocks(int year, DrawPurpose purpose, std::uint32_t first, std::size_t count, std::uint32_t* out,
                std::uint32_t substream = 0, std::uint32_t block = 0) const
    {
        const auto b = batch(year, purpose, substream);
        philox_blocks(b.ctr[0], b.ctr[1], first, block, b.kw[0], b.kw[1], count, out);
    }
    /// @brief Block @p block of the streams of @p entities[0..count) for (@p year, @p purpose,
    /// @p substream), into out[4k..4k+3] as blocks() writes them: for a scattered few rows.
    void blocks_of(int year, DrawPurpose purpose, const std::uint32_t* entities, std::size_t count, std::uint32_t* out,
                   std::uint32_t substream = 0, std::uint32_t block = 0) const
    {
        const auto b = batch(year, purpose, substream);
        philox_blocks_of(b.ctr[0], b.ctr[1], entities, block, b.kw[0], b.kw[1], count, out);
    }
    /// @brief The first word of each stream of @p entities[0..count) for (@p year, @p purpose,
    /// @p substream), into out[k]: what stream(year, purpose, entities[k], substream)() returns.
    void first_words(int year, DrawPurpose purpose, const std::uint32_t* entities, std::size_t count,
                     std::uint32_t* out, std::uint32_t substream = 0) const
    {
        const auto b = batch(year, purpose, substream);
        philox_first_words(b.ctr[0], b.ctr[1], entities, 0, b.kw[0], b.kw[1], count, out);
    }
    std::uint64_t seed() const { return m_seed; }
    std::uint32_t replication() const { return m_replication; }

private:
    /// The counter words and key shared by every entity's stream of (year, purpose, substream):
    /// a batch varies only the entity word (and the block).
    struct Batch {
        CounterRng::Philox::ctr_type ctr;
        CounterRng::Philox::key_type kw;
    };
    Batch batch(int year, DrawPurpose purpose, std::uint32_t substream) const
    {
        const auto k = key(year, purpose, 0, substream);
        return {CounterRng::counter(k), CounterRng::philox_key(k.seed)};
    }
    StreamKey key(int year, DrawPurpose purpose, std::uint32_t entity, std::uint32_t substream) const
    {
        return StreamKey{m_seed, m_replication, static_cast<std::uint32_t>(year - m_first_year + 256), purpose, entity,
                         substream};
    }

    std::uint64_t m_seed;
    std::uint32_t m_replication;
    int           m_first_year;
};

} // namespace povsim::sim
