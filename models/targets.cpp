#include "models/targets.h"

#include "models/fund_ledger.h"
#include "models/metrics.h"
#include "models/poverty_model.h"
#include "models/result_arrays.h"

#include <algorithm>
#include <cmath>

namespace povsim::models {

namespace {

/// Pathways an `exits_<pathway>` kind sums (bit k = models::Pathway k), 0 if @p kind is not one.
std::uint8_t pathway_bits(const std::string& kind)
{
    if (kind.rfind("exits_", 0) != 0) {
        return 0;
    }
    const std::string which = kind.substr(6);
    if (which == "market") {
        return 0b0011; // wages and farm_business
    }
    if (which == "social") {
        return 0b1100; // transfers and safety_net
    }
    for (int k = 0; k < pathway_count; ++k) {
        if (which == pathway_name(static_cast<Pathway>(k))) {
            return static_cast<std::uint8_t>(1u << k);
        }
    }
    return 0;
}

/// "<measure>:<group>" for a region or province of a scenario with provinces (groups/* arrays).
std::optional<TargetRef> resolve_group_target(const std::string& measure, const std::string& group, const Parameters& p)
{
    const auto infos = result_arrays(p);
    for (std::size_t a = 0; a < infos.size(); ++a) {
        const auto& info = infos[a];
        if (info.dim_names.size() != 3 || info.dim_names[1] != "group") {
            continue;
        }
        const auto& groups = info.dim_labels[0];
        const auto& labels = info.dim_labels[1];
        const auto  m      = std::find(labels.begin(), labels.end(), measure);
        const auto  g      = std::find(groups.begin(), groups.end(), group);
        if (m == labels.end() || g == groups.end()) {
            continue;
        }
        TargetRef ref{TargetRef::Kind::Group, static_cast<int>(g - groups.begin()), static_cast<int>(a),
                      info.units == "share", measure.rfind("new_", 0) == 0};
        ref.measure  = static_cast<int>(m - labels.begin());
        ref.measures = static_cast<int>(labels.size());
        ref.groups   = static_cast<int>(groups.size());
        return ref;
    }
    return std::nullopt;
}

} // namespace

std::optional<TargetRef> resolve_target(const std::string& metric, const Parameters& p, std::string& error)
{
    const auto colon = metric.find(':');
    if (colon == std::string::npos) {
        const int m = metric_index(metric);
        if (m < 0) {
            error = "unknown metric '" + metric + "' (a metric of the study file, or spending:<programme>, "
                    "need:<programme>, served:<programme>, source:<funding source>, exits:<segment>, "
                    "exit_persons:<segment>)";
            return std::nullopt;
        }
        const auto& info = metric_infos()[m];
        return TargetRef{TargetRef::Kind::Metric, m, -1, info.units == "share", info.name.rfind("new_", 0) == 0};
    }
    const std::string kind = metric.substr(0, colon), name = metric.substr(colon + 1);
    if (auto group = resolve_group_target(kind, name, p)) {
        return group;
    }
    if (kind == "source") {
        const int s = source_index(name);
        if (s < 0) {
            error = "unknown funding source '" + name + "'";
            return std::nullopt;
        }
        return TargetRef{TargetRef::Kind::Source, s, result_array_index(p, "budget/spending"), false, true};
    }
    if (kind == "exits" || kind == "exit_persons") {
        for (std::size_t g = 0; g < p.population.segments.size(); ++g) {
            if (p.population.segments[g].name == name) {
                return TargetRef{TargetRef::Kind::Segment, static_cast<int>(g),
                                 result_array_index(p, "registry/" + kind), false, true};
            }
        }
        error = "no registry segment '" + name + "' in this scenario";
        return std::nullopt;
    }
    if (const auto bits = pathway_bits(kind); bits != 0) {
        for (std::size_t g = 0; g < p.population.segments.size(); ++g) {
            if (p.population.segments[g].name == name) {
                return TargetRef{TargetRef::Kind::SegmentPathway, static_cast<int>(g),
                                 result_array_index(p, "registry/exits_by_segment_pathway"), false, true, -1, bits};
            }
        }
        error = "no registry segment '" + name + "' in this scenario";
        return std::nullopt;
    }
    const char* path = kind == "spending"           ? "budget/spending"
                       : kind == "need"             ? "budget/need"
                       : kind == "served"           ? "budget/served"
                       : kind == "served_persons"   ? "budget/served_persons"
                       : kind == "share_registered" ? "budget/served_persons_registered"
                                                    : nullptr;
    if (!path) {
        error = "unknown target kind '" + kind + "' (spending, need, served, served_persons, share_registered, "
                "source, exits, exit_persons, or exits_<pathway> with pathway wages, farm_business, transfers, "
                "safety_net, market or social)";
        return std::nullopt;
    }
    const bool served = kind.rfind("served", 0) == 0;
    for (std::size_t i = 0; i < p.programmes.size(); ++i) {
        if (p.programmes[i].id != name) {
            continue;
        }
        if (kind == "share_registered") { // persons ever registered / persons served, over the years
            return TargetRef{TargetRef::Kind::ShareOf, static_cast<int>(i), result_array_index(p, path), true, false,
                             result_array_index(p, "budget/served_persons")};
        }
        return TargetRef{served ? TargetRef::Kind::Served : TargetRef::Kind::Programme, static_cast<int>(i),
                         result_array_index(p, path), false, true};
    }
    error = "no programme '" + name + "' in this scenario";
    return std::nullopt;
}

double target_value(const Target& target, const TargetRef& ref, const sim::ResultCube& metrics,
                    const std::vector<std::vector<double>>& arrays, const Parameters& p)
{
    const int first = p.scenario.start_year;
    const int last  = last_year(target);
    const std::size_t n_prog = p.programmes.size(), n_src = funding_sources().size();
    const std::size_t n_seg  = p.population.segments.size();
    double sum = 0, denominator = 0;
    for (int year = target.year; year <= last; ++year) {
        const auto y = static_cast<std::size_t>(year - first);
        switch (ref.kind) {
        case TargetRef::Kind::Metric: sum += metrics(ref.index, static_cast<Eigen::Index>(y)); break;
        case TargetRef::Kind::Programme:
            for (std::size_t s = 0; s < n_src; ++s) {
                sum += arrays[ref.array][(y * n_prog + ref.index) * n_src + s];
            }
            break;
        case TargetRef::Kind::Served: sum += arrays[ref.array][y * n_prog + ref.index]; break;
        case TargetRef::Kind::Source:
            for (std::size_t k = 0; k < n_prog; ++k) {
                sum += arrays[ref.array][(y * n_prog + k) * n_src + ref.index];
            }
            break;
        case TargetRef::Kind::Segment: sum += arrays[ref.array][y * n_seg + ref.index]; break;
        case TargetRef::Kind::ShareOf:
            sum += arrays[ref.array][y * n_prog + ref.index];
            denominator += arrays[ref.denominator][y * n_prog + ref.index];
            break;
        case TargetRef::Kind::Group:
            sum += arrays[ref.array][(y * static_cast<std::size_t>(ref.groups) + static_cast<std::size_t>(ref.index)) *
                                         static_cast<std::size_t>(ref.measures) +
                                     static_cast<std::size_t>(ref.measure)];
            break;
        case TargetRef::Kind::SegmentPathway:
            for (int k = 0; k < pathway_count; ++k) {
                sum += (ref.pathways >> k & 1u) ? arrays[ref.array][(y * n_seg + ref.index) * pathway_count + k] : 0.0;
            }
            break;
        }
    }
    if (ref.kind == TargetRef::Kind::ShareOf) {
        return denominator > 0 ? sum / denominator : 0.0;
    }
    return sum;
}

double allowed_miss(const Target& target, const TargetRef& ref)
{
    const bool absolute = ref.share || target.value == 0.0;
    return absolute ? target.tolerance : target.tolerance * std::abs(target.value);
}

double miss(const Target& target, double mean)
{
    const double d = mean - target.value;
    if (std::isnan(d)) {
        return d; // a value the study file lacks never passes
    }
    switch (target.compare) {
    case TargetCompare::AtLeast: return std::min(d, 0.0);
    case TargetCompare::AtMost: return std::max(d, 0.0);
    case TargetCompare::About: break;
    }
    return d;
}

bool within_tolerance(const Target& target, const TargetRef& ref, double simulated)
{
    return std::abs(miss(target, simulated)) <= allowed_miss(target, ref) + 1e-9;
}

bool band_meets(const Target& target, double p05, double p95)
{
    // Rounding must not push a documented value out of a band it sits on (e.g. P5 = P95).
    const double eps = 1e-9 * std::max(1.0, std::abs(target.value));
    const bool reaches_up = p95 >= target.value - eps, reaches_down = p05 <= target.value + eps;
    switch (target.compare) {
    case TargetCompare::AtLeast: return reaches_up;
    case TargetCompare::AtMost: return reaches_down;
    case TargetCompare::About: break;
    }
    return reaches_up && reaches_down;
}

TargetError target_error(const Target& target, double mean)
{
    const double m = miss(target, mean);
    if (target.value == 0.0) {
        return {m, true};
    }
    return {m / std::abs(target.value), false};
}

} // namespace povsim::models
