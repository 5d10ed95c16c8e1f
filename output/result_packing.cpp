#include "output/result_packing.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace povsim::output {

void BytePacker::u64(std::uint64_t v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }

void BytePacker::str(const std::string& s)
{
    u64(s.size());
    bytes += s;
}

std::uint64_t ByteUnpacker::u64()
{
    std::uint64_t v = 0;
    if (bytes.size() - at < sizeof v) {
        throw std::runtime_error(source + " is truncated");
    }
    std::memcpy(&v, bytes.data() + at, sizeof v);
    at += sizeof v;
    return v;
}

std::string ByteUnpacker::str()
{
    const auto n = u64();
    if (bytes.size() - at < n) {
        throw std::runtime_error(source + " is truncated");
    }
    std::string s = bytes.substr(at, n);
    at += n;
    return s;
}

std::vector<double> pack_results(std::uint32_t id, const std::vector<sim::ReplicationResult>& per_scenario)
{
    std::vector<double> out{static_cast<double>(id), static_cast<double>(per_scenario.size())};
    for (const auto& r : per_scenario) {
        out.push_back(static_cast<double>(r.metrics.rows()));
        out.push_back(static_cast<double>(r.metrics.cols()));
        out.insert(out.end(), r.metrics.data(), r.metrics.data() + r.metrics.size());
        out.push_back(static_cast<double>(r.arrays.size()));
        for (const auto& a : r.arrays) {
            out.push_back(static_cast<double>(a.size()));
            out.insert(out.end(), a.begin(), a.end());
        }
        out.push_back(static_cast<double>(r.parameters.size()));
        out.insert(out.end(), r.parameters.begin(), r.parameters.end());
    }
    return out;
}

std::pair<std::uint32_t, std::vector<sim::ReplicationResult>> unpack_results(const double* in, std::size_t n,
                                                                             const std::string& source)
{
    std::size_t at   = 0;
    const auto  bad  = [&] { return std::runtime_error(source + ": a replication's results are truncated or damaged"); };
    // A count is a whole number no larger than what is left: a damaged value never drives an allocation.
    const auto next = [&]() -> std::size_t {
        if (at >= n || !(in[at] >= 0) || in[at] != std::floor(in[at]) || in[at] > static_cast<double>(n)) {
            throw bad();
        }
        return static_cast<std::size_t>(in[at++]);
    };
    const auto take = [&](std::size_t count, double* dst) {
        if (count > n - at) {
            throw bad();
        }
        std::copy_n(in + at, count, dst);
        at += count;
    };
    const auto id = next();
    if (id > UINT32_MAX) {
        throw bad();
    }
    std::vector<sim::ReplicationResult> per_scenario(next());
    for (auto& r : per_scenario) {
        const auto rows = next();
        const auto cols = next();
        if (cols != 0 && rows > (n - at) / cols) {
            throw bad();
        }
        r.metrics.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        take(rows * cols, r.metrics.data());
        r.arrays.resize(next());
        for (auto& a : r.arrays) {
            a.resize(next());
            take(a.size(), a.data());
        }
        r.parameters.resize(next());
        take(r.parameters.size(), r.parameters.data());
    }
    if (at != n) {
        throw bad();
    }
    return {static_cast<std::uint32_t>(id), std::move(per_scenario)};
}

} // namespace povsim::output
