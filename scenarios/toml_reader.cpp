#include "scenarios/toml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace povsim::scenarios::detail {

namespace {

constexpr double huge = 1e300; // Uncertain's "unbounded" clamp value

constexpr Range non_negative{0};
constexpr Range positive{0, std::numeric_limits<double>::infinity(), true};

// Digits only: "2017" is a year, "+2017", "2017.5" and "y2017" are not.
bool parse_year(std::string_view text, int& year)
{
    return is_digits(text) && std::from_chars(text.data(), text.data() + text.size(), year).ec == std::errc{};
}

std::string horizon_text(int year, YearSpan years)
{
    return "year " + std::to_string(year) + " outside the horizon " + std::to_string(years.first) + ".." +
           std::to_string(years.last);
}

} // namespace

// ---- Range, helpers ---------------------------------------------------------------------

bool Range::contains(double v) const
{
    return std::isfinite(v) && (lo_open ? v > lo : v >= lo) && v <= hi;
}

std::string Range::describe() const
{
    const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
    if (has_lo && has_hi)
        return std::string("in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) + "]";
    if (has_lo)
        return (lo_open ? "> " : ">= ") + format_number(lo);
    if (has_hi)
        return "<= " + format_number(hi);
    return "finite";
}

bool is_bare_key(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

bool is_digits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string format_number(double v)
{
    if (v == std::trunc(v) && std::abs(v) < 1e15) // whole numbers as written: 1000000, not 1e+06
        return std::to_string(static_cast<long long>(v));
    char       buf[64];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, result.ptr);
}

std::string type_name(const toml::node& node)
{
    switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
    }
    return "nothing";
}

void IssueList::add(const toml::source_region& where, std::string key, std::string message)
{
    m_issues.push_back(ScenarioIssue{where.path ? *where.path : m_fallback_file, static_cast<int>(where.begin.line),
                                     static_cast<int>(where.begin.column), std::move(key), std::move(message)});
}

// ---- TableReader: plumbing ----------------------------------------------------------------

TableReader::TableReader(const toml::table* table, std::string path, toml::source_region where, IssueList& issues)
    : m_table(table), m_path(std::move(path)), m_where(std::move(where)), m_issues(&issues)
{
}

TableReader TableReader::child(const toml::table* table, std::string path, toml::source_region where)
{
    return TableReader(table, std::move(path), std::move(where), *m_issues);
}

const toml::node* TableReader::find(std::string_view key)
{
    m_known.emplace(key);
    return m_table != nullptr ? m_table->get(key) : nullptr;
}

std::string TableReader::path_of(std::string_view key) const
{
    return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

void TableReader::issue(std::string_view key, std::string message)
{
    const toml::node* node = m_table != nullptr ? m_table->get(key) : nullptr;
    m_issues->add(node != nullptr ? node->source() : m_where, path_of(key), std::move(message));
}

void TableReader::issue(const toml::key& key, std::string message)
{
    m_issues->add(key.source(), path_of(key.str()), std::move(message));
}

void TableReader::issue_here(std::string message)
{
    m_issues->add(m_where, m_path, std::move(message));
}

bool TableReader::missing(std::string_view key, Need need)
{
    if (need == Need::Required)
        issue(key, "missing required key");
    return need == Need::Required;
}

void TableReader::wrong_type(std::string_view key, const toml::node& node, std::string_view expected)
{
    m_issues->add(node.source(), path_of(key), "expected " + std::string(expected) + ", got " + type_name(node));
}

void TableReader::finish()
{
    if (m_table == nullptr)
        return;
    const std::vector<std::string> known(m_known.begin(), m_known.end());
    for (auto&& [key, node] : *m_table) {
        if (!m_known.contains(std::string(key.str())))
            m_issues->add(key.source(), path_of(key.str()), "unknown key" + did_you_mean(key.str(), known));
    }
}

// ---- TableReader: scalars -----------------------------------------------------------------

bool TableReader::read_number(std::string_view key, double& out, Range range, Need need, bool integer_only)
{
    const toml::node* node = find(key);
    if (node == nullptr)
        return !missing(key, need);
    double      value = 0;
    std::string text;
    if (const auto* integer = node->as_integer()) {
        value = static_cast<double>(integer->get());
        text  = std::to_string(integer->get());
    } else if (const auto* floating = node->as_floating_point(); floating != nullptr && !integer_only) {
        value = floating->get();
        text  = format_number(value);
    } else {
        wrong_type(key, *node, integer_only ? "an integer" : "a number");
        return false;
    }
    if (!range.contains(value)) {
        issue(key, "value " + text + " out of range: must be " + range.describe());
        return false;
    }
    out = value;
    return true;
}

bool TableReader::read(std::string_view key, double& out, Range range, Need need)
{
    return read_number(key, out, range, need, false);
}

bool TableReader::read(std::string_view key, int& out, Range range, Need need)
{
    double value = out;
    if (!read_number(key, value, range, need, true))
        return false;
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        issue(key, "value " + format_number(value) + " out of range: too large for a count or a year");
        return false;
    }
    out = static_cast<int>(value);
    return true;
}

