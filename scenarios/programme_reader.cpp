#include "scenarios/programme_reader.h"

#include "models/eligibility.h"
#include "scenarios/scenario_merge.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <span>
#include <string_view>
#include <tuple>

namespace povsim::scenarios::detail {

namespace {

using models::EffectKind;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr Range  share{0, 1};      // probabilities, ratios, shares, decay
constexpr Range  amount{0};        // yuan, counts
constexpr Range  multiplier{0, 5}; // phase-out and farm income factors
constexpr Range  duration{0, 50};  // years an effect lasts (0 = while eligible)
constexpr Range  term{1, 30};      // years of a loan

// In the order of EffectKind, so a kind's index is its enum value.
constexpr std::string_view kind_names[] = {"grant",        "wage_job",      "top_up", "loan",
                                           "state_change", "reimbursement", "village"};
static_assert(std::size(kind_names) == static_cast<std::size_t>(EffectKind::Village) + 1);
// In the order of models::Pathway less safety_net (which only top-ups reach).
constexpr std::string_view pathway_names[] = {"wages", "farm_business", "transfers"};

constexpr std::string_view unit_names[]     = {"households", "persons", "villages"};
constexpr std::string_view priority_names[] = {"gap", "least_gap", "random"};
constexpr std::string_view household_sets[] = {"housing_safe", "water_safe", "insured", "dropout_fixed", "relocated"};
constexpr std::string_view village_sets[]   = {"infrastructure", "water_safe"};

std::string_view name_of(EffectKind kind)
{
    return kind_names[static_cast<std::size_t>(kind)];
}

std::string list_of(std::span<const std::string_view> words)
{
    std::string text;
    for (std::string_view word : words)
        text += (text.empty() ? "" : ", ") + std::string(word);
    return text;
}

std::string text_of(double v)
{
    return format_number(std::round(v * 1e9) / 1e9); // sums print as 1.1, not 1.1000000000000001
}

/// "" when @p word is one of @p choices, else the message with a hint.
std::string check_choice(const std::string& word, std::span<const std::string_view> choices, std::string_view what)
{
    if (std::find(choices.begin(), choices.end(), word) != choices.end())
        return {};
    const std::vector<std::string> names(choices.begin(), choices.end());
    return "'" + word + "' is not one of " + list_of(choices) + " " + std::string(what) + did_you_mean(word, names);
}

/// "" for a name of models::funding_sources(), else the message with a hint and the allowed names.
std::string check_source(const std::string& name)
{
    const std::vector<std::string>& sources = models::funding_sources();
    if (std::find(sources.begin(), sources.end(), name) != sources.end())
        return {};
    std::string allowed;
    for (const std::string& source : sources)
        allowed += (allowed.empty() ? "" : ", ") + source;
    return "unknown funding source '" + name + "'" + did_you_mean(name, sources) + "; allowed: " + allowed;
}

bool is_programme_id(std::string_view id)
{
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

// ---- [programmes.<id>.effect] ---------------------------------------------------------------
// One row per effect key: the kinds it applies to and how it is read. A key of another kind is
// reported as not applying (rather than unknown), and the "takes" list in that message comes
// from the same rows, so the schema of each kind is written once.

constexpr unsigned bit(EffectKind kind)
{
    return 1U << static_cast<unsigned>(kind);
}
constexpr unsigned grant = bit(EffectKind::Grant), wage_job = bit(EffectKind::WageJob), top_up = bit(EffectKind::TopUp),
                   loan = bit(EffectKind::Loan), state_change = bit(EffectKind::StateChange),
                   reimbursement = bit(EffectKind::Reimbursement), village = bit(EffectKind::Village);

struct EffectContext {
    EffectKind kind;
    YearSpan   tables;
};

using EffectRead = bool (*)(TableReader&, std::string_view, models::Effect&, const EffectContext&);

struct EffectKey {
    std::string_view name;
    unsigned         kinds;
    EffectRead       read;
};

bool read_sets(TableReader& t, std::string_view key, models::Effect& e, const EffectContext& c)
{
    const std::span<const std::string_view> allowed =
        c.kind == EffectKind::Village ? std::span<const std::string_view>(village_sets) : household_sets;
    const std::string     what = "for kind '" + std::string(name_of(c.kind)) + "'";
    std::set<std::string> seen;
    return t.read(key, e.sets, [&](const std::string& word) {
        std::string problem = check_choice(word, allowed, what);
        if (problem.empty() && !seen.insert(word).second)
            problem = "'" + word + "' is listed twice";
        return problem;
    });
}

bool read_extreme_poor_ratio(TableReader& t, std::string_view key, models::Effect& e, const EffectContext&)
{
    double ratio = e.extreme_poor_ratio;
    if (!t.read(key, ratio, Range{-1, 1}))
        return false;
    if (ratio != -1 && ratio < 0) {
        t.issue(key, "value " + format_number(ratio) + " out of range: must be -1 (the same as ratio) or in [0, 1]");
        return false;
    }
    e.extreme_poor_ratio = ratio;
    return true;
}

using E  = models::Effect;
using C  = EffectContext;
using TR = TableReader;
using SV = std::string_view;

constexpr EffectKey effect_keys[] = {
    {"income", grant | loan | state_change, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.income, amount); }},
    {"success_probability", grant | loan | state_change,
     [](TR& t, SV k, E& e, const C&) { return t.read(k, e.success_probability, share); }},
    {"duration_years", grant | wage_job | state_change,
     [](TR& t, SV k, E& e, const C&) { return t.read(k, e.duration_years, duration); }},
    {"decay", grant | loan | state_change, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.decay, share); }},
    {"wage", wage_job, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.wage, amount); }},
    {"paid_by_programme", wage_job, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.paid_by_programme); }},
    {"employment_probability", wage_job,
     [](TR& t, SV k, E& e, const C&) { return t.read(k, e.employment_probability, share); }},
    {"standard", top_up, [](TR& t, SV k, E& e, const C& c) { return t.read_by_year(k, e.standard, c.tables, amount); }},
    {"standard_growth_after", top_up,
     [](TR& t, SV k, E& e, const C&) { return t.read(k, e.standard.growth_after, Range{-0.5, 1}); }},
    {"tiers", top_up, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.tiers, amount); }},
    {"tier_shares", top_up, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.tier_shares, share); }},
    {"principal", loan, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.principal, amount); }},
    {"term_years", loan, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.term_years, term); }},
    {"interest_rate", loan, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.interest_rate, share); }},
    {"interest_subsidy", loan, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.interest_subsidy, share); }},
    {"insurance_premium", loan, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.insurance_premium, share); }},
    {"default_probability", loan, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.default_probability, share); }},
    {"sets", state_change | village, read_sets},
    {"farm_income_factor", state_change,
     [](TR& t, SV k, E& e, const C&) { return t.read(k, e.farm_income_factor, multiplier); }},
    {"ratio", reimbursement, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.ratio, share); }},
    {"deductible", reimbursement, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.deductible, amount); }},
    {"cap", reimbursement, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.cap, amount); }},
    {"extreme_poor_ratio", reimbursement, read_extreme_poor_ratio},
    {"collective_income", village, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.collective_income, amount); }},
    {"revolving_fund", village, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.revolving_fund, amount); }},
    {"fund_return", village, [](TR& t, SV k, E& e, const C&) { return t.read(k, e.fund_return, share); }},
};

