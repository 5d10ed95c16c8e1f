#include "output/tidy_export.h"

#include "output/atomic_file.h"
#include "output/budget_table.h"
#include "output/csv_writer.h"

#include <initializer_list>
#include <map>
#include <ostream>
#include <stdexcept>

namespace povsim::output {

namespace {

constexpr const char* runs_file = "runs.csv", *budget_file = "budget.csv", *parameters_file = "parameters.csv",
                      *dictionary_file = "dictionary.csv";

std::size_t write_runs(const std::filesystem::path& path, const Study& study)
{
    std::size_t rows = 0;
    write_text_file(path, [&](std::ostream& os) {
        os << "scenario,replication,year,metric,value\n";
        for (const auto& sc : study.scenarios) {
            const auto&       set      = sc.runs;
            const std::string scenario = csv_field(sc.name);
            for (std::size_t r = 0; r < set.runs.size(); ++r) {
                const std::string prefix = scenario + ',' + std::to_string(set.replication_ids[r]) + ',';
                for (std::size_t y = 0; y < study.years.size(); ++y) {
                    const std::string year = prefix + std::to_string(study.years[y]) + ',';
                    for (std::size_t m = 0; m < set.metrics.size(); ++m) {
                        os << year << csv_field(set.metrics[m].name) << ','
                           << csv_number(set.runs[r](static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(y)))
                           << '\n';
                        ++rows;
                    }
                }
            }
        }
    });
    return rows;
}

std::size_t write_budget(const std::filesystem::path& path, const Study& study)
{
    std::size_t rows = 0;
    write_text_file(path, [&](std::ostream& os) {
        os << "scenario,replication,year,programme,source,spending,need\n";
        for (const auto& sc : study.scenarios) {
            const auto spending = BudgetCube::find(sc, "budget/spending");
            const auto need     = BudgetCube::find(sc, "budget/need");
            if (!spending || !need) {
                continue; // a scenario without programmes has no budget
            }
            if (need->programmes() != spending->programmes() || need->sources() != spending->sources() ||
                need->runs() != spending->runs()) {
                throw std::runtime_error(path.string() + ": scenario '" + sc.name +
                                         "': budget/need and budget/spending have different axes");
            }
            const std::string scenario = csv_field(sc.name);
            for (std::size_t r = 0; r < spending->runs(); ++r) {
                const std::string prefix = scenario + ',' + std::to_string(sc.runs.replication_ids[r]) + ',';
                for (std::size_t y = 0; y < spending->years(); ++y) {
                    const std::string year = prefix + std::to_string(study.years[y]) + ',';
                    for (std::size_t k = 0; k < spending->programmes().size(); ++k) {
                        const std::string programme = year + csv_field(spending->programmes()[k]) + ',';
                        for (std::size_t s = 0; s < spending->sources().size(); ++s) {
                            os << programme << csv_field(spending->sources()[s]) << ','
                               << csv_number(spending->at(r, y, k, s)) << ',' << csv_number(need->at(r, y, k, s))
                               << '\n';
                            ++rows;
                        }
                    }
                }
            }
        }
    });
    return rows;
}

std::size_t write_parameters(const std::filesystem::path& path, const Study& study)
{
    std::size_t rows = 0;
    write_text_file(path, [&](std::ostream& os) {
        os << "scenario,replication,parameter,value\n";
        for (const auto& sc : study.scenarios) {
            const auto&       set      = sc.runs;
            const std::string scenario = csv_field(sc.name);
            for (std::size_t r = 0; r < set.replication_ids.size(); ++r) {
                for (std::size_t k = 0; k < set.parameters.size(); ++k) {
                    os << scenario << ',' << set.replication_ids[r] << ',' << csv_field(set.parameters[k].name) << ','
                       << csv_number(set.parameter_runs[k][r]) << '\n';
                    ++rows;
                }
            }
        }
    });
    return rows;
}

/// @brief One row per name used in the other files; a name in several scenarios appears once.
std::size_t write_dictionary(const std::filesystem::path& path, const Study& study, const MetricDirection& direction)
{
    struct Entry {
        std::string kind, units, description, direction;
    };
    std::map<std::string, Entry> metrics, parameters; // sorted, each name once
    for (const auto& sc : study.scenarios) {
        for (const auto& m : sc.runs.metrics) {
            metrics.emplace(m.name, Entry{"metric (runs.csv)", m.units, m.description, direction(m.name)});
        }
        for (const auto& p : sc.runs.parameters) {
            parameters.emplace(p.name, Entry{"parameter (parameters.csv)", p.units, p.description, ""});
        }
    }
    // Directed as the yearly totals new_spending and new_budget_need are.
    const std::map<std::string, Entry> budget{
        {"spending", {"budget (budget.csv)", "yuan", "Money paid by the funding source for the programme in the "
                                                     "year, after source ceilings", direction("new_spending")}},
        {"need", {"budget (budget.csv)", "yuan", "Money the programme needed from the funding source in the year, "
                                                 "before source ceilings", direction("new_budget_need")}},
    };
    std::size_t rows = 0;
    write_text_file(path, [&](std::ostream& os) {
        os << "variable,kind,units,description,direction\n";
        using Table = std::map<std::string, Entry>;
        for (const Table* table : std::initializer_list<const Table*>{&metrics, &budget, &parameters}) {
            for (const auto& [name, e] : *table) {
                os << csv_field(name) << ',' << csv_field(e.kind) << ',' << csv_field(e.units) << ','
                   << csv_field(e.description) << ',' << e.direction << '\n';
                ++rows;
            }
        }
    });
    return rows;
}

} // namespace

const std::vector<std::string>& export_file_names()
{
    static const std::vector<std::string> names{runs_file, budget_file, parameters_file, dictionary_file};
    return names;
}

std::vector<ExportedFile> write_tidy_export(const std::filesystem::path& dir, const Study& study,
                                            const MetricDirection& direction)
{
    return {
        {runs_file, write_runs(dir / runs_file, study)},
        {budget_file, write_budget(dir / budget_file, study)},
        {parameters_file, write_parameters(dir / parameters_file, study)},
        {dictionary_file, write_dictionary(dir / dictionary_file, study, direction)},
    };
}

} // namespace povsim::output
