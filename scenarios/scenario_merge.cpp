#include "scenarios/scenario_merge.h"

#include "scenarios/catalog.h"
#include "scenarios/toml_guard.h"
#include "scenarios/toml_limits.h"
#include "scenarios/toml_reader.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace povsim::scenarios::detail {

namespace {

namespace fs = std::filesystem;

const std::string set_source = "--set";

/// The files of the extends chain so far, to detect cycles (by canonical path) and name them.
struct ExtendsChain {
    std::vector<fs::path>    identities;
    std::vector<std::string> names;
};

std::optional<toml::table> parse_text(std::string_view text, const std::string& name, IssueList& issues)
{
    if (const auto breach = exceeds_limits(text)) {
        toml::source_region where{};
        where.path  = std::make_shared<const std::string>(name);
        where.begin = {static_cast<toml::source_index>(breach->line), breach->line > 0 ? 1u : 0u};
        issues.add(where, "", breach->message + "; not parsed");
        return std::nullopt;
    }
    if (const auto hazard = parser_hazard(text)) { // what toml++ 3.3 cannot parse safely
        toml::source_region where{};
        where.path  = std::make_shared<const std::string>(name);
        where.begin = {static_cast<toml::source_index>(hazard->line), static_cast<toml::source_index>(hazard->column)};
        issues.add(where, hazard->key, hazard->message + "; not parsed");
        return std::nullopt;
    }
    try {
        return toml::parse(text, std::string_view(name));
    } catch (const toml::parse_error& error) {
        issues.add(error.source(), "", std::string(error.description()));
        return std::nullopt;
    }
}

fs::path identity(const fs::path& file)
{
    std::error_code error;
    fs::path        canonical = fs::weakly_canonical(file, error);
    return error ? file.lexically_normal() : canonical;
}

} // namespace

std::optional<std::string> read_file_text(const std::filesystem::path& file)
{
    std::error_code error;
    if (!fs::is_regular_file(file, error))
        return std::nullopt;
    // Read one byte past the limit at most: parse_text then refuses it without holding a huge file.
    std::ifstream in(file, std::ios::binary);
    const auto    size = fs::file_size(file, error);
    std::string   text(std::min<std::uintmax_t>(error ? max_scenario_bytes : size, max_scenario_bytes) + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad())
        return std::nullopt;
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

namespace {

std::optional<toml::table> resolve(std::string_view text, const std::string& name, ExtendsChain& chain,
                                   IssueList& issues)
{
    std::optional<toml::table> doc = parse_text(text, name, issues);
    if (!doc)
        return std::nullopt;
    const toml::node* extends = doc->get("extends");
    if (extends == nullptr)
        return doc;
    const auto* target_name = extends->as_string();
    if (target_name == nullptr) {
        issues.add(extends->source(), "extends", "expected a string (a file name), got " + type_name(*extends));
        return std::nullopt;
    }
    // A path relative to this file, or, like the command line, a built-in name ("jinghe").
    fs::path target = (fs::path(name).parent_path() / target_name->get()).lexically_normal();
    if (!fs::exists(target)) {
        target = builtin_path(target_name->get()).value_or(target);
    }
    const std::string target_text = target.generic_string();
    const fs::path    target_id   = identity(target);
    if (std::find(chain.identities.begin(), chain.identities.end(), target_id) != chain.identities.end()) {
        std::string cycle;
        for (const std::string& file : chain.names)
            cycle += file + " -> ";
        issues.add(extends->source(), "extends", "extends cycle: " + cycle + target_text);
        return std::nullopt;
    }
    const std::optional<std::string> base_text = read_file_text(target);
    if (!base_text) {
        issues.add(extends->source(), "extends",
                   "cannot read extended file '" + target_text + "' (a path relative to this file, or a built-in " +
                       "scenario name as `povsim list` shows)" + nearest_builtin(target_name->get()));
        return std::nullopt;
    }
    chain.identities.push_back(target_id);
    chain.names.push_back(target_text);
    std::optional<toml::table> base = resolve(*base_text, target_text, chain, issues);
    if (!base) { // name the file given too, unless an issue already does (a cycle lists the chain)
        const bool named = std::any_of(issues.issues().begin(), issues.issues().end(), [&](const ScenarioIssue& i) {
            return i.file == name || i.message.find(name) != std::string::npos;
        });
        if (!named) {
            issues.add(extends->source(), "extends", "the extended file '" + target_text + "' is not valid (see its issues)");
        }
        return std::nullopt;
    }
    doc->erase("extends");
    // A display name belongs to one file: a variant without its own title must not show its base's.
    const auto* child_scenario = doc->get_as<toml::table>("scenario");
    if (auto* base_scenario = base->get_as<toml::table>("scenario");
        base_scenario && !(child_scenario && child_scenario->contains("title")))
        base_scenario->erase("title");
    merge_over(*base, std::move(*doc));
    return base;
}

// A distribution table ({ dist = ..., ... }) is one value: merging a normal over a uniform key
// by key would leave a mix of both kinds' parameters.
bool is_distribution(const toml::node& node)
{
    const toml::table* table = node.as_table();
    return table != nullptr && table->contains("dist");
}

/// Replaces (or inserts) @p key in @p table by moving @p node, so both keep their source.
void move_into(toml::table& table, const toml::key& key, toml::node& node)
{
    table.erase(key.str()); // so the key's own position is the new one too
    node.visit([&](auto& concrete) { table.insert(key, std::move(concrete)); });
}

/// A table that names "--set" as its source, for tables an override creates.
toml::table make_set_table()
{
    toml::table doc = toml::parse("[t]", std::string_view(set_source));
    return std::move(*doc.get_as<toml::table>("t"));
}

/// `v = <text>` as TOML; otherwise the text as a string, so `--set scenario.name=foo` works unquoted.
std::optional<toml::table> parse_set_value(std::string_view text)
{
    // Text the parser cannot read safely (too deep, or scenarios/toml_guard.h) is taken as a
    // string, like text it refuses.
    if (const std::string source = "v = " + std::string(text); !exceeds_limits(source) && !parser_hazard(source)) {
        try {
            toml::table doc = toml::parse(source, std::string_view(set_source));
            if (doc.size() == 1 && doc.contains("v"))
                return doc;
        } catch (const toml::parse_error&) {
        }
    }
    toml::table as_string;
    as_string.insert("v", std::string(text));
    std::ostringstream formatted;
    formatted << toml::toml_formatter{as_string};
    try {
        if (parser_hazard(formatted.str()))
            return std::nullopt;
        return toml::parse(formatted.str(), std::string_view(set_source));
    } catch (const toml::parse_error&) {
        return std::nullopt; // e.g. invalid UTF-8
    }
}

bool parse_index(std::string_view text, std::size_t& index)
{
    return is_digits(text) && std::from_chars(text.data(), text.data() + text.size(), index).ec == std::errc{};
}

std::string_view trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> split_path(std::string_view path)
{
    std::vector<std::string> segments;
    std::size_t              start = 0;
    for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', start)) {
        segments.emplace_back(trim(path.substr(start, dot - start)));
        start = dot + 1;
    }
    segments.emplace_back(trim(path.substr(start)));
    return segments;
}

/// Sets @p segments to the "v" node of @p holder, creating tables on the way.
void apply_one(toml::table& root, const std::string& path, const std::vector<std::string>& segments,
               toml::table& holder, IssueList& issues)
{
    toml::node&               value   = *holder.get("v");
    const toml::source_region where   = value.source();
    toml::node*               current = &root;
    std::string               walked;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string& segment = segments[i];
        const bool         last    = i + 1 == segments.size();
        if (toml::table* table = current->as_table()) {
            if (last) {
                move_into(*table, toml::key(segment, where), value);
                return;
            }
            toml::node* next = table->get(segment);
            if (next == nullptr)
                next = &table->insert(toml::key(segment, where), make_set_table()).first->second;
            current = next;
        } else if (toml::array* array = current->as_array()) {
            std::size_t index = 0;
            if (!parse_index(segment, index) || index >= array->size()) {
                issues.add(where, path,
                           "'" + segment + "' is not an index of '" + walked + "' (" + std::to_string(array->size()) +
                               " entries, counted from 0)");
                return;
            }
            if (last) {
                value.visit([&](auto& concrete) {
                    array->replace(array->cbegin() + static_cast<std::ptrdiff_t>(index), std::move(concrete));
                });
                return;
            }
            current = array->get(index);
        } else {
            issues.add(where, path, "'" + walked + "' is " + type_name(*current) + ", not a table or an array");
            return;
        }
        walked += (walked.empty() ? "" : ".") + segment;
    }
}

} // namespace

