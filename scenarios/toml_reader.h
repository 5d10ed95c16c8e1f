#pragma once
// A key-tracking reader over one toml::table. Every field of a table is read through it
// exactly once, and the reader remembers each key it was asked for: whatever is left in the
// table at finish() is an unknown key (usually a typo), reported with the closest known key.
// So the schema is written once, as the sequence of reads, and there is no second key list to
// keep in sync. All problems go to an IssueList instead of throwing, so that one pass over a
// file finds every issue. Internal to the loader (namespace detail).
#include "models/parameters.h"
#include "scenarios/did_you_mean.h"
#include "scenarios/scenario_loader.h"

#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace povsim::scenarios::detail {

/// @brief The interval a number must lie in: [lo, hi], or (lo, hi] when @ref lo_open.
struct Range {
    double lo      = -std::numeric_limits<double>::infinity();
    double hi      = std::numeric_limits<double>::infinity();
    bool   lo_open = false; ///< strictly greater than lo (e.g. shapes and medians > 0)

    /// @return true if @p v is finite and inside the interval
    bool contains(double v) const;
    /// @return the interval as written in messages, e.g. "[0, 1]", ">= 0", "> 0"
    std::string describe() const;
};

/// @brief Years a year-valued key may take (both inclusive).
struct YearSpan {
    int first = 0;
    int last  = 0;
};

/// @brief Whether a missing key is an issue.
enum class Need : std::uint8_t { Optional, Required };

/// @brief Collects issues; positions come from toml++ source regions.
class IssueList {
  public:
    /// @param[in] fallback_file named by issues whose node carries no source path
    explicit IssueList(std::string fallback_file) : m_fallback_file(std::move(fallback_file)) {}

    /// @brief Records an issue at @p where (line/column 0 when the region is empty).
    void add(const toml::source_region& where, std::string key, std::string message);
    /// @return the issues found so far
    const std::vector<ScenarioIssue>& issues() const { return m_issues; }
    /// @return true if nothing was found
    bool empty() const { return m_issues.empty(); }

  private:
    std::string                m_fallback_file;
    std::vector<ScenarioIssue> m_issues;
};

/// @brief Reads the fields of one table into typed values, validating type and range.
/// Each read returns true when @p out holds a valid value afterwards (the default when the key
/// is absent and optional), false when an issue was recorded; cross-field checks use it to
/// avoid follow-on noise.
class TableReader {
  public:
    /// @param[in] table  the table, or nullptr when absent (every read then keeps the default)
    /// @param[in] path   dotted path of the table ("" for the root)
    /// @param[in] where  where missing keys are reported (the table's header)
    /// @param[in] issues sink for problems
    TableReader(const toml::table* table, std::string path, toml::source_region where, IssueList& issues);

    /// @brief A number inside @p range; integers are accepted.
    bool read(std::string_view key, double& out, Range range = {}, Need need = Need::Optional);
    /// @brief An integer inside @p range; floats are rejected (3.0 households is a typo, not a count).
    bool read(std::string_view key, int& out, Range range = {}, Need need = Need::Optional);
    /// @brief A non-negative integer (seeds).
    bool read(std::string_view key, std::uint64_t& out, Need need = Need::Optional);
    /// @brief A boolean.
    bool read(std::string_view key, bool& out, Need need = Need::Optional);
    /// @brief A string (UTF-8).
    bool read(std::string_view key, std::string& out, Need need = Need::Optional);
    /// @brief A string that must be one of @p choices.
    bool read_choice(std::string_view key, std::string& out, std::span<const std::string_view> choices,
                     Need need = Need::Optional);
    /// @brief An integer year inside @p years ("year outside the horizon" otherwise).
    bool read_year(std::string_view key, int& out, YearSpan years, Need need = Need::Optional);
    /// @brief A number or a distribution table; @p range is checked and stored as the clamp bounds.
    bool read(std::string_view key, models::Uncertain& out, Range range);
    /// @brief A `{ year = value }` table plus its sibling `<key>_growth_after` (range −0.5..1).
    bool read(std::string_view key, models::YearTable& out, YearSpan years, Range values, Need need = Need::Optional);
    /// @brief A `{ year = value }` table alone: no `<key>_growth_after` sibling is read.
    bool read_by_year(std::string_view key, models::YearTable& out, YearSpan years, Range values,
                      Need need = Need::Optional);
    /// @brief An array of numbers, each inside @p range; issues name the element (`key[2]`).
    bool read(std::string_view key, std::vector<double>& out, Range range, Need need = Need::Optional);
    /// @brief An array of strings; @p check returns "" for a valid word, else the message, which is
    /// reported at the element itself (`key[2]`, its own line and column).
    bool read(std::string_view key, std::vector<std::string>& out,
              const std::function<std::string(const std::string&)>& check = {}, Need need = Need::Optional);

