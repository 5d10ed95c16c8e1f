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

    AtomicFile out(path);
    {
        std::ofstream os(out.temp_path(), std::ios::binary | std::ios::trunc);
        if (!os) {
            throw std::runtime_error(where + ": cannot create the file");
        }
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
        os.close();
        if (!os) {
            throw std::runtime_error(where + ": cannot write the file (disk full?)");
        }
    }
    out.commit();
}

} // namespace povsim::output
