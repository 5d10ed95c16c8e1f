#include "scenarios/cli_common.h"

namespace fs = std::filesystem;

namespace povsim::cli {

void check_writable(const fs::path& file)
{
    const auto dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    if (!fs::is_directory(dir)) {
        throw BadInput(file.string() + ": output directory '" + dir.string() + "' does not exist");
    }
}

void check_readable(const fs::path& file)
{
    if (!fs::is_regular_file(file)) {
        throw BadInput(file.string() + ": no such file");
    }
}

} // namespace povsim::cli
