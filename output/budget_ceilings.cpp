#include "output/budget_ceilings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace povsim::output {
namespace {

constexpr double yuan_per_wan = 1e4;

/// Levenshtein distance, for "did you mean" on a misspelt source.
std::size_t edit_distance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0]           = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag   = up;
        }
    }
    return row[b.size()];
}

std::string join(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : ", ") + s;
    }
    return out;
}

[[noreturn]] void bad(const std::string& text, const std::string& why)
{
    throw std::invalid_argument("--ceiling '" + text + "': " + why);
}

double parse_amount(const std::string& text, const std::string& value)
{
    const char* begin = value.c_str();
    char*       end   = nullptr;
    const double v    = std::strtod(begin, &end);
    if (value.empty() || end != begin + value.size() || !std::isfinite(v)) {
        bad(text, "'" + value + "' is not a number (万元)");
    }
    if (v < 0) {
        bad(text, "a ceiling must be >= 0 (万元)");
    }
    return v;
}

} // namespace

CeilingSpec parse_ceiling(const std::string& text, const std::vector<int>& years,
                          const std::vector<std::string>& sources)
{
    CeilingSpec spec;
    spec.text             = text;
    std::string     rest  = text;
    const auto      colon = rest.find(':');
    if (colon != std::string::npos) {
        const std::string y = rest.substr(0, colon);
        char*             end = nullptr;
        const long        v   = std::strtol(y.c_str(), &end, 10);
        if (y.empty() || end != y.c_str() + y.size()) {
            bad(text, "'" + y + "' is not a year (expected YEAR:SOURCE=V)");
        }
        if (std::find(years.begin(), years.end(), v) == years.end()) {
            bad(text, "year " + y + " is outside the study (" + std::to_string(years.front()) + "–" +
                          std::to_string(years.back()) + ")");
        }
        spec.year = static_cast<int>(v);
        rest      = rest.substr(colon + 1);
        if (rest.find('=') == std::string::npos) {
            bad(text, "expected YEAR:SOURCE=V or YEAR:total=V");
        }
    }
    const auto eq = rest.find('=');
    if (eq != std::string::npos) {
        const std::string source = rest.substr(0, eq);
        if (source != "total") {
            if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
                std::string hint;
                std::size_t best = std::numeric_limits<std::size_t>::max();
                for (const auto& s : sources) {
                    const auto d = edit_distance(source, s);
                    if (d < best && d <= std::max<std::size_t>(2, s.size() / 3)) {
                        best = d;
                        hint = s;
                    }
                }
                bad(text, "unknown funding source '" + source + "'" +
                              (hint.empty() ? "" : " (did you mean '" + hint + "'?)") + "; known: total, " +
                              join(sources));
            }
            spec.source = source;
        }
        rest = rest.substr(eq + 1);
    }
    spec.wan = parse_amount(text, rest);
    return spec;
}

std::vector<CeilingSpec> parse_ceilings(const std::vector<std::string>& texts, const std::vector<int>& years,
                                        const std::vector<std::string>& sources)
{
    std::vector<CeilingSpec> specs;
    for (const auto& t : texts) {
        auto spec = parse_ceiling(t, years, sources);
        for (const auto& other : specs) {
            if (other.year == spec.year && other.source == spec.source) {
                bad(t, "names the same year and source as '" + other.text + "'");
            }
        }
        specs.push_back(std::move(spec));
    }
    return specs;
}

Wilson wilson_interval(std::size_t k, std::size_t n, double z)
{
    if (n == 0) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return {nan, nan, nan};
    }
    const double nn = static_cast<double>(n), p = static_cast<double>(k) / nn, z2 = z * z;
    const double denom  = 1 + z2 / nn;
    const double centre = (p + z2 / (2 * nn)) / denom;
    const double half   = z / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    // Clamped: at k = 0 or k = n rounding may leave the bound a hair outside [0, 1].
    return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::string format_share(const Wilson& w)
{
    if (std::isnan(w.p)) {
        return "—";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f %% [%.1f–%.1f]", 100 * w.p, 100 * w.lo, 100 * w.hi);
    return buf;
}

std::vector<CeilingRow> ceiling_rows(const BudgetCube& spending, const std::vector<int>& years,
                                     const std::vector<CeilingSpec>& specs)
{
    // Sources in the order: total, then as first given.
    std::vector<std::string> order;
    for (const auto& s : specs) {
        if (std::find(order.begin(), order.end(), s.source) == order.end()) {
            order.push_back(s.source);
        }
    }
    std::stable_partition(order.begin(), order.end(), [](const std::string& s) { return s.empty(); });
    const auto& ids = spending.sources();
    auto        row_of = [&](const CeilingSpec& spec, int year, const std::string& what,
                      const std::vector<double>& per_run, double ceiling_wan) {
        CeilingRow row{spec.text, year, what, spec.source, ceiling_wan, run_stats(per_run), 0, per_run.size(), {}};
        for (const double v : per_run) {
            row.above += v > ceiling_wan * yuan_per_wan ? 1 : 0;
        }
        row.share = wilson_interval(row.above, row.runs);
        return row;
    };
    std::vector<CeilingRow> rows;
    for (const auto& source : order) {
        BudgetSlice slice;
        if (!source.empty()) {
            slice.source = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), source) - ids.begin());
        }
        std::vector<double> worst_excess(spending.runs(), -std::numeric_limits<double>::infinity());
        std::vector<double> horizon(spending.runs(), 0.0);
        double              horizon_ceiling = 0;
        std::size_t         n_years         = 0;
        const CeilingSpec*  every           = nullptr;
        for (const auto& s : specs) {
            every = s.source == source && !s.year ? &s : every;
        }
        for (std::size_t y = 0; y < years.size(); ++y) {
            const CeilingSpec* spec = every;
            for (const auto& s : specs) {
                spec = s.source == source && s.year == years[y] ? &s : spec; // a year's own spec wins
            }
            if (!spec) {
                continue;
            }
            const auto per_run = spending.across_runs(y, slice);
            rows.push_back(row_of(*spec, years[y], "", per_run, spec->wan));
            for (std::size_t r = 0; r < per_run.size(); ++r) {
                worst_excess[r] = std::max(worst_excess[r], per_run[r] - spec->wan * yuan_per_wan);
                horizon[r] += per_run[r];
            }
            horizon_ceiling += spec->wan;
            ++n_years;
        }
        if (n_years > 1) {
            // "any": a run counts once if its worst year (spending − that year's ceiling) is above 0.
            CeilingSpec summary{every ? every->text : "", std::nullopt, source, 0};
            rows.push_back(row_of(summary, 0, "any", worst_excess, 0.0));
            rows.back().spending = RunStats{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
                                            std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
            rows.push_back(row_of(summary, 0, "horizon", horizon, horizon_ceiling));
        }
    }
    return rows;
}

const CeilingRow* find_ceiling(const std::vector<CeilingRow>& rows, int year, const std::string& source)
{
    for (const auto& r : rows) {
        if (r.what.empty() && r.year == year && r.source == source) {
            return &r;
        }
    }
    return nullptr;
}

} // namespace povsim::output
