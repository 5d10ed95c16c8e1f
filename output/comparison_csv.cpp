#include "output/comparison_csv.h"

#include "output/atomic_file.h"
#include "output/csv_writer.h"
#include "output/display_units.h"

#include <algorithm>

namespace povsim::output {

void write_comparison_csv(const std::filesystem::path& path, const std::vector<sim::PairedComparison>& comparisons,
                          const std::vector<std::string>& metrics)
{
    write_text_file(path, [&](std::ostream& os) {
        os << "variant,baseline,metric,year,mean_baseline,mean_variant,mean_diff,p05,p50,p95,prob_better,"
              "unpaired_p05,unpaired_p95,narrowing,units\n";
        for (const auto& c : comparisons) {
            const std::string pair = csv_field(c.variant) + ',' + csv_field(c.baseline) + ',';
            for (const auto& m : c.metrics) {
                if (!metrics.empty() && std::find(metrics.begin(), metrics.end(), m.metric) == metrics.end()) {
                    continue;
                }
                // Money in 万元 like every table for people; P(better) and the narrowing have no unit.
                const auto shown = display_units(m.units);
                for (std::size_t y = 0; y < m.years.size() && y < c.years.size(); ++y) {
                    const auto& s = m.years[y];
                    os << pair << csv_field(m.metric) << ',' << c.years[y];
                    for (const double v : {s.mean_baseline, s.mean_variant, s.mean_diff, s.p05, s.p50, s.p95}) {
                        os << ',' << csv_number(v / shown.divisor);
                    }
                    os << ',' << csv_number(s.prob_better) << ',' << csv_number(s.unpaired_p05 / shown.divisor) << ','
                       << csv_number(s.unpaired_p95 / shown.divisor) << ',' << csv_number(s.narrowing) << ','
                       << csv_field(shown.label) << '\n';
                }
            }
        }
    });
}

} // namespace povsim::output
