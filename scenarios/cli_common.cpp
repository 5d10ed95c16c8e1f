#include "scenarios/cli_common.h"

#include "output/hdf5_reader.h"

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

output::Study read_study(const fs::path& file)
{
    check_readable(file);
    output::Study study;
    try {
        study = output::read_study_h5(file);
    } catch (const std::runtime_error& e) {
        throw BadInput(std::string("not a readable povsim study file: ") + e.what());
    }
    if (study.scenarios.empty()) {
        throw BadInput(file.string() + ": the study holds no scenario");
    }
    return study;
}

} // namespace povsim::cli
