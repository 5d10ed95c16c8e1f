#include "scenarios/toml_writer.h"

#include "scenarios/toml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace povsim::scenarios::detail {

namespace {

std::string key_text(std::string_view key)
{
    if (is_bare_key(key))
        return std::string(key);
    std::ostringstream quoted;
    quoted << toml::toml_formatter{toml::value<std::string>{std::string(key)}};
    return quoted.str();
}

std::string float_text(double v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    char              buf[64];
    const auto        end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    const std::string text(buf, end);
    // Keep it a float in TOML: 3146.0, not the integer 3146.
    return text.find_first_of(".eE") == std::string::npos ? text + ".0" : text;
}

/// A table written under its own [header] rather than inline.
bool is_table_block(const toml::node& node)
{
    const toml::table* table = node.as_table();
    return table != nullptr && !table->is_inline();
}

/// An array written as [[header]] blocks: every element a table, none written inline.
bool is_table_array_block(const toml::node& node)
{
    const toml::array* array = node.as_array();
    return array != nullptr && !array->empty() &&
           std::all_of(array->begin(), array->end(), [](const toml::node& item) { return is_table_block(item); });
}

void write_inline(std::ostream& out, const toml::node& node)
{
    if (const auto* floating = node.as_floating_point()) {
        out << float_text(floating->get());
    } else if (const toml::array* array = node.as_array()) {
        out << '[';
        for (std::size_t i = 0; i < array->size(); ++i) {
            out << (i == 0 ? "" : ", ");
            write_inline(out, *array->get(i));
        }
        out << ']';
    } else if (const toml::table* table = node.as_table()) {
        out << '{';
        bool first = true;
        for (auto&& [key, value] : *table) {
            out << (first ? " " : ", ") << key_text(key.str()) << " = ";
            write_inline(out, value);
            first = false;
        }
        out << (first ? "}" : " }");
    } else {
        out << toml::toml_formatter{node};
    }
}

void write_header(std::ostream& out, std::string_view open, const std::string& path, std::string_view close)
{
    if (out.tellp() > 0)
        out << '\n';
    out << open << path << close << '\n';
}

void write_table(std::ostream& out, const toml::table& table, const std::string& path)
{
    const auto child_path = [&](const toml::key& key) {
        return path.empty() ? key_text(key.str()) : path + "." + key_text(key.str());
    };
    for (auto&& [key, value] : table) {
        if (!is_table_block(value) && !is_table_array_block(value)) {
            out << key_text(key.str()) << " = ";
            write_inline(out, value);
            out << '\n';
        }
    }
    for (auto&& [key, value] : table) {
        if (is_table_block(value)) {
            // [population] alone says nothing when only [population.x] / [[population.y]] follow.
            const toml::table& child = *value.as_table();
            if (child.empty() || !std::all_of(child.begin(), child.end(), [](auto&& entry) {
                    return is_table_block(entry.second) || is_table_array_block(entry.second);
                }))
                write_header(out, "[", child_path(key), "]");
            write_table(out, child, child_path(key));
        }
    }
    for (auto&& [key, value] : table) {
        if (is_table_array_block(value)) {
            for (const toml::node& item : *value.as_array()) {
                write_header(out, "[[", child_path(key), "]]");
                write_table(out, *item.as_table(), child_path(key));
            }
        }
    }
}

} // namespace

std::string write_toml(const toml::table& root)
{
    std::ostringstream out;
    write_table(out, root, "");
    return out.str();
}

} // namespace povsim::scenarios::detail
