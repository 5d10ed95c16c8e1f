#pragma once
// Run a shell command from a test and capture its exit code and combined output.
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

namespace povsim::test {

struct CommandResult {
    int         exit_code = -1;
    std::string output; ///< stdout and stderr interleaved
};

inline CommandResult run_command(const std::string& command)
{
    CommandResult res;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) {
        return res;
    }
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe)) {
        res.output += buf.data();
    }
    const int status = ::pclose(pipe);
    res.exit_code    = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return res;
}

/// @brief The povsim binary, quoted for the shell.
inline std::string povsim_command() { return std::string("'") + POVSIM_BINARY + "'"; }

/// @brief A file of the source tree, quoted for the shell.
inline std::string source_file(const std::string& rel) { return std::string("'") + POVSIM_SOURCE_DIR + "/" + rel + "'"; }

/// @brief A path quoted for the shell.
inline std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

} // namespace povsim::test
