#include "scenarios/scenario_diff.h"

#include "scenarios/toml_reader.h"

#include <toml++/toml.h>

#include <map>
#include <sstream>

namespace povsim::scenarios {

namespace {

using Leaves = std::map<std::string, std::string>;

std::string value_text(const toml::node& node)
{
    std::ostringstream os;
    node.visit([&](const auto& v) {
        if constexpr (toml::is_floating_point<decltype(v)>) {
            // 0.8, not 0.80000000000000004; 2.0 stays a float
            const auto text = detail::format_number(v.get());
            os << text << (text.find_first_of(".eEn") == std::string::npos ? ".0" : "");
        } else if constexpr (toml::is_table<decltype(v)>) {
            os << toml::toml_formatter(v, toml::format_flags::none);
        } else {
            os << v;
        }
    });
    return os.str();
}

/// Tables and arrays of tables are walked down to their leaves; an array of values is one leaf.
void flatten(const toml::node& node, const std::string& key, Leaves& out)
{
    if (const auto* table = node.as_table()) {
        for (const auto& [k, child] : *table) {
            flatten(child, key.empty() ? std::string(k.str()) : key + "." + std::string(k.str()), out);
        }
        return;
    }
    if (const auto* array = node.as_array(); array && array->is_array_of_tables()) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            flatten(*array->get(i), key + "[" + std::to_string(i) + "]", out);
        }
        return;
    }
    out[key] = value_text(node);
}

Leaves leaves_of(const LoadedScenario& s)
{
    Leaves out;
    flatten(toml::parse(s.resolved_toml, std::string_view(s.source_file)), "", out);
    return out;
}

} // namespace

std::vector<KeyChange> diff_scenarios(const LoadedScenario& a, const LoadedScenario& b)
{
    const auto la = leaves_of(a), lb = leaves_of(b);
    std::vector<KeyChange> out;
    auto ia = la.begin();
    auto ib = lb.begin();
    // Both maps are sorted by key: one merge pass finds changed, removed and added keys.
    while (ia != la.end() || ib != lb.end()) {
        if (ib == lb.end() || (ia != la.end() && ia->first < ib->first)) {
            out.push_back({ia->first, ia->second, ""});
            ++ia;
        } else if (ia == la.end() || ib->first < ia->first) {
            out.push_back({ib->first, "", ib->second});
            ++ib;
        } else {
            if (ia->second != ib->second) {
                out.push_back({ia->first, ia->second, ib->second});
            }
            ++ia, ++ib;
        }
    }
    return out;
}

} // namespace povsim::scenarios
