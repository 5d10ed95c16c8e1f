#include "output/hdf5_comparisons.h"

#include "output/array_layout.h"
#include "output/h5_write.h"

#include <array>
#include <set>
#include <stdexcept>
#include <vector>

namespace povsim::output {

namespace {

/// @brief A stored statistic: dataset name, field of PairedStat, whether it has the metric's units,
/// description prefix.
struct ComparisonStat {
    const char*             name;
    double sim::PairedStat::*member;
    bool                    metric_units; ///< false: a share
    const char*             description;
};

const std::array<ComparisonStat, 4> comparison_stats{{
    {"mean_diff", &sim::PairedStat::mean_diff, true,
     "Mean over replications of the paired difference variant - baseline (same replication index, common "
     "random numbers) of: "},
    {"p05", &sim::PairedStat::p05, true,
     "5th percentile (type 7) over replications of the paired difference variant - baseline of: "},
    {"p95", &sim::PairedStat::p95, true,
     "95th percentile (type 7) over replications of the paired difference variant - baseline of: "},
    {"prob_better", &sim::PairedStat::prob_better, false,
     "Share of replications where the variant is strictly better than the baseline (direction in the "
     "group's `better` attribute; NaN where better has no meaning) for: "},
}};

} // namespace

std::string comparison_group_name(const sim::PairedComparison& c) { return c.variant + "_vs_" + c.baseline; }

void validate_comparisons(const Study& study)
{
    std::set<std::string> groups;
    for (const auto& c : study.comparisons) {
        const std::string name  = comparison_group_name(c);
        const std::string where = "comparison '" + name + "': ";
        require_link_name(name, "comparison");
        if (!groups.insert(name).second) {
            throw std::runtime_error(where + "appears twice");
        }
        if (c.years != study.years) {
            throw std::runtime_error(where + "its years differ from the study's years");
        }
        std::set<std::string> metrics;
        for (const auto& m : c.metrics) {
            require_link_name(m.metric, where + "metric");
            if (!metrics.insert(m.metric).second) {
                throw std::runtime_error(where + "metric '" + m.metric + "' appears twice");
            }
            if (m.years.size() != study.years.size()) {
                throw std::runtime_error(where + "metric '" + m.metric + "' does not have one value per year");
            }
        }
    }
}

void write_comparisons(hid_t file, const Study& study)
{
    if (study.comparisons.empty()) {
        return;
    }
    const H5Group root = make_group(file, "comparisons", "/comparisons");
    const auto    n_years = static_cast<hsize_t>(study.years.size());
    for (const auto& c : study.comparisons) {
        const std::string cpath = "/comparisons/" + comparison_group_name(c);
        const H5Group     cg    = make_group(root.get(), comparison_group_name(c), cpath);
        write_string_attr(cg.get(), "variant", c.variant, cpath);
        write_string_attr(cg.get(), "baseline", c.baseline, cpath);
        write_number_attr(cg.get(), "n_pairs", H5T_STD_I32LE, H5T_NATIVE_INT, c.n_pairs, cpath);
        write_string_attr(cg.get(), "method",
                          "Replications of the two scenarios are paired by replication index; each shared the "
                          "same random numbers, so the difference measures the policy, not the luck",
                          cpath);
        for (const auto& m : c.metrics) {
            const std::string mpath = cpath + "/" + m.metric;
            const H5Group     mg    = make_group(cg.get(), m.metric, mpath);
            write_string_attr(mg.get(), "better", sim::to_string(m.better), mpath);
            std::vector<double> values(m.years.size());
            for (const auto& stat : comparison_stats) {
                for (std::size_t y = 0; y < m.years.size(); ++y) {
                    values[y] = m.years[y].*stat.member;
                }
                const auto ds = write_vector(mg.get(), stat.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(),
                                             n_years, stat.metric_units ? m.units : "share",
                                             stat.description + m.description, mpath + "/" + stat.name);
                write_string_attr(ds.get(), array_layout::dims_attr, "year", mpath + "/" + stat.name);
            }
        }
    }
}

} // namespace povsim::output
