#pragma once
// `povsim export`: a study file as tidy long CSV files for R, pandas or a database, one value per
// row, full precision (shortest text that parses back to the same double):
//   runs.csv        scenario,replication,year,metric,value        every metric of every replication
//   budget.csv      scenario,replication,year,programme,source,spending,need   (yuan; scenarios with programmes)
//   parameters.csv  scenario,replication,parameter,value          each replication's draw of each uncertain key
//   dictionary.csv  variable,kind,units,description,direction     what every name above means
#include "output/study.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace povsim::output {

/// @brief What export wrote: file names (in @p dir) and data rows of each.
struct ExportedFile {
    std::string name;
    std::size_t rows = 0;
};

/// @brief The favourable direction of a metric ("lower", "higher" or "none"); the domain layer
/// knows it, output/ does not.
using MetricDirection = std::function<std::string(const std::string& metric)>;

/// @brief The four file names export writes, in order.
const std::vector<std::string>& export_file_names();

/// @brief Writes the four files into @p dir (which must exist), each whole or not at all.
/// @throws std::runtime_error naming the file on an I/O error or a study whose arrays are inconsistent.
std::vector<ExportedFile> write_tidy_export(const std::filesystem::path& dir, const Study& study,
                                            const MetricDirection& direction);

} // namespace povsim::output