bool TableReader::read(std::string_view key, std::uint64_t& out, Need need)
{
    const toml::node* node = find(key);
    if (node == nullptr)
        return !missing(key, need);
    const auto* integer = node->as_integer();
    if (integer == nullptr) {
        wrong_type(key, *node, "a non-negative integer");
        return false;
    }
    if (integer->get() < 0) {
        issue(key, "value " + std::to_string(integer->get()) + " out of range: must be >= 0");
        return false;
    }
    out = static_cast<std::uint64_t>(integer->get());
    return true;
}

bool TableReader::read(std::string_view key, bool& out, Need need)
{
    const toml::node* node = find(key);
    if (node == nullptr)
        return !missing(key, need);
    if (const auto* boolean = node->as_boolean()) {
        out = boolean->get();
        return true;
    }
    wrong_type(key, *node, "a boolean");
    return false;
}

bool TableReader::read(std::string_view key, std::string& out, Need need)
{
    const toml::node* node = find(key);
    if (node == nullptr)
        return !missing(key, need);
    if (const auto* text = node->as_string()) {
        out = text->get();
        return true;
    }
    wrong_type(key, *node, "a string");
    return false;
}

bool TableReader::read_choice(std::string_view key, std::string& out, std::span<const std::string_view> choices,
                              Need need)
{
    std::string value = out;
    if (!read(key, value, need))
        return false;
    if (std::find(choices.begin(), choices.end(), value) != choices.end()) {
        out = std::move(value);
        return true;
    }
    const std::vector<std::string> names(choices.begin(), choices.end());
    std::string                    list;
    for (const std::string& name : names)
        list += (list.empty() ? "" : ", ") + name;
    issue(key, "'" + value + "' is not one of " + list + did_you_mean(value, names));
    return false;
}

bool TableReader::read_year(std::string_view key, int& out, YearSpan years, Need need)
{
    int year = out;
    if (!read(key, year, Range{}, need))
        return false;
    if (find(key) != nullptr && (year < years.first || year > years.last)) {
        issue(key, horizon_text(year, years));
        return false;
    }
    out = year;
    return true;
}

// ---- TableReader: Uncertain and YearTable --------------------------------------------------

bool TableReader::read(std::string_view key, models::Uncertain& out, Range range)
{
    // The clamp bounds are set even for defaults, so every Uncertain carries its valid range.
    out.lo = std::isfinite(range.lo) ? (range.lo_open ? std::nextafter(range.lo, huge) : range.lo) : -huge;
    out.hi = std::isfinite(range.hi) ? range.hi : huge;
    const toml::node* node = find(key);
    if (node == nullptr)
        return true;
    if (node->is_number()) {
        double value = 0;
        if (!read(key, value, range))
            return false;
        out.dist = models::Uncertain::Dist::Fixed;
        out.a = value, out.b = 0, out.c = 0;
        return true;
    }
    if (const toml::table* spec = node->as_table())
        return read_distribution(key, *spec, out, range);
    wrong_type(key, *node, "a number or a distribution table such as { dist = \"uniform\", low = 0, high = 1 }");
    return false;
}

bool TableReader::read_distribution(std::string_view key, const toml::table& spec, models::Uncertain& out, Range range)
{
    using Dist                                = models::Uncertain::Dist;
    static constexpr std::string_view kinds[] = {"uniform", "normal", "lognormal", "beta", "triangular"};
    TableReader                       d       = child(&spec, path_of(key), spec.source());
    std::string                       kind;
    if (!d.read_choice("dist", kind, kinds, Need::Required))
        return false; // the other keys depend on the kind, so reporting them as unknown would be noise
    bool              ok = true;
    models::Uncertain u; // a, b, c start at 0 so unused parameters of the kind stay 0
    u.lo = out.lo, u.hi = out.hi;
    if (kind == "uniform" || kind == "triangular") {
        u.dist = kind == "uniform" ? Dist::Uniform : Dist::Triangular;
        ok &= d.read("low", u.a, range, Need::Required);
        ok &= d.read("high", u.b, range, Need::Required);
        ok &= u.dist != Dist::Triangular || d.read("mode", u.c, range, Need::Required);
        if (ok && u.a > u.b) {
            d.issue("high", "high " + format_number(u.b) + " below low " + format_number(u.a));
            ok = false;
        } else if (ok && u.dist == Dist::Triangular && (u.c < u.a || u.c > u.b)) {
            d.issue("mode", "mode " + format_number(u.c) + " outside [low, high]");
            ok = false;
        }
    } else if (kind == "normal") {
        u.dist = Dist::Normal;
        ok &= d.read("mean", u.a, range, Need::Required);
        ok &= d.read("sd", u.b, non_negative, Need::Required);
    } else if (kind == "lognormal") {
        u.dist               = Dist::LogNormal;
        const bool median_ok = d.read("median", u.a, range, Need::Required);
        if (median_ok && u.a <= 0)
            d.issue("median", "value " + format_number(u.a) + " out of range: a lognormal median must be > 0");
        ok &= median_ok && u.a > 0;
        ok &= d.read("sigma", u.b, non_negative, Need::Required);
    } else {
        u.dist = Dist::Beta;
        ok &= d.read("alpha", u.a, positive, Need::Required);
        ok &= d.read("beta", u.b, positive, Need::Required);
        if (!range.contains(0) || !range.contains(1)) {
            d.issue("dist", "a beta distribution takes values in [0, 1], but this key must be " + range.describe());
            ok = false;
        }
    }
    d.finish();
    if (ok)
        out = u;
    return ok;
}