std::optional<toml::table> read_with_extends(std::string_view text, const std::string& name, IssueList& issues,
                                             std::vector<std::string>* files)
{
    ExtendsChain               chain{{identity(name)}, {name}};
    std::optional<toml::table> root = resolve(text, name, chain, issues);
    if (files != nullptr)
        files->assign(chain.names.rbegin(), chain.names.rend());
    return root;
}

const std::string& set_source_name()
{
    return set_source;
}

void merge_over(toml::table& base, toml::table&& overlay)
{
    for (auto&& [key, node] : overlay) {
        toml::node* existing = base.get(key.str());
        if (existing != nullptr && existing->is_table() && node.is_table() && !is_distribution(*existing) &&
            !is_distribution(node))
            merge_over(*existing->as_table(), std::move(*node.as_table()));
        else
            move_into(base, key, node);
    }
}

void apply_overrides(toml::table* root, const std::vector<std::string>& overrides, IssueList& issues)
{
    toml::source_region command_line{}; // no line: the problem is the argument itself
    command_line.path = std::make_shared<const std::string>(set_source);
    for (const std::string& text : overrides) {
        const std::size_t equals = text.find('=');
        if (equals == std::string::npos) {
            issues.add(command_line, text, "expected dotted.key=value");
            continue;
        }
        const std::string              path     = std::string(trim(std::string_view(text).substr(0, equals)));
        const std::vector<std::string> segments = split_path(path);
        if (std::any_of(segments.begin(), segments.end(), [](const std::string& s) { return s.empty(); })) {
            issues.add(command_line, path, "empty key segment (expected dotted.key=value)");
            continue;
        }
        // A new programme needs several keys, so an id one letter off an existing one is a typo.
        if (const auto* programmes = root ? root->get_as<toml::table>("programmes") : nullptr;
            programmes && segments.size() >= 2 && segments[0] == "programmes" && !programmes->contains(segments[1])) {
            std::vector<std::string> ids;
            for (const auto& [id, node] : *programmes)
                ids.emplace_back(id.str());
            if (const auto hint = did_you_mean(segments[1], ids); !hint.empty()) {
                issues.add(command_line, path, "no programme '" + segments[1] + "' in the scenario" + hint);
                continue;
            }
        }
        std::optional<toml::table> holder = parse_set_value(trim(std::string_view(text).substr(equals + 1)));
        if (!holder) {
            issues.add(command_line, path, "value is neither TOML nor valid UTF-8 text");
            continue;
        }
        if (root != nullptr)
            apply_one(*root, path, segments, *holder, issues);
    }
}

} // namespace povsim::scenarios::detail
