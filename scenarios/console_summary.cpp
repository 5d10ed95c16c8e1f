#include "scenarios/console_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace povsim::scenarios {
namespace {

std::string cell(double mean, double lo, double hi)
{
    // Shares keep three decimals, small counts one, large counts none.
    const double scale    = std::max({std::abs(mean), std::abs(lo), std::abs(hi)});
    const bool   integral = mean == std::floor(mean) && lo == std::floor(lo) && hi == std::floor(hi);
    const char*  fmt      = integral || scale >= 100 ? "%.0f [%.0f-%.0f]"
                            : scale < 1             ? "%.3f [%.3f-%.3f]"
                                                    : "%.1f [%.1f-%.1f]";
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, mean, lo, hi);
    return buf;
}

} // namespace

void print_summary(std::ostream& os, const output::Study& study, const std::vector<std::string>& metrics)
{
    for (const auto& sc : study.scenarios) {
        os << "\nScenario " << sc.name << " — " << sc.runs.runs.size() << " replications, seed " << study.meta.seed
           << (study.meta.complete ? "" : " (INCOMPLETE: interrupted)") << "\n";
        os << "mean [P5-P95] per year\n";
        char head[64];
        std::snprintf(head, sizeof head, "%-6s", "year");
        os << head;
        std::vector<int> rows;
        for (const auto& name : metrics) {
            for (std::size_t m = 0; m < sc.runs.metrics.size(); ++m) {
                if (sc.runs.metrics[m].name == name) {
                    rows.push_back(static_cast<int>(m));
                    std::snprintf(head, sizeof head, "  %-24s", name.c_str());
                    os << head;
                }
            }
        }
        os << "\n";
        for (std::size_t y = 0; y < study.years.size(); ++y) {
            std::snprintf(head, sizeof head, "%-6d", study.years[y]);
            os << head;
            for (int m : rows) {
                const auto& s = sc.summary[m];
                std::snprintf(head, sizeof head, "  %-24s", cell(s.mean(y), s.p05(y), s.p95(y)).c_str());
                os << head;
            }
            os << "\n";
        }
    }
}

} // namespace povsim::scenarios