/// top_up: a standard, or tiers with their shares (same length, shares summing to 1).
void check_tiers(TableReader& t, const models::Effect& e, const std::set<std::string_view>& failed)
{
    const bool standard = t.has("standard"), tiers = t.has("tiers"), shares = t.has("tier_shares");
    if (standard && (tiers || shares)) {
        t.issue(tiers ? "tiers" : "tier_shares", "give either standard or tiers with tier_shares, not both");
    } else if (tiers != shares) {
        t.issue(tiers ? "tiers" : "tier_shares",
                tiers ? "tiers needs tier_shares (the share of served units in each tier)"
                      : "tier_shares needs tiers (the amount of each tier)");
    } else if (tiers && !failed.contains("tiers") && !failed.contains("tier_shares")) {
        double sum = 0;
        for (double s : e.tier_shares)
            sum += s;
        if (e.tiers.empty())
            t.issue("tiers", "needs at least one tier");
        else if (e.tier_shares.size() != e.tiers.size())
            t.issue("tier_shares", "has " + std::to_string(e.tier_shares.size()) + " entries but tiers has " +
                                       std::to_string(e.tiers.size()));
        else if (std::abs(sum - 1) > 1e-9)
            t.issue("tier_shares", "shares sum to " + text_of(sum) + ", not 1");
    }
}

