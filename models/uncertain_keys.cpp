#include "models/uncertain_keys.h"

#include "models/draws.h"

namespace povsim::models {

ResolvedParameters resolve_parameters(const Parameters& p, const sim::ReplicationStreams& streams)
{
    ResolvedParameters out{p, {}};
    for_each_uncertain(out.params, [&](const UncertainKey& k, Uncertain& u) {
        if (u.is_fixed()) {
            return;
        }
        auto rng = streams.named_stream(p.scenario.base_year, sim::DrawPurpose::ParameterUncertainty, k.key);
        const double v = draw_uncertain(u, rng);
        out.draws.push_back(v);
        u.dist = Uncertain::Dist::Fixed; // keeps the clamp bounds: the key's valid range
        u.a = v, u.b = 0, u.c = 0;
    });
    return out;
}

std::vector<sim::ParameterInfo> uncertain_parameters(const Parameters& p)
{
    std::vector<sim::ParameterInfo> out;
    for_each_uncertain(p, [&](const UncertainKey& k, const Uncertain& u) {
        if (!u.is_fixed()) {
            out.push_back({k.key, k.units, k.description + "; drawn once per replication from " + describe(u)});
        }
    });
    return out;
}

const Uncertain* find_uncertain(const Parameters& p, std::string_view key)
{
    const Uncertain* found = nullptr;
    for_each_uncertain(p, [&](const UncertainKey& k, const Uncertain& u) {
        if (k.key == key) {
            found = &u;
        }
    });
    return found;
}

} // namespace povsim::models
