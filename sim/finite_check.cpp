#include "sim/finite_check.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace povsim::sim {

namespace {

/// Counts of the non-finite values of one cell across runs.
struct Tally {
    std::size_t nan = 0, pos_inf = 0, neg_inf = 0;
    void add(double v)
    {
        if (std::isnan(v)) {
            ++nan;
        } else if (std::isinf(v)) {
            ++(v > 0 ? pos_inf : neg_inf);
        }
    }
    bool any() const { return nan + pos_inf + neg_inf > 0; }
    std::string text(std::size_t runs) const
    {
        std::string out;
        const auto part = [&](std::size_t n, const char* what) {
            if (n > 0) {
                out += (out.empty() ? "" : ", ") + std::string(what) + " in " + std::to_string(n) + " of " +
                       std::to_string(runs) + " runs";
            }
        };
        part(nan, "NaN");
        part(pos_inf, "Inf");
        part(neg_inf, "-Inf");
        return out;
    }
};

class Lines {
public:
    Lines(std::string prefix, std::size_t max) : m_prefix(std::move(prefix)), m_max(max) {}
    void add(const std::string& where, const Tally& t, std::size_t runs)
    {
        if (m_out.size() < m_max) {
            m_out.push_back(m_prefix + where + ": " + t.text(runs));
        } else {
            ++m_left_out;
        }
    }
    std::vector<std::string> take()
    {
        if (m_left_out > 0) {
            m_out.push_back(m_prefix + "and " + std::to_string(m_left_out) + " more non-finite cells");
        }
        return std::move(m_out);
    }

private:
    std::string              m_prefix;
    std::size_t              m_max;
    std::size_t              m_left_out = 0;
    std::vector<std::string> m_out;
};

std::string year_label(const ReplicationSet& set, std::size_t y)
{
    return y < set.years.size() ? std::to_string(set.years[y]) : "year " + std::to_string(y);
}

/// "[2017, programme=dibao, source=central]" for flat index @p i of a row-major [year × dims…] array.
std::string array_cell(const ReplicationSet& set, const ArrayInfo& info, std::size_t i)
{
    std::vector<std::string> parts(info.dim_labels.size());
    for (std::size_t k = info.dim_labels.size(); k-- > 0;) {
        const auto& labels = info.dim_labels[k];
        const auto  n      = labels.empty() ? std::size_t{1} : labels.size();
        const auto  name   = k + 1 < info.dim_names.size() ? info.dim_names[k + 1] : "axis" + std::to_string(k + 1);
        parts[k]           = name + "=" + (labels.empty() ? "?" : labels[i % n]);
        i /= n;
    }
    std::string out = "[" + year_label(set, i);
    for (const auto& p : parts) {
        out += ", " + p;
    }
    return out + "]";
}

} // namespace

std::vector<std::string> non_finite_cells(const ReplicationSet& set, const std::string& scenario,
                                          std::size_t max_lines)
{
    Lines lines("scenario '" + scenario + "': ", max_lines);
    const std::size_t runs = set.runs.size();
    for (std::size_t m = 0; m < set.metrics.size(); ++m) {
        const auto n_years = runs > 0 ? static_cast<std::size_t>(set.runs.front().cols()) : 0;
        for (std::size_t y = 0; y < n_years; ++y) {
            Tally t;
            for (const auto& cube : set.runs) {
                if (static_cast<std::size_t>(cube.rows()) > m && static_cast<std::size_t>(cube.cols()) > y) {
                    t.add(cube(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(y)));
                }
            }
            if (t.any()) {
                lines.add("metric '" + set.metrics[m].name + "' in " + year_label(set, y), t, runs);
            }
        }
    }
    for (std::size_t a = 0; a < set.arrays.size() && a < set.array_runs.size(); ++a) {
        const auto& per_run = set.array_runs[a];
        std::size_t cells   = 0;
        for (const auto& run : per_run) {
            cells = std::max(cells, run.size());
        }
        for (std::size_t i = 0; i < cells; ++i) {
            Tally t;
            for (const auto& run : per_run) {
                if (i < run.size()) {
                    t.add(run[i]);
                }
            }
            if (t.any()) {
                lines.add("array '" + set.arrays[a].path + "' " + array_cell(set, set.arrays[a], i), t, per_run.size());
            }
        }
    }
    for (std::size_t k = 0; k < set.parameters.size() && k < set.parameter_runs.size(); ++k) {
        Tally t;
        for (const double v : set.parameter_runs[k]) {
            t.add(v);
        }
        if (t.any()) {
            lines.add("parameter '" + set.parameters[k].name + "'", t, set.parameter_runs[k].size());
        }
    }
    return lines.take();
}

} // namespace povsim::sim
