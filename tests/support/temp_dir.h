#pragma once
// A fresh folder per test under the system temp directory, removed afterwards. Its name
// carries the pid and a counter, so parallel CTest processes and several folders in one
// test never collide.
#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace povsim::test {

struct TempDir {
    std::filesystem::path path;

    TempDir()
    {
        static int counter = 0;
        path = std::filesystem::temp_directory_path() /
               ("povsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&)            = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::filesystem::path operator/(const std::string& name) const { return path / name; }

    /// Names of everything in the folder, sorted: proves no temporary file was left behind.
    std::vector<std::string> entries() const
    {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(path)) {
            names.push_back(e.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }
};

} // namespace povsim::test
