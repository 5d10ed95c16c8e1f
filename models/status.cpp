#include "models/status.h"

#include <array>
#include <utility>

namespace povsim::models {
namespace {
constexpr std::array<std::pair<Cause, std::string_view>, 8> cause_names = {{
    {Cause::Other, "other"},
    {Cause::Illness, "illness"},
    {Cause::Disability, "disability"},
    {Cause::Labour, "labour"},
    {Cause::Skills, "skills"},
    {Cause::Capital, "capital"},
    {Cause::Disaster, "disaster"},
    {Cause::Schooling, "schooling"},
}};
} // namespace

std::string_view pathway_name(Pathway p)
{
    constexpr std::array<std::string_view, pathway_count> names{"wages", "farm_business", "transfers", "safety_net"};
    return names[static_cast<std::size_t>(p)];
}

std::string_view cause_name(Cause c)
{
    for (const auto& [cause, name] : cause_names) {
        if (cause == c) {
            return name;
        }
    }
    return "other";
}

bool parse_cause(std::string_view name, Cause& out)
{
    for (const auto& [cause, n] : cause_names) {
        if (n == name) {
            out = cause;
            return true;
        }
    }
    return false;
}

} // namespace povsim::models
