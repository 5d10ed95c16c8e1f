#pragma once
// A file's whole content, to check that a refused command left it exactly as it was.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace povsim::test {

inline std::string file_bytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace povsim::test
