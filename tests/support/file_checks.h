#pragma once
// Reading back files a test wrote: text lines, and HDF5 filter checks.
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace povsim::test {

/// @brief The lines of a text file (without line ends).
inline std::vector<std::string> read_lines(const std::filesystem::path& p)
{
    std::ifstream            is(p, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(is, line);) {
        lines.push_back(line);
    }
    return lines;
}

/// @brief Whether dataset creation property list @p dcpl has filter @p id.
inline bool has_filter(hid_t dcpl, H5Z_filter_t id)
{
    unsigned    flags = 0;
    std::size_t n     = 0;
    return H5Pget_filter_by_id2(dcpl, id, &flags, &n, nullptr, 0, nullptr, nullptr) >= 0;
}

} // namespace povsim::test