void read_effect(TableReader& t, models::Effect& e, const EffectContext& c)
{
    const unsigned             mine = bit(c.kind);
    std::set<std::string_view> failed;
    std::string                takes;
    for (const EffectKey& key : effect_keys)
        if ((key.kinds & mine) != 0)
            takes += (takes.empty() ? "" : ", ") + std::string(key.name);
    for (const EffectKey& key : effect_keys) {
        if ((key.kinds & mine) != 0) {
            if (!key.read(t, key.name, e, c))
                failed.insert(key.name);
        } else if (t.claim(key.name)) {
            const std::string kind(name_of(c.kind));
            t.issue(key.name, "key '" + std::string(key.name) + "' does not apply to kind '" + kind + "' (" + kind +
                                  " takes " + takes + ")");
        }
    }
    if (c.kind == EffectKind::TopUp)
        check_tiers(t, e, failed);
}

// ---- [programmes.<id>] ----------------------------------------------------------------------

void read_sources(TableReader& t, std::map<std::string, double>& out, bool present)
{
    std::map<std::string, double> sources;
    bool                          ok = true;
    t.each([&](const toml::key& key, const toml::node&) {
        const std::string name(key.str());
        double            value = 0;
        if (const std::string problem = check_source(name); !problem.empty()) {
            t.issue(key, problem);
            ok = false;
        } else if (t.read(name, value, share)) {
            sources[name] = value;
        } else {
            ok = false;
        }
    });
    if (!present) {
        t.issue_here("missing required key (the share of each cost by funding source, e.g. { county = 1.0 })");
        return;
    }
    double sum = 0;
    for (const auto& [name, value] : sources)
        sum += value;
    if (ok && sources.empty())
        t.issue_here("needs at least one funding source, e.g. { county = 1.0 }");
    else if (ok && std::abs(sum - 1) > 1e-9)
        t.issue_here("shares sum to " + text_of(sum) + ", not 1");
    if (ok)
        out = std::move(sources);
}

/// Reads one programme; @p order is set when the table has an `order` key.
void read_programme(TableReader& t, models::Programme& p, int& order, const ProgrammeContext& y)
{
    p.label = p.id;
    t.read("label", p.label);
    std::string kind;
    const bool  kind_ok = t.read_choice("kind", kind, kind_names, Need::Required);
    if (kind_ok)
        p.kind = static_cast<EffectKind>(std::find(std::begin(kind_names), std::end(kind_names), kind) -
                                         std::begin(kind_names));

    p.start_year        = y.simulated.first;
    p.end_year          = y.simulated.last;
    const bool years_ok = t.read_year("start_year", p.start_year, y.simulated) & // both, for both issues
                          t.read_year("end_year", p.end_year, y.simulated);
    if (years_ok && p.start_year > p.end_year)
        t.issue("end_year",
                "end_year " + std::to_string(p.end_year) + " is before start_year " + std::to_string(p.start_year));

    // The default pathway follows the kind (docs/programmes.md); top-ups always count as safety net.
    if (kind_ok)
        p.pathway = p.kind == EffectKind::WageJob                                    ? models::Pathway::Wages
                    : p.kind == EffectKind::Loan || p.kind == EffectKind::StateChange ? models::Pathway::FarmBusiness
                                                                                      : models::Pathway::Transfers;
    std::string pathway(pathway_names[static_cast<std::size_t>(p.pathway)]);
    if (t.has("pathway") && t.read_choice("pathway", pathway, pathway_names))
        p.pathway = static_cast<models::Pathway>(std::find(std::begin(pathway_names), std::end(pathway_names), pathway) -
                                                 std::begin(pathway_names));

    // A village programme counts villages; the unit may then be left out.
    if (kind_ok && p.kind == EffectKind::Village)
        p.unit = "villages";
    const bool unit_ok = t.read_choice("unit", p.unit, unit_names);
    if (kind_ok && unit_ok && (p.kind == EffectKind::Village) != (p.unit == "villages")) {
        if (p.kind == EffectKind::Village)
            t.issue("unit", "kind 'village' needs unit = \"villages\", not \"" + p.unit + "\"");
        else
            t.issue("unit",
                    "unit \"villages\" needs kind 'village' (kind '" + kind + "' serves households or persons)");
    }
    const bool village_unit = p.unit == "villages";
    t.read("eligible", p.eligible, [&](const std::string& word) -> std::string {
        if (!unit_ok)
            return {}; // the words depend on the unit, which is already reported
        std::string error;
        if (models::parse_predicate(word, village_unit, error, y.segments))
            return {};
        return error.empty() ? "invalid eligibility word '" + word + "'" : error;
    });

    t.read_by_year("target", p.target, y.simulated, amount);
    t.read("target_share", p.target_share, share);
    if (t.has("target") && t.has("target_share"))
        t.issue("target_share",
                "give either target (units per year) or target_share (share of the eligible), not both");
    t.read_choice("priority", p.priority, priority_names);
    t.read("once", p.once);
    t.read("budget_scaled", p.budget_scaled);
    t.read("one_off_cost", p.one_off_cost, amount);
    t.read("recurring_cost", p.recurring_cost, amount);
    const bool has_sources = t.has("sources");
    t.table("sources", [&](TableReader& s) { read_sources(s, p.sources, has_sources); });
    t.read_by_year("ceiling", p.ceiling, y.simulated, amount);
    t.read_by_year("phase_out", p.phase_out, y.simulated, multiplier);
    t.read("order", order, Range{0, inf});

    if (kind_ok)
        t.table("effect", [&](TableReader& e) { read_effect(e, p.effect, EffectContext{p.kind, y.tables}); });
    else
        t.claim("effect"); // its keys depend on the kind, so reporting them would be noise
}