bool TableReader::read(std::string_view key, models::YearTable& out, YearSpan years, Range values, Need need)
{
    const bool ok = read(std::string(key) + "_growth_after", out.growth_after, Range{-0.5, 1});
    return read_by_year(key, out, years, values, need) && ok;
}

bool TableReader::read_by_year(std::string_view key, models::YearTable& out, YearSpan years, Range values, Need need)
{
    const toml::node* node = find(key);
    if (node == nullptr)
        return !missing(key, need);
    const toml::table* entries = node->as_table();
    if (entries == nullptr) {
        wrong_type(key, *node, "a table of year = value");
        return false;
    }
    if (entries->empty() && need == Need::Required) {
        issue(key, "needs at least one year = value entry");
        return false;
    }
    std::map<int, double> parsed;
    bool                  entries_ok = true;
    for (auto&& [year_key, value] : *entries) {
        const std::string entry_path = path_of(key) + "." + std::string(year_key.str());
        int               year       = 0;
        if (!parse_year(year_key.str(), year)) {
            m_issues->add(year_key.source(), entry_path, "'" + std::string(year_key.str()) + "' is not a year");
            entries_ok = false;
        } else if (year < years.first || year > years.last) {
            m_issues->add(year_key.source(), entry_path, horizon_text(year, years));
            entries_ok = false;
        } else if (!value.is_number()) {
            m_issues->add(value.source(), entry_path, "expected a number, got " + type_name(value));
            entries_ok = false;
        } else if (const double v = value.value<double>().value_or(0); !values.contains(v)) {
            m_issues->add(value.source(), entry_path,
                          "value " + format_number(v) + " out of range: must be " + values.describe());
            entries_ok = false;
        } else {
            parsed[year] = v;
        }
    }
    if (entries_ok)
        out.values = std::move(parsed);
    return entries_ok;
}

// ---- TableReader: arrays of values and free-form tables --------------------------------------

bool TableReader::has(std::string_view key) const
{
    return m_table != nullptr && m_table->contains(key);
}

bool TableReader::claim(std::string_view key)
{
    if (!has(key))
        return false;
    m_known.emplace(key);
    return true;
}

/// Reads the array @p key, calling @p item(element, element_path) for each element; @p item
/// returns false after recording an issue. The output is only changed when every element is valid.
template <class Item>
bool TableReader::read_items(std::string_view key, std::string_view expected, Need need, Item&& item)
{
    const toml::node* node = find(key);
    if (node == nullptr)
        return !missing(key, need);
    const toml::array* items = node->as_array();
    if (items == nullptr) {
        wrong_type(key, *node, expected);
        return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < items->size(); ++i)
        ok &= item(*items->get(i), path_of(key) + "[" + std::to_string(i) + "]");
    return ok;
}

bool TableReader::read(std::string_view key, std::vector<double>& out, Range range, Need need)
{
    std::vector<double> values;
    const bool ok = read_items(key, "an array of numbers", need, [&](const toml::node& item, std::string path) {
        if (!item.is_number()) {
            m_issues->add(item.source(), std::move(path), "expected a number, got " + type_name(item));
            return false;
        }
        const double v = item.value<double>().value_or(0);
        if (!range.contains(v)) {
            m_issues->add(item.source(), std::move(path),
                          "value " + format_number(v) + " out of range: must be " + range.describe());
            return false;
        }
        values.push_back(v);
        return true;
    });
    if (ok && has(key))
        out = std::move(values);
    return ok;
}

bool TableReader::read(std::string_view key, std::vector<std::string>& out,
                       const std::function<std::string(const std::string&)>& check, Need need)
{
    std::vector<std::string> words;
    const bool ok = read_items(key, "an array of strings", need, [&](const toml::node& item, std::string path) {
        const auto* text = item.as_string();
        if (text == nullptr) {
            m_issues->add(item.source(), std::move(path), "expected a string, got " + type_name(item));
            return false;
        }
        if (std::string problem = check ? check(text->get()) : std::string(); !problem.empty()) {
            m_issues->add(item.source(), std::move(path), std::move(problem));
            return false;
        }
        words.push_back(text->get());
        return true;
    });
    if (ok && has(key))
        out = std::move(words);
    return ok;
}

} // namespace povsim::scenarios::detail
