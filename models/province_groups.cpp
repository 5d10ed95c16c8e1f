#include "models/province_groups.h"

#include <algorithm>

namespace povsim::models {
namespace {

/// Regions in reporting order that at least one province belongs to.
std::vector<std::string> zones_used(const Parameters& p)
{
    std::vector<std::string> out;
    for (const auto zone : zone_names) {
        const bool used = std::any_of(p.population.provinces.begin(), p.population.provinces.end(),
                                      [&](const Province& pr) { return pr.zone == zone; });
        if (used) {
            out.emplace_back(zone);
        }
    }
    return out;
}

} // namespace

const Province* find_province(const std::vector<Province>& provinces, const std::string& name)
{
    const Province* prefix = nullptr;
    int             starts = 0;
    for (const auto& pr : provinces) {
        if (pr.name == name) {
            return &pr;
        }
        if (!name.empty() && pr.name.rfind(name, 0) == 0) {
            prefix = &pr, ++starts;
        }
    }
    return starts == 1 ? prefix : nullptr;
}

std::vector<std::string> group_labels(const Parameters& p)
{
    if (p.population.provinces.empty()) {
        return {};
    }
    auto out = zones_used(p);
    for (const auto& pr : p.population.provinces) {
        out.push_back(pr.name);
    }
    return out;
}

std::vector<std::array<int, 2>> county_groups(const Parameters& p)
{
    const auto& provinces = p.population.provinces;
    std::vector<std::array<int, 2>> out(p.population.counties.size(), {-1, -1});
    if (provinces.empty()) {
        return out;
    }
    const auto zones = zones_used(p);
    for (std::size_t c = 0; c < out.size(); ++c) {
        const auto& name = p.population.counties[c].province;
        const auto  it   = std::find_if(provinces.begin(), provinces.end(), [&](auto& pr) { return pr.name == name; });
        if (it == provinces.end()) {
            continue;
        }
        const auto zone = std::find(zones.begin(), zones.end(), it->zone) - zones.begin();
        out[c] = {static_cast<int>(zone), static_cast<int>(zones.size() + static_cast<std::size_t>(it - provinces.begin()))};
    }
    return out;
}

} // namespace povsim::models