/// Where a table was declared: files of the extends chain in order, then `--set`.
std::size_t chain_position(const toml::source_region& where, const std::vector<std::string>& chain)
{
    if (!where.path)
        return chain.size() + 1;
    if (*where.path == set_source_name())
        return chain.size();
    const auto found = std::find(chain.begin(), chain.end(), *where.path);
    return found != chain.end() ? static_cast<std::size_t>(found - chain.begin()) : chain.size() + 1;
}

} // namespace

void read_programmes(TableReader& t, std::vector<models::Programme>& out, const ProgrammeContext& years,
                     const std::vector<std::string>& chain)
{
    struct Declared {
        models::Programme programme;
        std::int64_t      order; // `order`, or after every explicit one
        std::size_t       file;  // position of the declaring file in the extends chain
        std::uint32_t     line, column;
    };
    std::vector<Declared> declared;
    t.each([&](const toml::key& key, const toml::node& node) {
        const std::string id(key.str());
        if (!is_programme_id(id))
            t.issue(key, "programme id '" + id + "' must be letters, digits and '_' only");
        if (!node.is_table()) {
            t.table(id, [](TableReader&) {}); // reports the type
            return;
        }
        models::Programme programme;
        programme.id = id;
        int order    = -1;
        t.table(id, [&](TableReader& r) { read_programme(r, programme, order, years); });
        const toml::source_region& where = node.source();
        declared.push_back(Declared{std::move(programme), order >= 0 ? order : std::numeric_limits<std::int64_t>::max(),
                                    chain_position(where, chain), where.begin.line, where.begin.column});
    });
    std::stable_sort(declared.begin(), declared.end(), [](const Declared& a, const Declared& b) {
        return std::tie(a.order, a.file, a.line, a.column) < std::tie(b.order, b.file, b.line, b.column);
    });
    out.clear();
    for (Declared& d : declared)
        out.push_back(std::move(d.programme));
}

void read_budget(TableReader& t, models::Budget& out, const ProgrammeContext& years)
{
    t.read_by_year("scale", out.scale, years.simulated, multiplier);
    t.table("source_ceilings", [&](TableReader& s) {
        s.each([&](const toml::key& key, const toml::node&) {
            const std::string name(key.str());
            models::YearTable ceiling;
            if (const std::string problem = check_source(name); !problem.empty())
                s.issue(key, problem);
            else if (s.read_by_year(name, ceiling, years.simulated, amount))
                out.source_ceilings[name] = std::move(ceiling);
        });
    });
}

void write_programme_order(toml::table& root, const std::vector<models::Programme>& programmes)
{
    toml::table* tables = root.get_as<toml::table>("programmes");
    if (tables == nullptr)
        return;
    for (std::size_t i = 0; i < programmes.size(); ++i)
        if (toml::table* programme = tables->get_as<toml::table>(programmes[i].id))
            programme->insert_or_assign("order", static_cast<std::int64_t>(i));
}

} // namespace povsim::scenarios::detail
