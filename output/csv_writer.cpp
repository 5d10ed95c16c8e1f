#include "output/csv_writer.h"

#include "output/atomic_file.h"

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace povsim::output {

std::string csv_field(const std::string& field)
{
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        return field;
    }
    std::string out = "\"";
    for (const char c : field) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string csv_number(double value)
{
    // R and pandas both read these spellings as missing/infinite; to_chars' "nan" is not read by R.
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Inf" : "-Inf";
    }
    std::array<char, 32> buf{};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    return std::string(buf.data(), res.ptr);
}

void write_summary_csv(const std::filesystem::path& path, const Study& study)
{
    const std::string where   = path.string();
    const auto        n_years = static_cast<Eigen::Index>(study.years.size());
    for (const auto& sc : study.scenarios) {
        if (sc.summary.size() != sc.runs.metrics.size()) {
            throw std::runtime_error(where + ": scenario '" + sc.name + "' has " + std::to_string(sc.summary.size()) +
                                     " summaries for " + std::to_string(sc.runs.metrics.size()) + " metrics");
        }
        for (std::size_t m = 0; m < sc.summary.size(); ++m) {
            const auto& s = sc.summary[m];
            for (const auto* a : {&s.mean, &s.sd, &s.se, &s.p05, &s.p50, &s.p95}) {
                if (a->size() != n_years) {
                    throw std::runtime_error(where + ": scenario '" + sc.name + "', metric '" +
                                             sc.runs.metrics[m].name + "': a summary does not have one value per year");
                }
            }
        }
    }

    write_text_file(path, [&](std::ostream& os) {
        // LF line ends (not RFC 4180's CRLF): every CSV reader accepts them and the golden
        // regression file then diffs cleanly in git.
        os << "scenario,metric,units,year,mean,sd,se,p05,p50,p95\n";
        for (const auto& sc : study.scenarios) {
            const std::string scenario = csv_field(sc.name);
            for (std::size_t m = 0; m < sc.summary.size(); ++m) {
                const auto&       info   = sc.runs.metrics[m];
                const auto&       s      = sc.summary[m];
                const std::string prefix = scenario + ',' + csv_field(info.name) + ',' + csv_field(info.units) + ',';
                for (Eigen::Index y = 0; y < n_years; ++y) {
                    os << prefix << study.years[static_cast<std::size_t>(y)];
                    for (const auto* a : {&s.mean, &s.sd, &s.se, &s.p05, &s.p50, &s.p95}) {
                        os << ',' << csv_number((*a)(y));
                    }
                    os << '\n';
                }
            }
        }
    });
}

void write_array_summary_csv(const std::filesystem::path& path, const Study& study, const std::string& array_path)
{
    const std::string where   = path.string() + ": ";
    const std::size_t n_years = study.years.size();

    // (scenario, array index) pairs to write, and the dimension names they all share.
    std::vector<std::pair<const ScenarioOutput*, std::size_t>> parts;
    const std::vector<std::string>*                           dim_names = nullptr;
    for (const auto& sc : study.scenarios) {
        const auto& arrays = sc.runs.arrays;
        for (std::size_t a = 0; a < arrays.size(); ++a) {
            if (arrays[a].path != array_path) {
                continue;
            }
            const auto&       info = arrays[a];
            const std::string what = "scenario '" + sc.name + "', array '" + array_path + "': ";
            if (info.dim_names.size() != info.dim_labels.size() + 1) {
                throw std::runtime_error(where + what + "dimension names and label lists do not match");
            }
            if (dim_names == nullptr) {
                dim_names = &info.dim_names;
            } else if (*dim_names != info.dim_names) {
                throw std::runtime_error(where + what + "its dimensions differ from those in another scenario");
            }
            if (sc.array_summary.size() != arrays.size()) {
                throw std::runtime_error(where + "scenario '" + sc.name + "' has " +
                                         std::to_string(sc.array_summary.size()) + " array summaries for " +
                                         std::to_string(arrays.size()) + " arrays");
            }
            const auto& s = sc.array_summary[a];
            for (const auto* v : {&s.mean, &s.sd, &s.se, &s.p05, &s.p50, &s.p95}) {
                if (v->size() != info.size(n_years)) {
                    throw std::runtime_error(where + what + "a summary has " + std::to_string(v->size()) +
                                             " values, expected " + std::to_string(info.size(n_years)));
                }
            }
            parts.emplace_back(&sc, a);
            break;
        }
    }
    if (dim_names == nullptr) {
        throw std::runtime_error(where + "no scenario has an array '" + array_path + "'");
    }

    write_text_file(path, [&](std::ostream& os) {
        os << "scenario,year";
        for (std::size_t k = 1; k < dim_names->size(); ++k) {
            os << ',' << csv_field((*dim_names)[k]);
        }
        os << ",units,mean,sd,se,p05,p50,p95\n";
        for (const auto& [sc, a] : parts) {
            const auto&       info     = sc->runs.arrays[a];
            const auto&       s        = sc->array_summary[a];
            const std::string scenario = csv_field(sc->name);
            const std::string units    = csv_field(info.units);
            const std::size_t n_dims   = info.dim_labels.size();
            std::vector<std::size_t> index(n_dims, 0); // odometer over the labelled dimensions
            std::size_t              i = 0;            // flat row-major position
            for (std::size_t y = 0; y < n_years && !s.mean.empty(); ++y) {
                do {
                    os << scenario << ',' << study.years[y];
                    for (std::size_t k = 0; k < n_dims; ++k) {
                        os << ',' << csv_field(info.dim_labels[k][index[k]]);
                    }
                    os << ',' << units;
                    for (const auto* v : {&s.mean, &s.sd, &s.se, &s.p05, &s.p50, &s.p95}) {
                        os << ',' << csv_number((*v)[i]);
                    }
                    os << '\n';
                    ++i;
                    std::size_t k = n_dims;
                    while (k > 0 && ++index[k - 1] == info.dim_labels[k - 1].size()) {
                        index[--k] = 0;
                    }
                    if (k == 0) {
                        break; // every combination of this year written
                    }
                } while (true);
            }
        }
    });
}

} // namespace povsim::output