    /// @return true if the table has @p key (does not count as a read)
    bool has(std::string_view key) const;
    /// @brief Marks @p key as read when present, for keys handled elsewhere or rejected by the caller.
    /// @return true if the table has @p key
    bool claim(std::string_view key);
    /// @brief Visits every entry as @p fn(const toml::key&, const toml::node&), in key order, for
    /// tables whose keys are names chosen by the writer (programme ids, funding sources); each key
    /// counts as read, so the caller validates the names and reads the values by key.
    template <class Fn> void each(Fn&& fn);

    /// @brief Reads the sub-table @p key with @p fn(TableReader&), then reports its unknown keys.
    /// An absent table is read as empty (defaults, required keys reported); a non-table is an issue.
    template <class Fn> void table(std::string_view key, Fn&& fn);
    /// @brief Reads each table of the array of tables @p key with @p fn(TableReader&, index).
    /// @return false if an issue was recorded for the array itself (missing, empty, not an array)
    template <class Fn> bool array(std::string_view key, Need need, Fn&& fn);
    /// @brief The same for an optional array.
    template <class Fn> bool array(std::string_view key, Fn&& fn) { return array(key, Need::Optional, fn); }

    /// @brief Records an issue at @p key's node (or at this table when the key is absent).
    void issue(std::string_view key, std::string message);
    /// @brief Records an issue at the key itself, for keys that are names (programme ids, sources).
    void issue(const toml::key& key, std::string message);
    /// @brief Records an issue about this table as a whole.
    void issue_here(std::string message);
    /// @return the dotted path of @p key in this table
    std::string path_of(std::string_view key) const;
    /// @brief Reports every key of the table that no read asked for.
    void finish();

  private:
    const toml::node* find(std::string_view key);
    bool              missing(std::string_view key, Need need);
    void              wrong_type(std::string_view key, const toml::node& node, std::string_view expected);
    bool              read_number(std::string_view key, double& out, Range range, Need need, bool integer_only);
    bool        read_distribution(std::string_view key, const toml::table& spec, models::Uncertain& out, Range range);
    TableReader child(const toml::table* table, std::string path, toml::source_region where);

    template <class Item> bool read_items(std::string_view key, std::string_view expected, Need need, Item&& item);

    const toml::table*    m_table;
    std::string           m_path;
    toml::source_region   m_where;
    IssueList*            m_issues;
    std::set<std::string> m_known; ///< every key a read asked for, present or not (for hints)
};

/// @return true if @p text is non-empty and only ASCII letters, digits, '_' and '-' (a TOML bare key)
bool is_bare_key(std::string_view text);
/// @return true if @p text is non-empty and only ASCII digits (a year or an array index)
bool is_digits(std::string_view text);
/// @return @p v written as short as it round-trips (3146, 0.06)
std::string format_number(double v);
/// @return the TOML type of @p node in words ("a string", "a floating-point number", …)
std::string type_name(const toml::node& node);

// ---- templates ----------------------------------------------------------------------------

template <class Fn> void TableReader::table(std::string_view key, Fn&& fn)
{
    const toml::node* node = find(key);
    if (node == nullptr) {
        TableReader absent = child(nullptr, path_of(key), m_where);
        fn(absent);
        return;
    }
    const toml::table* sub = node->as_table();
    if (sub == nullptr) {
        wrong_type(key, *node, "a table");
        return;
    }
    TableReader reader = child(sub, path_of(key), sub->source());
    fn(reader);
    reader.finish();
}

template <class Fn> void TableReader::each(Fn&& fn)
{
    if (m_table == nullptr)
        return;
    for (auto&& [key, node] : *m_table) {
        m_known.emplace(key.str());
        fn(key, node);
    }
}

template <class Fn> bool TableReader::array(std::string_view key, Need need, Fn&& fn)
{
    const toml::node* node = find(key);
    if (node == nullptr)
        return !missing(key, need);
    const toml::array* items = node->as_array();
    if (items == nullptr) {
        wrong_type(key, *node, "an array of tables");
        return false;
    }
    if (items->empty() && need == Need::Required) {
        issue(key, "needs at least one entry");
        return false;
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        const toml::node&  item      = *items->get(i);
        const std::string  item_path = path_of(key) + "[" + std::to_string(i) + "]";
        const toml::table* entry     = item.as_table();
        if (entry == nullptr) {
            m_issues->add(item.source(), item_path, "expected a table, got " + type_name(item));
            continue;
        }
        TableReader reader = child(entry, item_path, entry->source());
        fn(reader, i);
        reader.finish();
    }
    return true;
}

} // namespace povsim::scenarios::detail
